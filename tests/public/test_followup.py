"""GET /api/v1/public/followup: published counts only, suppressed, districts, actions, privacy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from tests.factories import login_as, make_org, make_user, send_tip
from tests.public.helpers import (
    IN_ANDERSTORP,
    IN_GISLAVED,
    OUTSIDE_DISTRICTS,
    cell,
    current,
    followup,
    patch_items,
    publish,
    publish_tips,
    queue,
    recoverable_cells,
    seed_districts,
    seed_promises,
    send_tips,
)
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.extensions import db

PHRASE = "Grannen Sven Svensson på Lönngatan 12 säljer knark"
PLACE = "Bakom Lönngatans cykelförråd"


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    seed_districts(app)
    return login_as(client, make_user(app, "analyst"))


def test_four_is_fewer_than_five_and_five_is_five(client: Any, app: Any, analyst: Any) -> None:
    traffic = publish_tips(client, analyst, 4)
    disorder = publish_tips(client, analyst, 5)
    patch_items(app, traffic, category="traffic")
    patch_items(app, disorder, category="disorder")
    content = followup(client)
    month = current(content)
    assert cell(content, "categories", "category", "traffic", month) == "färre än 5"
    assert cell(content, "categories", "category", "disorder", month) == 5
    (suppressed,) = [
        r["cells"][0] for r in content["categories"]["rows"] if r["category"] == "traffic"
    ]
    assert suppressed == {
        "count": None,
        "suppressed": True,
        "reason": "small",
        "label": "färre än 5",
    }
    english = followup(client, lang="en")
    assert cell(english, "categories", "category", "traffic", month) == "fewer than 5"
    assert recoverable_cells(content) == []


def test_only_items_of_published_reports_count(client: Any, app: Any, analyst: Any) -> None:
    published = publish_tips(client, analyst, 5)
    patch_items(app, published, category="disorder")
    drafted = send_tips(client, 6)
    queue(client, analyst, drafted)  # in the draft of the next report, not published
    patch_items(app, drafted, category="traffic")
    patch_items(app, send_tips(client, 7), category="traffic")  # never queued
    content = followup(client)
    now = current(content)
    assert cell(content, "categories", "category", "disorder", now) == 5
    assert cell(content, "categories", "category", "traffic", now) == "färre än 5"
    assert cell(content, "districts", "district", "Gislaved", now) == 5


def test_no_figure_lets_a_suppressed_cell_be_worked_out(
    client: Any, app: Any, analyst: Any
) -> None:
    """Ten categories of 5 and two of 4, all 58 in one district: the district figure alone
    would say 58 - 50 - 4 = 4 for each small one, so a category of 5 is hidden too."""
    references = send_tips(client, 58, location=IN_GISLAVED)
    queue(client, analyst, references)
    publish(client, analyst)
    codes = [row["category"] for row in followup(client)["categories"]["rows"]]
    start = 0
    for code, size in zip(codes, [5] * 10 + [4, 4], strict=True):
        patch_items(app, references[start : start + size], category=code)
        start += size
    content = followup(client)
    month_cells = [row["cells"][0] for row in content["categories"]["rows"]]
    assert [c.get("reason") for c in month_cells].count("small") == 2
    assert [c.get("reason") for c in month_cells].count("hidden") >= 1
    assert cell(content, "districts", "district", "Gislaved", current(content)) == 58
    assert recoverable_cells(content) == []
    for key in ("total", "sum", "totals"):
        assert key not in content["categories"] and key not in content["districts"]


def test_no_free_text_and_no_coordinates(client: Any, app: Any, analyst: Any) -> None:
    publish_tips(client, analyst, 5, text=PHRASE + " varje kväll.", place=PLACE)
    for lang in ("sv", "en"):
        body = client.get(f"/api/v1/public/followup?area=gislaved&lang={lang}").get_data(
            as_text=True
        )
        page = client.get(f"/followup/gislaved?lang={lang}").get_data(as_text=True)
        for output in (body, page):
            assert "Lönngatan" not in output and "Svensson" not in output
            assert "cykelförråd" not in output and "knark" not in output
            for leak in ('"lat"', '"lon"', "latitude", "longitude", "57.30", "13.54"):
                assert leak not in output


def test_districts_by_name_and_elsewhere(client: Any, app: Any, analyst: Any) -> None:
    publish_tips(client, analyst, 5, location=IN_ANDERSTORP)
    publish_tips(client, analyst, 6, location=OUTSIDE_DISTRICTS)
    publish_tips(client, analyst, 7, location=...)  # no location: not in the district table
    content = followup(client)
    month = current(content)
    assert cell(content, "districts", "district", "Anderstorp", month) == 5
    assert cell(content, "districts", "district", "Annan plats i kommunen", month) == 6
    assert cell(content, "districts", "district", "Gislaved", month) == "färre än 5"
    names = {row["district"] for row in content["districts"]["rows"]}
    assert names == {
        "Anderstorp",
        "Burseryd",
        "Gislaved",
        "Hestra",
        "Reftele",
        "Smålandsstenar",
        "Annan plats i kommunen",
    }
    assert recoverable_cells(content) == []


def test_published_actions_with_status(client: Any, app: Any) -> None:
    seed_districts(app)
    police = make_org(app, "Polisen LPO Värnamo", kind="police", areas=("gislaved", "varnamo"))
    headers = login_as(client, make_user(app, "analyst", org=police))

    def create(title: str, area: str = "gislaved", **extra: Any) -> str:
        body = {"title": title, "owner": police.id, "area": area, **extra}
        response = client.post("/api/v1/actions", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        return str(response.get_json()["id"])

    create("Ny belysning på gångvägen", due_date="2027-03-01", description="Internt: Sven")
    dropped = create("Kameror vid busstationen")
    create("Hastighetskontroller i Bredaryd", area="varnamo")
    publish_tips(client, headers, 1)
    response = client.post(
        f"/api/v1/actions/{dropped}/status",
        json={"status": "wont_do", "reason": "Kamerabevakning kräver tillstånd."},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    create("Inte med i någon publicerad lägesbild")

    actions = followup(client)["actions"]
    assert actions == [
        {
            "title": "Ny belysning på gångvägen",
            "owner": "Polisen LPO Värnamo",
            "due_date": "2027-03-01",
            "status": "planned",
            "status_label": "Planerad",
            "reason": None,
        },
        {
            "title": "Kameror vid busstationen",
            "owner": "Polisen LPO Värnamo",
            "due_date": None,
            "status": "wont_do",
            "status_label": "Blir inte av",
            "reason": "Kamerabevakning kräver tillstånd.",
        },
    ]
    assert followup(client, lang="en")["actions"][1]["status_label"] == "Will not be done"


def test_states_area_period_and_when_made(client: Any, app: Any, analyst: Any) -> None:
    seed_promises(app)
    publish_tips(client, analyst, 1)
    content = followup(client)
    assert content["area"] == {"code": "gislaved", "name": "Gislaveds kommun"}
    assert content["period"]["last_day"] == utcnow().astimezone(STOCKHOLM).date().isoformat()
    assert datetime.fromisoformat(content["generated_at"]) <= utcnow()
    assert content["last_report"]["number"].startswith(str(utcnow().year)[:2])
    assert content["promise"]["title"] == "Medborgarlöfte Gislaved 2022"
    assert len(content["promise"]["focus_areas"]) == 3
    assert followup(client, lang="en")["promise"]["title"] == "Citizen promise Gislaved 2022"
    assert followup(client, area="varnamo")["promise"] is None


def test_unknown_area_is_404(client: Any) -> None:
    response = client.get("/api/v1/public/followup?area=atlantis")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_reading_stores_nothing_about_the_visitor(client: Any, app: Any, analyst: Any) -> None:
    publish_tips(client, analyst, 2)
    send_tip(client)

    def row_counts() -> dict[str, int]:
        with app.app_context():
            tables = inspect(db.engine).get_table_names()
            return {
                name: db.session.execute(
                    select(func.count()).select_from(db.metadata.tables[name])
                ).scalar_one()
                for name in tables
                if name in db.metadata.tables
            }

    before = row_counts()
    for path in (
        "/api/v1/public/followup?area=gislaved",
        "/api/v1/public/statements?area=gislaved",
        "/followup/gislaved",
        "/followup/gislaved?lang=en",
    ):
        response = client.get(path, headers={"User-Agent": "Spårbar/1.0"})
        assert response.status_code == 200
        # Only a picked language is kept, in the browser: the code and nothing else.
        cookies = response.headers.getlist("Set-Cookie")
        assert cookies == ([] if "lang=" not in path else [cookies[0]])
        assert all(cookie.startswith("lang=en;") for cookie in cookies)
    assert row_counts() == before


def test_public_endpoints_have_their_own_rate_limit(make_app: Any) -> None:
    client = make_app(RATELIMIT_PUBLIC="2 per minute").test_client()
    for path in ("/api/v1/public/followup?area=gislaved", "/followup/gislaved"):
        assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]
