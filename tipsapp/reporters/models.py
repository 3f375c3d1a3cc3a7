"""What a reporter's report adds to its tip row: who sent it, from which organisation, the
phone's UUID that makes a resend harmless, and the checklist ratings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.staff.models import Organisation, StaffUser

if TYPE_CHECKING:
    from tipsapp.tips.models import Tip

REPORT_KIND = "report"


class EstReport(db.Model):  # type: ignore[name-defined]
    __tablename__ = "est_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Made by the phone when the report was saved offline: a resend finds it stored.
    client_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    # The organisation at the time of the report: the situation report counts by it.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    ratings: Mapped[dict[str, int] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    tip: Mapped[Tip] = relationship(lazy="joined")
    author: Mapped[StaffUser] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
