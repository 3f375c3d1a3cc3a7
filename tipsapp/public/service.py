"""The public follow-up: what the promise said, what came in, what is done, and statements.

Everything here is for anyone to read, so it is built from counts and staff-written text only:
no text, place name or coordinate of a tip or observation ever leaves this module. Counts come
only from items that went into a *published* report, are grouped by calendar month in Swedish
time and by named district, and pass through ``suppression.protect``.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select

from tipsapp.actions.models import Action
from tipsapp.audit.service import record
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.i18n import ACTION_STATUS_LABELS, PUBLIC_TEXTS, label
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.public.suppression import Cell, protect
from tipsapp.reference.data import CATEGORIES, FOCUS_AREAS
from tipsapp.reference.models import Area, District
from tipsapp.reference.service import area_by_code
from tipsapp.reports.models import Report, Statement, report_areas
from tipsapp.reports.service import areas_for
from tipsapp.staff.models import StaffUser
from tipsapp.tips.models import Tip
from tipsapp.triage.models import TriageItem
from tipsapp.walks.models import Observation

MONTHS = 12
STATEMENT_LIMIT = 50
EARTH_RADIUS_M = 6_371_000
NOT_COUNTED = ("rejected", "duplicate")


class Promise(NamedTuple):
    title: str
    summary: str
    focus_areas: tuple[str, ...]


# What the citizen promise said (Gislaved 2022, signed 2022-05-30), summarised once here so the
# page states it without reading any file at run time.
PROMISES: dict[str, dict[str, Promise]] = {
    "gislaved": {
        "sv": Promise(
            "Medborgarlöfte Gislaved 2022",
            "Gislaveds kommun och lokalpolisområde Värnamo lovar att tillsammans förebygga brott "
            "och öka tryggheten för boende, besökare och näringsliv. Med återkommande "
            "gemensamma lägesbilder ska de vara närvarande på de platser där det behövs, "
            "genomföra insatser där, öka vuxennärvaron med trygghetsvandringar och ronderingar, "
            "arbeta mot narkotikabrott och göra trafikinsatser där problem har setts. De ska "
            "också berätta om faktiska förhållanden och bemöta felaktiga påståenden.",
            (
                "Trygghet: ökad närvaro på aktuella platser utifrån gemensamma lägesbilder",
                "Narkotikabrottslighet med fokus på ungdomar",
                "Ökad trafiksäkerhet, särskilt mot höga hastigheter",
            ),
        ),
        "en": Promise(
            "Citizen promise Gislaved 2022",
            "Gislaved municipality and the local police area of Värnamo promise to work together "
            "to prevent crime and make residents, visitors and businesses safer. Using regular "
            "joint situation reports they will be present where it is needed, act there, add "
            "adult presence through safety walks and patrols, work against drug crime and run "
            "traffic operations where problems have been found. They will also communicate the "
            "actual situation and answer false claims.",
            (
                "Public safety: more presence at current hotspots, guided by joint reports",
                "Drug crime, with a focus on young people",
                "Better traffic safety, especially against speeding",
            ),
        ),
    }
}


def area_or_404(code: str) -> Area:
    area = area_by_code(code)
    if area is None:
        raise ApiError(404, "not_found")
    return area


# --- the months ------------------------------------------------------------------------------


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM).astimezone(UTC)


def month_window(now: datetime, count: int = MONTHS) -> list[date]:
    """The first days of the ``count`` calendar months (Swedish time) ending with this one."""
    today = now.astimezone(STOCKHOLM).date()
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


# --- counting --------------------------------------------------------------------------------


def _published_points(area: Area, start: datetime, end: datetime) -> list[Any]:
    """(category, received_at, lat, lon) of the area's items in published reports."""
    return list(
        db.session.execute(
            select(
                TriageItem.effective_category,
                TriageItem.received_at,
                func.coalesce(Tip.latitude, Observation.latitude),
                func.coalesce(Tip.longitude, Observation.longitude),
            )
            .join(Report, Report.id == TriageItem.report_id)
            .join(Tip, Tip.id == TriageItem.tip_id, isouter=True)
            .join(Observation, Observation.id == TriageItem.observation_id, isouter=True)
            .where(
                TriageItem.area_id == area.id,
                Report.status == "published",
                TriageItem.status.not_in(NOT_COUNTED),
                TriageItem.received_at >= start,
                TriageItem.received_at < end,
            )
        )
    )


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); districts are a few km, so this is plenty."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def district_index(districts: list[District], lat: float, lon: float) -> int:
    """The nearest district whose circle holds the point, else ``len(districts)`` (elsewhere).

    Each item goes to one district only, so the table is a partition of the located items.
    """
    best, best_distance = len(districts), math.inf
    for index, district in enumerate(districts):
        distance = _metres(lat, lon, district.latitude, district.longitude)
        if distance <= district.radius_m and distance < best_distance:
            best, best_distance = index, distance
    return best


def _cell_view(cell: Cell, language: str) -> dict[str, Any]:
    if cell.state == "shown":
        return {"count": cell.count, "suppressed": False}
    return {
        "count": None,
        "suppressed": True,
        "reason": cell.state,
        "label": label(PUBLIC_TEXTS, cell.state, language),
    }


def figures(area: Area, months: list[date], language: str) -> dict[str, Any]:
    """Both tables for the months, suppressed; no totals (see ``suppression``)."""
    start = _local_midnight_utc(months[0])
    end = _local_midnight_utc(_next_month(months[-1]))
    districts = list(
        db.session.scalars(
            select(District).where(District.area_id == area.id).order_by(District.name)
        )
    )
    month_of = {(first.year, first.month): index for index, first in enumerate(months)}
    category_of = {category.code: index for index, category in enumerate(CATEGORIES)}
    other_category = category_of["other"]
    by_category = [[0] * len(months) for _ in CATEGORIES]
    by_district = [[0] * len(months) for _ in range(len(districts) + 1)]
    for category, received_at, lat, lon in _published_points(area, start, end):
        local = received_at.astimezone(STOCKHOLM)
        month = month_of.get((local.year, local.month))
        if month is None:
            continue
        by_category[category_of.get(category, other_category)][month] += 1
        if lat is not None and lon is not None:
            by_district[district_index(districts, lat, lon)][month] += 1
    category_cells, district_cells = protect(by_category, by_district)
    focus_labels = {focus.code: focus for focus in FOCUS_AREAS}
    category_rows = []
    for category, cells in zip(CATEGORIES, category_cells, strict=True):
        focus = focus_labels.get(category.focus_area or "")
        category_rows.append(
            {
                "category": category.code,
                "label": category.label_en if language == "en" else category.label_sv,
                "focus_area": category.focus_area,
                "focus_area_label": (
                    (focus.label_en if language == "en" else focus.label_sv) if focus else None
                ),
                "cells": [_cell_view(cell, language) for cell in cells],
            }
        )
    names = [district.name for district in districts] + [
        label(PUBLIC_TEXTS, "other_place", language)
    ]
    district_rows = [
        {
            "district": name,
            "other": index == len(districts),
            "cells": [_cell_view(cell, language) for cell in cells],
        }
        for index, (name, cells) in enumerate(zip(names, district_cells, strict=True))
    ]
    month_keys = [first.strftime("%Y-%m") for first in months]
    return {
        "categories": {"months": month_keys, "rows": category_rows},
        "districts": {"months": month_keys, "rows": district_rows},
    }


# --- actions ---------------------------------------------------------------------------------


def _published_reports(area: Area, since: datetime | None = None) -> list[Report]:
    query = (
        select(Report)
        .join(report_areas, report_areas.c.report_id == Report.id)
        .where(report_areas.c.area_id == area.id, Report.status == "published")
        .order_by(Report.period_start.desc())
    )
    if since is not None:
        query = query.where(Report.period_end > since)
    return list(db.session.scalars(query))


def published_actions(area: Area, reports: list[Report], language: str) -> list[dict[str, Any]]:
    """The area's actions that a published report listed, with their status today.

    A report's snapshot is what the meeting saw; the row says how it went since. Only the
    title, the owner organisation, the due date and the status (with the reason when it will
    not be done) are public: the description is internal.
    """
    public_ids: set[str] = set()
    for report in reports:
        for row in (report.snapshot or {}).get("actions", []):
            if row.get("area") == area.code and row.get("id"):
                public_ids.add(str(row["id"]))
    if not public_ids:
        return []
    actions = db.session.scalars(
        select(Action)
        .where(Action.area_id == area.id, Action.public_id.in_(sorted(public_ids)))
        .order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    )
    return [
        {
            "title": action.title,
            "owner": action.owner.name,
            "due_date": action.due_date.isoformat() if action.due_date else None,
            "status": action.status,
            "status_label": label(ACTION_STATUS_LABELS, action.status, language),
            "reason": action.status_reason if action.status == "wont_do" else None,
        }
        for action in actions
    ]


# --- statements ------------------------------------------------------------------------------


def _report_link(report: Report | None) -> dict[str, Any] | None:
    if report is None or report.status != "published":
        return None
    first = report.period_start.astimezone(STOCKHOLM).date()
    last = report.period_end.astimezone(STOCKHOLM).date() - timedelta(days=1)
    return {
        "id": report.public_id,
        "number": report.number,
        "period": {"start": first.isoformat(), "last_day": last.isoformat()},
    }


def statement_view(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.public_id,
        "area": statement.area.code,
        "title": statement.title,
        "body": statement.body,
        "published_at": statement.published_at,
        "report": _report_link(statement.report),
    }


def statements_for(area: Area) -> list[dict[str, Any]]:
    """The area's statements, newest first."""
    rows = db.session.scalars(
        select(Statement)
        .where(Statement.area_id == area.id)
        .order_by(Statement.published_at.desc(), Statement.id.desc())
        .limit(STATEMENT_LIMIT)
    )
    return [statement_view(statement) for statement in rows]


def create_statement(user: StaffUser, data: dict[str, Any]) -> Statement:
    """Publish a statement in one of the user's areas, optionally about a published report."""
    (area,) = areas_for(user, [data["area"]])
    report: Report | None = None
    if data.get("report"):
        report = db.session.scalars(
            select(Report).where(Report.public_id == data["report"])
        ).first()
        if (
            report is None
            or report.status != "published"
            or area.id not in {a.id for a in report.areas}
        ):
            raise ApiError(
                422,
                "validation_failed",
                fields={"report": ["No published report of this area with that id."]},
            )
    statement = Statement(
        area_id=area.id,
        area=area,
        report_id=report.id if report else None,
        report=report,
        title=data["title"],
        body=data["body"],
        author_id=user.id,
        published_at=utcnow(),
    )
    db.session.add(statement)
    db.session.flush()
    record(
        user,
        "statement.publish",
        "statement",
        statement.public_id,
        detail={"area": area.code, "report": report.number if report else None},
    )
    db.session.commit()
    return statement


def delete_statement(user: StaffUser, public_id: str) -> None:
    """Take a statement down; 404 when it is not in the user's areas (admins: any)."""
    statement = db.session.scalars(
        select(Statement).where(Statement.public_id == public_id)
    ).first()
    allowed = {area.id for area in user.organisation.areas}
    if statement is None or (user.role != "admin" and statement.area_id not in allowed):
        raise ApiError(404, "not_found")
    record(
        user,
        "statement.delete",
        "statement",
        statement.public_id,
        detail={"area": statement.area.code, "title": statement.title},
    )
    db.session.delete(statement)
    db.session.commit()


# --- the whole follow-up ---------------------------------------------------------------------


def followup(area: Area, language: str, now: datetime | None = None) -> dict[str, Any]:
    """The public follow-up of one area: which area and period, made when, and the figures."""
    now = now or utcnow()
    months = month_window(now)
    window_start = _local_midnight_utc(months[0])
    reports = _published_reports(area, since=window_start)
    latest = reports[0] if reports else None
    promise = PROMISES.get(area.code, {}).get(language)
    return {
        "area": {"code": area.code, "name": area.name},
        "language": language,
        "period": {
            "start": months[0].isoformat(),
            "last_day": now.astimezone(STOCKHOLM).date().isoformat(),
            "months": [first.strftime("%Y-%m") for first in months],
        },
        "generated_at": now,
        "last_report": (
            {
                "number": latest.number,
                "published_at": latest.published_at.isoformat() if latest.published_at else None,
            }
            if latest
            else None
        ),
        "promise": (
            {
                "title": promise.title,
                "summary": promise.summary,
                "focus_areas": list(promise.focus_areas),
            }
            if promise
            else None
        ),
        "suppression": {
            "threshold": 5,
            "note": label(PUBLIC_TEXTS, "suppression_note", language),
        },
        **figures(area, months, language),
        "actions": published_actions(area, reports, language),
        "statements": statements_for(area),
    }
