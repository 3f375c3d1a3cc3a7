"""The OpenAPI document lists what every route of a kind answers (found by schema fuzzing)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.apidoc import documented_statuses
from tests.factories import as_role


def test_every_operation_on_a_record_documents_its_404(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    undocumented = [
        f"{method.upper()} {path}"
        for path, item in paths.items()
        if "{" in path
        for method, operation in item.items()
        if method != "parameters" and "404" not in operation["responses"]
    ]
    assert undocumented == []


def test_unknown_action_answers_the_documented_404(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/actions/no-such-action", headers=as_role(app, client, "analyst"))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert 404 in documented_statuses(client, "GET", "/api/v1/actions/{action_id}")
