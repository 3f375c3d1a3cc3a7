"""Queue actions answer only what their OpenAPI document lists (found by schema fuzzing)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.apidoc import documented_statuses
from tests.factories import (
    login_as,
    make_participant,
    make_user,
    make_walk,
    observation_body,
    send_tip,
)


def test_message_to_an_observation_answers_the_documented_409(
    app: Flask, client: FlaskClient
) -> None:
    analyst = make_user(app, "analyst")
    walk = make_walk(app, organiser=analyst)
    sent = client.post(
        f"/api/v1/walks/{walk.id}/observations",
        json=observation_body(),
        headers=make_participant(app, walk),
    )
    reference = sent.get_json()["reference"]

    response = client.post(
        f"/api/v1/queue/{reference}/messages",
        json={"body": "Hej, kan du berätta mer?"},
        headers=login_as(client, analyst),
    )

    assert response.status_code == 409
    assert 409 in documented_statuses(client, "POST", "/api/v1/queue/{reference}/messages")


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("duplicate", {"of": "OTHER"}),
        ("share", {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."}),
        ("redact", {"text": "Gatlyktorna är släckta.", "reason": "Namn på en granne"}),
    ],
)
def test_stale_etag_answers_the_documented_412(
    app: Flask, client: FlaskClient, action: str, body: dict[str, Any]
) -> None:
    headers = login_as(client, make_user(app, "analyst"))
    reference = send_tip(client).get_json()["reference"]
    if body.get("of") == "OTHER":
        body = {
            "of": send_tip(client, text="Gatlyktorna vid skolan är släckta igen.").get_json()[
                "reference"
            ]
        }

    response = client.post(
        f"/api/v1/queue/{reference}/{action}", json=body, headers={**headers, "If-Match": '"v999"'}
    )

    assert response.status_code == 412
    assert 412 in documented_statuses(client, "POST", f"/api/v1/queue/{{reference}}/{action}")


def test_redacting_an_erased_item_answers_the_documented_409(
    app: Flask, client: FlaskClient
) -> None:
    headers = login_as(client, make_user(app, "analyst"))
    reference = send_tip(client).get_json()["reference"]
    erased = client.post(
        f"/api/v1/queue/{reference}/erase", json={"reason": "Begärd radering"}, headers=headers
    )
    assert erased.status_code == 200

    response = client.post(
        f"/api/v1/queue/{reference}/redact",
        json={"text": "Gatlyktorna är släckta.", "reason": "Namn på en granne"},
        headers=headers,
    )

    assert response.status_code == 409
    assert 409 in documented_statuses(client, "POST", "/api/v1/queue/{reference}/redact")
