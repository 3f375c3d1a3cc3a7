"""A walk, the tokens of its participants, and the observations made on it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.staff.models import Organisation, new_public_id

if TYPE_CHECKING:
    from tipsapp.triage.models import TriageItem

WALK_STATUSES = ("planned", "active", "completed", "followed_up")
WALK_TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"active", "completed"}),
    "active": frozenset({"completed"}),
    "completed": frozenset({"followed_up"}),
    "followed_up": frozenset(),
}


class Walk(db.Model):  # type: ignore[name-defined]
    __tablename__ = "walks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    meeting_point: Mapped[str] = mapped_column(String(200))
    # A GeoJSON LineString ({"type": "LineString", "coordinates": [[lon, lat], ...]}).
    route: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    checklist: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    area: Mapped[Area] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class WalkParticipant(db.Model):  # type: ignore[name-defined]
    """Someone who joined with the code: no name, no contact, only a token for this walk."""

    __tablename__ = "walk_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walks.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    walk: Mapped[Walk] = relationship(lazy="joined")


class Observation(db.Model):  # type: ignore[name-defined]
    """One thing seen on a walk. Stored once per client UUID, however often the phone syncs."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walks.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    issue: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    # Checklist point -> rating 0-3 for the place of this observation.
    ratings: Mapped[dict[str, int] | None] = mapped_column(JSON)
    # The phone's clock when it was seen; kept even when the phone syncs hours later.
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("walk_participants.id"))
    staff_author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    walk: Mapped[Walk] = relationship()
    area: Mapped[Area] = relationship()
    item: Mapped[TriageItem] = relationship(back_populates="observation", uselist=False)
