"""Request bodies and actors with sensible defaults and overrides."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient


def tip_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "area": "gislaved",
        "text": "Gatlyktorna på gångvägen vid skolan har varit släckta i en vecka.",
        "category": "unsafe_environment",
        "place": "Gångvägen vid Öresjöskolan",
        "location": {"lat": 57.3048, "lon": 13.5413, "accuracy_m": 25},
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def send_tip(client: FlaskClient, key: str | None = None, **overrides: Any) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/tips", json=tip_body(**overrides), headers=headers)


def new_key() -> str:
    return str(uuid.uuid4())
