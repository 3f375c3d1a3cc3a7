"""Opt-ins, quiet hours, and the fan-out from a cause to one mail per subscribed person.

A cause (an urgent tip arrived, a tipster answered) is one outbox event written in the
transaction of the change (``notify_urgent_item``, ``notify_tipster_answered``). When the relay
runs it, ``fan_out`` writes one ``notify.email`` event per recipient, each with a delivery id
derived from the cause's and the user's, so a cause run twice (a crash after the fan-out,
before the cause was marked delivered) adds nobody twice. Each recipient's event is due at
once, or at the end of that person's quiet hours.

Urgent items wait for the end of quiet hours too: the e-mail is not an emergency channel (the
resident is told to call 112, and the app says so), it only says that an urgent item is in
the queue; a person who wants urgent mail at night sets no quiet hours.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, select

from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.notifications.models import (
    NOTIFICATION_KINDS,
    AreaNotificationPolicy,
    NotificationSettings,
    NotificationSubscription,
)
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.service import emit
from tipsapp.reference.models import Area
from tipsapp.staff.models import StaffUser, organisation_areas

URGENT_EVENT = "notify.urgent_item"
ANSWERED_EVENT = "notify.tipster_answered"
OVERDUE_EVENT = "notify.overdue"
EMAIL_EVENT = "notify.email"
# The cause event's kind -> the subscription kind it is for.
CAUSES = {URGENT_EVENT: "urgent_item", ANSWERED_EVENT: "tipster_answered", OVERDUE_EVENT: "overdue"}
NOTIFIED_ROLES = ("admin", "analyst")
_FAN_OUT_NAMESPACE = uuid.UUID("0b6f3c52-6f0e-4a8e-9d43-2f1d7c9a5e10")


# --- causes, in the caller's transaction ---------------------------------------------------


def notify_urgent_item(reference: str, area_code: str) -> None:
    emit(URGENT_EVENT, {"reference": reference, "area": area_code})


def notify_tipster_answered(reference: str, area_code: str) -> None:
    emit(ANSWERED_EVENT, {"reference": reference, "area": area_code})


# --- quiet hours ---------------------------------------------------------------------------


def in_quiet_hours(quiet_from: time | None, quiet_until: time | None, moment: datetime) -> bool:
    if quiet_from is None or quiet_until is None or quiet_from == quiet_until:
        return False
    local = moment.astimezone(STOCKHOLM).time()
    if quiet_from < quiet_until:
        return quiet_from <= local < quiet_until
    return local >= quiet_from or local < quiet_until  # spans midnight


def quiet_hours_end(quiet_until: time, moment: datetime) -> datetime:
    """The next time the clock in Stockholm reads ``quiet_until`` after ``moment`` (in UTC)."""
    local = moment.astimezone(STOCKHOLM)
    end = datetime.combine(local.date(), quiet_until, tzinfo=STOCKHOLM)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), quiet_until, tzinfo=STOCKHOLM)
    return end.astimezone(moment.tzinfo)


def send_time(user_id: int, moment: datetime) -> datetime:
    """When mail to this user may go: now, or when their quiet hours end."""
    settings = db.session.get(NotificationSettings, user_id)
    if settings is None or not in_quiet_hours(settings.quiet_from, settings.quiet_until, moment):
        return moment
    assert settings.quiet_until is not None
    return quiet_hours_end(settings.quiet_until, moment)


# --- who gets what -------------------------------------------------------------------------


def recipients(area_id: int, kind: str) -> list[StaffUser]:
    """Active analysts and admins subscribed to ``kind`` in the area, whose organisation's
    agreement (still) covers it: a subscription outlives neither the role nor the agreement."""
    query = (
        select(StaffUser)
        .join(NotificationSubscription, NotificationSubscription.user_id == StaffUser.id)
        .join(
            organisation_areas,
            (organisation_areas.c.organisation_id == StaffUser.organisation_id)
            & (organisation_areas.c.area_id == area_id),
        )
        .where(
            NotificationSubscription.area_id == area_id,
            NotificationSubscription.kind == kind,
            StaffUser.disabled_at.is_(None),
            StaffUser.role.in_(NOTIFIED_ROLES),
        )
        .order_by(StaffUser.id)
    )
    return list(db.session.scalars(query))


def still_wanted(user: StaffUser | None, area_id: int, kind: str) -> bool:
    """At send time: the opt-in, the role and the agreement still hold."""
    return user is not None and any(r.id == user.id for r in recipients(area_id, kind))


@dataclass(frozen=True)
class FanOut:
    added: int
    already: int


def fan_out(cause: OutboxEvent, area: Area, reference: str) -> FanOut:
    """One ``notify.email`` event per recipient of the cause, each due at its send time."""
    kind = CAUSES[cause.kind]
    now = utcnow()
    wanted = {
        str(uuid.uuid5(_FAN_OUT_NAMESPACE, f"{cause.delivery_id}:{user.public_id}")): user
        for user in recipients(area.id, kind)
    }
    if not wanted:
        return FanOut(0, 0)
    existing = set(
        db.session.scalars(
            select(OutboxEvent.delivery_id).where(OutboxEvent.delivery_id.in_(list(wanted)))
        )
    )
    added = 0
    with serialized_write():
        for delivery_id, user in wanted.items():
            if delivery_id in existing:
                continue
            event = emit(
                EMAIL_EVENT,
                {"user": user.public_id, "kind": kind, "reference": reference, "area": area.code},
            )
            event.delivery_id = delivery_id
            event.next_attempt_at = send_time(user.id, now)
            added += 1
        db.session.commit()
    return FanOut(added, len(existing))


# --- a user's own settings -----------------------------------------------------------------


def visible_areas(user: StaffUser) -> list[Area]:
    return sorted(user.organisation.areas, key=lambda area: area.code)


def settings_of(user: StaffUser) -> dict[str, Any]:
    areas = {area.id: area for area in visible_areas(user)}
    rows = db.session.scalars(
        select(NotificationSubscription).where(NotificationSubscription.user_id == user.id)
    )
    subscriptions = sorted(
        (
            {"area": areas[row.area_id].code, "kind": row.kind}
            for row in rows
            if row.area_id in areas
        ),
        key=lambda entry: (entry["area"], NOTIFICATION_KINDS.index(entry["kind"])),
    )
    settings = db.session.get(NotificationSettings, user.id)
    return {
        "subscriptions": subscriptions,
        "quiet_from": settings.quiet_from if settings else None,
        "quiet_until": settings.quiet_until if settings else None,
        "areas": [{"code": area.code, "name": area.name} for area in areas.values()],
        "kinds": list(NOTIFICATION_KINDS),
    }


def replace_settings(user: StaffUser, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the user's opt-ins and quiet hours; only areas their organisation covers."""
    areas = {area.code: area for area in visible_areas(user)}
    wanted: set[tuple[int, str]] = set()
    unknown = {
        str(index): {"area": ["The organisation's agreement does not cover this area."]}
        for index, entry in enumerate(data["subscriptions"])
        if entry["area"] not in areas
    }
    if unknown:
        raise ApiError(422, "validation_failed", fields={"subscriptions": unknown})
    for entry in data["subscriptions"]:
        wanted.add((areas[entry["area"]].id, entry["kind"]))
    quiet_from, quiet_until = data.get("quiet_from"), data.get("quiet_until")
    if (quiet_from is None) != (quiet_until is None):
        # Quiet hours need both ends: the one left out is required once the other is given.
        missing = "quiet_until" if quiet_until is None else "quiet_from"
        raise ApiError(
            422, "validation_failed", fields={missing: ["Missing data for required field."]}
        )
    with serialized_write():
        db.session.execute(
            delete(NotificationSubscription).where(NotificationSubscription.user_id == user.id)
        )
        for area_id, kind in sorted(wanted):
            db.session.add(NotificationSubscription(user_id=user.id, area_id=area_id, kind=kind))
        settings = db.session.get(NotificationSettings, user.id)
        if settings is None:
            settings = NotificationSettings(user_id=user.id)
            db.session.add(settings)
        settings.quiet_from = quiet_from
        settings.quiet_until = quiet_until
        db.session.commit()
    return settings_of(user)


def set_area_policy(code: str, hours: int) -> dict[str, Any]:
    area = db.session.scalars(select(Area).where(Area.code == code)).first()
    if area is None:
        raise ApiError(404, "not_found")
    with serialized_write():
        policy = db.session.get(AreaNotificationPolicy, area.id)
        if policy is None:
            policy = AreaNotificationPolicy(area_id=area.id, overdue_after_hours=hours)
            db.session.add(policy)
        policy.overdue_after_hours = hours
        db.session.commit()
    return {"area": area.code, "overdue_after_hours": hours}
