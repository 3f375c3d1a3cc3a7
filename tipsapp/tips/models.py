"""A tip and the messages exchanged with its anonymous sender.

No column holds an address, a user agent or any other device trace; the receipt is stored
only as a keyed hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area

if TYPE_CHECKING:
    from tipsapp.triage.models import TriageItem


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
    # The form's language, as the resident chose it (an offered code, e.g. sv-x-ll); the text's
    # own language is detected and kept on its triage item.
    language: Mapped[str | None] = mapped_column(String(8))
    # Coarsened to the minute: an exact arrival time could be matched against network logs.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # The GeoReport service it was filed under (tipsapp/open311/); None for the API's and
    # form's tips, which Open311's public follow-up never answers about.
    open311_service: Mapped[str | None] = mapped_column(String(32))

    area: Mapped[Area] = relationship()
    messages: Mapped[list[TipMessage]] = relationship(
        back_populates="tip", order_by="TipMessage.id", cascade="all, delete-orphan"
    )

    item: Mapped[TriageItem] = relationship(back_populates="tip", uselist=False)

    @property
    def resident_status(self) -> str:
        return self.item.resident_status


class TipMessage(db.Model):  # type: ignore[name-defined]
    """A message between staff and the anonymous tipster, on one tip."""

    __tablename__ = "tip_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), index=True)
    author_kind: Mapped[str] = mapped_column(String(16))  # "staff" or "resident"
    # Which staff member wrote it (never shown to the resident); None for the resident.
    staff_author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    body: Mapped[str] = mapped_column(Text)
    # The body's language (ISO 639-1, detected; 'und' when unsure).
    text_language: Mapped[str] = mapped_column(String(8), default="und", server_default="und")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    tip: Mapped[Tip] = relationship(back_populates="messages")
