"""The notices no single change causes: items waiting past their area's deadline, and the
daily digest of counts. ``flask notifications run`` (and each ``flask worker`` round, at most
once a minute) looks for them.

Each is remembered by its outbox row: its delivery id is derived from what it is about (the
item; the user and the day), and delivery ids are unique, so an item is reported overdue once
and a user gets one digest a day however often the scan runs, on however many workers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.writelock import serialized_write
from tipsapp.extensions import db
from tipsapp.notifications.models import (
    DEFAULT_OVERDUE_HOURS,
    AreaNotificationPolicy,
    NotificationSubscription,
)
from tipsapp.notifications.service import (
    EMAIL_EVENT,
    NOTIFIED_ROLES,
    OVERDUE_EVENT,
    send_time,
)
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.service import emit
from tipsapp.reference.models import Area
from tipsapp.reports.models import Report, report_areas
from tipsapp.reports.periods import local_date, next_period
from tipsapp.staff.models import StaffUser
from tipsapp.triage.models import ITEM_STATUSES, TriageItem

_SCAN_NAMESPACE = uuid.UUID("5d0f7b0e-3c1a-4f43-8a2e-8e4b9f0c6a21")
# The digest goes out from this local hour on (or when the user's quiet hours end).
DIGEST_LOCAL_HOUR = 7
# EST reporters are reminded the day before the meeting, from this local hour on.
REMINDER_LOCAL_HOUR = 9
REPORTER_ROLE = "reporter"
# An overdue scan looks this far back at most, so one query stays on the index.
OVERDUE_BATCH = 500


def _derived_id(*parts: str) -> str:
    return str(uuid.uuid5(_SCAN_NAMESPACE, ":".join(parts)))


def _absent(delivery_ids: list[str]) -> set[str]:
    if not delivery_ids:
        return set()
    present = set(
        db.session.scalars(
            select(OutboxEvent.delivery_id).where(OutboxEvent.delivery_id.in_(delivery_ids))
        )
    )
    return set(delivery_ids) - present


@dataclass
class ScanResult:
    overdue: int = 0
    digests: int = 0
    reminders: int = 0


def overdue_hours(area_id: int) -> int:
    policy = db.session.get(AreaNotificationPolicy, area_id)
    return policy.overdue_after_hours if policy is not None else DEFAULT_OVERDUE_HOURS


def emit_overdue(now: datetime) -> int:
    """One ``notify.overdue`` cause per item still ``new`` past its area's deadline, once."""
    area_ids = list(
        db.session.scalars(
            select(NotificationSubscription.area_id)
            .where(NotificationSubscription.kind == "overdue")
            .distinct()
        )
    )
    emitted = 0
    for area in db.session.scalars(select(Area).where(Area.id.in_(area_ids))):
        deadline = now - timedelta(hours=overdue_hours(area.id))
        references = list(
            db.session.scalars(
                select(TriageItem.reference)
                .where(
                    TriageItem.area_id == area.id,
                    TriageItem.status == "new",
                    TriageItem.received_at <= deadline,
                )
                .order_by(TriageItem.received_at, TriageItem.id)
                .limit(OVERDUE_BATCH)
            )
        )
        wanted = {_derived_id("overdue", reference): reference for reference in references}
        absent = _absent(list(wanted))
        if not absent:
            continue
        with serialized_write():
            for delivery_id in sorted(absent):
                event = emit(OVERDUE_EVENT, {"reference": wanted[delivery_id], "area": area.code})
                event.delivery_id = delivery_id
                emitted += 1
            db.session.commit()
    return emitted


def digest_counts(area_ids: list[int]) -> dict[int, dict[str, int]]:
    """Items per status per area: counts only."""
    counts: dict[int, dict[str, int]] = {area_id: {} for area_id in area_ids}
    rows = db.session.execute(
        select(TriageItem.area_id, TriageItem.status, func.count())
        .where(TriageItem.area_id.in_(area_ids))
        .group_by(TriageItem.area_id, TriageItem.status)
    )
    for area_id, status, count in rows:
        counts[area_id][status] = int(count)
    return counts


def emit_digests(now: datetime) -> int:
    """Today's digest for each user subscribed to one, once a day, from DIGEST_LOCAL_HOUR."""
    local = now.astimezone(STOCKHOLM)
    if local.hour < DIGEST_LOCAL_HOUR:
        return 0
    day = local.date().isoformat()
    users = list(
        db.session.scalars(
            select(StaffUser)
            .join(NotificationSubscription, NotificationSubscription.user_id == StaffUser.id)
            .where(
                NotificationSubscription.kind == "digest",
                StaffUser.disabled_at.is_(None),
                StaffUser.role.in_(NOTIFIED_ROLES),
            )
            .distinct()
        )
    )
    wanted = {_derived_id("digest", user.public_id, day): user for user in users}
    absent = _absent(list(wanted))
    if not absent:
        return 0
    with serialized_write():
        for delivery_id in sorted(absent):
            user = wanted[delivery_id]
            event = emit(EMAIL_EVENT, {"user": user.public_id, "kind": "digest", "day": day})
            event.delivery_id = delivery_id
            event.next_attempt_at = send_time(user.id, now)
        db.session.commit()
    return len(absent)


def next_meeting_on(area: Area, now: datetime) -> date:
    """The day of the area's next situation-report meeting (its cadence; reports/periods.py)."""
    last_end = db.session.scalar(
        select(func.max(Report.period_end))
        .join(report_areas, report_areas.c.report_id == Report.id)
        .where(report_areas.c.area_id == area.id, Report.status == "published")
    )
    period = next_period(
        now,
        area.report_every_weeks,
        area.report_weekday,
        local_date(last_end) if last_end is not None else None,
    )
    return period.meeting_on


def emit_reporter_reminders(now: datetime) -> int:
    """The EST reporters' reminder: the day before their areas' meeting, from
    REMINDER_LOCAL_HOUR, once per reporter and meeting (the delivery id says which)."""
    local = now.astimezone(STOCKHOLM)
    if local.hour < REMINDER_LOCAL_HOUR:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    reporters = list(
        db.session.scalars(
            select(StaffUser).where(
                StaffUser.role == REPORTER_ROLE, StaffUser.disabled_at.is_(None)
            )
        )
    )
    meetings: dict[int, date] = {}
    wanted: dict[str, tuple[StaffUser, list[str]]] = {}
    for user in reporters:
        areas = []
        for area in user.organisation.areas:
            if area.id not in meetings:
                meetings[area.id] = next_meeting_on(area, now)
            if meetings[area.id] == tomorrow:
                areas.append(area.code)
        if areas:
            delivery_id = _derived_id("reporter-reminder", user.public_id, tomorrow.isoformat())
            wanted[delivery_id] = (user, sorted(areas))
    absent = _absent(list(wanted))
    if not absent:
        return 0
    with serialized_write():
        for delivery_id in sorted(absent):
            user, codes = wanted[delivery_id]
            payload = {
                "user": user.public_id,
                "kind": "reporter_reminder",
                "meeting_on": tomorrow.isoformat(),
                "areas": codes,
            }
            event = emit(EMAIL_EVENT, payload)
            event.delivery_id = delivery_id
            event.next_attempt_at = send_time(user.id, now)
        db.session.commit()
    return len(absent)


def run(now: datetime | None = None) -> ScanResult:
    moment = now or utcnow()
    return ScanResult(
        overdue=emit_overdue(moment),
        digests=emit_digests(moment),
        reminders=emit_reporter_reminders(moment),
    )


_last_run: dict[str, datetime] = {}
WORKER_SCAN_SECONDS = 60


def run_if_due(key: str) -> ScanResult | None:
    """For ``flask worker``'s loop: a scan at most once a minute per app (``key``)."""
    now = utcnow()
    previous = _last_run.get(key)
    if previous is not None and now - previous < timedelta(seconds=WORKER_SCAN_SECONDS):
        return None
    _last_run[key] = now
    return run(now)


def digest_lines(user: StaffUser) -> list[tuple[str, dict[str, Any]]]:
    """(area name, {status: count}) for each area the user gets the digest of and may see."""
    covered = {area.id for area in user.organisation.areas}
    area_ids = [
        area_id
        for area_id in db.session.scalars(
            select(NotificationSubscription.area_id).where(
                NotificationSubscription.user_id == user.id,
                NotificationSubscription.kind == "digest",
            )
        )
        if area_id in covered
    ]
    counts = digest_counts(area_ids)
    areas = db.session.scalars(select(Area).where(Area.id.in_(area_ids)).order_by(Area.name))
    return [
        (area.name, {status: counts[area.id].get(status, 0) for status in ITEM_STATUSES})
        for area in areas
    ]
