"""photo contents in the database

``photo_blobs`` holds re-encoded photos and thumbnails by content hash when
``TIPSAPP_PHOTO_STORAGE=database``: any app host serves any photo and ``pg_dump`` holds them.
New table only: no existing table is altered (``flask photos migrate`` moves the bytes).

Revision ID: a9d3c5e7f1b2
Revises: c8e4f2a1b7d9
Create Date: 2026-12-03 01:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a9d3c5e7f1b2"
down_revision = "c8e4f2a1b7d9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "photo_blobs",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("content_hash"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # JPEG bytes do not compress: store them out of line without trying to (TOAST EXTERNAL).
        op.execute("ALTER TABLE photo_blobs ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade():
    op.drop_table("photo_blobs")
