"""The console's session cookie: the bearer token itself, carried in an HttpOnly cookie.

The cookie ``tipsapp_staff`` holds exactly what an ``Authorization: Bearer`` header would, so
the token machinery (expiry, revocation, audit) is unchanged. A ``before_request`` hook turns
the cookie into that header for the API (``/api/``) and the printable reports (``/reports/``):

* only when the request has no Authorization header of its own;
* only for same-origin requests (``Sec-Fetch-Site`` and ``Origin``, when the browser sends
  them); a cross-origin request with the cookie is treated as anonymous (so it gets 401);
* for unsafe methods only with ``X-CSRF-Token`` equal to a keyed hash of the token (which the
  console pages put into a ``<meta>``); otherwise 403 ``csrf_failed``.

With SameSite=Strict the browser does not even send the cookie on cross-site requests; the
origin and CSRF checks cover same-site but cross-origin callers and old browsers.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask.sansio.app import App
from werkzeug.wrappers import Response as BaseResponse

from tipsapp.errors import error_response
from tipsapp.security.secrets import constant_time_equal, keyed_hash

COOKIE_NAME = "tipsapp_staff"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
COOKIE_PATHS = ("/api/", "/reports/")


def csrf_token_for(token: str) -> str:
    """The CSRF token of a session: useless without the (HttpOnly) session token behind it."""
    return keyed_hash("csrf", token)


def csrf_matches(token: str, sent: str | None) -> bool:
    return bool(sent) and constant_time_equal(str(sent), csrf_token_for(token))


def cookie_secure() -> bool:
    return request.is_secure or current_app.config["TIPSAPP_ENV"] == "production"


def set_session_cookie(response: BaseResponse, token: str, max_age: int) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=max_age,
        path="/",
        secure=cookie_secure(),
        httponly=True,
        samesite="Strict",
    )


def clear_session_cookie(response: BaseResponse) -> None:
    response.delete_cookie(
        COOKIE_NAME, path="/", secure=cookie_secure(), httponly=True, samesite="Strict"
    )


def same_origin() -> bool:
    """False when the browser says the request comes from another origin."""
    site = request.headers.get("Sec-Fetch-Site")
    # "none": the user opened the address themselves (a bookmark, a typed URL).
    if site is not None and site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def use_session_cookie() -> Response | None:
    """Lend the cookie's token to the API as a bearer header (see the module docstring)."""
    if "Authorization" in request.headers:
        return None  # an explicit header always wins; the cookie is not looked at
    token = request.cookies.get(COOKIE_NAME)
    if not token or not request.path.startswith(COOKIE_PATHS):
        return None
    if not same_origin():
        return None  # the cookie never authenticates a cross-origin request
    if request.method not in SAFE_METHODS and not csrf_matches(
        token, request.headers.get(CSRF_HEADER)
    ):
        return error_response(403, "csrf_failed", "Missing or wrong CSRF token.")
    # EnvironHeaders reads the environ live, so staff.auth.bearer_token() now sees the token.
    request.environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return None


def install(app: App) -> None:
    app.before_request(use_session_cookie)
