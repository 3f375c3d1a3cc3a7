"""One row per staff read of full text and per change: who, when, what, why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db


class AuditEntry(db.Model):  # type: ignore[name-defined]
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_target", "target_kind", "target_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    actor_email: Mapped[str | None] = mapped_column(String(254))
    actor_organisation: Mapped[str | None] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(48), index=True)
    target_kind: Mapped[str] = mapped_column(String(24))
    target_ref: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AuditLogAppendOnlyError(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(*_args: Any) -> None:
    raise AuditLogAppendOnlyError("audit entries are never changed or deleted")
