"""A second factor: TOTP enrolment by QR, login with a code or a recovery code, and its rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.factories import as_role, auth, login_as, login_response, make_org, make_user
from tipsapp.common.clock import utcnow


def enrol(client: Any, headers: dict[str, str]) -> tuple[pyotp.TOTP, list[str]]:
    """Set up a second factor through the API; the authenticator and the recovery codes."""
    started = client.post("/api/v1/staff/me/totp", headers=headers)
    assert started.status_code == 201, started.get_json()
    totp = pyotp.TOTP(started.get_json()["secret"])
    confirmed = client.post(
        "/api/v1/staff/me/totp/confirm", json={"code": totp.now()}, headers=headers
    )
    assert confirmed.status_code == 200, confirmed.get_json()
    return totp, confirmed.get_json()["recovery_codes"]


def later(monkeypatch: pytest.MonkeyPatch, seconds: int) -> Any:
    """Move the app's clock on (a TOTP code is accepted once per 30-second step)."""
    moment = utcnow() + timedelta(seconds=seconds)
    for module in ("second_factor", "service"):
        monkeypatch.setattr(f"tipsapp.staff.{module}.utcnow", lambda: moment)
    return moment


def code_login(client: Any, user: Any, **extra: str) -> Any:
    return client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": user.password, **extra},
    )


def audit_actions(client: Any, admin: dict[str, str], user: Any) -> list[str]:
    entries = client.get(f"/api/v1/audit?target={user.id}", headers=admin).get_json()["items"]
    return [entry["action"] for entry in entries]


# --- enrolment -------------------------------------------------------------------------------


def test_enrolment_returns_a_secret_an_otpauth_uri_and_a_qr_svg(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    response = client.post("/api/v1/staff/me/totp", headers=login_as(client, user))

    assert response.status_code == 201
    body = response.get_json()
    assert body["otpauth_uri"].startswith("otpauth://totp/tipsapp:")
    assert f"secret={body['secret']}" in body["otpauth_uri"]
    assert body["qr_svg"].lstrip().startswith("<svg")


def test_confirming_with_a_code_gives_ten_different_recovery_codes(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)
    _totp, codes = enrol(client, headers)

    assert len(codes) == len(set(codes)) == 10
    me = client.get("/api/v1/staff/me", headers=headers).get_json()
    assert me["second_factor"] == {"enrolled": True, "required": False}


def test_a_wrong_confirming_code_does_not_activate(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)
    client.post("/api/v1/staff/me/totp", headers=headers)

    response = client.post(
        "/api/v1/staff/me/totp/confirm", json={"code": "000000"}, headers=headers
    )

    assert response.status_code == 422
    assert "code" in response.get_json()["error"]["fields"]
    assert code_login(client, user).status_code == 200  # still a password alone


def test_the_secret_is_never_shown_again_after_enrolment(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    headers = login_as(client, user)
    enrol(client, headers)

    again = client.post("/api/v1/staff/me/totp", headers=headers)

    assert again.status_code == 409
    assert "secret" not in again.get_data(as_text=True)


def test_the_database_holds_neither_the_secret_nor_the_recovery_codes(
    app: Any, client: Any
) -> None:
    from tests.staff.test_auth import database_dump

    user = make_user(app, "analyst")
    headers = login_as(client, user)
    started = client.post("/api/v1/staff/me/totp", headers=headers).get_json()
    totp = pyotp.TOTP(started["secret"])
    codes = client.post(
        "/api/v1/staff/me/totp/confirm", json={"code": totp.now()}, headers=headers
    ).get_json()["recovery_codes"]

    dump = database_dump(app)
    assert started["secret"] not in dump
    assert not any(code.replace("-", "") in dump or code in dump for code in codes)


# --- logging in with the second factor -------------------------------------------------------


def test_login_without_a_code_asks_for_the_second_factor(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    enrol(client, login_as(client, user))

    response = code_login(client, user)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "second_factor_required"
    assert "token" not in response.get_json()


def test_login_with_a_valid_code_gives_a_token(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, "analyst")
    totp, _codes = enrol(client, login_as(client, user))
    moment = later(monkeypatch, 30)

    response = code_login(client, user, otp=totp.at(moment))

    assert response.status_code == 200
    assert (
        client.get("/api/v1/staff/me", headers=auth(response.get_json()["token"])).status_code
        == 200
    )


def test_a_wrong_code_is_refused(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    enrol(client, login_as(client, user))

    response = code_login(client, user, otp="123456")

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_second_factor"


def test_a_code_works_only_once(app: Any, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user(app, "analyst")
    totp, _codes = enrol(client, login_as(client, user))
    moment = later(monkeypatch, 30)

    first = code_login(client, user, otp=totp.at(moment))
    replayed = code_login(client, user, otp=totp.at(moment))

    assert first.status_code == 200
    assert replayed.status_code == 401


def test_a_code_and_a_wrong_password_is_refused_as_a_wrong_password(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, "analyst")
    totp, _codes = enrol(client, login_as(client, user))
    moment = later(monkeypatch, 30)

    response = client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": "not the password", "otp": totp.at(moment)},
    )

    assert response.get_json()["error"]["code"] == "invalid_credentials"


def test_a_recovery_code_works_once(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    _totp, codes = enrol(client, login_as(client, user))

    first = code_login(client, user, recovery_code=codes[0].lower())
    second = code_login(client, user, recovery_code=codes[0])
    another = code_login(client, user, recovery_code=codes[1])

    assert first.status_code == 200
    assert second.status_code == 401
    assert second.get_json()["error"]["code"] == "invalid_second_factor"
    assert another.status_code == 200


# --- required by role and organisation -------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_with_2fa_required_admins_and_analysts_can_only_enrol(make_app: Any, role: str) -> None:
    app = make_app(REQUIRE_2FA=True)
    client = app.test_client()
    user = make_user(app, role)
    headers = login_as(client, user)

    blocked = client.get("/api/v1/queue", headers=headers)
    me = client.get("/api/v1/staff/me", headers=headers)

    assert blocked.status_code == 403
    assert blocked.get_json()["error"]["code"] == "second_factor_enrolment_required"
    assert me.get_json()["second_factor"] == {"enrolled": False, "required": True}
    enrol(client, headers)
    assert client.get("/api/v1/staff/me/sessions", headers=headers).status_code == 200


def test_with_2fa_required_partners_need_none_unless_their_organisation_asks(
    make_app: Any,
) -> None:
    app = make_app(REQUIRE_2FA=True)
    client = app.test_client()
    free = make_user(app, "partner")
    strict_org = make_org(app, kind="partner")
    strict = make_user(app, "partner", org=strict_org)
    admin_headers = as_role(app, client, "admin")
    enrol(client, admin_headers)

    switched = client.patch(
        f"/api/v1/staff/organisations/{strict_org.id}",
        json={"areas": ["gislaved"], "require_2fa": True},
        headers=admin_headers,
    )

    assert switched.status_code == 200
    assert switched.get_json()["require_2fa"] is True
    assert client.get("/api/v1/walks", headers=login_as(client, free)).status_code == 200
    blocked = client.get("/api/v1/walks", headers=login_as(client, strict))
    assert blocked.get_json()["error"]["code"] == "second_factor_enrolment_required"


def test_without_the_setting_no_role_needs_a_second_factor(app: Any, client: Any) -> None:
    headers = as_role(app, client, "admin")

    me = client.get("/api/v1/staff/me", headers=headers).get_json()

    assert me["second_factor"] == {"enrolled": False, "required": False}
    assert client.get("/api/v1/staff/users", headers=headers).status_code == 200


@pytest.mark.parametrize(
    ("env", "required"), [("production", True), ("development", False), ("testing", False)]
)
def test_2fa_is_required_by_default_in_production_only(
    env: str, required: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tipsapp.config import settings_from_env

    monkeypatch.setenv("TIPSAPP_ENV", env)
    monkeypatch.delenv("TIPSAPP_REQUIRE_2FA", raising=False)

    assert settings_from_env(tmp_path)["REQUIRE_2FA"] is required


# --- rate limits and audit -------------------------------------------------------------------


def test_wrong_codes_are_throttled_like_wrong_passwords(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_ACCOUNT="3 per minute")
    client = app.test_client()
    user = make_user(app, "analyst")
    _totp, codes = enrol(client, login_as(client, user))

    answers = [code_login(client, user, otp=f"00000{n}").status_code for n in range(3)]
    throttled = code_login(client, user, recovery_code=codes[0])

    assert answers == [401, 401, 401]
    assert throttled.status_code == 429


def test_asking_for_the_code_does_not_use_up_the_login_budget(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_ACCOUNT="3 per minute")
    client = app.test_client()
    user = make_user(app, "analyst")
    _totp, codes = enrol(client, login_as(client, user))

    asked = [code_login(client, user).status_code for _ in range(4)]

    assert asked == [401, 401, 401, 401]
    assert code_login(client, user, recovery_code=codes[0]).status_code == 200


def test_enrolment_use_recovery_and_failures_are_audited(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, "analyst")
    admin = as_role(app, client, "admin")
    totp, codes = enrol(client, login_as(client, user))
    moment = later(monkeypatch, 30)
    code_login(client, user, otp=totp.at(moment))
    code_login(client, user, recovery_code=codes[0])
    code_login(client, user, otp="999999")

    actions = audit_actions(client, admin, user)

    for action in (
        "auth.totp_enrolled",
        "auth.totp_used",
        "auth.recovery_code_used",
        "auth.second_factor_failed",
    ):
        assert action in actions
    assert "999999" not in str(
        client.get(f"/api/v1/audit?target={user.id}", headers=admin).get_json()
    )


def test_login_response_for_accounts_without_a_second_factor_is_unchanged(
    app: Any, client: Any
) -> None:
    user = make_user(app, "analyst")

    assert login_response(client, user.email, user.password).status_code == 200


def test_the_audit_says_how_many_recovery_codes_are_left(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    admin = as_role(app, client, "admin")
    _totp, codes = enrol(client, login_as(client, user))

    code_login(client, user, recovery_code=codes[0])

    entries = client.get(f"/api/v1/audit?target={user.id}", headers=admin).get_json()["items"]
    used = [entry["detail"] for entry in entries if entry["action"] == "auth.recovery_code_used"]
    assert used == [{"left": 9}]


# --- an admin's reset: a lost phone and lost codes -------------------------------------------


def test_an_admin_resets_a_lost_second_factor_and_ends_the_users_sessions(
    app: Any, client: Any
) -> None:
    user = make_user(app, "analyst")
    session = login_as(client, user)
    enrol(client, session)
    admin = as_role(app, client, "admin")

    response = client.delete(f"/api/v1/staff/users/{user.id}/totp", headers=admin)

    assert response.status_code == 204
    assert client.get("/api/v1/staff/me", headers=session).status_code == 401
    # The password alone logs in again: no code is asked for a factor that is gone.
    assert "token" in code_login(client, user).get_json()
    assert "auth.second_factor_reset" in audit_actions(client, admin, user)


def test_after_a_reset_a_required_second_factor_must_be_set_up_again(make_app: Any) -> None:
    app = make_app(REQUIRE_2FA=True)
    client = app.test_client()
    user = make_user(app, "analyst")
    enrol(client, login_as(client, user))
    admin = as_role(app, client, "admin")
    enrol(client, admin)  # admins need one too when it is required

    assert client.delete(f"/api/v1/staff/users/{user.id}/totp", headers=admin).status_code == 204

    fresh = auth(code_login(client, user).get_json()["token"])
    refused = client.get("/api/v1/queue", headers=fresh)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "second_factor_enrolment_required"
    enrol(client, fresh)
    assert client.get("/api/v1/queue", headers=fresh).status_code == 200


def test_only_an_admin_resets_someones_second_factor(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    enrol(client, login_as(client, user))
    analyst = as_role(app, client, "analyst")

    response = client.delete(f"/api/v1/staff/users/{user.id}/totp", headers=analyst)

    assert response.status_code == 403
    assert code_login(client, user).get_json()["error"]["code"] == "second_factor_required"


def test_flask_users_reset_2fa_removes_it_from_the_command_line(app: Any, client: Any) -> None:
    user = make_user(app, "analyst")
    enrol(client, login_as(client, user))

    result = app.test_cli_runner().invoke(
        args=["users", "reset-2fa", user.email, "--reason", "lost phone"]
    )

    assert result.exit_code == 0, result.output
    assert "second factor removed" in result.output
    assert "token" in code_login(client, user).get_json()
