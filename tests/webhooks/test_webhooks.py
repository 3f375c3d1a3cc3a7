"""Webhooks: admins register endpoints; each event reaches a real local receiver once, signed
so the README's code verifies it, with no content; a receiver that is down gets it later."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    etag_of,
    make_org,
    make_participant,
    make_walk,
    new_tip,
    observation_body,
    send_tip,
    sync,
)
from tests.handover.conftest import add_recipient, handed_over, later, run_worker
from tests.webhooks.conftest import WebhookReceiver, readme_verifier, register
from tipsapp.webhooks.models import WEBHOOK_EVENTS

TEXT = "Zebrafinken Ottilia Vindelkvist, 070-987 65 43, såg krossade rutor vid badhuset."
PLACE = "Bakom Vindelkvists garage på Ugglestigen 7"
POSITION = {"lat": 57.30481, "lon": 13.54136, "accuracy_m": 10}
NOTE = "Anteckning om Vindelkvist som aldrig får lämna huset."


def queue(client: FlaskClient, analyst: dict[str, str], reference: str) -> None:
    response = client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst)
    assert response.status_code == 200, response.get_json()


def publish_report(client: FlaskClient, analyst: dict[str, str]) -> None:
    draft = client.get("/api/v1/reports/next?area=gislaved", headers=analyst)
    assert draft.status_code == 200, draft.get_json()
    report_id = draft.get_json()["report"]["id"]
    published = client.post(f"/api/v1/reports/{report_id}/publish", headers=analyst)
    assert published.status_code == 200, published.get_json()


def move_an_action(app: Flask, client: FlaskClient, analyst: dict[str, str]) -> None:
    owner = make_org(app, "Gislavedshem", kind="partner")
    created = client.post(
        "/api/v1/actions",
        json={"title": "Byt rutorna", "owner": owner.id, "area": "gislaved"},
        headers=analyst,
    )
    assert created.status_code == 201, created.get_json()
    moved = client.post(
        f"/api/v1/actions/{created.get_json()['id']}/status",
        json={"status": "in_progress"},
        headers=analyst,
    )
    assert moved.status_code == 200, moved.get_json()


def every_event_once(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> str:
    """A tip that is queued, handed over and reported, and an action that moves."""
    recipient = add_recipient(client, admin)["id"]
    reference = new_tip(client, text=TEXT, place=PLACE, location=POSITION)
    queue(client, analyst, reference)
    handed_over(client, analyst, reference, recipient, note=NOTE)
    publish_report(client, analyst)
    move_an_action(app, client, analyst)
    return reference


def log_of(client: FlaskClient, admin: dict[str, str], webhook: str, **query: Any) -> Any:
    response = client.get(
        f"/api/v1/webhooks/{webhook}/deliveries", query_string=query, headers=admin
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- registering -----------------------------------------------------------------------------


def test_only_admins_register_webhooks_and_the_secret_is_shown_only_on_creation(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str], receiver: WebhookReceiver
) -> None:
    body = {"url": "https://hooks.kommun.example/tipsapp", "events": ["item.created"]}
    assert client.post("/api/v1/webhooks", json=body, headers=analyst).status_code == 403
    assert client.get("/api/v1/webhooks", headers=analyst).status_code == 403

    created = register(client, admin, body["url"], body["events"])

    assert len(created["secret"]) >= 32
    (listed,) = client.get("/api/v1/webhooks", headers=admin).get_json()["items"]
    assert listed["id"] == created["id"] and listed["events"] == ["item.created"]
    assert "secret" not in listed


def test_plain_http_is_refused_outside_testing_and_to_other_hosts(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    elsewhere = {"url": "http://hooks.kommun.example/tipsapp", "events": ["item.created"]}
    local = {"url": "http://127.0.0.1:8080/hooks", "events": ["item.created"]}
    refused = client.post("/api/v1/webhooks", json=elsewhere, headers=admin)
    assert refused.status_code == 422
    assert "url" in refused.get_json()["error"]["fields"]

    app.config["TESTING"] = False
    assert client.post("/api/v1/webhooks", json=local, headers=admin).status_code == 422
    app.config["WEBHOOKS_ALLOW_HTTP"] = True
    assert client.post("/api/v1/webhooks", json=local, headers=admin).status_code == 201


def test_unknown_events_are_refused(client: FlaskClient, admin: dict[str, str]) -> None:
    body = {"url": "https://hooks.kommun.example/tipsapp", "events": ["item.erased"]}
    response = client.post("/api/v1/webhooks", json=body, headers=admin)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "url", ["https://[::1", "https://hooks.example:port/", "https:///path", "ftp://x.example/"]
)
def test_malformed_urls_are_refused_naming_the_field(
    client: FlaskClient, admin: dict[str, str], url: str
) -> None:
    body = {"url": url, "events": ["item.created"]}
    response = client.post("/api/v1/webhooks", json=body, headers=admin)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["url"]


def test_a_removed_webhook_is_no_longer_listed_nor_sent_to(
    app: Flask, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    webhook = register(client, admin, receiver.url, ["item.created"])
    new_tip(client)  # on its way when the webhook is removed
    assert client.delete(f"/api/v1/webhooks/{webhook['id']}", headers=admin).status_code == 204

    new_tip(client)
    run_worker(app)

    assert client.get("/api/v1/webhooks", headers=admin).get_json()["items"] == []
    assert receiver.received == []
    (dead,) = client.get("/api/v1/deliveries?state=dead", headers=admin).get_json()["items"]
    assert (dead["kind"], dead["last_error"]) == ("webhook", "webhook removed")
    assert dead["recipient"] is None and dead["item"]


# --- delivering ------------------------------------------------------------------------------


def test_each_event_arrives_exactly_once_when_the_relay_runs_twice(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    register(client, admin, receiver.url, list(WEBHOOK_EVENTS))
    reference = every_event_once(app, client, admin, analyst)

    run_worker(app)
    run_worker(app)

    assert len(receiver.unique_deliveries()) == len(receiver.received)
    counts = {event: len(receiver.of_event(event)) for event in WEBHOOK_EVENTS}
    assert counts == {
        "item.created": 1,
        "item.status_changed": 2,
        "item.handed_over": 1,
        "report.published": 1,
        "action.status_changed": 1,
    }
    moves = [json.loads(item.body)["data"] for item in receiver.of_event("item.status_changed")]
    assert [(move["reference"], move["status"]) for move in moves] == [
        (reference, {"before": "new", "after": "queued"}),
        (reference, {"before": "queued", "after": "reported"}),
    ]
    action = json.loads(receiver.of_event("action.status_changed")[0].body)["data"]
    assert action["status"] == {"before": "planned", "after": "in_progress"}


def test_only_subscribed_events_are_sent(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    register(client, admin, receiver.url, ["item.handed_over"])
    every_event_once(app, client, admin, analyst)

    run_worker(app)

    assert [item.headers["X-Tipsapp-Event"] for item in receiver.received] == ["item.handed_over"]


def test_signature_verifies_with_the_readme_code_and_fails_with_a_wrong_secret(
    app: Flask, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    verify = readme_verifier()
    webhook = register(client, admin, receiver.url, ["item.created"])
    reference = new_tip(client)

    run_worker(app)

    (delivery,) = receiver.received
    assert verify(webhook["secret"], delivery.headers, delivery.body)
    assert not verify("not-the-secret", delivery.headers, delivery.body)
    assert not verify(webhook["secret"], delivery.headers, delivery.body + b" ")
    stale = {
        **delivery.headers,
        "X-Tipsapp-Timestamp": str(int(delivery.headers["X-Tipsapp-Timestamp"]) - 301),
    }
    assert not verify(webhook["secret"], stale, delivery.body)
    payload = json.loads(delivery.body)
    assert payload["id"] == delivery.headers["X-Tipsapp-Delivery"]
    assert payload["event"] == "item.created"
    assert payload["data"]["reference"] == reference
    assert payload["data"]["area"] == "gislaved"


def test_no_tip_text_place_position_note_or_receipt_in_any_delivery(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    register(client, admin, receiver.url, list(WEBHOOK_EVENTS))
    sent = send_tip(client, text=TEXT, place=PLACE, location=POSITION).get_json()
    every_event_once(app, client, admin, analyst)

    run_worker(app)

    assert len(receiver.received) >= 7
    for delivery in receiver.received:
        body = delivery.body.decode()
        for secret in ("Vindelkvist", "070-987", "Ugglestigen", "57.30", "13.54", sent["receipt"]):
            assert secret not in body
        assert not {"text", "place", "location", "note"} & set(json.loads(body)["data"])


def test_a_receiver_that_is_down_gets_the_event_once_later(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    webhook = register(client, admin, receiver.url, ["item.created"])
    receiver.stop()
    new_tip(client)

    run_worker(app)

    (waiting,) = log_of(client, admin, webhook["id"])["items"]
    assert (waiting["state"], waiting["attempts"]) == ("pending", 1)
    assert waiting["last_error"]

    receiver.start()
    later(monkeypatch, 3600)
    run_worker(app)
    run_worker(app)

    (delivery,) = receiver.received
    (done,) = log_of(client, admin, webhook["id"])["items"]
    assert delivery.headers["X-Tipsapp-Delivery"] == waiting["delivery_id"] == done["delivery_id"]
    assert (done["state"], done["last_status_code"]) == ("delivered", 204)
    assert done["delivered_at"] is not None


def test_a_server_error_is_retried_and_a_refusal_is_dead_at_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    webhook = register(client, admin, receiver.url, ["item.created", "item.status_changed"])
    receiver.status = 503
    reference = new_tip(client)
    run_worker(app)
    receiver.status = 410
    queue(client, analyst, reference)
    run_worker(app)

    log = {row["event"]: row for row in log_of(client, admin, webhook["id"])["items"]}
    assert (log["item.created"]["state"], log["item.created"]["last_status_code"]) == (
        "pending",
        503,
    )
    assert (log["item.status_changed"]["state"], log["item.status_changed"]["attempts"]) == (
        "dead",
        1,
    )
    assert log["item.status_changed"]["last_status_code"] == 410


def test_the_delivery_log_is_paged_with_a_cursor_newest_first(
    app: Flask, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    webhook = register(client, admin, receiver.url, ["item.created"])
    first, second = new_tip(client), new_tip(client)
    run_worker(app)
    by_delivery = {
        item.headers["X-Tipsapp-Delivery"]: json.loads(item.body)["data"]["reference"]
        for item in receiver.received
    }

    page = log_of(client, admin, webhook["id"], limit=1)
    rest = log_of(client, admin, webhook["id"], limit=1, cursor=page["next"])

    seen = [row["delivery_id"] for row in page["items"] + rest["items"]]
    assert [by_delivery[delivery] for delivery in seen] == [second, first]
    assert all(row["state"] == "delivered" for row in page["items"] + rest["items"])
    assert client.get(f"/api/v1/webhooks/{webhook['id']}/deliveries", headers={}).status_code == 401


def test_a_walk_observation_is_announced_as_a_created_item_without_its_note(
    app: Flask, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    register(client, admin, receiver.url, ["item.created"])
    walk = make_walk(app)
    stored = sync(
        client,
        walk.id,
        make_participant(app, walk),
        [observation_body(text=TEXT, place=PLACE)],
    )
    assert stored.status_code == 200, stored.get_json()
    (result,) = stored.get_json()["results"]

    run_worker(app)

    (delivery,) = receiver.received
    data = json.loads(delivery.body)["data"]
    assert (data["reference"], data["kind"], data["area"]) == (
        result["reference"],
        "observation",
        "gislaved",
    )
    assert "Vindelkvist" not in delivery.body.decode()


def test_a_bulk_move_announces_each_item_that_moved(
    app: Flask,
    client: FlaskClient,
    analyst: dict[str, str],
    admin: dict[str, str],
    receiver: WebhookReceiver,
) -> None:
    register(client, admin, receiver.url, ["item.status_changed"])
    references = [new_tip(client), new_tip(client)]
    items = [
        {"reference": reference, "etag": etag_of(client, analyst, reference)}
        for reference in references
    ]
    # One that changed since its ETag was read is not moved, and not announced.
    items.append({"reference": new_tip(client), "etag": '"stale"'})
    moved = client.post(
        "/api/v1/queue:bulk", json={"action": "queue", "items": items}, headers=analyst
    )
    assert moved.status_code == 200, moved.get_json()

    run_worker(app)

    announced = [json.loads(item.body)["data"] for item in receiver.received]
    assert sorted((data["reference"], data["status"]["after"]) for data in announced) == sorted(
        (reference, "queued") for reference in references
    )
