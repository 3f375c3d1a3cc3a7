"""The console's session cookie: flags, CSRF for writes, logout, and the login form."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import Staff, make_user, send_tip
from tipsapp.console.session import COOKIE_NAME, CSRF_HEADER
from tipsapp.extensions import db
from tipsapp.security.secrets import keyed_hash
from tipsapp.staff.service import user_for_token

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def form_login(client: FlaskClient, user: Staff, password: str | None = None, **kw: Any) -> Any:
    page = client.get("/staff/login", **kw)
    match = CSRF_FIELD.search(page.get_data(as_text=True))
    assert match, page.get_data(as_text=True)
    return client.post(
        "/staff/login",
        data={
            "email": user.email,
            "password": user.password if password is None else password,
            "csrf_token": match.group(1),
        },
        **kw,
    )


def set_cookie_header(response: Any) -> str:
    (header,) = [
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith(COOKIE_NAME + "=")
    ]
    return str(header)


def session_token(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE_NAME)
    assert cookie is not None
    return str(cookie.value)


def queued_reference(client: FlaskClient) -> str:
    response = send_tip(client)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def test_login_sets_an_httponly_strict_cookie_holding_a_valid_token(
    app: Flask, client: FlaskClient
) -> None:
    user = make_user(app, "analyst")
    response = form_login(client, user)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff")
    header = set_cookie_header(response)
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert "Path=/" in header
    assert "Secure" not in header  # plain HTTP outside production
    with app.app_context():
        found = user_for_token(session_token(client))
        assert found is not None and found.email == user.email


def test_the_cookie_is_secure_over_https(app: Flask) -> None:
    user = make_user(app, "analyst")
    client = app.test_client()
    response = form_login(client, user, base_url="https://localhost")
    assert response.status_code == 303
    assert "Secure" in set_cookie_header(response)


def test_the_cookie_is_secure_in_production(make_app: Any) -> None:
    app = make_app(TIPSAPP_ENV="production", TESTING=True)
    user = make_user(app, "analyst")
    response = form_login(app.test_client(), user)
    assert response.status_code == 303
    assert "Secure" in set_cookie_header(response)


def test_wrong_password_shows_an_error_and_sets_no_cookie(app: Flask, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    response = form_login(client, user, password="not the password at all")
    assert response.status_code == 401
    assert "Fel e-post eller lösenord." in response.get_data(as_text=True)
    assert not any(
        value.startswith(COOKIE_NAME + "=") for value in response.headers.getlist("Set-Cookie")
    )
    assert client.get_cookie(COOKIE_NAME) is None


def test_login_form_without_its_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    user = make_user(app, "analyst")
    response = client.post("/staff/login", data={"email": user.email, "password": user.password})
    assert response.status_code == 400
    assert client.get_cookie(COOKIE_NAME) is None


def test_the_console_page_needs_the_cookie_and_carries_the_csrf_token(
    app: Flask, client: FlaskClient
) -> None:
    assert client.get("/staff").status_code == 303
    form_login(client, make_user(app, "analyst"))
    page = client.get("/staff")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    match = CSRF_META.search(page.get_data(as_text=True))
    assert match
    with app.app_context():
        assert match.group(1) == keyed_hash("csrf", session_token(client))


def test_reads_work_with_the_cookie_alone(app: Flask, client: FlaskClient) -> None:
    form_login(client, make_user(app, "analyst"))
    response = client.get("/api/v1/staff/me")
    assert response.status_code == 200


def test_an_unsafe_call_needs_the_right_csrf_token(app: Flask, client: FlaskClient) -> None:
    reference = queued_reference(client)
    form_login(client, make_user(app, "analyst"))
    url = f"/api/v1/queue/{reference}"
    body = {"category": "vandalism"}

    for headers in ({}, {CSRF_HEADER: "wrong"}):
        refused = client.patch(url, json=body, headers=headers)
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "csrf_failed"

    with app.app_context():
        token = keyed_hash("csrf", session_token(client))
    done = client.patch(url, json=body, headers={CSRF_HEADER: token})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["category"] == "vandalism"


def test_a_cross_origin_request_is_not_authenticated_by_the_cookie(
    app: Flask, client: FlaskClient
) -> None:
    form_login(client, make_user(app, "analyst"))
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        assert client.get("/api/v1/staff/me", headers=headers).status_code == 401
    assert (
        client.get("/api/v1/staff/me", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    )


def test_logout_revokes_the_token_and_clears_the_cookie(app: Flask, client: FlaskClient) -> None:
    form_login(client, make_user(app, "analyst"))
    token = session_token(client)
    page = client.get("/staff").get_data(as_text=True)
    match = CSRF_FIELD.search(page)
    assert match
    response = client.post("/staff/logout", data={"csrf_token": match.group(1)})
    assert response.status_code == 303
    assert client.get_cookie(COOKIE_NAME) is None
    with app.app_context():
        assert user_for_token(token) is None
        db.session.remove()
    assert (
        client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_failed_form_logins_are_throttled_like_the_api(make_app: Any) -> None:
    app = make_app(RATELIMIT_LOGIN_ACCOUNT="2 per minute")
    user = make_user(app, "analyst")
    client = app.test_client()
    for _ in range(2):
        assert form_login(client, user, password="wrong password here").status_code == 401
    throttled = form_login(client, user)
    assert throttled.status_code == 429
    assert "För många misslyckade försök" in throttled.get_data(as_text=True)
    assert client.get_cookie(COOKIE_NAME) is None
