"""Who an item can be handed over to, and each handover made."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.outbox.models import OutboxEvent
from tipsapp.reference.models import Area
from tipsapp.staff.models import new_public_id

if TYPE_CHECKING:
    from tipsapp.staff.models import StaffUser
    from tipsapp.triage.models import TriageItem

RECIPIENT_KINDS = ("email", "open311")
# "full": the police or the municipality's own office, who may read what the resident wrote
# (as analysts read it, redactions applied); "masked": anyone else, with personal data masked.
RECIPIENT_LEVELS = ("full", "masked")


class Recipient(db.Model):  # type: ignore[name-defined]
    """The body responsible for an area (and a category, or any): where a handover goes."""

    __tablename__ = "recipients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    # Open311 GeoReport v2: the endpoint, the service it files under, and its API key.
    endpoint: Mapped[str | None] = mapped_column(String(500))
    service_code: Mapped[str | None] = mapped_column(String(64))
    api_key: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    # None: every category of the area.
    category: Mapped[str | None] = mapped_column(ForeignKey("categories.code"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    area: Mapped[Area] = relationship(lazy="joined")

    @property
    def address(self) -> str:
        return (self.email if self.kind == "email" else self.endpoint) or ""


class Handover(db.Model):  # type: ignore[name-defined]
    """An item handed over: to whom, by whom, with what note; its delivery is the outbox's."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("triage_items.id", ondelete="CASCADE"), index=True
    )
    # Kept if the recipient is removed later: the history still says whom it went to.
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipients.id", ondelete="SET NULL"), index=True
    )
    recipient_name: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text)
    include_photos: Mapped[bool] = mapped_column(Boolean, default=False)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id"), unique=True)
    # What an Open311 recipient's server called the request it filed (its service_request_id).
    service_request_id: Mapped[str | None] = mapped_column(String(64))

    item: Mapped[TriageItem] = relationship()
    recipient: Mapped[Recipient | None] = relationship()
    by: Mapped[StaffUser] = relationship(lazy="joined")
    event: Mapped[OutboxEvent] = relationship(lazy="joined")

    @property
    def state(self) -> str:
        """pending (on its way, or retrying), delivered, or dead (given up; staff may retry)."""
        return self.event.state

    @property
    def delivery_id(self) -> str:
        return self.event.delivery_id
