"""Staff endpoints answer only what their OpenAPI document lists (found by schema fuzzing)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.apidoc import documented_statuses
from tests.factories import as_role


def test_taken_organisation_name_answers_the_documented_409(
    app: Flask, client: FlaskClient
) -> None:
    admin = as_role(app, client, "admin")
    body = {"name": "Bostadsbolaget", "kind": "partner", "areas": ["gislaved"]}
    assert client.post("/api/v1/staff/organisations", json=body, headers=admin).status_code == 201

    response = client.post("/api/v1/staff/organisations", json=body, headers=admin)

    assert response.status_code == 409
    assert 409 in documented_statuses(client, "POST", "/api/v1/staff/organisations")
