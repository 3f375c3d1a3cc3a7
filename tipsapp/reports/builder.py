"""What a situation report holds, computed from the queue for one period and set of areas.

Every figure comes from a handful of grouped queries, so a report over 10,000 items is built
in well under a second; Python only clusters the period's located items on a grid.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select

from tipsapp.actions.fixed import period_counts
from tipsapp.actions.models import Action
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.data import CATEGORIES, FOCUS_AREAS
from tipsapp.reference.models import Area
from tipsapp.reference.service import DistrictNames
from tipsapp.reporters.service import reporting_organisations
from tipsapp.reports.models import Report
from tipsapp.reports.periods import Period, earlier_periods
from tipsapp.tips.models import Tip
from tipsapp.triage.models import TriageItem
from tipsapp.triage.pii import mask_pii
from tipsapp.triage.scoring import CATEGORY_WEIGHT, FOCUS_BONUS
from tipsapp.walks.models import Observation, Walk

HISTORY_PERIODS = 8
NOT_COUNTED = ("rejected", "duplicate")
# About 150 m: items in the same grid cell (or a neighbour) form one hotspot.
HOTSPOT_CELL_DEGREES = 0.00135
HOTSPOT_MIN_ITEMS = 3
HOTSPOT_LIMIT = 15
HOTSPOT_ITEM_LIMIT = 50
NOTABLE_LENGTH = 240
# "Of the highest priority", for the notable list: at least what a new tip of the crimes the
# promise ranks first gets (triage/scoring.py: sexual or domestic crime 60 + 5, violence 70),
# which drugs among young people reach too (50 + 15). Lesser items get there only by an
# analyst's priority or by supporting reports from several residents; urgency has a rule of
# its own.
HIGHEST_PRIORITY = CATEGORY_WEIGHT["sexual_offence"] + FOCUS_BONUS["brott"]
# Why an item is notable, in the order the report names the reasons.
NOTABLE_REASONS = ("urgent", "highest_priority", "marked")
TIMES_OF_DAY = (("night", 0), ("morning", 6), ("afternoon", 12), ("evening", 18))
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SENSITIVE = frozenset(c.code for c in CATEGORIES if c.sensitive)


def trend(count: int, average: float) -> str:
    """Up or down only when the change is both relative (25 %) and real (at least 2 items)."""
    if count >= average * 1.25 and count - average >= 2:
        return "up"
    if count <= average * 0.75 and average - count >= 2:
        return "down"
    return "steady"


def _counts_by_period(area_ids: list[int], periods: list[Period]) -> dict[tuple[str, int], int]:
    bounds = [periods[0].start_utc] + [period.end_utc for period in periods]
    bucket = case(
        *[(TriageItem.received_at < bounds[i + 1], i) for i in range(len(periods))], else_=-1
    )
    rows = db.session.execute(
        select(TriageItem.effective_category, bucket, func.count())
        .where(
            TriageItem.area_id.in_(area_ids),
            TriageItem.received_at >= bounds[0],
            TriageItem.received_at < bounds[-1],
            TriageItem.status.not_in(NOT_COUNTED),
        )
        .group_by(TriageItem.effective_category, bucket)
    )
    return {(category, int(index)): int(count) for category, index, count in rows}


def category_figures(area_ids: list[int], period: Period) -> list[dict[str, Any]]:
    history = earlier_periods(period, HISTORY_PERIODS)
    counts = _counts_by_period(area_ids, [*history, period])
    current = len(history)
    focus_groups: list[dict[str, Any]] = []
    focus_codes = [focus.code for focus in FOCUS_AREAS] + [None]
    for focus_code in focus_codes:
        focus = next((f for f in FOCUS_AREAS if f.code == focus_code), None)
        rows = []
        for category in CATEGORIES:
            if category.focus_area != focus_code:
                continue
            count = counts.get((category.code, current), 0)
            previous = counts.get((category.code, current - 1), 0)
            series = [counts.get((category.code, i), 0) for i in range(len(history))]
            average = sum(series) / len(series)
            rows.append(
                {
                    "category": category.code,
                    "label_sv": category.label_sv,
                    "label_en": category.label_en,
                    "count": count,
                    "previous": previous,
                    "average": round(average, 2),
                    "change_previous": count - previous,
                    "change_average": round(count - average, 2),
                    "trend": trend(count, average),
                    "series": [*series, count],
                }
            )
        focus_groups.append(
            {
                "focus_area": focus_code,
                "label_sv": focus.label_sv if focus else "Övrigt",
                "label_en": focus.label_en if focus else "Other",
                "count": sum(row["count"] for row in rows),
                "categories": rows,
            }
        )
    return focus_groups


def _time_of_day(moment: datetime) -> str:
    hour = moment.astimezone(STOCKHOLM).hour
    return [name for name, start in TIMES_OF_DAY if hour >= start][-1]


# Where items come from: residents' tips, walk observations, EST reporters' reports.
SOURCE_KINDS = ("tip", "observation", "report")


def received_by_source(area_ids: list[int], period: Period) -> dict[str, int]:
    """What arrived in the period per source, counted as the focus areas count (rejected
    items and duplicates not), so the three add up to the report's "received"."""
    rows = db.session.execute(
        select(TriageItem.kind, func.count())
        .where(
            TriageItem.area_id.in_(area_ids),
            TriageItem.received_at >= period.start_utc,
            TriageItem.received_at < period.end_utc,
            TriageItem.status.not_in(NOT_COUNTED),
        )
        .group_by(TriageItem.kind)
    )
    counts = {str(kind): int(count) for kind, count in rows}
    return {kind: counts.get(kind, 0) for kind in SOURCE_KINDS}


def _period_points(area_ids: list[int], period: Period) -> list[Any]:
    return list(
        db.session.execute(
            select(
                TriageItem.reference,
                TriageItem.effective_category,
                TriageItem.received_at,
                # When it happened, as the resident or walker said; else when it arrived.
                func.coalesce(
                    Tip.occurred_at,
                    Observation.seen_at,
                    TriageItem.received_at,
                    type_=UTCDateTime(),
                ),
                func.coalesce(Tip.latitude, Observation.latitude),
                func.coalesce(Tip.longitude, Observation.longitude),
                func.coalesce(Tip.place, Observation.place),
                TriageItem.area_id,
            )
            .join(Tip, Tip.id == TriageItem.tip_id, isouter=True)
            .join(Observation, Observation.id == TriageItem.observation_id, isouter=True)
            .where(
                TriageItem.area_id.in_(area_ids),
                TriageItem.received_at >= period.start_utc,
                TriageItem.received_at < period.end_utc,
                TriageItem.status.not_in(NOT_COUNTED),
            )
        )
    )


def hotspots(
    area_ids: list[int], period: Period, districts: DistrictNames | None = None
) -> list[dict[str, Any]]:
    """Places with several items: grid cells of ~150 m merged with their neighbours, and the
    free-text place name for items without a location."""
    districts = districts or DistrictNames()
    groups: dict[Any, list[Any]] = defaultdict(list)
    for row in _period_points(area_ids, period):
        _ref, _cat, _received, _happened, lat, lon, place, _area_id = row
        if lat is not None and lon is not None:
            cell = (math.floor(lat / HOTSPOT_CELL_DEGREES), math.floor(lon / HOTSPOT_CELL_DEGREES))
            groups[("cell", cell)].append(row)
        elif place:
            groups[("place", " ".join(place.lower().split()))].append(row)
    merged = _merge_neighbour_cells(groups)
    spots: list[dict[str, Any]] = []
    for label_key, rows in merged:
        if len(rows) < HOTSPOT_MIN_ITEMS:
            continue
        located = [(r[4], r[5]) for r in rows if r[4] is not None]
        names = Counter(r[6] for r in rows if r[6])
        # What partners may see: references from non-sensitive items only, and the district
        # (staff named it) rather than a place a resident typed.
        open_rows = [r for r in rows if r[1] not in SENSITIVE]
        district_names = Counter(districts.name(r[7], r[4], r[5]) for r in rows if r[4] is not None)
        district_names.pop(None, None)
        spots.append(
            {
                # A typed place can be an address ("Storgatan 5"): masked like every text here.
                "label": mask_pii(names.most_common(1)[0][0]) if names else label_key,
                "center": (
                    {
                        "lat": round(sum(p[0] for p in located) / len(located), 5),
                        "lon": round(sum(p[1] for p in located) / len(located), 5),
                    }
                    if located
                    else None
                ),
                "count": len(rows),
                "categories": dict(Counter(r[1] for r in rows).most_common()),
                "times_of_day": dict(Counter(_time_of_day(r[3]) for r in rows)),
                "weekdays": dict(
                    Counter(WEEKDAYS[r[3].astimezone(STOCKHOLM).weekday()] for r in rows)
                ),
                "items": sorted(r[0] for r in rows)[:HOTSPOT_ITEM_LIMIT],
                "district": district_names.most_common(1)[0][0] if district_names else None,
                "partner_items": sorted(r[0] for r in open_rows)[:HOTSPOT_ITEM_LIMIT],
            }
        )
    spots.sort(key=lambda spot: (-spot["count"], spot["label"]))
    return spots[:HOTSPOT_LIMIT]


def _merge_neighbour_cells(groups: dict[Any, list[Any]]) -> list[tuple[str, list[Any]]]:
    """Join each grid cell with its busier neighbour, so a spot on a cell edge stays one spot."""
    cells = {key[1]: rows for key, rows in groups.items() if key[0] == "cell"}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for cell in sorted(cells, key=lambda c: -len(cells[c])):
        if cell in owner:
            continue
        owner[cell] = cell
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                neighbour = (cell[0] + dlat, cell[1] + dlon)
                if neighbour in cells and neighbour not in owner:
                    owner[neighbour] = cell
    merged: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for cell, rows in cells.items():
        merged[owner[cell]].extend(rows)
    result = [(f"{cell[0]},{cell[1]}", rows) for cell, rows in merged.items()]
    result += [(key[1], rows) for key, rows in groups.items() if key[0] == "place"]
    return result


def walk_findings(area_ids: list[int], period: Period) -> list[dict[str, Any]]:
    walks = db.session.scalars(
        select(Walk)
        .where(
            Walk.area_id.in_(area_ids),
            Walk.starts_at >= period.start_utc,
            Walk.starts_at < period.end_utc,
        )
        .order_by(Walk.starts_at)
    )
    findings = []
    for walk in walks:
        issues = dict(
            db.session.execute(
                select(Observation.issue, func.count())
                .where(Observation.walk_id == walk.id)
                .group_by(Observation.issue)
            ).all()
        )
        findings.append(
            {
                "id": walk.public_id,
                "title": walk.title,
                "starts_at": walk.starts_at.isoformat(),
                "status": walk.status,
                "observations": sum(issues.values()),
                "issues": {issue: int(count) for issue, count in issues.items()},
            }
        )
    return findings


def actions_in_play(area_ids: list[int], period: Period) -> list[dict[str, Any]]:
    """Actions still open, and those closed during the period."""
    rows = db.session.scalars(
        select(Action)
        .where(Action.area_id.in_(area_ids))
        .where(
            Action.status.in_(("planned", "in_progress")) | (Action.updated_at >= period.start_utc)
        )
        .order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    )
    return [
        {
            "id": action.public_id,
            "title": action.title,
            "owner": action.owner.name,
            "due_date": action.due_date.isoformat() if action.due_date else None,
            "status": action.status,
            "status_reason": action.status_reason,
            "area": action.area.code,
        }
        for action in rows
    ]


def fixed_answers(area_ids: list[int], period: Period) -> dict[str, int]:
    """Is it fixed? Actions done in the period, how many of them residents were asked about,
    and the answers (yes, no, partly) given in the period (tipsapp/actions/fixed.py)."""
    return period_counts(area_ids, period.start, period.end)


def queued_items(area_ids: list[int]) -> list[Any]:
    """What analysts queued for the next report of these areas, highest priority first.

    Plain rows, not model objects: a report can hold thousands of items and needs a dozen
    columns of each.
    """
    shared = TriageItem.shared_with_partners.is_(True) & TriageItem.sensitive.is_(False)
    return list(
        db.session.execute(
            select(
                TriageItem.reference,
                TriageItem.kind,
                Area.code.label("area"),
                TriageItem.effective_category.label("category"),
                TriageItem.focus_area,
                TriageItem.priority,
                TriageItem.urgent,
                TriageItem.notable,
                TriageItem.received_at,
                func.coalesce(Tip.place, Observation.place).label("place"),
                TriageItem.supporting_count,
                # What everyone but admins reads: the redacted text where there is one.
                func.coalesce(TriageItem.redacted_text, Tip.text, Observation.text, "").label(
                    "text"
                ),
                # What partners read instead: the summary, while shared and not sensitive.
                case((shared, TriageItem.partner_summary), else_=None).label("partner_summary"),
                TriageItem.area_id,
                func.coalesce(Tip.latitude, Observation.latitude).label("latitude"),
                func.coalesce(Tip.longitude, Observation.longitude).label("longitude"),
            )
            .join(Area, Area.id == TriageItem.area_id)
            .join(Tip, Tip.id == TriageItem.tip_id, isouter=True)
            .join(Observation, Observation.id == TriageItem.observation_id, isouter=True)
            .where(TriageItem.area_id.in_(area_ids), TriageItem.status == "queued")
            .order_by(TriageItem.queue_key, TriageItem.received_at, TriageItem.id)
        )
    )


def _short(text: str) -> str:
    masked = mask_pii(" ".join(text.split()))
    return masked if len(masked) <= NOTABLE_LENGTH else masked[: NOTABLE_LENGTH - 1] + "…"


ITEM_ROW_KEYS = (
    "reference",
    "kind",
    "area",
    "category",
    "focus_area",
    "priority",
    "urgent",
    "received_at",
    "place",
    "supporting_count",
)
# A report row as partners and viewers read it: no text or place of the resident or walker
# (not even masked), the analyst's summary instead (null when the item was not shared).
PARTNER_ROW_KEYS = (
    "reference",
    "kind",
    "area",
    "category",
    "focus_area",
    "priority",
    "urgent",
    "received_at",
    "district",
    "supporting_count",
    "partner_summary",
)


def notable_reasons(item: Any) -> list[str]:
    """Why the item belongs in the notable list (none: it does not).

    Urgent, of the highest priority (``HIGHEST_PRIORITY``), or marked notable by an analyst:
    the meeting reads these in full, the rest are in the list of items.
    """
    reasons = {
        "urgent": bool(item.urgent),
        "highest_priority": item.priority >= HIGHEST_PRIORITY,
        "marked": bool(item.notable),
    }
    return [reason for reason in NOTABLE_REASONS if reasons[reason]]


def item_rows(items: list[Any], districts: DistrictNames | None = None) -> list[dict[str, Any]]:
    districts = districts or DistrictNames()
    rows = []
    for item in items:
        row = {key: getattr(item, key) for key in ITEM_ROW_KEYS}
        row["received_at"] = row["received_at"].isoformat()
        # The kinds pii knows are masked in every report, internal ones included: the typed
        # place too ("hos Johan på Storgatan 5").
        row["text"] = _short(item.text)
        row["place"] = mask_pii(row["place"]) if row["place"] else row["place"]
        row["partner_summary"] = item.partner_summary
        row["district"] = districts.name(item.area_id, item.latitude, item.longitude)
        row["notable_for"] = notable_reasons(item)
        rows.append(row)
    return rows


def build(report: Report, period: Period, generated_at: datetime | None = None) -> dict[str, Any]:
    """The internal version of a report, as plain JSON-ready data."""
    area_ids = [area.id for area in report.areas]
    items = queued_items(area_ids)
    districts = DistrictNames()
    rows = item_rows(items, districts)
    previous = db.session.scalars(
        select(Report)
        .where(Report.area_key == report.area_key, Report.status == "published")
        .order_by(Report.period_start.desc())
    ).first()
    focus_areas = category_figures(area_ids, period)
    notable = [row for row in rows if row["notable_for"]]
    content: dict[str, Any] = {
        "report": {
            "id": report.public_id,
            "number": report.number,
            "status": report.status,
            "areas": [{"code": a.code, "name": a.name} for a in _sorted_areas(report)],
            "period": {
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),  # exclusive: the Monday after
                "last_day": (period.end - timedelta(days=1)).isoformat(),
            },
            "meeting_on": period.meeting_on.isoformat(),
            "generated_at": (generated_at or utcnow()).isoformat(),
        },
        "focus_areas": focus_areas,
        "sources": received_by_source(area_ids, period),
        # Which partner organisations' reporters reported in the period (EST), most first.
        "reporting_organisations": reporting_organisations(
            area_ids, period.start_utc, period.end_utc
        ),
        "hotspots": hotspots(area_ids, period, districts),
        "walks": walk_findings(area_ids, period),
        "actions": actions_in_play(area_ids, period),
        "fixed": fixed_answers(area_ids, period),
        "last_meeting_decisions": previous.decisions if previous is not None else None,
        "notable": notable,
        "items": rows,
    }
    content["counts"] = stated_counts(content)
    return content


def stated_counts(content: dict[str, Any]) -> dict[str, int]:
    """The report's totals, each the sum of what it lists.

    Two different sets, and each figure says which: what arrived in the period (the focus
    areas; rejected items and duplicates not counted) and what analysts queued for this
    report (the items, whenever they arrived; the notable ones are among them).
    """
    return {
        "received": sum(int(group["count"]) for group in content["focus_areas"]),
        "queued": len(content["items"]),
        "notable": len(content["notable"]),
    }


def _sorted_areas(report: Report) -> list[Area]:
    return sorted(report.areas, key=lambda area: area.code)


def partner_version(content: dict[str, Any]) -> dict[str, Any]:
    """For partners and viewers: no text, place name or note a resident or walker wrote.

    Rows keep ``PARTNER_ROW_KEYS`` only (a snapshot from before summaries has none: null);
    a hotspot is named by its number and district, never by a typed place name.
    """

    def partner_row(row: dict[str, Any]) -> dict[str, Any]:
        shown = {key: row.get(key) for key in PARTNER_ROW_KEYS}
        if row.get("category") in SENSITIVE:
            shown["partner_summary"] = None
        return shown

    def partner_hotspot(number: int, spot: dict[str, Any]) -> dict[str, Any]:
        # The item list could name a sensitive item: use the open ones.
        shown = {k: v for k, v in spot.items() if not k.startswith("partner_")}
        shown["label"] = f"Plats {number}"
        shown["district"] = spot.get("district")
        shown["items"] = spot.get("partner_items", [])
        return shown

    notable = [partner_row(row) for row in content["notable"] if row["category"] not in SENSITIVE]
    shown = {
        **content,
        "hotspots": [partner_hotspot(n, s) for n, s in enumerate(content["hotspots"], start=1)],
        "notable": notable,
        "items": [partner_row(row) for row in content["items"]],
        "level": "partner",
    }
    shown["counts"] = stated_counts(shown)
    return shown
