"""notification subscriptions, quiet hours and per-area overdue deadlines

Staff opt in per area and kind to e-mail that names an item but never holds its content
(tipsapp/notifications/). New tables only: no existing table is altered.

Revision ID: a4c9e2f6b731
Revises: c2f8a61d0e94
Create Date: 2026-12-02 18:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a4c9e2f6b731"
down_revision = "c2f8a61d0e94"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_notification_subscriptions_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_users.id"],
            name=op.f("fk_notification_subscriptions_user_id_staff_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_subscriptions")),
        sa.UniqueConstraint(
            "user_id", "area_id", "kind", name=op.f("uq_notification_subscriptions_user_id")
        ),
    )
    op.create_index(
        op.f("ix_notification_subscriptions_user_id"), "notification_subscriptions", ["user_id"]
    )
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("quiet_from", sa.Time(), nullable=True),
        sa.Column("quiet_until", sa.Time(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_users.id"],
            name=op.f("fk_notification_settings_user_id_staff_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_settings")),
    )
    op.create_table(
        "area_notification_policies",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("overdue_after_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_area_notification_policies_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("area_id", name=op.f("pk_area_notification_policies")),
    )


def downgrade():
    op.drop_table("area_notification_policies")
    op.drop_table("notification_settings")
    op.drop_index(op.f("ix_notification_subscriptions_user_id"), "notification_subscriptions")
    op.drop_table("notification_subscriptions")
