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


def new_key() -> str:
    return str(uuid.uuid4())


# --- staff actors -----------------------------------------------------------------------------

DEFAULT_PASSWORD = "correct horse battery staple"
ORGANISATION_KIND_FOR_ROLE = {
    "admin": "municipality",
    "analyst": "police",
    "partner": "partner",
    "viewer": "municipality",
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
