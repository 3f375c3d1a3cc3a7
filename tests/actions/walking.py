"""Walks made through the API, as an organiser and the phones do it, for the tests of what
follows a walk (summary, map, actions, follow-up)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

ROUTE = {
    "type": "LineString",
    "coordinates": [[13.5400, 57.3040], [13.5450, 57.3060], [13.5500, 57.3080]],
}


def iso(minutes: float = 0) -> str:
    """Now plus ``minutes``, as the phones send it."""
    return (datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=minutes)).isoformat()


def plan_walk(
    client: FlaskClient,
    headers: dict[str, str],
    starts_in_minutes: float = 0,
    **overrides: Any,
) -> dict[str, Any]:
    """A walk starting about now, so its join code works."""
    body: dict[str, Any] = {
        "area": "gislaved",
        "title": "Trygghetsvandring i centrum",
        "starts_at": iso(starts_in_minutes),
        "meeting_point": "Torget",
        "route": ROUTE,
    }
    body.update(overrides)
    response = client.post("/api/v1/walks", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def join(client: FlaskClient, walk: dict[str, Any]) -> dict[str, str]:
    """Headers with a participant token for ``walk``."""
    response = client.post("/api/v1/walks/join", json={"code": walk["join_code"]})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def observe(
    client: FlaskClient,
    walk_id: str,
    headers: dict[str, str],
    issue: str,
    minutes_ago: float = 1,
    place: str | None = None,
    at: tuple[float, float] | None = None,
    ratings: dict[str, int] | None = None,
    text: str = "",
    **extra: Any,
) -> str:
    """Post one observation; returns its reference."""
    body: dict[str, Any] = {
        "client_uuid": str(uuid.uuid4()),
        "issue": issue,
        "text": text,
        "place": place,
        "location": {"lat": at[0], "lon": at[1], "accuracy_m": 10} if at else None,
        "ratings": ratings,
        "seen_at": iso(-minutes_ago),
        **extra,
    }
    response = client.post(f"/api/v1/walks/{walk_id}/observations", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])
