"""POST /api/v1/queue/{reference}/erase: an analyst erases one item's personal content now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role, make_participant, make_walk, observation_body
from tests.retention.conftest import SECRET_TEXT, World, stored_files
from tests.traces import database_dump

REASON = "Begäran om radering enligt art. 17 dataskyddsförordningen."


def erase(world: World, reference: str, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return world.client.post(
        f"/api/v1/queue/{reference}/erase",
        json=body if body else {"reason": REASON},
        headers=headers or world.analyst,
    )


def audit_of(world: World, admin: dict[str, str], reference: str) -> list[dict[str, Any]]:
    response = world.client.get(f"/api/v1/audit?target={reference}&limit=200", headers=admin)
    return response.get_json()["items"]  # type: ignore[no-any-return]


def test_erasing_removes_text_notes_photos_and_messages_and_keeps_the_figures(
    app: Flask, world: World, photo_dir: Path
) -> None:
    reference, _ = world.full_tip()
    before = world.item(reference)

    response = erase(world, reference)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["removed"] == {
        "tip_texts": 1,
        "report_texts": 0,
        "observation_texts": 0,
        "notes": 1,
        "report_rows": 0,
        "photos": 1,
        "photo_files": 2,
        "messages": 2,
        "audit_details": 1,  # the redaction's reason
    }
    after = world.item(reference)
    assert (after["text"], after["place"], after["notes"], after["messages"]) == ("", None, [], [])
    assert before["erased_at"] is None
    assert after["erased_at"] == response.get_json()["erased_at"]
    assert world.photos(reference) == []
    assert stored_files(photo_dir) == []
    for kept in ("status", "area", "effective_category", "received_at", "priority"):
        assert after[kept] == before[kept]
    dump = database_dump(app)
    for content in (SECRET_TEXT, "Kalle", "Langning", "Runt nio", "Vilken tid"):
        assert content not in dump


def test_the_resident_still_sees_the_status_but_no_messages(world: World) -> None:
    reference, receipt = world.full_tip()

    erase(world, reference)

    status = world.client.post(
        "/api/v1/tips/status", json={"reference": reference, "receipt": receipt}
    )
    assert status.status_code == 200
    assert status.get_json()["status"] == "received"
    assert status.get_json()["messages"] == []


def test_the_erasure_is_audited_with_its_reason_and_earlier_reasons_are_cleared(
    world: World, admin: dict[str, str]
) -> None:
    reference, _ = world.full_tip()
    world.act(reference, "reject", reason="Kalle Svensson är redan känd.")

    erase(world, reference)

    entries = audit_of(world, admin, reference)
    [erasure] = [entry for entry in entries if entry["action"] == "item.erase"]
    assert erasure["reason"] == REASON
    assert erasure["detail"]["removed"]["tip_texts"] == 1
    assert {e["action"] for e in entries} >= {"item.redact", "item.reject", "item.note"}
    earlier = [entry for entry in entries if entry["action"] != "item.erase"]
    assert all(entry["reason"] is None and entry["detail"] is None for entry in earlier)
    assert "Kalle" not in str(entries)


def test_the_published_report_loses_only_the_erased_items_text(world: World) -> None:
    erased, _ = world.full_tip()
    kept, _ = world.tip("Trasig belysning vid busshållplatsen på Järnvägsgatan.")
    for reference in (erased, kept):
        world.act(reference, "queue")
    report_id = world.publish()
    before = world.report(report_id)

    response = erase(world, erased)

    assert response.get_json()["removed"]["report_rows"] == 1
    after = world.report(report_id)
    rows = {row["reference"]: row for row in after["items"]}
    assert rows[erased]["text"] is None and rows[erased]["place"] is None
    assert rows[kept] == next(row for row in before["items"] if row["reference"] == kept)
    assert {k: v for k, v in after.items() if k not in ("items", "notable")} == {
        k: v for k, v in before.items() if k not in ("items", "notable")
    }
    assert "Storgatan 7" not in str(after)


def test_erasing_again_removes_nothing_and_writes_no_second_entry(
    world: World, admin: dict[str, str]
) -> None:
    reference, _ = world.full_tip()
    erase(world, reference)

    again = erase(world, reference)

    assert again.status_code == 200
    assert set(again.get_json()["removed"].values()) == {0}
    entries = audit_of(world, admin, reference)
    assert [entry["action"] for entry in entries].count("item.erase") == 1


def test_a_message_that_came_after_an_erasure_is_erased_by_the_next_one(
    world: World, admin: dict[str, str]
) -> None:
    reference, receipt = world.full_tip()
    erase(world, reference)
    world.reply(reference, receipt, "Jag glömde säga: han heter Kalle.")

    again = erase(world, reference)

    assert again.get_json()["removed"]["messages"] == 1
    assert world.item(reference)["messages"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "reason"), ({"reason": ""}, "reason"), ({"reason": "x" * 501}, "reason")],
)
def test_an_erasure_needs_a_reason(world: World, body: dict[str, Any], field: str) -> None:
    reference, _ = world.tip()

    response = world.client.post(
        f"/api/v1/queue/{reference}/erase", json=body, headers=world.analyst
    )

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert world.item(reference)["text"] == SECRET_TEXT


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_only_analysts_and_admins_may_erase(
    app: Flask, client: FlaskClient, world: World, role: str
) -> None:
    reference, _ = world.tip()

    response = erase(world, reference, as_role(app, client, role))

    assert response.status_code == 403
    assert world.item(reference)["text"] == SECRET_TEXT


def test_an_analyst_of_another_area_gets_404(app: Flask, client: FlaskClient, world: World) -> None:
    reference, _ = world.tip()

    response = erase(world, reference, as_role(app, client, "analyst", areas=("varnamo",)))

    assert response.status_code == 404
    assert world.item(reference)["text"] == SECRET_TEXT


def test_a_stale_etag_is_refused(world: World) -> None:
    reference, _ = world.tip()

    response = world.client.post(
        f"/api/v1/queue/{reference}/erase",
        json={"reason": REASON},
        headers={**world.analyst, "If-Match": '"v999"'},
    )

    assert response.status_code == 412
    assert world.item(reference)["text"] == SECRET_TEXT


def test_an_erased_item_is_not_a_training_example(app: Flask, world: World) -> None:
    from tipsapp.triage.service import confirmed_examples

    erased, _ = world.tip()
    kept, _ = world.tip("Bilar kör alldeles för fort förbi förskolan på morgnarna.")
    for reference in (erased, kept):
        world.client.patch(
            f"/api/v1/queue/{reference}", json={"category": "traffic"}, headers=world.analyst
        )

    erase(world, erased)

    with app.app_context():
        examples = confirmed_examples()
    assert examples == [("Bilar kör alldeles för fort förbi förskolan på morgnarna.", "traffic")]


def test_erasing_a_walk_observation_keeps_its_issue_and_ratings_for_the_walk_summary(
    app: Flask, world: World
) -> None:
    walk = make_walk(app)
    answer = world.client.post(
        f"/api/v1/walks/{walk.id}/observations",
        json=observation_body(),
        headers=make_participant(app, walk),
    )
    reference = answer.get_json()["reference"]

    response = erase(world, reference)

    assert response.get_json()["removed"]["observation_texts"] == 1
    item = world.item(reference)
    assert (item["text"], item["place"]) == ("", None)
    summary = world.client.get(f"/api/v1/walks/{walk.id}/summary", headers=world.analyst)
    assert summary.status_code == 200
    assert "Gatlyktan" not in summary.get_data(as_text=True)
    assert summary.get_json()["by_issue"] == {"lighting": 1}
    [place] = summary.get_json()["places"]
    assert place["ratings"]["lighting"] == {"mean": 0.0, "n": 1}


def test_an_erased_item_cannot_be_redacted_back_into_having_text(world: World) -> None:
    reference, _ = world.full_tip()
    erase(world, reference)

    response = world.client.post(
        f"/api/v1/queue/{reference}/redact",
        json={"text": "Ny text som inte ska sparas.", "reason": "Maskering"},
        headers=world.analyst,
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "content_erased"
    assert world.item(reference)["text"] == ""
