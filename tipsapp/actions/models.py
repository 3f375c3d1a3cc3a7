"""An action (insats): who does what about an item or a walk finding, by when, and how it went."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.staff.models import Organisation, new_public_id

if TYPE_CHECKING:
    from tipsapp.triage.models import TriageItem
    from tipsapp.walks.models import Walk

ACTION_STATUSES = ("planned", "in_progress", "done", "wont_do")
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"in_progress", "done", "wont_do"}),
    "in_progress": frozenset({"done", "wont_do", "planned"}),
    "done": frozenset({"in_progress"}),
    "wont_do": frozenset({"planned"}),
}


class Action(db.Model):  # type: ignore[name-defined]
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id"), index=True)
    walk_id: Mapped[int | None] = mapped_column(ForeignKey("walks.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    # Why it will not be done (required for wont_do), or a note on the last change.
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    area: Mapped[Area] = relationship(lazy="joined")
    owner: Mapped[Organisation] = relationship(lazy="joined")
    item: Mapped[TriageItem | None] = relationship()
    walk: Mapped[Walk | None] = relationship()
