"""Request bodies and actors with sensible defaults and overrides."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask
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


def new_tip(client: FlaskClient, **overrides: Any) -> str:
    """Send a tip that must be accepted; its reference."""
    response = send_tip(client, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def etag_of(client: FlaskClient, headers: dict[str, str], reference: str) -> str:
    """The item's current ETag, as an analyst reads it (the read is audited)."""
    response = client.get(f"/api/v1/queue/{reference}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return str(response.headers["ETag"])


def new_key() -> str:
    return str(uuid.uuid4())


# --- staff actors -----------------------------------------------------------------------------

DEFAULT_PASSWORD = "correct horse battery staple"
ORGANISATION_KIND_FOR_ROLE = {
    "admin": "municipality",
    "analyst": "police",
    "partner": "partner",
    "viewer": "municipality",
    "reporter": "partner",
}


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    kind: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Staff:
    id: str
    email: str
    password: str
    role: str
    organisation: str
    display_name: str


def make_org(
    app: Flask,
    name: str | None = None,
    kind: str = "municipality",
    areas: Iterable[str] = ("gislaved",),
) -> Org:
    """An organisation whose agreement covers ``areas``, made through the service layer."""
    from tipsapp.staff.service import create_organisation

    with app.app_context():
        organisation = create_organisation(name or f"Org {uuid.uuid4().hex[:8]}", kind, list(areas))
        return Org(
            organisation.public_id,
            organisation.name,
            organisation.kind,
            tuple(organisation.area_codes),
        )


def make_user(
    app: Flask,
    role: str = "analyst",
    org: Org | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    areas: Iterable[str] = ("gislaved",),
    display_name: str | None = None,
) -> Staff:
    """A staff account; without ``org`` a fresh organisation of the role's usual kind."""
    from tipsapp.staff.service import create_user, organisation_by_public_id

    org = org or make_org(app, kind=ORGANISATION_KIND_FOR_ROLE[role], areas=areas)
    email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.se"
    display_name = display_name or f"{role.title()} Testsson"
    with app.app_context():
        organisation = organisation_by_public_id(org.id)
        assert organisation is not None
        user = create_user(email, display_name, password, role, organisation)
        return Staff(user.public_id, user.email, password, role, org.name, display_name)


def login_response(
    client: FlaskClient, email: str, password: str, address: str = "127.0.0.1"
) -> Any:
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def login(client: FlaskClient, email: str, password: str = DEFAULT_PASSWORD) -> str:
    response = login_response(client, email, password)
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["token"])


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login_as(client: FlaskClient, user: Staff) -> dict[str, str]:
    return auth(login(client, user.email, user.password))


def as_role(
    app: Flask, client: FlaskClient, role: str, areas: Iterable[str] = ("gislaved",)
) -> dict[str, str]:
    """Headers of a freshly logged-in ``role`` whose organisation covers ``areas``."""
    return login_as(client, make_user(app, role, areas=areas))


# --- safety walks ----------------------------------------------------------------------------

WALK_ROUTE = {"type": "LineString", "coordinates": [[13.5413, 57.3048], [13.5450, 57.3061]]}


def _now_iso(minutes: int = 0) -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=minutes)).isoformat()


def walk_body(**overrides: Any) -> dict[str, Any]:
    """A walk in Gislaved starting now (so its join code works); ``...`` drops a field."""
    body: dict[str, Any] = {
        "area": "gislaved",
        "title": "Trygghetsvandring i centrum",
        "starts_at": _now_iso(),
        "meeting_point": "Torget vid biblioteket",
        "route": WALK_ROUTE,
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def create_walk(client: FlaskClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """Plan a walk as the given staff member; returns the walk as staff see it."""
    response = client.post("/api/v1/walks", json=walk_body(**overrides), headers=headers)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def join_walk(client: FlaskClient, code: str, **kwargs: Any) -> dict[str, Any]:
    """Join with a code; returns the answer (token, expires_at, walk)."""
    response = client.post("/api/v1/walks/join", json={"code": code}, **kwargs)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def observation_body(**overrides: Any) -> dict[str, Any]:
    """One observation as a phone sends it, seen a minute ago; ``...`` drops a field."""
    body: dict[str, Any] = {
        "client_uuid": new_key(),
        "issue": "lighting",
        "text": "Gatlyktan vid gångtunneln är trasig, det är helt mörkt på kvällen.",
        "place": "Gångtunneln under Storgatan",
        "location": {"lat": 57.3050, "lon": 13.5420, "accuracy_m": 12},
        "ratings": {"lighting": 0, "vegetation": 2},
        "seen_at": _now_iso(minutes=-1),
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def sync(client: FlaskClient, walk_id: str, headers: dict[str, str], items: list[Any]) -> Any:
    return client.post(
        f"/api/v1/walks/{walk_id}/observations:sync", json={"observations": items}, headers=headers
    )


@dataclass(frozen=True)
class WalkRef:
    id: str
    join_code: str  # grouped, as on the poster: "ABCD-EFGH"
    title: str
    starts_at: str


def make_walk(app: Flask, organiser: Staff | None = None, **overrides: Any) -> WalkRef:
    """A walk planned through the service layer (by ``organiser``, else a fresh analyst)."""
    from tipsapp.security.secrets import group
    from tipsapp.staff.service import user_by_public_id
    from tipsapp.walks import service
    from tipsapp.walks.schemas import WalkCreateSchema

    organiser = organiser or make_user(app, "analyst", areas=("gislaved", "varnamo"))
    with app.app_context():
        user = user_by_public_id(organiser.id)
        assert user is not None
        walk = service.create_walk(user, WalkCreateSchema().load(walk_body(**overrides)))
        return WalkRef(
            walk.public_id,
            group(walk.join_code),
            walk.title,
            walk.starts_at.isoformat(),
        )


def make_participant(app: Flask, walk: WalkRef) -> dict[str, str]:
    """Join ``walk`` through the service layer (now must be in its window); bearer headers."""
    from tipsapp.walks import service

    with app.app_context():
        token, _participant = service.join(walk.join_code)
        return auth(token)


def move_walk(app: Flask, walk: WalkRef, *statuses: str) -> None:
    """Move the walk through ``statuses`` as its organiser, through the service layer."""
    from tipsapp.extensions import db
    from tipsapp.staff.models import StaffUser
    from tipsapp.walks import service

    with app.app_context():
        stored = service.walk_by_public_id(walk.id)
        user = db.session.get(StaffUser, stored.created_by_id)
        for status in statuses:
            stored = service.set_walk_status(user, stored, status)
