"""GET /reports/<id>.html: the situation report as a printable page for the meeting.

The page reads the same content as ``GET /api/v1/reports/<id>`` under the same rules (bearer
token; partners and viewers get the partner version; drafts only for admins and analysts), and
turns it into words, tables and inline SVG charts. It loads nothing from outside: one
stylesheet from ``/static``, no scripts, no fonts. Its content security policy is relaxed for
that stylesheet only; every other response keeps ``default-src 'none'``.
"""

# Typographic dashes are meant: this is text people read.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup

from tipsapp.common.clock import STOCKHOLM
from tipsapp.common.i18n import (
    ACTION_STATUS_LABELS,
    ISSUE_LABELS,
    label,
    negotiate_language,
)
from tipsapp.extensions import talisman
from tipsapp.i18n import STAFF_LANGUAGES, Table
from tipsapp.reports import charts, service
from tipsapp.reports.builder import (
    HIGHEST_PRIORITY,
    HISTORY_PERIODS,
    TIMES_OF_DAY,
    WEEKDAYS,
    stated_counts,
)
from tipsapp.staff.auth import current_user, require_roles
from tipsapp.triage.privacy import masked_kinds

pages_blp = Blueprint("report_pages", __name__)

# The API's policy plus our own stylesheet (and data: images, should a chart ever need one).
REPORT_PAGE_CSP: dict[str, str | list[str]] = {
    "default-src": "'none'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'none'",
}

# Written as escapes: an en dash and a minus sign look like a hyphen in source code.
DASH = "\u2013"
MINUS = "\u2212"
TREND_SYMBOLS = {"up": "▲", "down": "▼", "steady": DASH}
# A hotspot without any place name is keyed by its grid cell, e.g. "42434,10030".
CELL_KEY = re.compile(r"^-?\d+,-?\d+$")

TEXTS = Table(
    "report",
    {
        "title": "Situation report",
        "areas": "Areas",
        "period": "Period",
        "week": "week",
        "weeks": "weeks",
        "meeting": "Meeting",
        "generated": "Made",
        "published": "Published",
        "local_time": "Swedish time",
        "draft": "DRAFT: not published. The figures may change until the meeting.",
        "partner_note": "Partner version: no text written by a resident or a walk participant "
        "and no place they typed, not even masked. An item shows the summary an analyst wrote "
        "for partners when sharing it; otherwise only its category, district and time. Items "
        "in sensitive categories are never shared.",
        "masked_note": "In this version {kinds} are masked automatically in the item texts. "
        "Other personal details, such as a description of someone, are not: analysts "
        "check each item before they queue it for a report or share it. Partners and viewers "
        "get the partner version, with no item text.",
        "contents": "Contents",
        "focus_heading": "Focus areas",
        "focus_intro": "Items per category this period, compared with the previous period and the "
        "average of the {n} periods before. Trend: ▲ up / ▼ down / – steady (at least 25 % "
        "and at least 2 items from the average).",
        "category": "Category",
        "count": "This period",
        "previous": "Previous period",
        "average": "Average of {n} periods",
        "change": "Change from previous",
        "trend": "Trend",
        "trend_up": "up",
        "trend_down": "down",
        "trend_steady": "steady",
        "total": "Total",
        "received_total": "Received in the period: {count} items, as counted per category "
        "below (rejected items and duplicates are not counted).",
        "received_by_source": "Of these, {tips} tips from residents, {observations} "
        "observations from safety walks and {reports} reports from EST reporters.",
        "reporters_heading": "EST reporters",
        "reporters_intro": "Organisations whose reporters reported in the period, with their "
        "reports (rejected items and duplicates not counted).",
        "reporters_none": "No EST reporter reported in the period.",
        "reporters_organisation": "Organisation",
        "reporters_count": "Reports",
        "series_title": "{focus}: items per period, the last {n} periods",
        "series_desc": "Bars per category on one scale, oldest period first; the black bar is "
        "this period.",
        "series_empty": "No items in the last {n} periods.",
        "now": "now",
        "week_short": "w.",
        "hotspots_heading": "Hotspots",
        "hotspots_intro": "Places with at least three items in the period (within about 150 "
        "metres, or the same place name). Time of day and weekday are when it happened: night "
        "00-06, morning 06-12, afternoon 12-18, evening 18-24.",
        "hotspots_none": "No hotspots in the period.",
        "map_title": "Map of the hotspots",
        "map_desc": "Circles at the hotspots' centres, area by number of items, numbered as in "
        "the table.",
        "map_empty": "No hotspot has a position to show on the map.",
        "map_legend": "= {count} items. Hotspots without a position are only in the table.",
        "place": "Place",
        "unnamed_place": "(unnamed place)",
        "items": "Items",
        "categories": "Categories",
        "times_of_day": "Time of day",
        "weekdays": "Weekdays",
        "night": "night",
        "morning": "morning",
        "afternoon": "afternoon",
        "evening": "evening",
        "night_hours": "night 00-06",
        "morning_hours": "morning 06-12",
        "afternoon_hours": "afternoon 12-18",
        "evening_hours": "evening 18-24",
        "mon": "Mon",
        "tue": "Tue",
        "wed": "Wed",
        "thu": "Thu",
        "fri": "Fri",
        "sat": "Sat",
        "sun": "Sun",
        "when_heading": "When did the items arrive?",
        "tod_title": "Items in the report by time of day",
        "wd_title": "Items in the report by weekday",
        "when_desc": "By when the items arrived, in Swedish time.",
        "when_empty": "No items in the report.",
        "walks_heading": "Safety walks",
        "walks_none": "No safety walks in the period.",
        "walk": "Walk",
        "date": "Date",
        "status": "Status",
        "observations": "Observations",
        "findings": "Findings",
        "actions_heading": "Actions",
        "actions_intro": "Actions under way or planned, and those closed during the period.",
        "actions_none": "No actions to report.",
        "fixed_heading": "Is it fixed?",
        "fixed_intro": "When an action on an environment tip or a walk finding is done, the "
        "tipster and the walk's participants are asked if it is fixed.",
        "fixed_done": "Actions done in the period",
        "fixed_asked": "of which residents were asked",
        "fixed_yes": "Answered yes",
        "fixed_partly": "Answered partly",
        "fixed_no": "Answered no",
        "fixed_answers_note": "Answers given in the period, whichever action they are about.",
        "action": "Action",
        "owner": "Owner",
        "due": "Due",
        "area": "Area",
        "no_due": "not set",
        "decisions_heading": "Decided at the last meeting",
        "decisions_none": "No decisions recorded from the last meeting.",
        "notable_heading": "Notable items",
        "notable_none": "No items to point out.",
        "notable_intro": "Items of the report that are urgent, of the highest priority "
        "({priority} or more) or marked notable by an analyst: {count} of {total}.",
        "reason_highest_priority": "highest priority",
        "reason_marked": "marked notable",
        "items_heading": "List of items",
        "items_none": "No items are queued for the report.",
        "items_total": "The report's items: the {count} queued for it by analysts, whenever "
        "they were received. The charts of arrival times count these items.",
        "reference": "Reference",
        "received": "Received",
        "kind": "Kind",
        "tip": "tip",
        "observation": "observation",
        "report": "reporter's report",
        "priority": "Priority",
        "urgent": "urgent",
        "supporting": "Supporting",
        "text_withheld": "(text erased)",
        "district": "District",
        "partner_summary": "Summary for partners",
        "no_summary": "(no summary: not shared with partners)",
        "place_number": "Place {number}",
        "footer": "{title} {number}, {areas}, {period}. Made {generated}.",
    },
    domain="console",
)

WALK_STATUS_LABELS = Table(
    "report_walk_status",
    {
        "planned": "Planned",
        "active": "Under way",
        "completed": "Completed",
        "followed_up": "Followed up",
    },
    domain="console",
)


def _t(key: str, language: str, **values: Any) -> str:
    return label(TEXTS, key, language, **values)


def _local(moment: str | None) -> str:
    """An ISO timestamp as Swedish wall-clock time: the meeting reads local time."""
    if not moment:
        return ""
    return datetime.fromisoformat(moment).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _decimal(value: float, language: str, signed: bool = False) -> str:
    """Whole numbers plain, others with one decimal (a comma in Swedish); minus as U+2212."""
    shown = f"{value:+.1f}" if signed else f"{value:.1f}"
    if float(value).is_integer():
        shown = f"{int(value):+d}" if signed else f"{int(value)}"
    if signed and value == 0:
        shown = "0"
    shown = shown.replace("-", MINUS)
    return shown.replace(".", ",") if language == "sv" else shown


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def period_text(period: dict[str, str], language: str) -> str:
    """E.g. "vecka 10, 2025 (2025-03-03 to 2025-03-09)"; a longer period names its weeks."""
    first = date.fromisoformat(period["start"])
    last = date.fromisoformat(period["last_day"])
    (year, week), (_last_year, last_week) = _week(first), _week(last)
    if week == last_week:
        weeks = f"{_t('week', language)} {week}, {year}"
    else:
        weeks = f"{_t('weeks', language)} {week}{DASH}{last_week}, {year}"
    return f"{weeks} ({first.isoformat()} {DASH} {last.isoformat()})"


def period_labels(period: dict[str, str], language: str, count: int) -> list[str]:
    """Week labels of the ``count`` periods ending with this one, oldest first (as ``series``)."""
    start = date.fromisoformat(period["start"])
    length = date.fromisoformat(period["end"]) - start
    prefix = _t("week_short", language)
    return [f"{prefix}{_week(start - length * n)[1]}" for n in range(count - 1, -1, -1)]


def _trend(code: str, language: str) -> dict[str, str]:
    return {
        "code": code,
        "symbol": TREND_SYMBOLS.get(code, "?"),
        "word": _t(f"trend_{code}", language),
    }


def _category_labels(content: dict[str, Any], language: str) -> dict[str, str]:
    """Category labels from the content itself, so a frozen snapshot names what it counted."""
    key = f"label_{language}"
    return {
        row["category"]: row.get(key) or row["label_sv"]
        for group in content["focus_areas"]
        for row in group["categories"]
    }


def _focus_view(content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    meta = content["report"]
    key = f"label_{language}"
    groups = []
    for index, group in enumerate(content["focus_areas"]):
        rows = group["categories"]
        name = group.get(key) or group["label_sv"]
        count = max((len(row["series"]) for row in rows), default=HISTORY_PERIODS + 1)
        chart = charts.series_chart(
            f"chart-focus-{index}",
            _t("series_title", language, focus=name, n=count),
            _t("series_desc", language),
            [
                charts.SeriesRow(row.get(key) or row["label_sv"], row["series"])
                for row in rows
                if any(row["series"])  # a row of empty bars costs paper and says nothing
            ],
            period_labels(meta["period"], language, count),
            _t("series_empty", language, n=count),
            _t("now", language),
        )
        groups.append(
            {
                "code": group["focus_area"] or "other",
                "label": name,
                "count": group["count"],
                "previous": sum(row["previous"] for row in rows),
                "chart": Markup(chart),  # noqa: S704  (charts.py escapes every text)
                "rows": [
                    {
                        "label": row.get(key) or row["label_sv"],
                        "count": row["count"],
                        "previous": row["previous"],
                        "average": _decimal(row["average"], language),
                        "change": _decimal(row["change_previous"], language, signed=True),
                        "trend": _trend(row["trend"], language),
                    }
                    for row in rows
                ],
            }
        )
    return groups


def _counted(counts: dict[str, int], order: tuple[str, ...], language: str) -> str:
    return ", ".join(f"{_t(key, language)} {counts[key]}" for key in order if counts.get(key))


def _hotspots_view(
    content: dict[str, Any], categories: dict[str, str], language: str
) -> list[dict[str, Any]]:
    spots = []
    partner = content.get("level") == "partner"
    for index, spot in enumerate(content["hotspots"], start=1):
        name = str(spot["label"])
        if partner:
            # Numbered and placed by district only: no place name a resident typed.
            district = spot.get("district")
            name = _t("place_number", language, number=index)
            name = f"{name}, {district}" if district else name
        elif CELL_KEY.match(name):
            name = _t("unnamed_place", language)
        spots.append(
            {
                "number": index,
                "label": name,
                "center": spot["center"],
                "count": spot["count"],
                "categories": ", ".join(
                    f"{categories.get(code, code)} {count}"
                    for code, count in spot["categories"].items()
                ),
                "times_of_day": _counted(
                    spot["times_of_day"], tuple(name for name, _start in TIMES_OF_DAY), language
                ),
                "weekdays": _counted(spot["weekdays"], WEEKDAYS, language),
                # Not "items": Jinja would find the dict's items() method first.
                "references": ", ".join(spot["items"]),
            }
        )
    return spots


def arrival_counts(items: list[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    """Items per time of day and per weekday by when they arrived, in Swedish time."""
    times = {name: 0 for name, _start in TIMES_OF_DAY}
    days = dict.fromkeys(WEEKDAYS, 0)
    for item in items:
        moment = datetime.fromisoformat(item["received_at"]).astimezone(STOCKHOLM)
        times[[name for name, start in TIMES_OF_DAY if moment.hour >= start][-1]] += 1
        days[WEEKDAYS[moment.weekday()]] += 1
    return times, days


def _charts(content: dict[str, Any], spots: list[dict[str, Any]], language: str) -> dict[str, Any]:
    times, days = arrival_counts(content["items"])
    largest = max((int(spot["count"]) for spot in spots if spot["center"]), default=0)
    return {
        "hotspot_map": Markup(  # noqa: S704  (charts.py escapes every text)
            charts.hotspot_map(
                "chart-hotspots",
                _t("map_title", language),
                _t("map_desc", language),
                spots,
                _t("map_empty", language),
                _t("map_legend", language, count=largest),
                language,
            )
        ),
        "times_of_day": Markup(  # noqa: S704
            charts.bar_chart(
                "chart-times-of-day",
                _t("tod_title", language),
                _t("when_desc", language),
                [(_t(f"{name}_hours", language), count) for name, count in times.items()],
                _t("when_empty", language),
            )
        ),
        "weekdays": Markup(  # noqa: S704
            charts.bar_chart(
                "chart-weekdays",
                _t("wd_title", language),
                _t("when_desc", language),
                [(_t(day, language), count) for day, count in days.items()],
                _t("when_empty", language),
            )
        ),
    }


def _walks_view(content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    return [
        {
            "title": walk["title"],
            "starts_at": _local(walk["starts_at"]),
            "status": label(WALK_STATUS_LABELS, walk["status"], language),
            "observations": walk["observations"],
            "issues": ", ".join(
                f"{label(ISSUE_LABELS, issue, language)} {count}"
                for issue, count in sorted(walk["issues"].items(), key=lambda pair: -pair[1])
            ),
        }
        for walk in content["walks"]
    ]


def _actions_view(content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    names = {area["code"]: area["name"] for area in content["report"]["areas"]}
    return [
        {
            **action,
            "area": names.get(action["area"], action["area"]),
            "due_date": action["due_date"] or _t("no_due", language),
            "status": label(ACTION_STATUS_LABELS, action["status"], language),
        }
        for action in content["actions"]
    ]


REASON_KEYS = {"urgent": "urgent", "highest_priority": "reason_highest_priority"}


def _reasons(row: dict[str, Any], language: str) -> str:
    """Why a notable item is there, in words; rows without reasons (the partner version, older
    snapshots) say only whether it is urgent."""
    reasons = row.get("notable_for") or (["urgent"] if row.get("urgent") else [])
    return ", ".join(
        _t(REASON_KEYS.get(reason, f"reason_{reason}"), language) for reason in reasons
    )


def _items_view(
    rows: list[dict[str, Any]], categories: dict[str, str], language: str
) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "category": categories.get(row["category"], row["category"]),
            "kind": _t(row["kind"], language) if row["kind"] in TEXTS else row["kind"],
            "received_at": _local(row["received_at"]),
            "reasons": _reasons(row, language),
        }
        for row in rows
    ]


def page_context(content: dict[str, Any], language: str) -> dict[str, Any]:
    """Everything the template shows, already in words: the template only lays it out."""
    meta = content["report"]
    categories = _category_labels(content, language)
    spots = _hotspots_view(content, categories, language)
    areas = ", ".join(area["name"] for area in meta["areas"])
    period = period_text(meta["period"], language)
    generated = f"{_local(meta['generated_at'])} ({_t('local_time', language)})"
    history = HISTORY_PERIODS
    return {
        "language": language,
        "t": lambda key, **values: _t(key, language, **values),
        "meta": meta,
        "areas": areas,
        "period": period,
        "generated": generated,
        "published": _local(meta.get("published_at")),
        "draft": meta.get("status") != "published",
        "partner": content.get("level") == "partner",
        "masked_note": _t("masked_note", language, kinds=masked_kinds(language)),
        "history": history,
        "focus_areas": _focus_view(content, language),
        # Absent from snapshots made before reporters existed: those lines are left out.
        "sources": content.get("sources"),
        "reporting_organisations": content.get("reporting_organisations"),
        "hotspots": spots,
        "charts": _charts(content, spots, language),
        "walks": _walks_view(content, language),
        "actions": _actions_view(content, language),
        # Absent from snapshots made before the question existed: the section is left out.
        "fixed": content.get("fixed"),
        "decisions": content.get("last_meeting_decisions"),
        # Figures from the parts they count, so each adds up even in an older snapshot.
        "counts": stated_counts(content),
        "highest_priority": HIGHEST_PRIORITY,
        "notable": _items_view(content["notable"], categories, language),
        "items": _items_view(content["items"], categories, language),
        "footer": _t(
            "footer",
            language,
            title=_t("title", language),
            number=meta["number"],
            areas=areas,
            period=period,
            generated=generated,
        ),
    }


@pages_blp.get("/reports/<string:report_id>.html")
@talisman(content_security_policy=REPORT_PAGE_CSP)
@require_roles(*service.READERS)
def report_page(report_id: str) -> Response:
    """The report for printing; same access rules and content level as the API."""
    user = current_user()
    content = service.content_for(user, service.report_for(user, report_id))
    language = negotiate_language(request.args.get("lang"), STAFF_LANGUAGES)
    response = Response(
        render_template("reports/report.html", **page_context(content, language)),
        mimetype="text/html",
    )
    # Internal data: never kept by a shared cache or a browser's back-forward store.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept-Language, Authorization"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
