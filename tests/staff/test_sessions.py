"""Staff sessions: idle timeout, the list of one's own sessions, ending them, and the console's
second factor (login step two, the set-up page)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from flask.testing import FlaskClient

from tests.console.test_session import CSRF_FIELD, form_login
from tests.factories import as_role, auth, login_as, make_user
from tests.staff.test_totp import enrol
from tipsapp.common.clock import utcnow
from tipsapp.staff.sessions import device_kind

FIREFOX_MOBILE = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
CHROME_DESKTOP = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def at(monkeypatch: pytest.MonkeyPatch, minutes: float) -> None:
    """The app's clock, ``minutes`` from now (the patched clock the idle rule reads)."""
    moment = utcnow() + timedelta(minutes=minutes)
    monkeypatch.setattr("tipsapp.staff.service.utcnow", lambda: moment)
    monkeypatch.setattr("tipsapp.staff.sessions.utcnow", lambda: moment)


def sessions_of(client: FlaskClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get("/api/v1/staff/me/sessions", headers=headers)
    assert response.status_code == 200, response.get_json()
    return list(response.get_json()["items"])


def page_csrf(client: FlaskClient, path: str) -> str:
    match = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    assert match
    return match.group(1)


# --- device kind -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "kind"),
    [
        (FIREFOX_MOBILE, "mobile/firefox"),
        (CHROME_DESKTOP, "computer/chrome"),
        ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Safari/604.1", "tablet/safari"),
        (CHROME_DESKTOP + " Edg/131.0", "computer/edge"),
        ("curl/8.5.0", "unknown/other"),
        ("", "unknown/other"),
    ],
)
def test_device_kind_is_coarse(agent: str, kind: str) -> None:
    assert device_kind(agent) == kind


# --- idle timeout ----------------------------------------------------------------------------


def test_a_console_session_ends_after_30_idle_minutes(
    app: Any, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, "analyst")
    form_login(client, user)

    at(monkeypatch, 29)
    assert client.get("/staff").status_code == 200
    at(monkeypatch, 29 + 29)
    assert client.get("/staff").status_code == 200  # used 29 minutes ago: still open
    at(monkeypatch, 29 + 29 + 31)
    ended = client.get("/staff")

    assert ended.status_code == 303
    assert "/staff/login" in ended.headers["Location"]
    assert client.get("/api/v1/staff/me").status_code == 401


def test_the_idle_limit_is_a_setting(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(SESSION_IDLE_MINUTES=5)
    client = app.test_client()
    form_login(client, make_user(app, "analyst"))

    at(monkeypatch, 6)

    assert client.get("/staff").status_code == 303


def test_an_api_token_does_not_end_when_idle(
    app: Any, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = as_role(app, client, "analyst")

    at(monkeypatch, 120)

    assert client.get("/api/v1/staff/me", headers=headers).status_code == 200


def test_last_use_is_written_at_most_once_a_minute(
    app: Any, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = as_role(app, client, "analyst")
    (before,) = sessions_of(client, headers)

    at(monkeypatch, 0.5)
    sessions_of(client, headers)
    (soon,) = sessions_of(client, headers)
    at(monkeypatch, 2)
    sessions_of(client, headers)  # written after this answer
    (later,) = sessions_of(client, headers)

    assert soon["last_used_at"] == before["last_used_at"]
    assert later["last_used_at"] > before["last_used_at"]


# --- the list of one's sessions --------------------------------------------------------------


def test_the_session_list_shows_device_kind_and_times_but_no_address(
    app: Any, client: FlaskClient
) -> None:
    user = make_user(app, "analyst")
    client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": user.password},
        headers={"User-Agent": FIREFOX_MOBILE},
        environ_base={"REMOTE_ADDR": "198.51.100.77"},
    )
    headers = login_as(client, user)

    items = sessions_of(client, headers)
    text = str(items)

    assert len(items) == 2
    assert {"mobile/firefox"} <= {item["device_kind"] for item in items}
    assert [item["current"] for item in items] == [True, False]
    assert set(items[0]) == {"id", "device_kind", "via", "created_at", "last_used_at", "current"}
    assert "198.51.100" not in text and "Android" not in text and "133" not in text


def test_a_user_sees_only_their_own_sessions(app: Any, client: FlaskClient) -> None:
    mine = login_as(client, make_user(app, "analyst"))
    as_role(app, client, "analyst")

    assert len(sessions_of(client, mine)) == 1


def test_ending_one_of_ones_sessions_logs_that_device_out(app: Any, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    phone, laptop = login_as(client, user), login_as(client, user)
    other = next(item for item in sessions_of(client, laptop) if not item["current"])

    ended = client.delete(f"/api/v1/staff/me/sessions/{other['id']}", headers=laptop)

    assert ended.status_code == 204
    assert client.get("/api/v1/staff/me", headers=phone).status_code == 401
    assert client.get("/api/v1/staff/me", headers=laptop).status_code == 200


def test_another_users_session_cannot_be_ended(app: Any, client: FlaskClient) -> None:
    victim = as_role(app, client, "analyst")
    (theirs,) = sessions_of(client, victim)
    attacker = as_role(app, client, "analyst")

    response = client.delete(f"/api/v1/staff/me/sessions/{theirs['id']}", headers=attacker)

    assert response.status_code == 404
    assert client.get("/api/v1/staff/me", headers=victim).status_code == 200


def test_an_admin_ends_all_of_a_users_sessions(app: Any, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    tokens = [login_as(client, user) for _ in range(3)]
    admin = as_role(app, client, "admin")

    response = client.delete(f"/api/v1/staff/users/{user.id}/sessions", headers=admin)

    assert response.status_code == 200
    assert response.get_json() == {"ended": 3}
    assert all(client.get("/api/v1/staff/me", headers=t).status_code == 401 for t in tokens)
    entries = client.get(f"/api/v1/audit?target={user.id}", headers=admin).get_json()["items"]
    assert "auth.sessions_ended" in [entry["action"] for entry in entries]


def test_only_an_admin_ends_all_of_someones_sessions(app: Any, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    analyst = as_role(app, client, "analyst")

    response = client.delete(f"/api/v1/staff/users/{user.id}/sessions", headers=analyst)

    assert response.status_code == 403


# --- the console: second step of the login and the account page ------------------------------


def code_step(client: FlaskClient, code: str) -> Any:
    csrf = client.get("/staff/login")
    match = CSRF_FIELD.search(csrf.get_data(as_text=True))
    assert match
    return client.post("/staff/login", data={"code": code, "csrf_token": match.group(1)})


def test_console_login_asks_for_the_code_then_signs_in(
    app: Any, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, "analyst")
    totp, _codes = enrol(client, login_as(client, user))

    asked = form_login(client, user)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert 'name="code"' in page and 'name="password"' not in page
    moment = utcnow() + timedelta(seconds=30)
    monkeypatch.setattr("tipsapp.staff.second_factor.utcnow", lambda: moment)
    signed_in = client.post(
        "/staff/login",
        data={"code": totp.at(moment), "csrf_token": CSRF_FIELD.search(page).group(1)},  # type: ignore[union-attr]
    )

    assert signed_in.status_code == 303
    assert client.get("/staff").status_code == 200


def test_console_login_refuses_a_wrong_code(app: Any, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    enrol(client, login_as(client, user))

    page = form_login(client, user).get_data(as_text=True)
    wrong = client.post(
        "/staff/login",
        data={"code": "000000", "csrf_token": CSRF_FIELD.search(page).group(1)},  # type: ignore[union-attr]
    )

    assert wrong.status_code == 401
    assert "Fel eller redan använd kod." in wrong.get_data(as_text=True)
    assert client.get("/staff").status_code == 303


def test_console_login_accepts_a_recovery_code(app: Any, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    _totp, codes = enrol(client, login_as(client, user))

    page = form_login(client, user).get_data(as_text=True)
    signed_in = client.post(
        "/staff/login",
        data={"code": codes[3], "csrf_token": CSRF_FIELD.search(page).group(1)},  # type: ignore[union-attr]
    )

    assert signed_in.status_code == 303


def test_the_code_step_without_a_password_step_is_refused(app: Any, client: FlaskClient) -> None:
    response = code_step(client, "123456")

    assert response.status_code == 400


def test_with_2fa_required_the_console_sends_the_user_to_set_it_up(make_app: Any) -> None:
    app = make_app(REQUIRE_2FA=True)
    client = app.test_client()
    form_login(client, make_user(app, "analyst"))

    queue = client.get("/staff")
    account = client.get("/staff/account?lang=en")

    assert queue.status_code == 303 and queue.headers["Location"].endswith("/staff/account")
    assert account.status_code == 200
    assert "Your role must use a second factor" in account.get_data(as_text=True)


def test_enrolling_in_the_console_shows_a_qr_then_the_recovery_codes_once(
    app: Any, client: FlaskClient
) -> None:
    form_login(client, make_user(app, "analyst"))
    csrf = page_csrf(client, "/staff/account")

    started = client.post("/staff/account/totp?lang=en", data={"csrf_token": csrf})
    html = started.get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([^<]+)<', html)
    assert 'src="data:image/svg+xml' in html and secret
    code = pyotp.TOTP(secret.group(1).replace("-", "")).now()
    done = client.post(
        "/staff/account/totp/confirm?lang=en", data={"csrf_token": csrf, "code": code}
    )
    again = client.get("/staff/account?lang=en").get_data(as_text=True)

    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.get_data(as_text=True))) == 10
    assert "A second factor is set up" in again
    assert "<code>" not in again and secret.group(1) not in again


def test_the_account_page_lists_sessions_in_swedish_without_an_address(
    app: Any, client: FlaskClient
) -> None:
    user = make_user(app, "analyst")
    form_login(
        client,
        user,
        headers={"User-Agent": FIREFOX_MOBILE},
        environ_base={"REMOTE_ADDR": "198.51.100.9"},
    )

    html = client.get("/staff/account", headers={"User-Agent": FIREFOX_MOBILE}).get_data(
        as_text=True
    )

    assert "Mobil, Firefox" in html
    assert "Dina sessioner" in html
    assert "198.51.100" not in html and "Android" not in html


def test_ending_a_session_in_the_console(app: Any, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    other = login_as(client, user)
    form_login(client, user)
    csrf = page_csrf(client, "/staff/account")
    (target,) = [item for item in sessions_of(client, other) if item["current"]]

    ended = client.post(f"/staff/account/sessions/{target['id']}/end", data={"csrf_token": csrf})

    assert ended.status_code == 303
    assert client.get("/api/v1/staff/me", headers=other).status_code == 401
    assert client.get("/staff/account").status_code == 200


def test_ending_a_session_in_the_console_needs_the_csrf_token(
    app: Any, client: FlaskClient
) -> None:
    user = make_user(app, "analyst")
    other = login_as(client, user)
    form_login(client, user)
    (target,) = [item for item in sessions_of(client, other) if item["current"]]

    refused = client.post(f"/staff/account/sessions/{target['id']}/end", data={})

    assert refused.status_code == 400
    assert client.get("/api/v1/staff/me", headers=other).status_code == 200


def test_a_token_from_the_api_login_is_listed_as_an_api_session(
    app: Any, client: FlaskClient
) -> None:
    user = make_user(app, "analyst")
    token = client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": user.password}
    ).get_json()["token"]

    assert sessions_of(client, auth(token))[0]["via"] == "api"
