"""notable flag on triage items

An analyst marks an item notable for the situation report's "notable" list, which otherwise
holds urgent and top-priority items (tipsapp/reports/builder.py). Existing items are not
notable.

Revision ID: a7c3e9d14b20
Revises: 05ba70cfc651
Create Date: 2026-12-02 17:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c3e9d14b20"
down_revision = "05ba70cfc651"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notable", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.drop_column("notable")
