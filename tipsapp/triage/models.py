"""The triage queue: one item per tip (and, later, per walk observation).

The item holds the workflow (status, category decision, priority, sharing, redaction) so the
queue can be listed, filtered and paged from one table with its own indexes; the text and
location stay on the source row.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.models import Area

if TYPE_CHECKING:
    from tipsapp.staff.models import StaffUser
    from tipsapp.tips.models import Tip
    from tipsapp.walks.models import Observation

ITEM_STATUSES = ("new", "triaged", "queued", "reported", "archived", "rejected", "duplicate")

# Which status may follow which; anything else answers 409.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"triaged", "queued", "rejected", "duplicate"}),
    "triaged": frozenset({"queued", "rejected", "duplicate", "archived"}),
    "queued": frozenset({"triaged", "reported"}),
    "reported": frozenset({"archived"}),
    "rejected": frozenset({"triaged"}),
    "duplicate": frozenset({"triaged"}),
    "archived": frozenset(),
}

# Each named action starts only from these statuses (TRANSITIONS says where it may lead):
# "unqueue" takes an item out of the next report, so it applies to queued items only.
ACTION_SOURCES: dict[str, frozenset[str]] = {
    "queue": frozenset({"new", "triaged"}),
    "unqueue": frozenset({"queued"}),
    "reject": frozenset({"new", "triaged"}),
    "reopen": frozenset({"rejected", "duplicate"}),
    "archive": frozenset({"triaged", "reported"}),
    "duplicate": frozenset({"new", "triaged"}),
}

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


class TriageItem(db.Model):  # type: ignore[name-defined]
    __tablename__ = "triage_items"
    __table_args__ = (
        # The default queue order, whole and per status: rank, then oldest first.
        Index("ix_triage_items_queue_order", "queue_key", "received_at", "id"),
        Index("ix_triage_items_status_order", "status", "queue_key", "received_at", "id"),
        Index("ix_triage_items_area_status", "area_id", "status"),
        Index("ix_triage_items_received", "received_at", "id"),
        # The queue filtered by language, in queue order.
        Index("ix_triage_items_language_order", "text_language", "queue_key", "received_at", "id"),
        # Only flagged items: the translator's list in queue order, at no cost for the others.
        # Each condition is written as that database's SQL for the filter, so its planner sees
        # the filter implies it.
        Index(
            "ix_triage_items_translation_order",
            "queue_key",
            "received_at",
            "id",
            postgresql_where=text("needs_translation"),
            sqlite_where=text("needs_translation = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # "tip", "observation" or "report" (an EST reporter's, on a tip row: tipsapp/reporters/)
    kind: Mapped[str] = mapped_column(String(16))
    tip_id: Mapped[int | None] = mapped_column(
        ForeignKey("tips.id", ondelete="CASCADE"), unique=True
    )
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), unique=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    status: Mapped[str] = mapped_column(String(16), default="new")
    category: Mapped[str | None] = mapped_column(ForeignKey("categories.code"))
    resident_category: Mapped[str | None] = mapped_column(ForeignKey("categories.code"))
    suggested_category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    suggestion_confidence: Mapped[float] = mapped_column(Float)
    suggestion_words: Mapped[list[str]] = mapped_column(JSON)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The language the text is written in (ISO 639-1, detected; 'und' when unsure), and whether
    # it must be translated before it can be triaged (tipsapp/triage/language.py).
    text_language: Mapped[str] = mapped_column(String(8), default="und", server_default="und")
    needs_translation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    urgency_words: Mapped[list[str]] = mapped_column(JSON)
    # The category the queue filters and reports by: the analyst's, else the suggestion.
    effective_category: Mapped[str] = mapped_column(String(32), index=True)
    focus_area: Mapped[str | None] = mapped_column(String(16), index=True)
    # True when any category named so far is sensitive: partners never see such items.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer)
    priority_set_by_analyst: Mapped[bool] = mapped_column(Boolean, default=False)
    attention: Mapped[bool] = mapped_column(Boolean, default=False)
    # Marked by an analyst for the report's "notable" list (with urgent and top-priority items).
    notable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Minus the rank (priority plus the attention lift): the highest rank sorts first in an
    # ascending order, so one plain ascending index serves "rank, then oldest first".
    queue_key: Mapped[int] = mapped_column(Integer)
    shared_with_partners: Mapped[bool] = mapped_column(Boolean, default=False)
    # What partners read of a shared item, written by the analyst who shared it: partners never
    # see the resident's text, place or photos (a summary cannot leak what it does not say).
    partner_summary: Mapped[str | None] = mapped_column(Text)
    redacted_text: Mapped[str | None] = mapped_column(Text)
    # The queue's one line of the text, masked (triage/service.py refresh_excerpt): written
    # with the text, so a page of the queue does not mask fifty texts on every read.
    masked_excerpt: Mapped[str] = mapped_column(Text, default="", server_default="")
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id"))
    supporting_count: Mapped[int] = mapped_column(Integer, default=0)
    # The published report the item went into (set when that report is published).
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    # When the free text, place and position were erased (retention or an analyst's erasure):
    # from then on only category, area, period and status remain (tipsapp/retention/).
    content_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012

    area: Mapped[Area] = relationship(lazy="joined")
    tip: Mapped[Tip | None] = relationship(back_populates="item")
    observation: Mapped[Observation | None] = relationship(back_populates="item")
    duplicate_of: Mapped[TriageItem | None] = relationship(remote_side=[id])
    notes: Mapped[list[ItemNote]] = relationship(
        back_populates="item", order_by="ItemNote.id", cascade="all, delete-orphan"
    )

    @property
    def source(self) -> Tip | Observation | None:
        """The tip or the observation this item stands for."""
        return self.tip if self.tip is not None else self.observation

    @property
    def source_text(self) -> str:
        source = self.source
        return source.text if source is not None else ""

    @property
    def place(self) -> str | None:
        source = self.source
        return source.place if source is not None else None

    @property
    def queue_rank(self) -> int:
        return -self.queue_key

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    @property
    def resident_status(self) -> str:
        return RESIDENT_STATUS[self.status]


class ItemNote(db.Model):  # type: ignore[name-defined]
    """An internal note on an item; never shown to the resident or partners."""

    __tablename__ = "item_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("triage_items.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    item: Mapped[TriageItem] = relationship(back_populates="notes")
    author: Mapped[StaffUser] = relationship(lazy="joined")


class QueueStatusCount(db.Model):  # type: ignore[name-defined]
    """Items per status for each combination of the queue's filter columns, kept exact by
    database triggers on ``triage_items`` (migration e5b8f2a0c611) in the same transaction as
    every insert, update and delete, whatever wrote it (ORM, Core, bulk, cascade).

    The queue's counts then sum a few hundred rows instead of grouping every item. Filters
    this table cannot answer (since/until, free text, a partner's view) count the items.
    Filtering by focus area is filtering by the categories of that focus area. No foreign key:
    the rows follow the items, not the other way round.
    """

    __tablename__ = "queue_status_counts"

    area_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    effective_category: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    urgent: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    attention: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    text_language: Mapped[str] = mapped_column(String(8), primary_key=True)
    needs_translation: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    items: Mapped[int] = mapped_column(Integer)
