"""Handover to an Open311 recipient, delivered to a real GeoReport v2 server: a second tipsapp
served over HTTPS. Filed once however often the relay runs or a send is repeated; a receiver
that is down is retried later; a refusal is dead at once."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import as_role, new_tip
from tests.handover.conftest import handed_over, item_handovers, later, run_worker
from tests.open311.conftest import Receiver, with_districts
from tests.traces import database_dump
from tipsapp.extensions import db
from tipsapp.handover.open311 import deliver_handover_open311
from tipsapp.outbox.models import OutboxEvent

TEXT = "Anna Svensson, 070-123 45 67, säger att gatlyktan vid skolan är släckt sedan en vecka."
POSITION = {"lat": 57.30481, "lon": 13.54136, "accuracy_m": 10}


@pytest.fixture
def app(make_app: Any, receiver: Receiver) -> Flask:
    return with_districts(
        make_app(
            OPEN311_CA_FILE=str(receiver.cert),
            OPEN311_TIMEOUT_SECONDS=5,
            OUTBOX_RETRY_SECONDS=60,
            OUTBOX_MAX_ATTEMPTS=3,
        )
    )


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "admin", areas=("gislaved",))


@pytest.fixture
def analyst(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved",))


def open311_recipient(
    client: FlaskClient, admin: dict[str, str], receiver: Receiver, **overrides: Any
) -> str:
    body = {
        "name": "Gislaveds kommun, felanmälan (Open311)",
        "kind": "open311",
        "endpoint": receiver.endpoint,
        "service_code": "lighting",
        "api_key": "recipient-api-key-4711",
        "level": "masked",
        "area": "gislaved",
        **overrides,
    }
    response = client.post("/api/v1/recipients", json=body, headers=admin)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["id"])


def the_event(app: Flask) -> OutboxEvent:
    with app.app_context():
        (event,) = db.session.scalars(select(OutboxEvent)).all()
        db.session.expunge(event)
        return event


def test_handover_is_filed_once_at_the_receiver_even_when_the_relay_runs_twice(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: Receiver,
) -> None:
    recipient = open311_recipient(client, admin, receiver)
    reference = new_tip(client, text=TEXT, location=POSITION)
    before = len(receiver.tips())
    handover = handed_over(client, analyst, reference, recipient)

    run_worker(app)
    run_worker(app)

    filed = receiver.tips()[before:]
    assert len(filed) == 1
    (shown,) = item_handovers(client, analyst, reference)
    assert shown["state"] == "delivered"
    assert shown["delivery_id"] == handover["delivery_id"]
    assert shown["service_request_id"] == filed[0].reference
    assert filed[0].open311_service == "lighting"


def test_masked_recipient_gets_masked_text_and_a_rounded_position_no_key_stored(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: Receiver,
) -> None:
    recipient = open311_recipient(client, admin, receiver, level="masked")
    reference = new_tip(client, text=TEXT, location=POSITION)
    before = len(receiver.tips())
    handover = handed_over(client, analyst, reference, recipient)

    run_worker(app)

    (filed,) = receiver.tips()[before:]
    assert "Anna Svensson" not in filed.text and "070-123 45 67" not in filed.text
    assert "gatlyktan vid skolan" in filed.text
    assert reference in filed.text and handover["delivery_id"] in filed.text
    assert (filed.latitude, filed.longitude) == (57.305, 13.541)
    assert "recipient-api-key-4711" not in database_dump(receiver.app)


def test_full_recipient_gets_the_text_and_the_exact_position(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: Receiver,
) -> None:
    recipient = open311_recipient(client, admin, receiver, level="full")
    reference = new_tip(client, text=TEXT, location=POSITION)
    before = len(receiver.tips())
    handed_over(client, analyst, reference, recipient)

    run_worker(app)

    (filed,) = receiver.tips()[before:]
    assert filed.text.startswith(TEXT)
    assert (filed.latitude, filed.longitude) == (POSITION["lat"], POSITION["lon"])


def test_a_send_repeated_after_a_crash_is_filed_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: Receiver,
) -> None:
    """The relay crashed after sending, before marking it delivered: the lease runs out and
    the same delivery is sent again. The receiver honours its Idempotency-Key."""
    recipient = open311_recipient(client, admin, receiver)
    reference = new_tip(client, text=TEXT, location=POSITION)
    before = len(receiver.tips())
    handed_over(client, analyst, reference, recipient)
    event = the_event(app)

    with app.app_context():
        for _attempt in range(2):
            deliver_handover_open311(db.session.get_one(OutboxEvent, event.id))

    filed = receiver.tips()[before:]
    assert len(filed) == 1
    assert item_handovers(client, analyst, reference)[0]["service_request_id"] == (
        filed[0].reference
    )


def test_receiver_down_is_retried_later_and_filed_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recipient = open311_recipient(client, admin, receiver)
    reference = new_tip(client, text=TEXT, location=POSITION)
    before = len(receiver.tips())
    handed_over(client, analyst, reference, recipient)
    receiver.stop()
    try:
        run_worker(app)
        failed = the_event(app)
        run_worker(app)  # not due again yet
    finally:
        receiver.start()
    later(monkeypatch, 3600)
    run_worker(app)
    run_worker(app)

    assert (failed.state, failed.attempts) == ("pending", 1)
    assert failed.last_error == "ConnectionRefusedError"
    assert len(receiver.tips()[before:]) == 1
    assert the_event(app).state == "delivered"
    assert item_handovers(client, analyst, reference)[0]["state"] == "delivered"


def test_receiver_refusing_the_request_makes_it_dead_at_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    receiver: Receiver,
) -> None:
    recipient = open311_recipient(client, admin, receiver, service_code="potholes")
    reference = new_tip(client, text=TEXT, location=POSITION)
    before = len(receiver.tips())
    handed_over(client, analyst, reference, recipient)

    run_worker(app)

    event = the_event(app)
    assert (event.state, event.attempts, event.last_error) == ("dead", 1, "open311 HTTP 400")
    assert receiver.tips()[before:] == []
