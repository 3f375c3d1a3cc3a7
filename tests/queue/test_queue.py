"""The queue analysts work: filters, the default order, paging, counts and the suggestion."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.factories import as_role, send_tip

T0 = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
URGENT_TEXT = "Det pågår ett slagsmål just nu, en har kniv"


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved", "varnamo"))


def send_at(client: Any, monkeypatch: pytest.MonkeyPatch, when: datetime, **overrides: Any) -> str:
    """Send a tip as if it arrived at ``when``; returns its reference."""
    monkeypatch.setattr("tipsapp.tips.service.utcnow", lambda: when)
    response = send_tip(client, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def queue(client: Any, headers: dict[str, str], **query: Any) -> Any:
    response = client.get("/api/v1/queue", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def references(page: dict[str, Any]) -> list[str]:
    return [item["reference"] for item in page["items"]]


def every_page(client: Any, headers: dict[str, str], **query: Any) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = queue(client, headers, **query, **({"cursor": cursor} if cursor else {}))
        pages.append(references(page))
        cursor = page["next"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "the cursor never ends"


# --- the list --------------------------------------------------------------------------------


def test_queue_row_shows_the_summary_with_personal_data_masked(
    client: Any, analyst: dict[str, str]
) -> None:
    text = "Lamporna är släckta vid Torget, ring mig på 070-123 45 67."
    reference = send_tip(client, text=text, category="unsafe_environment").get_json()["reference"]

    (row,) = queue(client, analyst)["items"]

    assert row["reference"] == reference
    assert row["status"] == "new"
    assert row["area"] == "gislaved"
    assert row["resident_category"] == "unsafe_environment"
    assert row["category"] is None
    assert row["effective_category"] == row["suggestion"]["category"]
    assert row["excerpt"] == "Lamporna är släckta vid Torget, ring mig på [telefon]."
    assert row["place"] == "Gångvägen vid Öresjöskolan"
    assert "text" not in row


@pytest.fixture
def mixed_queue(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Four tips a day apart: lighting (new), bike theft in Värnamo (new), speeding (queued),
    and a fight happening now (new, urgent)."""
    refs = {
        "lights": send_at(client, monkeypatch, T0),
        "bike": send_at(
            client,
            monkeypatch,
            T0 + timedelta(days=1),
            area="varnamo",
            text="Någon har stulit min cykel vid stationen, cykelstöld igen.",
            category=None,
            place=None,
            location=None,
        ),
        "speeding": send_at(
            client,
            monkeypatch,
            T0 + timedelta(days=2),
            text="Bilar kör alldeles för fort på Storgatan varje kväll.",
            category="traffic",
            place="Storgatan",
        ),
        "fight": send_at(
            client, monkeypatch, T0 + timedelta(days=3), text=URGENT_TEXT, category=None
        ),
    }
    client.patch(f"/api/v1/queue/{refs['speeding']}", json={"category": "traffic"}, headers=analyst)
    assert (
        client.post(f"/api/v1/queue/{refs['speeding']}/queue", json={}, headers=analyst).status_code
        == 200
    )
    return refs


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"lights", "bike", "speeding", "fight"}),
        ({"status": "queued"}, {"speeding"}),
        ({"status": "new,queued"}, {"lights", "bike", "speeding", "fight"}),
        ({"status": ["new", "queued"]}, {"lights", "bike", "speeding", "fight"}),
        ({"status": "rejected"}, set()),
        ({"category": "traffic"}, {"speeding"}),
        ({"category": "burglary_theft,violence"}, {"bike", "fight"}),
        ({"focus_area": "trafik"}, {"speeding"}),
        ({"focus_area": "brott"}, {"bike"}),
        ({"focus_area": "trygghet"}, {"lights", "fight"}),
        ({"area": "varnamo"}, {"bike"}),
        ({"area": "gislaved"}, {"lights", "speeding", "fight"}),
        ({"urgent": "true"}, {"fight"}),
        ({"urgent": "false"}, {"lights", "bike", "speeding"}),
        ({"since": "2025-03-02T10:00:00+00:00"}, {"bike", "speeding", "fight"}),
        ({"until": "2025-03-03T10:00:00+00:00"}, {"lights", "bike"}),
        ({"since": "2025-03-02T00:00:00Z", "until": "2025-03-03T00:00:00Z"}, {"bike"}),
        ({"since": "2025-03-02T11:00:00+01:00", "until": "2025-03-02T11:00:01+01:00"}, {"bike"}),
        ({"q": "cykel"}, {"bike"}),
        ({"q": "STORGATAN"}, {"speeding"}),
        ({"q": "ingenting sådant"}, set()),
        ({"area": "gislaved", "status": "new"}, {"lights", "fight"}),
        ({"urgent": "false", "focus_area": "trygghet"}, {"lights"}),
    ],
)
def test_queue_filters(
    client: Any,
    analyst: dict[str, str],
    mixed_queue: dict[str, str],
    query: dict[str, Any],
    expected: set[str],
) -> None:
    page = queue(client, analyst, **query)

    assert set(references(page)) == {mixed_queue[name] for name in expected}


def test_free_text_also_finds_a_reference(
    client: Any, analyst: dict[str, str], mixed_queue: dict[str, str]
) -> None:
    reference = mixed_queue["bike"]

    assert references(queue(client, analyst, q=reference.lower())) == [reference]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "open"},
        {"category": "noise"},
        {"focus_area": "fika"},
        {"urgent": "maybe"},
        {"since": "yesterday"},
        {"since": "2025-03-01T10:00:00"},  # no offset: ambiguous
        {"sort": "random"},
        {"limit": "0"},
        {"limit": "201"},
    ],
)
def test_bad_filters_get_422_naming_the_field(
    client: Any, analyst: dict[str, str], query: dict[str, str]
) -> None:
    response = client.get("/api/v1/queue", query_string=query, headers=analyst)

    assert response.status_code == 422
    assert set(query) <= set(response.get_json()["error"]["fields"])


def test_counts_per_status_ignore_the_status_filter(
    client: Any, analyst: dict[str, str], mixed_queue: dict[str, str]
) -> None:
    page = queue(client, analyst, status="queued")
    in_gislaved = queue(client, analyst, status="queued", area="gislaved")

    assert references(page) == [mixed_queue["speeding"]]
    assert page["counts"] == {
        "new": 3,
        "triaged": 0,
        "queued": 1,
        "reported": 0,
        "archived": 0,
        "rejected": 0,
        "duplicate": 0,
    }
    assert in_gislaved["counts"]["new"] == 2
    assert in_gislaved["counts"]["queued"] == 1


# --- order -----------------------------------------------------------------------------------


def test_default_order_is_urgent_first_then_priority_then_oldest(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vague = "Det luktar konstigt i trapphuset ibland."
    old_vague = send_at(client, monkeypatch, T0, text=vague, category=None)
    graffiti = send_at(
        client,
        monkeypatch,
        T0 + timedelta(hours=1),
        text="Klotter på busskuren vid torget igen.",
        category=None,
    )
    new_vague = send_at(client, monkeypatch, T0 + timedelta(hours=2), text=vague, category=None)
    urgent = send_at(client, monkeypatch, T0 + timedelta(hours=3), text=URGENT_TEXT, category=None)

    page = queue(client, analyst)

    assert references(page) == [urgent, graffiti, old_vague, new_vague]
    priorities = [item["priority"] for item in page["items"]]
    assert priorities == sorted(priorities, reverse=True)


@pytest.mark.parametrize(("sort", "newest_first"), [("newest", True), ("oldest", False)])
def test_queue_sorts_by_age_on_request(
    client: Any,
    analyst: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    sort: str,
    newest_first: bool,
) -> None:
    sent = [send_at(client, monkeypatch, T0 + timedelta(hours=n)) for n in range(3)]

    page = queue(client, analyst, sort=sort)

    assert references(page) == (sent[::-1] if newest_first else sent)


# --- paging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["priority", "newest", "oldest"])
def test_cursor_pages_hold_every_item_exactly_once(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    texts = [
        "Det luktar konstigt i trapphuset ibland.",
        "Klotter på busskuren vid torget igen.",
        "Bilar kör alldeles för fort på Storgatan varje kväll.",
    ]
    sent = []
    # Several tips share a minute (received_at is coarsened) and a priority: ties must hold.
    for n in range(7):
        when = T0 + timedelta(minutes=n // 3)
        sent.append(send_at(client, monkeypatch, when, text=texts[n % 3], category=None))

    pages = every_page(client, analyst, limit=2, sort=sort)
    whole = queue(client, analyst, limit=50, sort=sort)

    assert [len(page) for page in pages] == [2, 2, 2, 1]
    flat = [reference for page in pages for reference in page]
    assert sorted(flat) == sorted(sent)
    assert len(set(flat)) == len(flat)
    assert flat == references(whole)
    assert whole["next"] is None


def test_cursor_keeps_the_filters(
    client: Any, analyst: dict[str, str], mixed_queue: dict[str, str]
) -> None:
    pages = every_page(client, analyst, limit=1, area="gislaved")

    assert sorted(ref for page in pages for ref in page) == sorted(
        mixed_queue[name] for name in ("lights", "speeding", "fight")
    )


def test_last_page_has_no_next_cursor(client: Any, analyst: dict[str, str]) -> None:
    send_tip(client)
    send_tip(client)

    assert queue(client, analyst, limit=2)["next"] is None


def _cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        _cursor([1, 2]),  # too short for the priority order
        _cursor(["x", "2025-03-01T10:00:00+00:00", 1]),  # not a number
        _cursor([-35, "soon", 1]),  # not a time
        pytest.param(_cursor([-35, "2025-03-01T10:00:00", 1]), id="naive-time"),
        _cursor([-35, None, 1]),
        _cursor([-35, "2025-03-01T10:00:00+00:00", "1"]),
        _cursor({"queue_key": -35}),
        _cursor([True, "2025-03-01T10:00:00+00:00", 1]),
    ],
)
def test_invalid_cursor_gets_422_on_the_cursor_field(
    client: Any, analyst: dict[str, str], cursor: str
) -> None:
    send_tip(client)

    response = client.get("/api/v1/queue", query_string={"cursor": cursor}, headers=analyst)

    assert response.status_code == 422
    assert "cursor" in response.get_json()["error"]["fields"]


def test_cursor_from_another_order_is_refused(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        send_at(client, monkeypatch, T0 + timedelta(hours=n))
    newest_cursor = queue(client, analyst, sort="newest", limit=1)["next"]

    response = client.get("/api/v1/queue", query_string={"cursor": newest_cursor}, headers=analyst)

    assert response.status_code == 422
    assert "cursor" in response.get_json()["error"]["fields"]


# --- the automatic suggestion on intake ------------------------------------------------------


def test_intake_suggests_a_category_with_the_words_that_drove_it(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = send_tip(
        client, text="Cykelstöld vid stationen igen, tredje gången i månaden.", category=None
    ).get_json()["reference"]

    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()

    assert item["suggestion"]["category"] == "burglary_theft"
    assert "cykelstöld" in item["suggestion"]["words"]
    assert 0 < item["suggestion"]["confidence"] <= 1
    assert item["effective_category"] == "burglary_theft"
    assert item["focus_area"] == "brott"
    assert item["category"] is None
    assert item["status"] == "new"


def test_suggestion_does_not_overwrite_the_residents_category(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = send_tip(
        client, text="Cykelstöld vid stationen igen.", category="disorder"
    ).get_json()["reference"]

    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()

    assert item["resident_category"] == "disorder"
    assert item["suggestion"]["category"] == "burglary_theft"


def test_urgent_tip_tells_the_resident_to_call_112_and_goes_first(
    client: Any, analyst: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = [send_at(client, monkeypatch, T0 + timedelta(minutes=n)) for n in range(3)]
    monkeypatch.setattr("tipsapp.tips.service.utcnow", lambda: T0 + timedelta(hours=1))

    receipt = send_tip(client, text=URGENT_TEXT, category=None).get_json()

    assert receipt["urgent"] is True
    assert "112" in receipt["emergency_note"]
    assert "händer nu" in receipt["emergency_note"]
    page = queue(client, analyst)
    assert references(page) == [receipt["reference"], *earlier]
    first = page["items"][0]
    assert first["urgent"] is True
    assert {"pågår", "just nu", "kniv"} <= set(first["urgency_words"])


def test_ordinary_tip_is_not_urgent_but_still_mentions_112(client: Any) -> None:
    receipt = send_tip(client).get_json()

    assert receipt["urgent"] is False
    assert "112" in receipt["emergency_note"]


@pytest.mark.parametrize(
    ("needle", "finds_the_percent_text"),
    [("%", False), ("_", False), ('"', False), ("*)(", False), ("100%", True), ("100*", True)],
)
def test_free_text_searches_words_and_answers_any_punctuation(
    client: Any, analyst: dict[str, str], needle: str, finds_the_percent_text: bool
) -> None:
    """Search is by word: punctuation is no wildcard and no search syntax, and a query of
    punctuation alone answers normally, finding nothing."""
    send_tip(client, text="Gatlyktorna vid skolan är släckta sedan i måndags.")
    with_percent = send_tip(client, text="Lamporna är till 100% släckta i tunneln.").get_json()

    found = references(queue(client, analyst, q=needle))

    assert found == ([with_percent["reference"]] if finds_the_percent_text else [])


def test_free_text_ignores_case_of_swedish_letters(client: Any, analyst: dict[str, str]) -> None:
    reference = send_tip(client, text="ÖPPEN BRUNN vid Ängen, någon kan ramla i.").get_json()[
        "reference"
    ]

    assert references(queue(client, analyst, q="öppen brunn")) == [reference]
    assert references(queue(client, analyst, q="ängen")) == [reference]
