"""The citizen promise (medborgarlöfte) of an area, one row per year and language.

The newest year of an area is its current promise; older years are kept as history and listed
on the public page. Staff write Swedish; an English version of a year is optional.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.staff.models import new_public_id

PROMISE_LANGUAGES = ("sv", "en")


class Promise(db.Model):  # type: ignore[name-defined]
    """What the municipality and the police promised an area for a year, as staff wrote it."""

    __tablename__ = "promises"
    __table_args__ = (UniqueConstraint("area_id", "year", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8), default="sv")
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    area: Mapped[Area] = relationship(lazy="joined")
