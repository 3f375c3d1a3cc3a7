"""open311 service requests

A tip filed through Open311 GeoReport v2 keeps the service it was filed under
(``tips.open311_service``; tipsapp/open311/), and a handover to an Open311 recipient keeps the
``service_request_id`` the recipient's server answered (``handovers.service_request_id``).
Nullable columns only: no existing row changes.

Revision ID: b9d4e6f1a273
Revises: f3a9c7d2b518
Create Date: 2026-12-02 18:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b9d4e6f1a273"
down_revision = "f3a9c7d2b518"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (SQLite has it): a batch would copy ``tips`` into a new table, which
    # the search index's triggers on it do not survive.
    op.add_column("tips", sa.Column("open311_service", sa.String(length=32), nullable=True))
    op.add_column("handovers", sa.Column("service_request_id", sa.String(length=64), nullable=True))


def downgrade():
    # SQLite 3.35+ drops a column in place.
    op.drop_column("handovers", "service_request_id")
    op.drop_column("tips", "open311_service")
