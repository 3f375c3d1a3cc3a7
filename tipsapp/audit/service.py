"""Writing and reading the audit log. Writers add to the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from tipsapp.audit.models import AuditEntry
from tipsapp.common.clock import utcnow
from tipsapp.extensions import db

if TYPE_CHECKING:
    from tipsapp.staff.models import StaffUser


def record(
    actor: StaffUser | None,
    action: str,
    target_kind: str,
    target_ref: str | None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the current transaction; the caller's commit makes it durable with the
    change it describes (so there is never a change without its entry, nor the reverse)."""
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else None,
        actor_organisation=actor.organisation.name if actor is not None else None,
        action=action,
        target_kind=target_kind,
        target_ref=target_ref,
        reason=reason,
        detail=detail,
    )
    db.session.add(entry)
    return entry


def audit_query(
    actor_email: str | None = None,
    action: str | None = None,
    target_kind: str | None = None,
    target_ref: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[tuple[AuditEntry]]:
    query = select(AuditEntry)
    if actor_email:
        query = query.where(AuditEntry.actor_email == actor_email.strip().lower())
    if action:
        query = query.where(AuditEntry.action == action)
    if target_kind:
        query = query.where(AuditEntry.target_kind == target_kind)
    if target_ref:
        query = query.where(AuditEntry.target_ref == target_ref)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return query
