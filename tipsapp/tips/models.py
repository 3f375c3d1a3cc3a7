"""A tip and the messages exchanged with its anonymous sender.

No column holds an address, a user agent or any other device trace; the receipt is stored
only as a keyed hash.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area

TIP_STATUSES = ("new", "triaged", "queued", "reported", "archived", "rejected", "duplicate")

# What the resident sees: the internal workflow stays internal.
RESIDENT_STATUS = {
    "new": "received",
    "triaged": "in_progress",
    "queued": "in_progress",
    "duplicate": "in_progress",
    "reported": "reported",
    "archived": "closed",
    "rejected": "closed",
}


class Tip(db.Model):  # type: ignore[name-defined]
    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    receipt_hash: Mapped[str] = mapped_column(String(64))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    resident_category: Mapped[str | None] = mapped_column(ForeignKey("categories.code"))
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    # Coarsened to the minute: an exact arrival time could be matched against network logs.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    area: Mapped[Area] = relationship(lazy="joined")
    messages: Mapped[list[TipMessage]] = relationship(
        back_populates="tip", order_by="TipMessage.id", cascade="all, delete-orphan"
    )

    @property
    def resident_status(self) -> str:
        return RESIDENT_STATUS[self.status]


class TipMessage(db.Model):  # type: ignore[name-defined]
    """A message between staff and the anonymous tipster, on one tip."""

    __tablename__ = "tip_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), index=True)
    author_kind: Mapped[str] = mapped_column(String(16))  # "staff" or "resident"
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    tip: Mapped[Tip] = relationship(back_populates="messages")
