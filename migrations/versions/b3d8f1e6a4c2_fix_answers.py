"""is it fixed? answers from tipsters and walk participants

A new table only (no existing table is altered): one answer (yes, no, partly) per tipster or
walk participant per done action, with the date it was given and no time of day.

Revision ID: b3d8f1e6a4c2
Revises: d5e1b7c3a902
Create Date: 2026-12-03 00:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3d8f1e6a4c2"
down_revision = "d5e1b7c3a902"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "fix_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("answerer_kind", sa.String(length=16), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_fix_answers_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["triage_items.id"],
            name=op.f("fk_fix_answers_item_id_triage_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tip_id"], ["tips.id"], name=op.f("fk_fix_answers_tip_id_tips"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["walk_participants.id"],
            name=op.f("fk_fix_answers_participant_id_walk_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fix_answers")),
        sa.UniqueConstraint("action_id", "tip_id", name="uq_fix_answers_action_tip"),
        sa.UniqueConstraint(
            "action_id", "participant_id", name="uq_fix_answers_action_participant"
        ),
    )
    op.create_index(op.f("ix_fix_answers_action_id"), "fix_answers", ["action_id"], unique=False)
    op.create_index(
        op.f("ix_fix_answers_answered_on"), "fix_answers", ["answered_on"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_fix_answers_answered_on"), table_name="fix_answers")
    op.drop_index(op.f("ix_fix_answers_action_id"), table_name="fix_answers")
    op.drop_table("fix_answers")
