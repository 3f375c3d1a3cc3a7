"""text language and translation flag on triage items and resident messages

The detected language of each text (ISO 639-1, 'und' for rows from before detection) and the
flag for items that must be translated before triage, with an index for each queue filter.
The form's language on tips widens to hold offered variants such as sv-x-ll.

Revision ID: 2294f27e2ea2
Revises: 7f27eb6b9064
Create Date: 2026-12-02 13:52:26.143654

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2294f27e2ea2"
down_revision = "7f27eb6b9064"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tip_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("text_language", sa.String(length=8), server_default="und", nullable=False)
        )

    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.alter_column(
            "language",
            existing_type=sa.String(length=2),
            type_=sa.String(length=8),
            existing_nullable=True,
        )

    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("text_language", sa.String(length=8), server_default="und", nullable=False)
        )
        batch_op.add_column(
            sa.Column("needs_translation", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(
            "ix_triage_items_language_order",
            ["text_language", "queue_key", "received_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_triage_items_translation_order",
            ["queue_key", "received_at", "id"],
            unique=False,
            postgresql_where=sa.text("needs_translation"),
            sqlite_where=sa.text("needs_translation = 1"),
        )


def downgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.drop_index("ix_triage_items_translation_order")
        batch_op.drop_index("ix_triage_items_language_order")
        batch_op.drop_column("needs_translation")
        batch_op.drop_column("text_language")

    # Two letters again: a variant goes back to its language (sv-x-ll -> sv).
    op.execute("UPDATE tips SET language = substr(language, 1, 2) WHERE length(language) > 2")
    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.alter_column(
            "language",
            existing_type=sa.String(length=8),
            type_=sa.String(length=2),
            existing_nullable=True,
        )

    with op.batch_alter_table("tip_messages", schema=None) as batch_op:
        batch_op.drop_column("text_language")
