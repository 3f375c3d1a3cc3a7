"""What the OpenAPI document promises, for tests that hold an endpoint to it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def operation_doc(client: FlaskClient, method: str, path: str) -> dict[str, Any]:
    """The operation as /api/v1/openapi.json documents it (``path`` as written there)."""
    document = client.get("/api/v1/openapi.json").get_json()
    return dict(document["paths"][path][method.lower()])


def documented_statuses(client: FlaskClient, method: str, path: str) -> set[int]:
    """The statuses the operation lists itself (``default`` promises nothing in particular)."""
    responses = operation_doc(client, method, path)["responses"]
    return {int(status) for status in responses if status != "default"}
