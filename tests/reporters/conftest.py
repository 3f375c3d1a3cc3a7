"""A reporter of a housing company in Gislaved, and an analyst of the same area."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import Staff, _now_iso, login_as, make_org, make_user, new_key


def report_body(**overrides: Any) -> dict[str, Any]:
    """One report as the phone sends it, seen ten minutes ago; ``...`` drops a field."""
    body: dict[str, Any] = {
        "client_uuid": new_key(),
        "area": "gislaved",
        "category": "vandalism",
        "text": "Klotter på återvinningsstationen vid Storgatan, nytt sedan i går.",
        "place": "Återvinningsstationen, Storgatan",
        "location": {"lat": 57.3050, "lon": 13.5420, "accuracy_m": 15},
        "ratings": {"graffiti": 0, "lighting": 2},
        "seen_at": _now_iso(minutes=-10),
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def send_reports(client: FlaskClient, headers: dict[str, str], items: list[Any]) -> Any:
    return client.post("/api/v1/est-reports/sync", json={"reports": items}, headers=headers)


@pytest.fixture
def reporter(app: Flask) -> Staff:
    org = make_org(app, "Gislavedshem", "partner", ("gislaved",))
    return make_user(app, "reporter", org=org, display_name="Vera Värd")


@pytest.fixture
def reporter_headers(client: FlaskClient, reporter: Staff) -> dict[str, str]:
    return login_as(client, reporter)


@pytest.fixture
def analyst_headers(app: Flask, client: FlaskClient) -> dict[str, str]:
    return login_as(client, make_user(app, "analyst"))
