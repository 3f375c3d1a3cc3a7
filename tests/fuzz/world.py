"""A small world for the fuzzer to find: one of each record, made through the API.

Random ids almost always miss and answer 404; the fuzzer is handed these real ones (see
``hooks.py``) so the code past each lookup is exercised too.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from tests.factories import (
    Staff,
    login,
    login_as,
    make_org,
    make_user,
    observation_body,
    send_tip,
    walk_body,
)

STAFF_ROLES = ("admin", "analyst", "partner", "viewer")


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((32, 24)).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class World:
    """What exists, and the known values the fuzzer may pick instead of random ones."""

    app: Flask
    client: FlaskClient
    staff: dict[str, Staff]
    headers: dict[str, dict[str, str]]
    # Path parameter, query parameter or body field name -> real values to choose from.
    known: dict[str, list[Any]] = field(default_factory=dict)
    receipt: str = ""
    jpeg: bytes = b""

    def fresh_headers(self, role: str) -> dict[str, str]:
        """A new token for ``role``: logout and password changes revoke the shared one."""
        user = self.staff[role]
        return {"Authorization": f"Bearer {login(self.client, user.email, user.password)}"}


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.get_json()
    return dict(response.get_json())


def build_world(app: Flask) -> World:
    """Staff of every role in Gislaved, two tips (one with a photo), a walk with a participant
    and an observation, an action, a draft report, a statement, and a user and an organisation
    for the admin endpoints to change (never the fuzzing accounts themselves)."""
    client = app.test_client()
    staff = {role: make_user(app, role) for role in STAFF_ROLES}
    headers = {role: login_as(client, user) for role, user in staff.items()}
    analyst = headers["analyst"]

    first = _created(send_tip(client))
    second = _created(send_tip(client, text="Det luktar rök från förrådet bakom Coop varje kväll."))
    jpeg = small_jpeg()
    photo_uuid = str(uuid.uuid4())
    photo = _created(
        client.put(
            f"/api/v1/tips/{first['reference']}/photos/{photo_uuid}",
            data=jpeg,
            headers={"Content-Type": "image/jpeg", "X-Tip-Receipt": first["receipt"]},
        )
    )

    walk = _created(client.post("/api/v1/walks", json=walk_body(), headers=analyst))
    joined = _created(client.post("/api/v1/walks/join", json={"code": walk["join_code"]}))
    participant = {"Authorization": f"Bearer {joined['token']}"}
    seen = observation_body()
    observation = _created(
        client.post(f"/api/v1/walks/{walk['id']}/observations", json=seen, headers=participant)
    )
    headers["participant"] = participant

    owner = make_org(app, kind="partner")
    action = _created(
        client.post(
            "/api/v1/actions",
            json={"title": "Byt armaturen i gångtunneln", "owner": owner.id, "area": "gislaved"},
            headers=analyst,
        )
    )
    report = _created(client.get("/api/v1/reports/next?area=gislaved", headers=analyst))
    statement = _created(
        client.post(
            "/api/v1/public/statements",
            json={"area": "gislaved", "title": "Om ryktet", "body": "Det stämmer inte."},
            headers=analyst,
        )
    )
    target_org = make_org(app, kind="police")
    target_user = make_user(app, "analyst", org=target_org)

    references = [first["reference"], second["reference"], observation["reference"]]
    known: dict[str, list[Any]] = {
        "reference": references,
        "of": references,
        "item": references,
        "receipt": [first["receipt"]],
        "X-Tip-Receipt": [first["receipt"]],
        "public_id": [photo["id"]],
        "client_uuid": [photo_uuid],
        "observation_client_uuid": [seen["client_uuid"]],
        "walk_id": [walk["id"]],
        "walk": [walk["id"]],
        "compare": [walk["id"]],
        "code": [walk["join_code"]],
        "action_id": [action["id"]],
        "report_id": [report["report"]["id"]],
        "report": [report["report"]["id"]],
        "statement_id": [statement["id"]],
        "user_id": [target_user.id],
        "organisation_id": [target_org.id],
        "organisation": [target_org.id],
        "owner": [owner.id],
        "area": ["gislaved", "varnamo"],
    }
    return World(app, client, staff, headers, known, first["receipt"], jpeg)
