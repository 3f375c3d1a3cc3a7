"""GET /reports/<id>.html: the situation report as a printable page for the meeting.

The page reads the same content as ``GET /api/v1/reports/<id>`` under the same rules (bearer
token; partners and viewers get the partner version; drafts only for admins and analysts), and
turns it into words, tables and inline SVG charts. It loads nothing from outside: one
stylesheet from ``/static``, no scripts, no fonts. Its content security policy is relaxed for
that stylesheet only; every other response keeps ``default-src 'none'``.
"""

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
from tipsapp.reports import charts, service
from tipsapp.reports.builder import HISTORY_PERIODS, TIMES_OF_DAY, WEEKDAYS
from tipsapp.staff.auth import current_user, require_roles

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

TEXTS: dict[str, dict[str, str]] = {
    "title": {"sv": "Lägesbild", "en": "Situation report"},
    "areas": {"sv": "Område", "en": "Areas"},
    "period": {"sv": "Period", "en": "Period"},
    "week": {"sv": "vecka", "en": "week"},
    "weeks": {"sv": "veckorna", "en": "weeks"},
    "meeting": {"sv": "Möte", "en": "Meeting"},
    "generated": {"sv": "Framtagen", "en": "Made"},
    "published": {"sv": "Publicerad", "en": "Published"},
    "local_time": {"sv": "svensk tid", "en": "Swedish time"},
    "draft": {
        "sv": "UTKAST: inte publicerad. Siffrorna kan ändras fram till mötet.",
        "en": "DRAFT: not published. The figures may change until the meeting.",
    },
    "partner_note": {
        "sv": "Partnerversion: ärenden i känsliga kategorier visas utan text och plats.",
        "en": "Partner version: items in sensitive categories are shown without text or place.",
    },
    "masked_note": {
        "sv": "Personuppgifter är maskerade i alla texter.",
        "en": "Personal data is masked in every text.",
    },
    "contents": {"sv": "Innehåll", "en": "Contents"},
    "focus_heading": {"sv": "Fokusområden", "en": "Focus areas"},
    "focus_intro": {
        "sv": "Antal ärenden per kategori denna period, jämfört med förra perioden och "
        f"snittet för de {{n}} perioderna före. Trend: ▲ ökar / ▼ minskar / {DASH} oförändrat "
        "(minst 25 % och minst 2 ärenden från snittet).",
        "en": "Items per category this period, compared with the previous period and the "
        f"average of the {{n}} periods before. Trend: ▲ up / ▼ down / {DASH} steady "
        "(at least 25 % and at least 2 items from the average).",
    },
    "category": {"sv": "Kategori", "en": "Category"},
    "count": {"sv": "Denna period", "en": "This period"},
    "previous": {"sv": "Förra perioden", "en": "Previous period"},
    "average": {"sv": "Snitt {n} perioder", "en": "Average of {n} periods"},
    "change": {"sv": "Förändring mot förra", "en": "Change from previous"},
    "trend": {"sv": "Trend", "en": "Trend"},
    "trend_up": {"sv": "ökar", "en": "up"},
    "trend_down": {"sv": "minskar", "en": "down"},
    "trend_steady": {"sv": "oförändrat", "en": "steady"},
    "total": {"sv": "Summa", "en": "Total"},
    "series_title": {
        "sv": "{focus}: ärenden per period, de senaste {n} perioderna",
        "en": "{focus}: items per period, the last {n} periods",
    },
    "series_desc": {
        "sv": "Staplar per kategori på samma skala, äldsta perioden först; den svarta "
        "stapeln är denna period.",
        "en": "Bars per category on one scale, oldest period first; the black bar is this period.",
    },
    "series_empty": {
        "sv": "Inga ärenden under de senaste {n} perioderna.",
        "en": "No items in the last {n} periods.",
    },
    "now": {"sv": "nu", "en": "now"},
    "week_short": {"sv": "v.", "en": "w."},
    "hotspots_heading": {"sv": "Brännpunkter", "en": "Hotspots"},
    "hotspots_intro": {
        "sv": "Platser med minst tre ärenden under perioden (inom ungefär 150 meter, eller "
        "samma platsnamn). Tid på dygnet och veckodag avser när det hände: natt 00-06, "
        "morgon 06-12, eftermiddag 12-18, kväll 18-24.",
        "en": "Places with at least three items in the period (within about 150 metres, "
        "or the same place name). Time of day and weekday are when it happened: night "
        "00-06, morning 06-12, afternoon 12-18, evening 18-24.",
    },
    "hotspots_none": {
        "sv": "Inga brännpunkter under perioden.",
        "en": "No hotspots in the period.",
    },
    "map_title": {"sv": "Karta över brännpunkterna", "en": "Map of the hotspots"},
    "map_desc": {
        "sv": "Cirklar vid brännpunkternas mitt, ytan efter antal ärenden, numrerade som i "
        "tabellen.",
        "en": "Circles at the hotspots' centres, area by number of items, numbered as in "
        "the table.",
    },
    "map_empty": {
        "sv": "Ingen brännpunkt har en position att visa på kartan.",
        "en": "No hotspot has a position to show on the map.",
    },
    "map_legend": {
        "sv": "= {count} ärenden. Brännpunkter utan position finns bara i tabellen.",
        "en": "= {count} items. Hotspots without a position are only in the table.",
    },
    "place": {"sv": "Plats", "en": "Place"},
    "unnamed_place": {"sv": "(plats utan namn)", "en": "(unnamed place)"},
    "items": {"sv": "Ärenden", "en": "Items"},
    "categories": {"sv": "Kategorier", "en": "Categories"},
    "times_of_day": {"sv": "Tid på dygnet", "en": "Time of day"},
    "weekdays": {"sv": "Veckodagar", "en": "Weekdays"},
    "night": {"sv": "natt", "en": "night"},
    "morning": {"sv": "morgon", "en": "morning"},
    "afternoon": {"sv": "eftermiddag", "en": "afternoon"},
    "evening": {"sv": "kväll", "en": "evening"},
    "night_hours": {"sv": "natt 00-06", "en": "night 00-06"},
    "morning_hours": {"sv": "morgon 06-12", "en": "morning 06-12"},
    "afternoon_hours": {"sv": "eftermiddag 12-18", "en": "afternoon 12-18"},
    "evening_hours": {"sv": "kväll 18-24", "en": "evening 18-24"},
    "mon": {"sv": "mån", "en": "Mon"},
    "tue": {"sv": "tis", "en": "Tue"},
    "wed": {"sv": "ons", "en": "Wed"},
    "thu": {"sv": "tor", "en": "Thu"},
    "fri": {"sv": "fre", "en": "Fri"},
    "sat": {"sv": "lör", "en": "Sat"},
    "sun": {"sv": "sön", "en": "Sun"},
    "when_heading": {"sv": "När kom ärendena in?", "en": "When did the items arrive?"},
    "tod_title": {
        "sv": "Ärenden i rapporten per tid på dygnet",
        "en": "Items in the report by time of day",
    },
    "wd_title": {"sv": "Ärenden i rapporten per veckodag", "en": "Items in the report by weekday"},
    "when_desc": {
        "sv": "Efter när ärendena kom in, i svensk tid.",
        "en": "By when the items arrived, in Swedish time.",
    },
    "when_empty": {"sv": "Inga ärenden i rapporten.", "en": "No items in the report."},
    "walks_heading": {"sv": "Trygghetsvandringar", "en": "Safety walks"},
    "walks_none": {
        "sv": "Inga trygghetsvandringar under perioden.",
        "en": "No safety walks in the period.",
    },
    "walk": {"sv": "Vandring", "en": "Walk"},
    "date": {"sv": "Datum", "en": "Date"},
    "status": {"sv": "Status", "en": "Status"},
    "observations": {"sv": "Observationer", "en": "Observations"},
    "findings": {"sv": "Iakttagelser", "en": "Findings"},
    "actions_heading": {"sv": "Insatser", "en": "Actions"},
    "actions_intro": {
        "sv": "Pågående och planerade insatser, och de som avslutats under perioden.",
        "en": "Actions under way or planned, and those closed during the period.",
    },
    "actions_none": {"sv": "Inga insatser att redovisa.", "en": "No actions to report."},
    "action": {"sv": "Insats", "en": "Action"},
    "owner": {"sv": "Ansvarig", "en": "Owner"},
    "due": {"sv": "Klart senast", "en": "Due"},
    "area": {"sv": "Område", "en": "Area"},
    "no_due": {"sv": "ej satt", "en": "not set"},
    "decisions_heading": {"sv": "Beslut vid förra mötet", "en": "Decided at the last meeting"},
    "decisions_none": {
        "sv": "Inga beslut antecknade från förra mötet.",
        "en": "No decisions recorded from the last meeting.",
    },
    "notable_heading": {"sv": "Anmärkningsvärda ärenden", "en": "Notable items"},
    "notable_none": {"sv": "Inga ärenden att lyfta.", "en": "No items to point out."},
    "items_heading": {"sv": "Ärendelista", "en": "List of items"},
    "items_none": {
        "sv": "Inga ärenden är köade till rapporten.",
        "en": "No items are queued for the report.",
    },
    "reference": {"sv": "Referens", "en": "Reference"},
    "received": {"sv": "Inkom", "en": "Received"},
    "kind": {"sv": "Typ", "en": "Kind"},
    "tip": {"sv": "tips", "en": "tip"},
    "observation": {"sv": "observation", "en": "observation"},
    "priority": {"sv": "Prioritet", "en": "Priority"},
    "urgent": {"sv": "brådskande", "en": "urgent"},
    "supporting": {"sv": "Fler rapporter", "en": "Supporting"},
    "text_withheld": {
        "sv": "(text visas inte: känslig kategori)",
        "en": "(text not shown: sensitive category)",
    },
    "footer": {
        "sv": "{title} {number}, {areas}, {period}. Framtagen {generated}.",
        "en": "{title} {number}, {areas}, {period}. Made {generated}.",
    },
}

WALK_STATUS_LABELS: dict[str, dict[str, str]] = {
    "planned": {"sv": "Planerad", "en": "Planned"},
    "active": {"sv": "Pågår", "en": "Under way"},
    "completed": {"sv": "Genomförd", "en": "Completed"},
    "followed_up": {"sv": "Uppföljd", "en": "Followed up"},
}


def _t(key: str, language: str, **values: Any) -> str:
    words = label(TEXTS, key, language)
    return words.format(**values) if values else words


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
    for index, spot in enumerate(content["hotspots"], start=1):
        name = str(spot["label"])
        spots.append(
            {
                "number": index,
                "label": _t("unnamed_place", language) if CELL_KEY.match(name) else name,
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


def _items_view(
    rows: list[dict[str, Any]], categories: dict[str, str], language: str
) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "category": categories.get(row["category"], row["category"]),
            "kind": _t(row["kind"], language) if row["kind"] in TEXTS else row["kind"],
            "received_at": _local(row["received_at"]),
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
        "history": history,
        "focus_areas": _focus_view(content, language),
        "hotspots": spots,
        "charts": _charts(content, spots, language),
        "walks": _walks_view(content, language),
        "actions": _actions_view(content, language),
        "decisions": content.get("last_meeting_decisions"),
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
    language = negotiate_language(request.args.get("lang"))
    response = Response(
        render_template("reports/report.html", **page_context(content, language)),
        mimetype="text/html",
    )
    # Internal data: never kept by a shared cache or a browser's back-forward store.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept-Language, Authorization"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
