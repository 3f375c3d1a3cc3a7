"""Photo uploads answer only what their OpenAPI document lists (found by schema fuzzing)."""

from __future__ import annotations

import uuid

from flask import Flask
from flask.testing import FlaskClient

from tests.apidoc import documented_statuses
from tests.factories import as_role, make_participant, make_walk, observation_body
from tests.photos.images import encoded, picture

UPLOAD = "/api/v1/observations/{observation_client_uuid}/photos/{client_uuid}"


def test_viewer_upload_to_an_observation_answers_the_documented_403(
    app: Flask, client: FlaskClient
) -> None:
    walk = make_walk(app)
    seen = observation_body()
    stored = client.post(
        f"/api/v1/walks/{walk.id}/observations", json=seen, headers=make_participant(app, walk)
    )
    assert stored.status_code == 201

    response = client.put(
        UPLOAD.format(observation_client_uuid=seen["client_uuid"], client_uuid=uuid.uuid4()),
        data=encoded(picture(), "JPEG"),
        headers={**as_role(app, client, "viewer"), "Content-Type": "image/jpeg"},
    )

    assert response.status_code == 403
    assert 403 in documented_statuses(client, "PUT", UPLOAD)
