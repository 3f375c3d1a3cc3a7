"""Who wants which e-mail about which area, and when they do not want any."""

from __future__ import annotations

from datetime import time

from sqlalchemy import ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tipsapp.extensions import db

NOTIFICATION_KINDS = ("urgent_item", "tipster_answered", "overdue", "digest")


class NotificationSubscription(db.Model):  # type: ignore[name-defined]
    """One opt-in: ``user`` wants mail of ``kind`` about ``area``. No row, no mail."""

    __tablename__ = "notification_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "area_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))


class NotificationSettings(db.Model):  # type: ignore[name-defined]
    """A user's quiet hours, local times in Europe/Stockholm (``quiet_from`` after
    ``quiet_until`` spans midnight; both empty or equal: no quiet hours)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    quiet_from: Mapped[time | None] = mapped_column(Time())
    quiet_until: Mapped[time | None] = mapped_column(Time())


DEFAULT_OVERDUE_HOURS = 48


class AreaNotificationPolicy(db.Model):  # type: ignore[name-defined]
    """How long an item of the area may stay ``new`` before subscribers hear it is overdue
    (an area without a row: ``DEFAULT_OVERDUE_HOURS``)."""

    __tablename__ = "area_notification_policies"

    area_id: Mapped[int] = mapped_column(
        ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True
    )
    overdue_after_hours: Mapped[int] = mapped_column(Integer)
