"""second factor (TOTP), recovery codes and console sessions

Staff accounts get a TOTP seed (the secret itself is derived from it and SECRET_KEY, never
stored), one-time recovery codes kept as keyed hashes, an organisation switch that asks a
second factor of every member, and on each login token its last use, a coarse device kind and
whether it is a console session (which ends after idle minutes).

Revision ID: c8e4f2a1b7d9
Revises: e7c2a9f4b1d3
Create Date: 2026-12-03 01:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c8e4f2a1b7d9"
down_revision = "e7c2a9f4b1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "organisations",
        sa.Column("require_2fa", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("staff_users", sa.Column("totp_seed", sa.String(length=64), nullable=True))
    op.add_column(
        "staff_users", sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("staff_users", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.add_column(
        "auth_tokens", sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("auth_tokens", sa.Column("device_kind", sa.String(length=40), nullable=True))
    op.add_column("auth_tokens", sa.Column("via", sa.String(length=8), nullable=True))
    op.create_table(
        "staff_recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["staff_users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_staff_recovery_codes_user_id", "staff_recovery_codes", ["user_id"], unique=False
    )


def downgrade():
    op.drop_index("ix_staff_recovery_codes_user_id", table_name="staff_recovery_codes")
    op.drop_table("staff_recovery_codes")
    with op.batch_alter_table("auth_tokens") as batch_op:
        batch_op.drop_column("via")
        batch_op.drop_column("device_kind")
        batch_op.drop_column("last_used_at")
    with op.batch_alter_table("staff_users") as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_seed")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_column("require_2fa")
