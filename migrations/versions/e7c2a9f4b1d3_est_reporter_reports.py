"""EST reporters' reports

A reporter's report is a tip row (its text, place and time) plus this table: the author's
account and organisation, the phone's UUID and the checklist ratings. The queue item's kind is
``report``. The role ``reporter`` needs no schema change (roles are plain strings). New table
only: no existing table is altered.

Revision ID: e7c2a9f4b1d3
Revises: b3d8f1e6a4c2
Create Date: 2026-12-03 00:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e7c2a9f4b1d3"
down_revision = "b3d8f1e6a4c2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "est_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_uuid", sa.String(length=36), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["staff_users.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["tip_id"], ["tips.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_uuid"),
        sa.UniqueConstraint("tip_id"),
    )
    with op.batch_alter_table("est_reports") as batch_op:
        batch_op.create_index("ix_est_reports_author_id", ["author_id"], unique=False)
        batch_op.create_index("ix_est_reports_organisation_id", ["organisation_id"], unique=False)
        batch_op.create_index("ix_est_reports_created_at", ["created_at"], unique=False)


def downgrade():
    op.drop_table("est_reports")
