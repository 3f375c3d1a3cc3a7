"""partner summary on triage items

What partners read of a shared item: a short summary the sharing analyst writes. Partners no
longer read the resident's text or place. Items shared before this revision keep their
sharing with no summary; partners then see only their category, area, district and time.

Revision ID: b3c5e1a90d47
Revises: 2294f27e2ea2
Create Date: 2026-12-02 15:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3c5e1a90d47"
down_revision = "2294f27e2ea2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partner_summary", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("triage_items", schema=None) as batch_op:
        batch_op.drop_column("partner_summary")
