"""The resident's follow-up says a tip was handed over, in plain words and never to whom:
the status API's ``handed_over`` (the page words it, tests/browser/test_followup_handover)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import send_tip
from tests.handover.conftest import (
    SmtpServer,
    add_recipient,
    handed_over,
    later,
    run_worker,
)


def sent_tip(client: FlaskClient) -> dict[str, str]:
    response = send_tip(client)
    assert response.status_code == 201, response.get_json()
    return {key: response.get_json()[key] for key in ("reference", "receipt")}


def follow_up(client: FlaskClient, tip: dict[str, str]) -> dict[str, Any]:
    response = client.post("/api/v1/tips/status", json=tip)
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def test_a_tip_not_handed_over_is_not_said_to_be(client: FlaskClient) -> None:
    assert follow_up(client, sent_tip(client))["handed_over"] is False


def test_a_handed_over_tip_says_so_without_the_recipient(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    tip = sent_tip(client)

    handed_over(client, analyst, tip["reference"], recipient["id"])
    pending = client.post("/api/v1/tips/status", json=tip)
    run_worker(app)
    delivered = client.post("/api/v1/tips/status", json=tip)

    for answer in (pending, delivered):
        assert answer.get_json()["handed_over"] is True
        shown = answer.get_data(as_text=True)
        assert "felanmalan@gislaved.example" not in shown
        assert "Gislaveds kommun, felanmälan" not in shown
        assert "Gatlyktan behöver lagas" not in shown  # the analyst's note is staff's


def test_a_delivery_given_up_on_is_not_said_to_have_been_handed_over(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recipient = add_recipient(client, admin)
    tip = sent_tip(client)
    handed_over(client, analyst, tip["reference"], recipient["id"])
    smtp.stop()
    for days in (0, 1, 2):  # OUTBOX_MAX_ATTEMPTS is 3 in these tests
        later(monkeypatch, days * 3600 * 24)
        run_worker(app)

    assert follow_up(client, tip)["handed_over"] is False
