"""The figures' periods: since the first published report, newest first, months or coarser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import login_as, make_user
from tests.public.helpers import (
    cell,
    current,
    followup,
    patch_items,
    period_of,
    publish,
    publish_tips,
    queue,
    recoverable_cells,
    seed_districts,
    send_tips,
)
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.extensions import db
from tipsapp.public.periods import add_months
from tipsapp.reports.models import Report


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    seed_districts(app)
    return login_as(client, make_user(app, "analyst"))


def today() -> date:
    return utcnow().astimezone(STOCKHOLM).date()


def this_quarter() -> date:
    now = today()
    return date(now.year, (now.month - 1) // 3 * 3 + 1, 1)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=STOCKHOLM).astimezone(UTC)


def test_nothing_published_shows_no_periods(client: Any, analyst: Any) -> None:
    send_tips(client, 3)
    content = followup(client)
    assert content["periods"] == [] and content["period"]["start"] is None
    html = client.get("/followup/gislaved").get_data(as_text=True)
    assert "Inget har publicerats i en lägesbild ännu" in html
    assert "<td" not in html.split("Vad som kom in")[1].split("Vad som görs")[0]


def test_no_period_before_the_first_published_report(client: Any, app: Any, analyst: Any) -> None:
    publish_tips(client, analyst, 5)
    with app.app_context():
        first = db.session.scalar(select(func.min(Report.period_start)))
    first_month = first.astimezone(STOCKHOLM).date().replace(day=1)
    content = followup(client)
    assert content["periods"]
    assert all(date.fromisoformat(p["last_day"]) >= first_month for p in content["periods"])
    assert len(content["period"]["months"]) <= 2  # this month, and the week's first if before


def test_first_period_is_the_newest(client: Any, app: Any, analyst: Any) -> None:
    earlier = publish_tips(client, analyst, 6)
    patch_items(
        app, earlier, category="fraud", received_at=noon(this_quarter()) - timedelta(days=40)
    )
    publish_tips(client, analyst, 5)
    content = followup(client)
    starts = [p["start"] for p in content["periods"]]
    assert starts == sorted(starts, reverse=True) and len(starts) >= 2
    assert current(content) == content["periods"][0]["key"]
    html = client.get("/followup/gislaved").get_data(as_text=True)
    summaries = re.findall(r'<details class="period"( open)?>\s*<summary><h3>([^<]+)</h3>', html)
    assert len(summaries) == len(starts)
    assert summaries[0][0] == " open" and summaries[0][1].endswith(" (hittills)")
    assert [opened for opened, _label in summaries[1:]] == [""] * (len(starts) - 1)


def test_quarters_when_months_are_small(client: Any, app: Any, analyst: Any) -> None:
    references = publish_tips(client, analyst, 6)
    previous = add_months(this_quarter(), -3)
    for index, month in enumerate((previous, add_months(previous, 1), add_months(previous, 2))):
        patch_items(
            app, references[2 * index : 2 * index + 2], category="fraud", received_at=noon(month)
        )
    content = followup(client)
    assert content["granularity"] == "quarter"
    assert [p["key"][-3:-1] for p in content["periods"]] == ["-Q", "-Q"]
    assert cell(content, "categories", "category", "fraud", period_of(content, previous)) == 6
    assert cell(content, "categories", "category", "fraud", current(content)) == "färre än 5"
    html = client.get("/followup/gislaved").get_data(as_text=True)
    assert "Räknat per kvartal" in html and "kvartalet" in html
    assert recoverable_cells(content) == []


def test_months_when_most_months_show_a_figure(client: Any, app: Any, analyst: Any) -> None:
    patch_items(app, publish_tips(client, analyst, 5), category="fraud", received_at=noon(today()))
    content = followup(client)
    assert content["granularity"] == "month"
    assert current(content) == today().strftime("%Y-%m")
    assert cell(content, "categories", "category", "fraud", current(content)) == 5


def test_the_year_when_quarters_are_small_too(client: Any, app: Any, analyst: Any) -> None:
    references = publish_tips(client, analyst, 7)
    patch_items(
        app, references[:4], category="fraud", received_at=noon(add_months(this_quarter(), -3))
    )
    patch_items(app, references[4:], category="fraud", received_at=noon(this_quarter()))
    content = followup(client)
    assert content["granularity"] == "year"
    assert all(re.fullmatch(r"\d{4}", p["key"]) for p in content["periods"])
    assert "Räknat per år" in client.get("/followup/gislaved").get_data(as_text=True)
    assert recoverable_cells(content) == []


def test_periods_are_calendar_periods_in_swedish_time(client: Any, app: Any, analyst: Any) -> None:
    references = publish_tips(client, analyst, 10)
    patch_items(app, references, category="fraud")
    # 00:30 on the first day of a quarter in Stockholm is still the quarter before in UTC.
    start = this_quarter()
    just_after = datetime.combine(start, time(0, 30), tzinfo=STOCKHOLM).astimezone(UTC)
    patch_items(app, references[:6], received_at=just_after)
    patch_items(app, references[6:], received_at=just_after - timedelta(hours=1))
    content = followup(client)
    before = period_of(content, start - timedelta(days=1))
    assert cell(content, "categories", "category", "fraud", period_of(content, start)) == 6
    assert cell(content, "categories", "category", "fraud", before) == "färre än 5"
    assert recoverable_cells(content) == []


def test_every_figure_is_five_or_more_or_fewer_than_five(
    client: Any, app: Any, analyst: Any
) -> None:
    references = send_tips(client, 23)
    queue(client, analyst, references)
    publish(client, analyst)
    for start, size, code in (
        (0, 7, "fraud"),
        (7, 3, "traffic"),
        (10, 9, "disorder"),
        (19, 4, "other"),
    ):
        patch_items(app, references[start : start + size], category=code)
    content = followup(client)
    for table in ("categories", "districts"):
        for row in content[table]["rows"]:
            assert len(row["cells"]) == len(content["periods"])
            for shown in row["cells"]:
                assert shown["suppressed"] or shown["count"] >= 5
    assert recoverable_cells(content) == []
    html = client.get("/followup/gislaved").get_data(as_text=True)
    for figure in re.findall(r'<td class="n">([^<]*)</td>', html):
        assert int(figure) >= 5
    assert "Varför vissa siffror är dolda" in html
