"""content erasure time on triage items (retention and erasure)

Revision ID: 7f27eb6b9064
Revises: 08501fb503c8
Create Date: 2026-11-25 14:20:43.993534

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7f27eb6b9064"
down_revision = "08501fb503c8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_erased_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.drop_column("content_erased_at")
