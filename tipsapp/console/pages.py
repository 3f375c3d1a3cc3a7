"""GET/POST /staff/login, POST /staff/logout, GET /staff (the queue), GET /staff/report.

Server-rendered pages with one script and one stylesheet from ``/static/console/``, no inline
script, and a strict CSP. The script talks to the JSON API with the session cookie
(``credentials: "same-origin"``) and the CSRF token the page puts in ``<meta name=csrf-token>``.

Login calls ``staff.service.login`` directly, under the same rate limits as
``POST /api/v1/auth/login`` (the same settings, scopes and account key), so failed attempts on
the form and on the API count against one budget per account and per client network.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, ClassVar

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.views import MethodView

from tipsapp.console import session
from tipsapp.errors import ApiError
from tipsapp.extensions import talisman
from tipsapp.reference import service as reference
from tipsapp.security.ratelimits import rate_limited
from tipsapp.security.secrets import constant_time_equal, keyed_hash
from tipsapp.staff import service as staff
from tipsapp.staff.models import StaffUser

pages_blp = Blueprint("console", __name__)

ANALYSTS = ("admin", "analyst")
LOGIN_CSRF_COOKIE = "tipsapp_login_csrf"
CONSOLE_CSP: dict[str, str | list[str]] = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "connect-src": "'self'",
    "img-src": ["'self'", "data:"],
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
strict_page = talisman(
    content_security_policy=CONSOLE_CSP,
    referrer_policy="no-referrer",
    permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
)


@pages_blp.record_once
def _install_cookie_auth(state: BlueprintSetupState) -> None:
    session.install(state.app)


def _html(html: str, status: int = 200) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _session_user() -> tuple[str, StaffUser] | None:
    token = request.cookies.get(session.COOKIE_NAME)
    user = staff.user_for_token(token) if token else None
    return (token, user) if token and user else None


# --- login -----------------------------------------------------------------------------------


def _login_csrf(seed: str) -> str:
    return keyed_hash("console-login-csrf", seed)


def _form_account_key() -> str:
    """The API login's account key (same sub-key and shape), read from the form."""
    email = request.form.get("email", "")
    return "account:" + keyed_hash("login-account", email.strip().lower())[:32]


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _login_page(error: str | None = None, status: int = 200, email: str = "") -> Response:
    seed = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = _html(
        render_template(
            "console/login.html", error=error, email=email, csrf_token=_login_csrf(seed)
        ),
        status,
    )
    if request.cookies.get(LOGIN_CSRF_COOKIE) != seed:
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            seed,
            path="/staff/login",
            secure=session.cookie_secure(),
            httponly=True,
            samesite="Strict",
        )
    return response


@rate_limited(
    "RATELIMIT_LOGIN_ACCOUNT",
    key_func=_form_account_key,
    deduct_when=_failed,
    scope="login-account",
)
@rate_limited("RATELIMIT_LOGIN_CLIENT", deduct_when=_failed, scope="login-client")
class Login(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [strict_page]

    def get(self) -> Any:
        if _session_user() is not None:
            return redirect(url_for("console.queue"), code=303)
        return _login_page()

    def post(self) -> Any:
        email = request.form.get("email", "").strip()
        seed = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        sent = request.form.get("csrf_token", "")
        if not seed or not sent or not constant_time_equal(sent, _login_csrf(seed)):
            return _login_page("The form expired. Please try again.", 400, email)
        try:
            issued = staff.login(email, request.form.get("password", ""))
        except ApiError as error:
            if error.status != 401:
                raise
            return _login_page("Wrong e-mail or password.", 401, email)
        response = redirect(url_for("console.queue"), code=303)
        session.set_session_cookie(response, issued.token, issued.expires_in)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/staff/login")
        return response


pages_blp.add_url_rule("/staff/login", view_func=Login.as_view("login"))


@pages_blp.errorhandler(429)
def _too_many(_error: Exception) -> Response:
    return _login_page("Too many failed attempts. Please wait and try again later.", 429)


@pages_blp.post("/staff/logout")
def logout() -> Any:
    current = _session_user()
    response = redirect(url_for("console.login"), code=303)
    token = request.cookies.get(session.COOKIE_NAME)
    if token and session.csrf_matches(token, request.form.get("csrf_token")):
        if current is not None:
            staff.logout(token)
        session.clear_session_cookie(response)
    elif token:
        return _html("<p>The form expired. <a href='/staff'>Back</a></p>", 400)
    return response


# --- the console -----------------------------------------------------------------------------


def _categories() -> list[dict[str, Any]]:
    """Every category with its shortcut number (1, 2, ...; typed after ``c``)."""
    return [
        {"key": str(number), "code": category.code, "label": category.label_en}
        for number, category in enumerate(reference.list_categories(), start=1)
    ]


def _console_page(template: str, **context: Any) -> Any:
    current = _session_user()
    if current is None:
        response = redirect(url_for("console.login"), code=303)
        if request.cookies.get(session.COOKIE_NAME):
            session.clear_session_cookie(response)
        return response
    token, user = current
    if user.role not in ANALYSTS:
        return _html(
            render_template(
                "console/denied.html", user=user, csrf_token=session.csrf_token_for(token)
            ),
            403,
        )
    return _html(
        render_template(template, user=user, csrf_token=session.csrf_token_for(token), **context)
    )


@pages_blp.get("/staff")
@strict_page
def queue() -> Any:
    """The queue: j/k to move, c + number to categorise, q to queue, r to reject, Enter to read."""
    categories = _categories()
    texts = {"categories": categories}
    return _console_page("console/queue.html", categories=categories, texts=texts)


@pages_blp.get("/staff/report")
@strict_page
def report() -> Any:
    """The next report draft for the user's areas, with a Publish button."""
    current = _session_user()
    areas = current[1].organisation.area_codes if current else []
    return _console_page("console/report.html", texts={"areas": areas}, areas=areas)
