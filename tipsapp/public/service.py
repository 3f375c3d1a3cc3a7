"""The public follow-up: what the promise said, what came in, what is done, and statements.

Everything here is for anyone to read, so it is built from counts and staff-written text only:
no text, place name or coordinate of a tip or observation ever leaves this module. Counts come
only from items that went into a *published* report, are grouped by calendar month in Swedish
time and by named district, and pass through ``suppression.protect``.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select

from tipsapp.actions.fixed import counts_of as fixed_counts_of
from tipsapp.actions.models import Action
from tipsapp.audit.service import record
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.i18n import (
    ACTION_STATUS_LABELS,
    CATEGORY_LABELS,
    FOCUS_LABELS,
    PUBLIC_TEXTS,
    label,
)
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.public.models import Promise
from tipsapp.public.periods import Period, add_months, choose, sum_by_period, window
from tipsapp.public.suppression import Cell, primary_cell, protect
from tipsapp.reference.data import CATEGORIES
from tipsapp.reference.models import Area, District
from tipsapp.reference.service import area_by_code
from tipsapp.reports.models import Report, Statement, report_areas
from tipsapp.reports.service import areas_for
from tipsapp.staff.models import StaffUser
from tipsapp.tips.models import Tip
from tipsapp.triage.models import TriageItem
from tipsapp.walks.models import Observation

STATEMENT_LIMIT = 50
EARTH_RADIUS_M = 6_371_000
NOT_COUNTED = ("rejected", "duplicate")


class SeedPromise(NamedTuple):
    area: str
    year: int
    language: str
    title: str
    text: str
    focus_areas: tuple[str, ...]


# What the citizen promise said (Gislaved 2022, signed 2022-05-30), summarised once and stored
# by ``flask seed`` (``seed_promises``); newer years are set with ``flask promise set``.
SEED_PROMISES = (
    SeedPromise(
        "gislaved",
        2022,
        "sv",
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
    SeedPromise(
        "gislaved",
        2022,
        "en",
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
)


def area_or_404(code: str) -> Area:
    area = area_by_code(code)
    if area is None:
        raise ApiError(404, "not_found")
    return area


# --- the periods -----------------------------------------------------------------------------


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM).astimezone(UTC)


# --- counting --------------------------------------------------------------------------------


def _counted_items(area: Area) -> Any:
    """The area's items that went into a published report (the only ones the page counts)."""
    return (
        select(TriageItem)
        .join(Report, Report.id == TriageItem.report_id)
        .where(
            TriageItem.area_id == area.id,
            Report.status == "published",
            TriageItem.status.not_in(NOT_COUNTED),
        )
        .subquery()
    )


def _published_points(area: Area, start: datetime) -> list[Any]:
    """(category, received_at, lat, lon) of the area's items in published reports."""
    items = _counted_items(area)
    return list(
        db.session.execute(
            select(
                items.c.effective_category,
                items.c.received_at,
                func.coalesce(Tip.latitude, Observation.latitude),
                func.coalesce(Tip.longitude, Observation.longitude),
            )
            .join(Tip, Tip.id == items.c.tip_id, isouter=True)
            .join(Observation, Observation.id == items.c.observation_id, isouter=True)
            .where(items.c.received_at >= start)
        )
    )


def first_month(area: Area) -> date | None:
    """Where the follow-up starts: the month of the first published report of the area, or of
    the earliest item such a report counted when that is earlier (a first report takes in what
    came before it). None while nothing is published.

    Only that the first shown period is not empty can be read from it: no count.
    """
    report_start = db.session.scalar(
        select(func.min(Report.period_start))
        .join(report_areas, report_areas.c.report_id == Report.id)
        .where(report_areas.c.area_id == area.id, Report.status == "published")
    )
    items = _counted_items(area)
    item_start = db.session.scalar(select(func.min(items.c.received_at)))
    starts = [moment for moment in (report_start, item_start) if moment is not None]
    if not starts:
        return None
    # SQLite hands back naive UTC from an aggregate; PostgreSQL an aware moment.
    local = min(m if m.tzinfo else m.replace(tzinfo=UTC) for m in starts).astimezone(STOCKHOLM)
    return date(local.year, local.month, 1)


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


def _period_view(period: Period, today: date) -> dict[str, Any]:
    return {
        "key": period.key,
        "start": period.start.isoformat(),
        "last_day": period.last_day.isoformat(),
        "current": period.start <= today < period.end,
    }


def figures(area: Area, today: date, language: str) -> dict[str, Any]:
    """Both tables over the periods the rule in ``periods`` picks, newest first, suppressed by
    ``suppression.protect`` period by period; no totals.

    One period length for both tables and every row: the two tables count the same items, and
    ``protect`` proves them safe column by column only when their columns are the same periods.
    """
    first = first_month(area)
    widest = window("year", today, first)
    districts = list(
        db.session.scalars(
            select(District).where(District.area_id == area.id).order_by(District.name)
        )
    )
    category_of = {category.code: index for index, category in enumerate(CATEGORIES)}
    other_category = category_of["other"]
    by_category: list[Counter[str]] = [Counter() for _ in CATEGORIES]
    by_district: list[Counter[str]] = [Counter() for _ in range(len(districts) + 1)]
    if widest:
        for category, received_at, lat, lon in _published_points(
            area, _local_midnight_utc(widest[-1].start)
        ):
            month = received_at.astimezone(STOCKHOLM).strftime("%Y-%m")
            by_category[category_of.get(category, other_category)][month] += 1
            if lat is not None and lon is not None:
                by_district[district_index(districts, lat, lon)][month] += 1
    granularity = choose(by_category, today, first)
    shown = window(granularity, today, first)
    category_cells, district_cells = protect(
        [sum_by_period(row, shown) for row in by_category],
        [sum_by_period(row, shown) for row in by_district],
    )
    category_rows = [
        {
            "category": category.code,
            "label": label(CATEGORY_LABELS, category.code, language),
            "focus_area": category.focus_area,
            "focus_area_label": (
                label(FOCUS_LABELS, category.focus_area, language) if category.focus_area else None
            ),
            "cells": [_cell_view(cell, language) for cell in cells],
        }
        for category, cells in zip(CATEGORIES, category_cells, strict=True)
    ]
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
    keys = [period.key for period in shown]
    # "months" is the old name of "periods" (the keys of the cells, in the same order).
    return {
        "granularity": granularity,
        "periods": [_period_view(period, today) for period in shown],
        "categories": {"periods": keys, "months": keys, "rows": category_rows},
        "districts": {"periods": keys, "months": keys, "rows": district_rows},
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


def _published_action_ids(area: Area, reports: list[Report]) -> set[str]:
    """The ids of the area's actions that a published report listed."""
    public_ids: set[str] = set()
    for report in reports:
        for row in (report.snapshot or {}).get("actions", []):
            if row.get("area") == area.code and row.get("id"):
                public_ids.add(str(row["id"]))
    return public_ids


FIXED_KEYS = ("done", "asked", "yes", "partly", "no")


def published_fixed(area: Area, reports: list[Report], language: str) -> dict[str, Any] | None:
    """Is it fixed? Of the published actions: how many are done, about how many residents were
    asked, and their answers, each under 5 shown as "fewer than 5" (primary suppression: no
    figure here is the sum of the others, so none can be worked out). None without actions."""
    public_ids = _published_action_ids(area, reports)
    if not public_ids:
        return None
    action_ids = list(
        db.session.scalars(
            select(Action.id).where(
                Action.area_id == area.id, Action.public_id.in_(sorted(public_ids))
            )
        )
    )
    counts = fixed_counts_of(action_ids)
    cells = {key: primary_cell(counts[key]) for key in FIXED_KEYS}
    return {
        **{key: _cell_view(cell, language) for key, cell in cells.items()},
        "lines": [
            label(
                PUBLIC_TEXTS,
                f"fixed_{key}",
                language,
                count=cell.count
                if cell.state == "shown"
                else label(PUBLIC_TEXTS, cell.state, language),
            )
            for key, cell in cells.items()
        ],
    }


def published_actions(area: Area, reports: list[Report], language: str) -> list[dict[str, Any]]:
    """The area's actions that a published report listed, with their status today.

    A report's snapshot is what the meeting saw; the row says how it went since. Only the
    title, the owner organisation, the due date and the status (with the reason when it will
    not be done) are public: the description is internal.
    """
    public_ids = _published_action_ids(area, reports)
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


# --- the promise (medborgarlöfte) ------------------------------------------------------------


def promises_of(area: Area) -> list[Promise]:
    """Every year and language of the area's promise, newest year first, Swedish first."""
    return list(
        db.session.scalars(
            select(Promise)
            .where(Promise.area_id == area.id)
            .order_by(Promise.year.desc(), Promise.language != "sv", Promise.language)
        )
    )


def promise_view(promise: Promise) -> dict[str, Any]:
    return {
        "id": promise.public_id,
        "area": promise.area.code,
        "year": promise.year,
        "language": promise.language,
        "title": promise.title,
        "text": promise.text,
        "focus_areas": list(promise.focus_areas),
        "created_at": promise.created_at,
    }


def _in_language(versions: list[Promise], language: str) -> Promise:
    """The reader's version of one year when staff wrote one, else the Swedish (as written)."""
    by_language = {promise.language: promise for promise in versions}
    return by_language.get(language) or by_language.get("sv") or versions[0]


def public_promise(area: Area, language: str) -> tuple[dict[str, Any] | None, list[Any]]:
    """The current promise (the newest year) and the earlier ones (year and title), for the
    public page; texts as staff wrote them, never translated by machine."""
    years: dict[int, list[Promise]] = {}
    for promise in promises_of(area):
        years.setdefault(promise.year, []).append(promise)
    if not years:
        return None, []
    (current_year, current), *earlier = years.items()
    shown = _in_language(current, language)
    view = {
        "year": current_year,
        "language": shown.language,
        "title": shown.title,
        "text": shown.text,
        "summary": shown.text,  # the old name of "text"
        "focus_areas": list(shown.focus_areas),
    }
    history = []
    for year, versions in earlier:
        old = _in_language(versions, language)
        history.append({"year": year, "language": old.language, "title": old.title})
    return view, history


def set_promise(actor: StaffUser | None, data: dict[str, Any]) -> Promise:
    """Store the area's promise of a year in one language (replacing that year's text if it was
    set before), audited. The newest year becomes the current promise; older ones stay."""
    area = area_by_code(data["area"])
    if area is None:
        raise ApiError(422, "validation_failed", fields={"area": ["No area with that code."]})
    language = data.get("language") or "sv"
    promise = db.session.scalars(
        select(Promise).where(
            Promise.area_id == area.id,
            Promise.year == data["year"],
            Promise.language == language,
        )
    ).first()
    replaced = promise is not None
    if promise is None:
        promise = Promise(area_id=area.id, area=area, year=data["year"], language=language)
        db.session.add(promise)
    promise.title = data["title"]
    promise.text = data["text"]
    promise.focus_areas = list(data.get("focus_areas") or [])
    promise.created_at = utcnow()
    promise.created_by = actor.id if actor is not None else None
    db.session.flush()
    record(
        actor,
        "promise.set",
        "promise",
        promise.public_id,
        detail={
            "area": area.code,
            "year": promise.year,
            "language": language,
            "replaced": replaced,
        },
    )
    db.session.commit()
    return promise


def seed_promises() -> int:
    """Store the promises of ``SEED_PROMISES`` that are missing (safe to repeat); the number
    stored. An area not seeded yet is skipped."""
    created = 0
    for seed in SEED_PROMISES:
        area = area_by_code(seed.area)
        if area is None:
            continue
        exists = db.session.scalars(
            select(Promise.id).where(
                Promise.area_id == area.id,
                Promise.year == seed.year,
                Promise.language == seed.language,
            )
        ).first()
        if exists is None:
            db.session.add(
                Promise(
                    area_id=area.id,
                    year=seed.year,
                    language=seed.language,
                    title=seed.title,
                    text=seed.text,
                    focus_areas=list(seed.focus_areas),
                    created_at=utcnow(),
                )
            )
            created += 1
    db.session.commit()
    return created


# --- the whole follow-up ---------------------------------------------------------------------


def followup(area: Area, language: str, now: datetime | None = None) -> dict[str, Any]:
    """The public follow-up of one area: which area and period, made when, the promise, and
    the figures over the periods since the first published report, newest first."""
    now = now or utcnow()
    today = now.astimezone(STOCKHOLM).date()
    tables = figures(area, today, language)
    periods = tables["periods"]
    start = periods[-1]["start"] if periods else None
    reports = _published_reports(
        area, since=_local_midnight_utc(date.fromisoformat(start)) if start else None
    )
    latest = reports[0] if reports else None
    promise, earlier = public_promise(area, language)
    months = sorted({key for p in periods for key in _months_of(p, today)})
    return {
        "area": {"code": area.code, "name": area.name},
        "language": language,
        "period": {
            "start": start,
            "last_day": today.isoformat(),
            "months": months,
            "granularity": tables["granularity"],
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
        "promise": promise,
        "earlier_promises": earlier,
        "suppression": {
            "threshold": 5,
            "note": label(PUBLIC_TEXTS, "suppression_note", language),
        },
        **tables,
        "actions": published_actions(area, reports, language),
        "fixed": published_fixed(area, reports, language),
        "statements": statements_for(area),
    }


def _months_of(period: dict[str, Any], today: date) -> list[str]:
    """The month keys of a period view, up to this month (no month still to come)."""
    first = date.fromisoformat(period["start"])
    last = min(date.fromisoformat(period["last_day"]), today)
    keys = []
    while first <= last:
        keys.append(first.strftime("%Y-%m"))
        first = add_months(first, 1)
    return keys
