"""masked excerpt on triage items

The queue's one line of masked text is stored with the item (tipsapp/triage/service.py
``refresh_excerpt``) instead of masking fifty texts on every page read: at 100,000 items the
masking was most of a queue page's time (bench/queue_page.py). Existing items are filled here
with today's masking; ``flask triage remask`` rewrites them when the masking rules change.

Revision ID: c2f8a61d0e94
Revises: b9d4e6f1a273
Create Date: 2026-12-02 18:35:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c2f8a61d0e94"
down_revision = "b9d4e6f1a273"
branch_labels = None
depends_on = None

BATCH = 2_000


def upgrade():
    # Added in place (ALTER TABLE ADD COLUMN on both databases), never by copying the table,
    # which would drop the triggers of e5b8f2a0c611 on SQLite.
    op.add_column(
        "triage_items", sa.Column("masked_excerpt", sa.Text(), server_default="", nullable=False)
    )
    # Imported here: the masking is the application's, and only this step needs it.
    from tipsapp.triage.service import remask_excerpts

    remask_excerpts(op.get_bind(), BATCH)


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+ has it): batch mode would copy the table, and on SQLite
    # the search and counter triggers on triage_items (e5b8f2a0c611) break when it is renamed.
    op.execute("ALTER TABLE triage_items DROP COLUMN masked_excerpt")
