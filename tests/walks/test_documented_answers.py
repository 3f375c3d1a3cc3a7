"""Walk endpoints answer only what their OpenAPI document lists (found by schema fuzzing)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.apidoc import documented_statuses, operation_doc
from tests.factories import make_participant, make_walk, move_walk, observation_body

PARTICIPANT_ROUTES = [
    ("GET", "/api/v1/walks/{walk_id}"),
    ("POST", "/api/v1/walks/{walk_id}/observations"),
    ("POST", "/api/v1/walks/{walk_id}/observations:sync"),
    ("GET", "/api/v1/walks/{walk_id}/followup"),
]


@pytest.mark.parametrize(("method", "path"), PARTICIPANT_ROUTES)
def test_walk_route_without_a_token_answers_the_documented_401(
    app: Flask, client: FlaskClient, method: str, path: str
) -> None:
    walk = make_walk(app)
    body = {"observations": [observation_body()]} if path.endswith(":sync") else observation_body()

    response = client.open(
        path.replace("{walk_id}", walk.id), method=method, json=body if method == "POST" else None
    )

    assert response.status_code == 401
    assert 401 in documented_statuses(client, method, path)
    assert operation_doc(client, method, path)["security"] == [{"bearerAuth": []}]


@pytest.mark.parametrize("path", [path for method, path in PARTICIPANT_ROUTES if method == "POST"])
def test_observation_for_a_closed_walk_answers_the_documented_409(
    app: Flask, client: FlaskClient, path: str
) -> None:
    walk = make_walk(app)
    participant = make_participant(app, walk)
    move_walk(app, walk, "active", "completed", "followed_up")
    body = {"observations": [observation_body()]} if path.endswith(":sync") else observation_body()

    response = client.post(path.replace("{walk_id}", walk.id), json=body, headers=participant)

    assert response.status_code == 409
    assert 409 in documented_statuses(client, "POST", path)
