"""Staff log in with e-mail and password, get a bearer token, and lose it when they should."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from tests.factories import (
    DEFAULT_PASSWORD,
    as_role,
    login,
    login_as,
    login_response,
    make_org,
    make_user,
)
from tipsapp.common.clock import utcnow


def database_dump(app: Any) -> str:
    """Every row of every table, as text: what someone holding the database would see."""
    from tipsapp.extensions import db

    with app.app_context():
        metadata = MetaData()
        metadata.reflect(db.engine)
        with db.engine.connect() as connection:
            return "\n".join(
                str(tuple(row))
                for table in metadata.sorted_tables
                for row in connection.execute(select(table))
            )


def me(client: Any, headers: dict[str, str]) -> Any:
    return client.get("/api/v1/staff/me", headers=headers)


# --- logging in ------------------------------------------------------------------------------


def test_login_returns_a_bearer_token_with_256_bits_and_the_user(app: Any, client: Any) -> None:
    user = make_user(app, "analyst", areas=("gislaved", "varnamo"))

    response = login_response(client, user.email, user.password)

    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    # secrets.token_urlsafe(32): 32 random bytes, 43 URL-safe base64 characters.
    assert len(body["token"]) >= 43
    assert body["expires_in"] == app.config["TOKEN_TTL_MINUTES"] * 60
    assert body["user"]["email"] == user.email
    assert body["user"]["role"] == "analyst"
    assert body["user"]["areas"] == ["gislaved", "varnamo"]
    assert "password" not in body["user"]


def test_token_opens_the_staff_endpoints(app: Any, client: Any) -> None:
    user = make_user(app, "viewer")

    response = me(client, login_as(client, user))

    assert response.status_code == 200
    assert response.get_json()["email"] == user.email


def test_each_login_gets_a_new_token(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    assert login(client, user.email) != login(client, user.email)


def test_email_is_matched_without_regard_to_case(app: Any, client: Any) -> None:
    user = make_user(app, "analyst", email="Karin.Lind@Example.se")

    assert user.email == "karin.lind@example.se"
    assert login_response(client, "KARIN.LIND@example.SE", user.password).status_code == 200


def test_wrong_password_unknown_email_and_disabled_account_get_the_same_401(
    app: Any, client: Any
) -> None:
    user = make_user(app, "analyst")
    disabled = make_user(app, "analyst")
    admin = as_role(app, client, "admin")
    client.patch(f"/api/v1/staff/users/{disabled.id}", json={"disabled": True}, headers=admin)

    answers = [
        login_response(client, user.email, "not the right password"),
        login_response(client, "nobody@example.se", DEFAULT_PASSWORD),
        login_response(client, disabled.email, disabled.password),
    ]

    assert [answer.status_code for answer in answers] == [401, 401, 401]
    bodies = [answer.get_json() for answer in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["error"]["code"] == "invalid_credentials"


def test_failed_logins_to_a_real_account_are_audited_without_what_was_typed(
    app: Any, client: Any
) -> None:
    user = make_user(app, "analyst")
    disabled = make_user(app, "analyst")
    admin = as_role(app, client, "admin")
    client.patch(f"/api/v1/staff/users/{disabled.id}", json={"disabled": True}, headers=admin)

    login_response(client, user.email, "Fel-lösenord-123")
    login_response(client, disabled.email, disabled.password)
    login_response(client, "okand@example.se", "Hemligt-lösenord-456")

    def failures(target: str) -> list[Any]:
        entries = client.get(f"/api/v1/audit?target={target}", headers=admin).get_json()["items"]
        return [entry["detail"] for entry in entries if entry["action"] == "auth.login_failed"]

    assert failures(user.id) == [{"why": "password"}]
    assert failures(disabled.id) == [{"why": "disabled"}]
    dump = database_dump(app)
    assert "Fel-lösenord-123" not in dump
    assert "okand@example.se" not in dump and "Hemligt-lösenord-456" not in dump


def test_token_is_stored_only_as_its_hash(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")

    token = login(client, user.email)

    dump = database_dump(app)
    assert token not in dump
    assert hashlib.sha256(token.encode()).hexdigest() in dump
    assert user.password not in dump


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Token abc"],
)
def test_missing_or_bad_token_gets_401_with_www_authenticate(client: Any, header: str) -> None:
    response = me(client, {"Authorization": header} if header else {})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_json()["error"]["code"] == "unauthorized"


# --- expiry and revocation -------------------------------------------------------------------


def test_token_expires_after_its_lifetime(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = as_role(app, client, "analyst")
    ttl = timedelta(minutes=app.config["TOKEN_TTL_MINUTES"])
    logged_in_at = utcnow()

    monkeypatch.setattr(
        "tipsapp.staff.service.utcnow", lambda: logged_in_at + ttl - timedelta(minutes=1)
    )
    assert me(client, headers).status_code == 200
    monkeypatch.setattr(
        "tipsapp.staff.service.utcnow", lambda: logged_in_at + ttl + timedelta(minutes=1)
    )
    assert me(client, headers).status_code == 401


def test_logout_revokes_only_the_token_used(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    first, second = login_as(client, user), login_as(client, user)

    response = client.post("/api/v1/auth/logout", headers=first)

    assert response.status_code == 204
    assert me(client, first).status_code == 401
    assert me(client, second).status_code == 200


def test_password_change_revokes_every_token_and_the_new_password_works(
    app: Any, client: Any
) -> None:
    user = make_user(app, "analyst")
    first, second = login_as(client, user), login_as(client, user)

    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": user.password, "new_password": "a brand new long secret"},
        headers=first,
    )

    assert response.status_code == 204
    assert me(client, first).status_code == 401
    assert me(client, second).status_code == 401
    assert login_response(client, user.email, user.password).status_code == 401
    assert login_response(client, user.email, "a brand new long secret").status_code == 200


def test_password_change_needs_the_current_password(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)

    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": "a wrong guess here", "new_password": "a brand new long secret"},
        headers=headers,
    )

    assert response.status_code == 422
    assert "current_password" in response.get_json()["error"]["fields"]
    assert me(client, headers).status_code == 200


def test_disabling_an_account_revokes_its_tokens(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)
    admin = as_role(app, client, "admin")

    response = client.patch(
        f"/api/v1/staff/users/{user.id}",
        json={"disabled": True, "reason": "Left the unit"},
        headers=admin,
    )

    assert response.status_code == 200
    assert response.get_json()["active"] is False
    assert me(client, headers).status_code == 401


def test_enabling_an_account_again_lets_it_log_in(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    admin = as_role(app, client, "admin")
    client.patch(f"/api/v1/staff/users/{user.id}", json={"disabled": True}, headers=admin)

    response = client.patch(
        f"/api/v1/staff/users/{user.id}", json={"disabled": False}, headers=admin
    )

    assert response.get_json()["active"] is True
    assert login_response(client, user.email, user.password).status_code == 200


def test_a_new_role_revokes_tokens_so_old_rights_end(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)
    admin = as_role(app, client, "admin")

    response = client.patch(
        f"/api/v1/staff/users/{user.id}", json={"role": "viewer"}, headers=admin
    )

    assert response.status_code == 200
    assert response.get_json()["role"] == "viewer"
    assert me(client, headers).status_code == 401
    assert client.get("/api/v1/queue", headers=login_as(client, user)).status_code == 403


def test_setting_the_same_role_keeps_tokens(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)
    admin = as_role(app, client, "admin")

    client.patch(f"/api/v1/staff/users/{user.id}", json={"role": "analyst"}, headers=admin)

    assert me(client, headers).status_code == 200


# --- throttling ------------------------------------------------------------------------------


def test_failed_logins_for_one_account_are_throttled_from_any_address(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_ACCOUNT="3 per minute")
    client = app.test_client()
    user = make_user(app, "analyst")

    failures = [
        login_response(client, user.email, "wrong password!", address=f"198.51.100.{n}")
        for n in range(3)
    ]
    # Even the right password, from yet another network, waits: the account is throttled.
    throttled = login_response(client, user.email, user.password, address="203.0.113.9")

    assert [answer.status_code for answer in failures] == [401, 401, 401]
    assert throttled.status_code == 429
    assert throttled.get_json()["error"]["code"] == "rate_limited"
    assert int(throttled.headers["Retry-After"]) > 0


def test_account_throttle_does_not_touch_other_accounts(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_ACCOUNT="3 per minute")
    client = app.test_client()
    target, bystander = make_user(app, "analyst"), make_user(app, "analyst")
    for _ in range(4):
        login_response(client, target.email, "wrong password!")

    assert login_response(client, bystander.email, bystander.password).status_code == 200


def test_many_emails_from_one_address_are_throttled_per_client(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_CLIENT="3 per minute")
    client = app.test_client()

    answers = [
        login_response(client, f"guess{n}@example.se", "wrong password!", address="192.0.2.50")
        for n in range(4)
    ]
    elsewhere = login_response(client, "guess9@example.se", "wrong password!", address="192.0.2.51")

    assert [answer.status_code for answer in answers] == [401, 401, 401, 429]
    assert elsewhere.status_code == 401


def test_successful_logins_are_not_counted(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_ACCOUNT="3 per minute", RATELIMIT_LOGIN_CLIENT="3 per minute")
    client = app.test_client()
    user = make_user(app, "analyst")

    successes = [login_response(client, user.email, user.password) for _ in range(5)]
    failures = [login_response(client, user.email, "wrong password!") for _ in range(3)]

    assert [answer.status_code for answer in successes] == [200] * 5
    assert [answer.status_code for answer in failures] == [401] * 3


# --- password rules --------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_admin_cannot_create_a_user_with_a_password_under_12_characters(
    app: Any, client: Any, password: str
) -> None:
    org = make_org(app)
    admin = as_role(app, client, "admin")

    response = client.post(
        "/api/v1/staff/users",
        json={
            "email": "new@example.se",
            "display_name": "Ny Person",
            "password": password,
            "role": "analyst",
            "organisation": org.id,
        },
        headers=admin,
    )

    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_admin_creates_a_user_who_can_log_in(app: Any, client: Any) -> None:
    org = make_org(app, areas=("varnamo",))
    admin = as_role(app, client, "admin")

    response = client.post(
        "/api/v1/staff/users",
        json={
            "email": "Ny@Example.se",
            "display_name": "Ny Person",
            "password": "twelve chars",
            "role": "analyst",
            "organisation": org.id,
        },
        headers=admin,
    )

    assert response.status_code == 201
    assert response.get_json()["email"] == "ny@example.se"
    assert response.get_json()["areas"] == ["varnamo"]
    assert login_response(client, "ny@example.se", "twelve chars").status_code == 200


def test_a_second_account_with_the_same_email_is_a_conflict(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    org = make_org(app)
    admin = as_role(app, client, "admin")

    response = client.post(
        "/api/v1/staff/users",
        json={
            "email": user.email.upper(),
            "display_name": "Tvilling",
            "password": "twelve chars",
            "role": "viewer",
            "organisation": org.id,
        },
        headers=admin,
    )

    assert response.status_code == 409


def test_new_password_under_12_characters_is_refused(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)

    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": user.password, "new_password": "too short"},
        headers=headers,
    )

    assert response.status_code == 422
    assert "new_password" in response.get_json()["error"]["fields"]
    assert me(client, headers).status_code == 200


# --- command line ----------------------------------------------------------------------------


CREATE_ANNA = (
    *("users", "create", "anna@gislaved.se", "--name", "Anna"),
    *("--org", "Gislaveds kommun", "--role", "admin"),
)


def test_cli_creates_organisation_and_user_who_can_log_in(app: Any, runner: Any) -> None:
    org = runner.invoke(
        args=[
            "orgs",
            "create",
            "Polisen Värnamo",
            "--kind",
            "police",
            "--areas",
            "gislaved,varnamo",
        ]
    )
    user = runner.invoke(
        args=[
            "users",
            "create",
            "Erik@Polisen.se",
            "--name",
            "Erik",
            "--org",
            "Polisen Värnamo",
            "--role",
            "analyst",
            "--password",
            "a long cli password",
        ]
    )

    assert org.exit_code == 0, org.output
    assert "areas=gislaved,varnamo" in org.output
    assert user.exit_code == 0, user.output
    assert "created erik@polisen.se (analyst, Polisen Värnamo)" in user.output
    response = login_response(app.test_client(), "erik@polisen.se", "a long cli password")
    assert response.status_code == 200
    assert response.get_json()["user"]["organisation_kind"] == "police"


def test_cli_takes_the_password_from_the_environment(app: Any, runner: Any) -> None:
    make_org(app, name="Gislaveds kommun")

    result = runner.invoke(
        args=[*CREATE_ANNA],
        env={"TIPSAPP_NEW_PASSWORD": "from the environment"},
    )

    assert result.exit_code == 0, result.output
    assert (
        login_response(app.test_client(), "anna@gislaved.se", "from the environment").status_code
        == 200
    )


def test_cli_refuses_a_short_password_with_a_clear_message(app: Any, runner: Any) -> None:
    make_org(app, name="Gislaveds kommun")

    result = runner.invoke(
        args=[*CREATE_ANNA, "--password", "short"],
    )

    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert login_response(app.test_client(), "anna@gislaved.se", "short").status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["orgs", "create", "X", "--kind", "police", "--areas", "atlantis"], "Unknown area"),
        (
            [
                *("users", "create", "a@b.se", "--name", "A", "--org", "Nobody"),
                *("--role", "admin", "--password", "long enough pw"),
            ],
            "no organisation named Nobody",
        ),
        (["users", "disable", "ghost@example.se"], "no account with e-mail ghost@example.se"),
        (["users", "set-role", "ghost@example.se", "viewer"], "no account with e-mail"),
    ],
)
def test_cli_explains_what_is_wrong(runner: Any, args: list[str], message: str) -> None:
    result = runner.invoke(args=args)

    assert result.exit_code != 0
    assert message in result.output


def test_cli_set_role_changes_the_role_and_revokes_tokens(app: Any, runner: Any) -> None:
    client = app.test_client()
    user = make_user(app, "analyst")
    headers = login_as(client, user)

    result = runner.invoke(args=["users", "set-role", user.email, "partner"])

    assert result.exit_code == 0, result.output
    assert f"{user.email} is now partner" in result.output
    assert me(client, headers).status_code == 401
    assert me(client, login_as(client, user)).get_json()["role"] == "partner"


def test_cli_disable_blocks_login_and_revokes_tokens(app: Any, runner: Any) -> None:
    client = app.test_client()
    user = make_user(app, "analyst")
    headers = login_as(client, user)

    result = runner.invoke(args=["users", "disable", user.email, "--reason", "Slutat"])

    assert result.exit_code == 0, result.output
    assert me(client, headers).status_code == 401
    assert login_response(client, user.email, user.password).status_code == 401


def test_cli_changes_are_audited_without_an_actor(app: Any, client: Any, runner: Any) -> None:
    user = make_user(app, "analyst")
    runner.invoke(args=["users", "disable", user.email, "--reason", "Slutat"])
    admin = as_role(app, client, "admin")

    entries = client.get(
        "/api/v1/audit", query_string={"target": user.id}, headers=admin
    ).get_json()["items"]

    disable = next(entry for entry in entries if entry["action"] == "user.disable")
    assert disable["actor"] is None
    assert disable["reason"] == "Slutat"


def test_unknown_email_costs_what_a_wrong_password_costs(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both paths verify an Argon2 hash with the same parameters: no timing oracle for
    which e-mails have accounts. Run with production parameters (not TESTING)."""
    import argon2

    app = make_app(TIPSAPP_ENV="development")
    assert not app.config["TESTING"]
    client = app.test_client()
    user = make_user(app, "analyst")
    verified: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def spy(self: Any, encoded: str, password: str) -> Any:
        verified.append(encoded)
        return real_verify(self, encoded, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)

    assert login_response(client, user.email, "wrong password!").status_code == 401
    assert login_response(client, "nobody@example.se", "wrong password!").status_code == 401

    known, unknown = (argon2.extract_parameters(encoded) for encoded in verified)
    assert unknown == known
