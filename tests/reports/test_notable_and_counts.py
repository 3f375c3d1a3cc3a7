"""The report's notable items follow a rule, and every figure it states is the sum of its parts."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from tests.console.test_pages import signed_in
from tests.factories import as_role, new_tip
from tipsapp.common.clock import utcnow
from tipsapp.reports.builder import HIGHEST_PRIORITY

URGENT_TEXT = "Det pågår ett slagsmål just nu, en har kniv"
PLAIN_TEXT = "Gatlyktorna på gångvägen vid skolan har varit släckta i en vecka."


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst")


def patch(client: Any, headers: dict[str, str], reference: str, body: dict[str, Any]) -> Any:
    response = client.patch(f"/api/v1/queue/{reference}", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def queue(client: Any, headers: dict[str, str], reference: str) -> None:
    response = client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=headers)
    assert response.status_code == 200, response.get_json()


def draft(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/reports/next?area=gislaved", headers=headers)
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


# --- the notable rule ------------------------------------------------------------------------


def test_notable_items_are_the_urgent_the_highest_priority_and_the_marked(
    client: Any, analyst: dict[str, str]
) -> None:
    ordinary = new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")
    urgent = new_tip(client, text=URGENT_TEXT, category=None)
    patch(client, analyst, urgent, {"priority": 10})  # urgent alone, whatever its priority
    violence = new_tip(client, text="Två män hotade en kvinna vid busshållplatsen.")
    patch(client, analyst, violence, {"category": "violence"})
    marked = new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")
    patch(client, analyst, marked, {"notable": True})
    for reference in (ordinary, urgent, violence, marked):
        queue(client, analyst, reference)

    content = draft(client, analyst)

    reasons = {row["reference"]: row["notable_for"] for row in content["notable"]}
    assert reasons == {
        urgent: ["urgent"],
        violence: ["highest_priority"],
        marked: ["marked"],
    }
    assert ordinary in {row["reference"] for row in content["items"]}


def test_the_highest_priority_starts_at_the_first_ranked_crimes_priority(
    client: Any, analyst: dict[str, str]
) -> None:
    at_threshold = new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")
    patch(client, analyst, at_threshold, {"priority": HIGHEST_PRIORITY})
    just_below = new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")
    patch(client, analyst, just_below, {"priority": HIGHEST_PRIORITY - 1})
    for reference in (at_threshold, just_below):
        queue(client, analyst, reference)

    content = draft(client, analyst)

    assert [row["reference"] for row in content["notable"]] == [at_threshold]
    assert HIGHEST_PRIORITY == 65  # sexual or domestic crime (60) in the crime focus (5)


def test_unmarking_takes_an_item_off_the_notable_list(client: Any, analyst: dict[str, str]) -> None:
    reference = new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")
    patch(client, analyst, reference, {"notable": True})
    queue(client, analyst, reference)
    assert [row["reference"] for row in draft(client, analyst)["notable"]] == [reference]

    patch(client, analyst, reference, {"notable": False})

    assert draft(client, analyst)["notable"] == []


# --- figures that add up ---------------------------------------------------------------------


@pytest.fixture
def mixed_report(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Received this period: two queued (one urgent), one still new, one rejected. Received
    three weeks ago and queued now: one more item of the report, not of the period."""
    now = utcnow()
    monkeypatch.setattr("tipsapp.tips.service.utcnow", lambda: now - timedelta(weeks=3))
    earlier = new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")
    monkeypatch.undo()
    queued = [new_tip(client, text=PLAIN_TEXT, category="unsafe_environment")]
    queued.append(new_tip(client, text=URGENT_TEXT, category=None))
    new_tip(client, text="Klotter på busskuren igen.", category="vandalism")  # stays new
    rejected = new_tip(client, text="Köp billiga klockor här!", category="other")
    client.post(f"/api/v1/queue/{rejected}/reject", json={"reason": "Spam"}, headers=analyst)
    for reference in [*queued, earlier]:
        queue(client, analyst, reference)
    return draft(client, analyst)


def test_each_total_is_the_sum_of_what_it_counts(mixed_report: dict[str, Any]) -> None:
    content = mixed_report
    counts = content["counts"]

    per_focus = [group["count"] for group in content["focus_areas"]]
    per_category = [row["count"] for group in content["focus_areas"] for row in group["categories"]]
    assert counts["received"] == sum(per_focus) == sum(per_category) == 3  # not the rejected
    for group in content["focus_areas"]:
        assert group["count"] == sum(row["count"] for row in group["categories"])
    assert counts["queued"] == len(content["items"]) == 3  # with the one from earlier weeks
    assert counts["notable"] == len(content["notable"]) == 1


def test_the_printable_page_says_what_each_figure_counts(
    client: Any, analyst: dict[str, str], mixed_report: dict[str, Any]
) -> None:
    report_id = mixed_report["report"]["id"]

    swedish = client.get(f"/reports/{report_id}.html", headers=analyst).get_data(as_text=True)
    english = client.get(f"/reports/{report_id}.html?lang=en", headers=analyst).get_data(
        as_text=True
    )

    assert "Inkomna under perioden: 3 ärenden" in swedish
    assert "de 3 som analytiker köat till den, oavsett när de kom in" in swedish
    assert f"({HIGHEST_PRIORITY} eller mer)" in swedish and ": 1 av 3." in swedish
    assert "Received in the period: 3 items" in english
    assert "the 3 queued for it by analysts, whenever they were received" in english
    assert ": 1 of 3." in english
    # The focus tables' totals are the sums of their rows.
    for table in re.findall(r'<table class="figures">.*?</table>', swedish, flags=re.S):
        body = re.search(r"<tbody>(.*?)</tbody>", table, flags=re.S)
        assert body is not None
        rows = re.findall(r'<td class="num strong">(\d+)</td>', body.group(1))
        (total,) = re.findall(r'<tfoot>.*?<td class="num strong">(\d+)</td>', table, flags=re.S)
        assert int(total) == sum(int(count) for count in rows)


def test_the_console_report_page_names_areas_and_statuses_in_its_language(app: Any) -> None:
    client, _user = signed_in(app, "analyst", areas=("gislaved", "varnamo"))

    html = client.get("/staff/report").get_data(as_text=True)

    assert "Områden: Gislaveds kommun, Värnamo kommun" in html
    data = json.loads(re.search(r'id="console-data">(.*?)</script>', html, flags=re.S).group(1))
    assert data["areas"] == ["gislaved", "varnamo"]  # the script asks the API by code
    assert data["labels"]["report_status"] == {"draft": "utkast", "published": "publicerad"}
    assert "Inkomna under perioden, per fokusområde" in html
    assert "Köade till lägesbilden" in html
    english = client.get("/staff/report?lang=en").get_data(as_text=True)
    assert "Received in the period, per focus area" in english
