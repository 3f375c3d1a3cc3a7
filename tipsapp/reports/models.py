"""A situation report per period and set of areas; published ones are frozen snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.staff.models import new_public_id

REPORT_STATUSES = ("draft", "published")

report_areas = Table(
    "report_areas",
    db.metadata,
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)


class Report(db.Model):  # type: ignore[name-defined]
    """One lägesbild: the areas it covers, its ISO-week period, and once published, a snapshot."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("area_key", "period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # The sorted area codes joined by "+": one running report per set of areas.
    area_key: Mapped[str] = mapped_column(String(200), index=True)
    number: Mapped[str] = mapped_column(String(16))  # the ISO week of the start, e.g. 2026-W48
    period_start: Mapped[datetime] = mapped_column(UTCDateTime())
    period_end: Mapped[datetime] = mapped_column(UTCDateTime())
    meeting_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # What the meeting decided; shown in the next report as "decided at the last meeting".
    decisions: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # The whole internal report as it was at publishing; later edits of items never change it.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    areas: Mapped[list[Area]] = relationship(secondary=report_areas, lazy="selectin")


class Statement(db.Model):  # type: ignore[name-defined]
    """A short public statement about a rumour in an area, linked to the figures."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    area: Mapped[Area] = relationship(lazy="joined")
    report: Mapped[Report | None] = relationship()
