"""The notable mark: an analyst points an item out for the report's notable list."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import as_role, send_tip


@pytest.fixture
def analyst(app: Any, client: Any) -> dict[str, str]:
    return as_role(app, client, "analyst")


def test_marking_an_item_notable_shows_in_the_item_and_the_list_and_keeps_it_new(
    client: Any, analyst: dict[str, str]
) -> None:
    reference = send_tip(client).get_json()["reference"]

    response = client.patch(f"/api/v1/queue/{reference}", json={"notable": True}, headers=analyst)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["notable"] is True
    assert response.get_json()["status"] == "new"  # a mark, not a triage decision
    (row,) = client.get("/api/v1/queue", headers=analyst).get_json()["items"]
    assert (row["reference"], row["notable"]) == (reference, True)


def test_items_are_not_notable_until_marked(client: Any, analyst: dict[str, str]) -> None:
    reference = send_tip(client).get_json()["reference"]

    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()

    assert item["notable"] is False


def test_the_mark_is_audited_like_category_and_priority(
    app: Any, client: Any, analyst: dict[str, str]
) -> None:
    reference = send_tip(client).get_json()["reference"]
    client.patch(
        f"/api/v1/queue/{reference}", json={"notable": True, "reason": "Skolan"}, headers=analyst
    )
    client.patch(f"/api/v1/queue/{reference}", json={"notable": False}, headers=analyst)

    admin = as_role(app, client, "admin")
    entries = client.get(
        "/api/v1/audit", query_string={"target": reference, "action": "item.update"}, headers=admin
    ).get_json()["items"]

    assert [(e["reason"], e["detail"]) for e in entries] == [
        (None, {"notable": {"before": True, "after": False}}),
        ("Skolan", {"notable": {"before": False, "after": True}}),
    ]


def test_marking_with_a_stale_etag_is_refused(client: Any, analyst: dict[str, str]) -> None:
    reference = send_tip(client).get_json()["reference"]

    response = client.patch(
        f"/api/v1/queue/{reference}",
        json={"notable": True},
        headers={**analyst, "If-Match": '"v99"'},
    )

    assert response.status_code == 412
    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
    assert item["notable"] is False
