"""promises by area and year

The citizen promise (medborgarlöfte) of each area, one row per year and language, set with
``flask promise set`` or POST /api/v1/promises. The newest year is the current promise; older
years stay as history. ``flask seed`` stores the 2022 Gislaved text (it needs the areas, which
``flask seed`` also writes, so the text is not inserted here).

Revision ID: 05ba70cfc651
Revises: b3c5e1a90d47
Create Date: 2026-12-02 14:09:31.268601

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "05ba70cfc651"
down_revision = "b3c5e1a90d47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "promises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("focus_areas", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_promises_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff_users.id"], name=op.f("fk_promises_created_by_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promises")),
        sa.UniqueConstraint("area_id", "year", "language", name=op.f("uq_promises_area_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_promises_public_id")),
    )
    with op.batch_alter_table("promises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promises_area_id"), ["area_id"], unique=False)


def downgrade():
    with op.batch_alter_table("promises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promises_area_id"))

    op.drop_table("promises")
