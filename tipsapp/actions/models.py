"""An action (insats): who does what about an item or a walk finding, by when, and how it went."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
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


FIX_ANSWERS = ("yes", "no", "partly")
ANSWERER_KINDS = ("tipster", "walk_participant")


class FixAnswer(db.Model):  # type: ignore[name-defined]
    """A resident's "Is it fixed?" about a done action: one changeable answer per answerer.

    Threat: an answer's exact time could be matched with a device's or a network's log and tie
    a tipster to the answer. Only the date is kept, and nothing about the device. The tip's or
    the participant's row id is the one link to the answerer, kept so that answering again
    changes the answer instead of counting twice; it holds no identity of its own.
    """

    __tablename__ = "fix_answers"
    __table_args__ = (
        UniqueConstraint("action_id", "tip_id", name="uq_fix_answers_action_tip"),
        UniqueConstraint("action_id", "participant_id", name="uq_fix_answers_action_participant"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    # The queue item the answer is about (a tip or a walk observation); none for an action
    # about the walk as a whole.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id", ondelete="SET NULL"))
    answerer_kind: Mapped[str] = mapped_column(String(16))
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("walk_participants.id", ondelete="CASCADE")
    )
    answer: Mapped[str] = mapped_column(String(8))
    answered_on: Mapped[date] = mapped_column(Date, index=True)
