"""Passwords are long, free-form and stored as Argon2id; HTTPS answers pin the browser to TLS."""

from __future__ import annotations

from typing import Any

import argon2
from sqlalchemy import select

from tests.factories import as_role, login_response, make_org, make_user

PASSPHRASE = "Åtta små grodor hoppar över ån i Gislaved 🐸 — och ingen av dem är trött!"


def stored_hash(app: Any, email: str) -> str:
    from tipsapp.extensions import db
    from tipsapp.staff.models import StaffUser

    with app.app_context():
        return str(
            db.session.scalar(select(StaffUser.password_hash).where(StaffUser.email == email))
        )


def test_passwords_are_stored_as_argon2id_with_production_costs(make_app: Any) -> None:
    app = make_app(TIPSAPP_ENV="development")  # not TESTING: the production parameters
    user = make_user(app, "analyst")

    encoded = stored_hash(app, user.email)
    parameters = argon2.extract_parameters(encoded)

    assert encoded.startswith("$argon2id$")
    # OWASP's floor for Argon2id: 19 MiB of memory and two passes (RFC 9106 low-memory is more).
    assert parameters.memory_cost >= 19 * 1024
    assert parameters.time_cost >= 2
    assert user.password not in encoded


def test_a_long_unicode_passphrase_works_whole_and_is_not_truncated(app: Any, client: Any) -> None:
    org = make_org(app)
    admin = as_role(app, client, "admin")
    assert len(PASSPHRASE) >= 64

    created = client.post(
        "/api/v1/staff/users",
        json={
            "email": "lang@example.se",
            "display_name": "Lång Fras",
            "password": PASSPHRASE,
            "role": "analyst",
            "organisation": org.id,
        },
        headers=admin,
    )

    assert created.status_code == 201, created.get_json()
    assert login_response(client, "lang@example.se", PASSPHRASE).status_code == 200
    assert login_response(client, "lang@example.se", PASSPHRASE[:-1]).status_code == 401
    assert login_response(client, "lang@example.se", PASSPHRASE[:64]).status_code == 401


def test_https_answers_carry_strict_transport_security_for_a_year(client: Any) -> None:
    response = client.get("/api/v1/areas", base_url="https://tips.example.se")

    policy = response.headers["Strict-Transport-Security"]
    max_age = int(policy.split("max-age=")[1].split(";")[0])
    assert max_age >= 365 * 24 * 3600


def test_no_answer_lets_another_origin_read_it(app: Any, client: Any) -> None:
    """No CORS: a page elsewhere cannot read an answer, even with a staff token at hand."""
    headers = {"Origin": "https://elsewhere.example", **as_role(app, client, "analyst")}

    answers = [
        client.get("/api/v1/staff/me", headers=headers),
        client.options(
            "/api/v1/tips", headers={**headers, "Access-Control-Request-Method": "POST"}
        ),
        client.post("/api/v1/tips/status", json={"reference": "T-2222-3333", "receipt": "x"}),
    ]

    assert answers[0].status_code == 200
    for answer in answers:
        assert not [
            name for name, _ in answer.headers.items() if name.lower().startswith("access-control")
        ]
