"""Registered webhook endpoints, and one row per delivery to one of them (its log)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.outbox.models import OutboxEvent
from tipsapp.staff.models import new_public_id

WEBHOOK_EVENTS = (
    "item.created",
    "item.status_changed",
    "item.handed_over",
    "report.published",
    "action.status_changed",
)


class Webhook(db.Model):  # type: ignore[name-defined]
    """An endpoint and the events it takes.

    The secret is stored as it was handed out (not hashed): it signs every delivery, so the
    server needs it in the clear. It is shown once, on creation, and never listed again.
    """

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    events: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebhookDelivery(db.Model):  # type: ignore[name-defined]
    """One event for one webhook: the outbox event that carries it, and the last HTTP status."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        # The delivery log of one webhook, newest first.
        Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    outbox_event_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_events.id", ondelete="CASCADE"), unique=True
    )
    event: Mapped[str] = mapped_column(String(32))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    outbox_event: Mapped[OutboxEvent] = relationship(lazy="joined")
