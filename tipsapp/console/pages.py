"""The console's pages: login, the queue, one item, the next report, walks and actions.

Server-rendered shells with one script and one stylesheet from ``/static/console/``, no inline
script, and a strict CSP. The pages carry no item text: the script reads everything from the
JSON API with the session cookie (``credentials: "same-origin"``) and the CSRF token the page
puts in ``<meta name=csrf-token>``, so the API's rules (roles, areas, audit, ETags) are the
console's rules. A page only hides what a role cannot do; the API refuses it anyway.

Swedish unless ``?lang=en``; the choice is kept in a cookie for the next pages.

Login calls ``staff.service.login`` directly, under the same rate limits as
``POST /api/v1/auth/login`` (the same settings, scopes and account key), so failed attempts on
the form and on the API count against one budget per account and per client network.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.views import MethodView
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from tipsapp.actions.models import ACTION_STATUSES, ACTION_TRANSITIONS
from tipsapp.common.clock import STOCKHOLM
from tipsapp.common.i18n import ACTION_STATUS_LABELS, FOCUS_LABELS
from tipsapp.console import session
from tipsapp.console.texts import (
    LANGUAGES,
    STATUS_LABELS,
    labels_for,
    language_names,
    texts_for,
)
from tipsapp.errors import ApiError
from tipsapp.extensions import db, talisman
from tipsapp.i18n import negotiate_language, remember_choice
from tipsapp.reference import service as reference
from tipsapp.reference.data import FOCUS_AREAS
from tipsapp.security.ratelimits import rate_limited
from tipsapp.security.secrets import constant_time_equal, group, keyed_hash
from tipsapp.staff import second_factor, sessions
from tipsapp.staff import service as staff
from tipsapp.staff.models import ROLES, Organisation, StaffUser
from tipsapp.triage import service as triage
from tipsapp.triage.models import ACTION_SOURCES, ITEM_STATUSES
from tipsapp.walks import service as walks
from tipsapp.walks.checklist import CHECKLIST
from tipsapp.walks.models import WALK_TRANSITIONS

pages_blp = Blueprint("console", __name__)

ANALYSTS = ("admin", "analyst")
READERS = ("admin", "analyst", "partner")
LOGIN_CSRF_COOKIE = "tipsapp_login_csrf"
# The login's second step: whose password was right, signed, for a few minutes only.
PENDING_LOGIN_COOKIE = "tipsapp_login_2fa"
PENDING_LOGIN_SECONDS = 300
PENDING_SALT = "console-second-factor"
LANGUAGE_COOKIE = "tipsapp_console_lang"
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
# The EST reporter's page asks for the phone's position (on a button press) and shows the
# chosen photo from a blob: URL before it is sent; everything else as strict as the console.
reporter_page = talisman(
    content_security_policy={**CONSOLE_CSP, "img-src": ["'self'", "data:", "blob:"]},
    referrer_policy="no-referrer",
    permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
)
# The queue's filters as the page's address carries them (a reload keeps them).
QUEUE_FILTERS = (
    "status",
    "category",
    "focus_area",
    "area",
    "urgent",
    "language",
    "needs_translation",
    "since",
    "until",
    "q",
    "sort",
)


@pages_blp.record_once
def _install_cookie_auth(state: BlueprintSetupState) -> None:
    session.install(state.app)


# --- language --------------------------------------------------------------------------------


def _language() -> str:
    """``?lang=``, the cookie an earlier ``?lang=`` left, Accept-Language, then Swedish."""
    return negotiate_language(request.args.get("lang"), LANGUAGES, cookie=LANGUAGE_COOKIE)


def _switch_url(language: str) -> str:
    """This page in the other language, every other query parameter kept."""
    other = "en" if language == "sv" else "sv"
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return request.path + "?" + urlencode([*args, ("lang", other)])


def _html(html: str, status: int = 200) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    language = _language()
    response.headers["Content-Language"] = language
    return remember_choice(
        response,
        LANGUAGES,
        cookie=LANGUAGE_COOKIE,
        path="/staff",
        secure=session.cookie_secure(),
        samesite="Strict",
    )


def _render(template: str, status: int = 200, **context: Any) -> Response:
    language = _language()
    words = texts_for(language)
    context.setdefault("user", None)
    context.setdefault("csrf_token", None)
    script = {"lang": language, "t": words, "labels": labels_for(language)}
    script.update(context.pop("data", {}))
    return _html(
        render_template(
            template,
            t=words,
            lang=language,
            switch_url=_switch_url(language),
            analysts=ANALYSTS,
            script_data=script,
            **context,
        ),
        status,
    )


def _session_user() -> tuple[str, StaffUser] | None:
    token = request.cookies.get(session.COOKIE_NAME)
    user = staff.user_for_token(token) if token else None
    return (token, user) if token and user else None


def _home_for(user: StaffUser) -> str:
    if user.role == "reporter":
        return url_for("console.reporter")
    return url_for("console.walk_list" if user.role == "partner" else "console.queue")


def _safe_next(value: str | None) -> str | None:
    """A console page to return to after login; anything else (another site) is dropped."""
    if not value or not value.startswith("/staff") or value.startswith("/staff/login"):
        return None
    if "\\" in value or any(ord(char) < 0x20 for char in value):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


# --- login -----------------------------------------------------------------------------------


def _login_csrf(seed: str) -> str:
    return keyed_hash("console-login-csrf", seed)


def _form_account_key() -> str:
    """The API login's account key (same sub-key and shape), read from the form, or at the
    code step from the signed pending-login cookie (so wrong codes count for the account)."""
    pending = _pending_login()
    email = pending["e"] if pending and "code" in request.form else request.form.get("email", "")
    return "account:" + keyed_hash("login-account", str(email).strip().lower())[:32]


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _pending_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=PENDING_SALT)


def _pending_login() -> dict[str, str] | None:
    """Whose password was right, from the signed short-lived cookie of the login's step one."""
    raw = request.cookies.get(PENDING_LOGIN_COOKIE)
    if not raw:
        return None
    try:
        value = _pending_serializer().loads(raw, max_age=PENDING_LOGIN_SECONDS)
    except BadData:
        return None
    return value if isinstance(value, dict) else None


def _password_mark(user: StaffUser) -> str:
    """Ties a pending login to the password it checked: a changed password voids it."""
    return keyed_hash("pending-login", user.password_hash)[:16]


def _code_page(email: str, error: str | None = None, status: int = 200) -> Response:
    words = texts_for(_language())
    return _render(
        "console/login.html",
        status,
        step="code",
        error=words[error] if error else None,
        email=email,
        login_csrf=_login_csrf(request.cookies.get(LOGIN_CSRF_COOKIE, "")),
        next_page=_safe_next(request.values.get("next")),
    )


def _login_page(error: str | None = None, status: int = 200, email: str = "") -> Response:
    seed = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    words = texts_for(_language())
    response = _render(
        "console/login.html",
        status,
        error=words[error] if error else None,
        email=email,
        login_csrf=_login_csrf(seed),
        next_page=_safe_next(request.values.get("next")),
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
        current = _session_user()
        if current is not None:
            return redirect(_safe_next(request.args.get("next")) or _home_for(current[1]), code=303)
        return _login_page()

    def post(self) -> Any:
        email = request.form.get("email", "").strip()
        seed = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        sent = request.form.get("csrf_token", "")
        if not seed or not sent or not constant_time_equal(sent, _login_csrf(seed)):
            return _login_page("login_expired", 400, email)
        if "code" in request.form:
            return self._second_step()
        try:
            issued = staff.login(
                email,
                request.form.get("password", ""),
                via="console",
                device=sessions.device_kind(request.user_agent.string),
            )
        except ApiError as error:
            if error.status != 401:
                raise
            if error.code == "second_factor_required":
                return self._ask_for_code(email)
            return _login_page("login_wrong", 401, email)
        return self._signed_in(issued)

    def _ask_for_code(self, email: str) -> Response:
        """Step two: the password was right; a signed cookie (5 minutes) says for whom."""
        user = staff.user_by_email(email)
        assert user is not None
        pending = {"u": user.public_id, "e": user.email, "p": _password_mark(user)}
        response = _code_page(email)
        response.set_cookie(
            PENDING_LOGIN_COOKIE,
            _pending_serializer().dumps(pending),
            max_age=PENDING_LOGIN_SECONDS,
            path="/staff/login",
            secure=session.cookie_secure(),
            httponly=True,
            samesite="Strict",
        )
        return response

    def _second_step(self) -> BaseResponse:
        pending = _pending_login()
        user = staff.user_by_public_id(pending["u"]) if pending else None
        if pending is None or user is None or not user.active:
            return _login_page("login_expired", 400)
        if not constant_time_equal(pending.get("p", ""), _password_mark(user)):
            return _login_page("login_expired", 400)
        code = request.form.get("code", "").strip()[:64]
        is_otp = "".join(code.split()).isdigit()
        try:
            issued = staff.finish_second_factor(
                user,
                otp=code if is_otp else None,
                recovery_code=None if is_otp else code,
                via="console",
                device=sessions.device_kind(request.user_agent.string),
            )
        except ApiError as error:
            if error.status != 401:
                raise
            return _code_page(user.email, "login_code_wrong", 401)
        return self._signed_in(issued)

    def _signed_in(self, issued: staff.IssuedToken) -> BaseResponse:
        user = staff.user_for_token(issued.token)
        home = _home_for(user) if user else url_for("console.queue")
        response = redirect(_safe_next(request.form.get("next")) or home, code=303)
        session.set_session_cookie(response, issued.token, issued.expires_in)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/staff/login")
        response.delete_cookie(PENDING_LOGIN_COOKIE, path="/staff/login")
        return response


pages_blp.add_url_rule("/staff/login", view_func=Login.as_view("login"))


@pages_blp.errorhandler(429)
def _too_many(_error: Exception) -> Response:
    return _login_page("login_throttled", 429)


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
        words = texts_for(_language())
        back = url_for("console.queue")
        return _html(f'<p>{words["logout_expired"]} <a href="{back}">{back}</a></p>', 400)
    return response


# --- the console -----------------------------------------------------------------------------


Context = dict[str, Any]


def _console_page(
    template: str,
    roles: Iterable[str] = ANALYSTS,
    build: Callable[[StaffUser], Context] | None = None,
    find: Callable[[StaffUser], Any] | None = None,
) -> Any:
    """The page for a signed-in user whose role may see it.

    ``find`` looks up what the page is about through the API's own service (a 404 there is a
    not-found page here); ``build`` gives the template's context, ``data`` going to the script.
    """
    current = _session_user()
    if current is None:
        asked = request.full_path.rstrip("?")
        response = redirect(url_for("console.login", next=asked), code=303)
        if request.cookies.get(session.COOKIE_NAME):
            session.clear_session_cookie(response)
        return response
    token, user = current
    if second_factor.needs_enrolment(user) and request.endpoint != "console.account":
        # Required but not yet set up: the password alone opens only the set-up page.
        return redirect(url_for("console.account"), code=303)
    signed_in: Context = {"user": user, "csrf_token": session.csrf_token_for(token)}
    if user.role not in roles:
        if request.endpoint == "console.queue" and user.role == "reporter":
            # The console's front door: a reporter's own page is the report form.
            return redirect(_home_for(user), code=303)
        return _render("console/denied.html", 403, **signed_in)
    if find is not None:
        try:
            find(user)
        except ApiError as error:
            if error.status != 404:
                raise
            return _render("console/not_found.html", 404, **signed_in)
    context = build(user) if build else {}
    data = {**context.pop("data", {}), "role": user.role, "area_names": _area_names()}
    return _render(template, data=data, **signed_in, **context)


def _area_codes(user: StaffUser) -> list[str]:
    """The areas the user works in: an admin's are all of them."""
    if user.role == "admin":
        return [area.code for area in reference.list_areas()]
    return user.organisation.area_codes


def _area_names() -> dict[str, str]:
    """Area code -> name ("gislaved" -> "Gislaveds kommun"): pages show areas by name."""
    return {area.code: area.name for area in reference.list_areas()}


def _categories(language: str) -> list[dict[str, Any]]:
    """Every category with its shortcut number (1, 2, ...; typed after ``c``)."""
    return [
        {"key": str(number), "code": category.code, "label": category.label(language)}
        for number, category in enumerate(reference.list_categories(), start=1)
    ]


def _owners(area_codes: list[str]) -> list[dict[str, Any]]:
    """Organisations that may own an action in these areas (their agreement covers one)."""
    wanted = set(area_codes)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [
        {"id": org.public_id, "name": org.name, "areas": org.area_codes}
        for org in organisations
        if wanted & set(org.area_codes)
    ]


def _sources() -> dict[str, list[str]]:
    """The statuses each item action starts from, so the script shows only what applies."""
    return {action: sorted(sources) for action, sources in ACTION_SOURCES.items()}


@pages_blp.get("/staff")
@strict_page
def queue() -> Any:
    """The workbench: compact rows, the item in a pane beside them, keys and bulk actions."""
    language = _language()
    categories = _categories(language)
    filters = {name: request.args.get(name, "") for name in QUEUE_FILTERS}

    def build(user: StaffUser) -> Context:
        area_names = _area_names()
        areas = [(code, area_names.get(code, code)) for code in _area_codes(user)]
        return {
            "categories": categories,
            "statuses": [(code, STATUS_LABELS.get(code, language)) for code in ITEM_STATUSES],
            "focus_areas": [(f.code, FOCUS_LABELS.get(f.code, language)) for f in FOCUS_AREAS],
            "languages": sorted(language_names(language).items(), key=lambda pair: pair[1]),
            "areas": areas,
            "filters": filters,
            "chips": _filter_chips(filters, language, categories, dict(areas)),
            "data": {"categories": categories, "filters": filters, "sources": _sources()},
        }

    return _console_page("console/queue.html", build=build)


def _filter_chips(
    filters: dict[str, str],
    language: str,
    categories: list[dict[str, Any]],
    area_names: dict[str, str],
) -> list[dict[str, str]]:
    """The active filters as chips: "Status: queued", each linking to the queue without it."""
    words = texts_for(language)
    yes_no = {
        "urgent": {"true": words["filter_urgent_only"], "false": words["filter_not_urgent"]},
        "needs_translation": {
            "true": words["filter_needs_translation"],
            "false": words["filter_readable"],
        },
    }
    values: dict[str, dict[str, str]] = {
        "status": {"all": words["filter_any"], **STATUS_LABELS.texts(language)},
        "category": {category["code"]: category["label"] for category in categories},
        "focus_area": {f.code: FOCUS_LABELS.get(f.code, language) for f in FOCUS_AREAS},
        "area": area_names,
        "language": language_names(language),
        "sort": {code: words["sort_" + code] for code in ("newest", "oldest")},
        **yes_no,
    }
    names = {
        "status": "filter_status",
        "category": "filter_category",
        "focus_area": "filter_focus",
        "area": "filter_area",
        "urgent": "filter_urgency",
        "language": "filter_language",
        "needs_translation": "filter_translation",
        "since": "filter_since",
        "until": "filter_until",
        "q": "filter_text",
        "sort": "filter_sort",
    }
    chips = []
    for name in QUEUE_FILTERS:
        value = filters.get(name, "")
        if not value or (name == "sort" and value == "priority"):
            continue
        shown = values.get(name, {}).get(value, value)
        kept = [
            (key, item)
            for key, item in request.args.items(multi=True)
            if key != name and key != "cursor"
        ]
        chips.append(
            {
                "name": name,
                "label": f"{words[names[name]]}: {shown}",
                "href": request.path + ("?" + urlencode(kept) if kept else ""),
            }
        )
    return chips


@pages_blp.get("/staff/items/<string:reference>")
@strict_page
def item(reference: str) -> Any:
    """One item: text, categories, photos, similar items, notes, messages and the actions."""
    return _console_page(
        "console/item.html",
        find=lambda user: triage.item_for(user, reference),
        build=lambda _user: {
            "reference": reference,
            "categories": _categories(_language()),
            "data": {"reference": reference, "sources": _sources()},
        },
    )


@pages_blp.get("/staff/report")
@strict_page
def report() -> Any:
    """The next report draft for the user's areas, with a Publish button.

    The page names the areas; the script asks the API by their codes.
    """

    def build(user: StaffUser) -> Context:
        codes = _area_codes(user)
        names = _area_names()
        return {"areas": [names.get(code, code) for code in codes], "data": {"areas": codes}}

    return _console_page("console/report.html", build=build)


@pages_blp.get("/staff/walks")
@strict_page
def walk_list() -> Any:
    """The walks of the user's areas; analysts plan new ones here."""
    return _console_page(
        "console/walks.html",
        READERS,
        build=lambda user: {"areas": _area_codes(user), "data": {"areas": _area_codes(user)}},
    )


@pages_blp.get("/staff/walks/<string:walk_id>")
@strict_page
def walk(walk_id: str) -> Any:
    """One walk: the poster's QR code and map, its status, and the summary after the walk."""
    transitions = {status: sorted(to) for status, to in WALK_TRANSITIONS.items()}
    return _console_page(
        "console/walk.html",
        READERS,
        find=lambda user: walks.walk_for_staff(user, walk_id),
        build=lambda _user: {
            "walk_id": walk_id,
            "data": {"walk": walk_id, "transitions": transitions},
        },
    )


@pages_blp.get("/staff/actions")
@strict_page
def action_list() -> Any:
    """Actions (insatser): the list, a new one (analysts), status moves (and owning partners)."""
    language = _language()
    prefill = {name: request.args.get(name, "") for name in ("item", "walk", "status")}
    transitions = {status: sorted(to) for status, to in ACTION_TRANSITIONS.items()}

    def build(user: StaffUser) -> Context:
        areas = _area_codes(user)
        owners = _owners(areas)
        return {
            "areas": areas,
            "owners": owners,
            "prefill": prefill,
            "statuses": [
                (code, ACTION_STATUS_LABELS.get(code, language)) for code in ACTION_STATUSES
            ],
            "data": {
                "areas": areas,
                "owners": owners,
                "prefill": prefill,
                "transitions": transitions,
                "organisation": user.organisation.public_id,
            },
        }

    return _console_page("console/actions.html", READERS, build=build)


@pages_blp.get("/staff/settings")
@strict_page
def settings() -> Any:
    """The user's e-mail notices per area and kind, and quiet hours (saved through the API)."""
    from tipsapp.notifications.service import settings_of

    def build(user: StaffUser) -> Context:
        current = settings_of(user)
        chosen = {(entry["area"], entry["kind"]) for entry in current["subscriptions"]}
        quiet = {
            name: current[name].strftime("%H:%M") if current[name] else ""
            for name in ("quiet_from", "quiet_until")
        }
        return {
            "notice_areas": current["areas"],
            "notice_kinds": current["kinds"],
            "chosen": chosen,
            "quiet": quiet,
        }

    return _console_page("console/settings.html", build=build)


@pages_blp.get("/staff/rapport")
@reporter_page
def reporter() -> Any:
    """The EST reporter's form for the phone: reports are kept offline and sent when online."""
    language = _language()

    def build(user: StaffUser) -> Context:
        areas = sorted(user.organisation.areas, key=lambda area: area.name)
        return {
            "areas": areas,
            "categories": _categories(language),
            "checklist": [(point.code, point.label(language)) for point in CHECKLIST],
            "data": {
                # The phone's outbox keeps each reporter's reports apart (a shared phone).
                "reporter": user.public_id,
                "categories": {c["code"]: c["label"] for c in _categories(language)},
            },
        }

    return _console_page("console/reporter.html", ("reporter",), build=build)


# --- account: the second factor and sessions ---------------------------------------------------


def _device_label(kind: str, language: str) -> str:
    """``mobile/firefox`` -> "Mobil, Firefox": a coarse kind the user can recognise."""
    words = texts_for(language)
    device, _, browser = kind.partition("/")
    name = words.get("device_" + device, words["device_unknown"])
    if browser in {"", "other"}:
        return f"{name}, {words['browser_other']}"
    return f"{name}, {browser.title()}"


def _local_time(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _account_context(user: StaffUser, token: str, **extra: Any) -> Context:
    language = _language()
    current = staff.hash_token(token)
    rows = [
        {
            "id": entry.id,
            "device": _device_label(entry.device_kind, language),
            "via": entry.via,
            "started": _local_time(entry.created_at),
            "last_used": _local_time(entry.last_used_at),
            "current": entry.current,
        }
        for entry in sessions.sessions_of(user, current)
    ]
    totp: Context = {
        "enrolled": second_factor.enrolled(user),
        "required": second_factor.required_for(user),
        "since": _local_time(user.totp_enabled_at) if user.totp_enabled_at else "",
        "left": second_factor.remaining_recovery_codes(user),
    }
    return {"sessions": rows, "totp": totp, **extra}


def _account_render(status: int, **extra: Any) -> Response:
    """The account page after a form post (the user is known to be signed in)."""
    current = _session_user()
    assert current is not None
    token, user = current
    return _render(
        "console/account.html",
        status,
        user=user,
        csrf_token=session.csrf_token_for(token),
        **_account_context(user, token, **extra),
    )


def _form_session() -> tuple[str, StaffUser] | BaseResponse:
    """The signed-in user of a console form post, with its CSRF token checked."""
    current = _session_user()
    if current is None:
        return redirect(url_for("console.login", next=url_for("console.account")), code=303)
    token, _user = current
    if not session.csrf_matches(token, request.form.get("csrf_token")):
        words = texts_for(_language())
        back = url_for("console.account")
        return _html(f'<p>{words["logout_expired"]} <a href="{back}">{back}</a></p>', 400)
    return current


@pages_blp.get("/staff/account")
@strict_page
def account() -> Any:
    """The user's second factor (set up here) and live sessions (ended here)."""
    ended = request.args.get("ended") == "1"
    token = request.cookies.get(session.COOKIE_NAME, "")
    return _console_page(
        "console/account.html",
        ROLES,
        build=lambda user: _account_context(user, token, ended=ended),
    )


@pages_blp.post("/staff/account/totp")
@strict_page
def account_totp_start() -> Any:
    current = _form_session()
    if isinstance(current, BaseResponse):
        return current
    try:
        enrolment = second_factor.start_enrolment(current[1])
    except ApiError as error:
        if error.status != 409:
            raise
        return redirect(url_for("console.account"), code=303)
    return _account_render(200, enrolling=_enrolling(enrolment))


def _enrolling(enrolment: second_factor.Enrolment) -> Context:
    return {
        "qr": second_factor.qr_data_uri(enrolment.otpauth_uri),
        "secret": group(enrolment.secret),
    }


@pages_blp.post("/staff/account/totp/confirm")
@strict_page
def account_totp_confirm() -> Any:
    current = _form_session()
    if isinstance(current, BaseResponse):
        return current
    user = current[1]
    try:
        codes = second_factor.confirm_enrolment(user, request.form.get("code", "")[:16])
    except ApiError as error:
        if error.status == 409:
            return redirect(url_for("console.account"), code=303)
        if error.status != 422:
            raise
        enrolling = _enrolling(second_factor.pending_enrolment(user))
        return _account_render(422, enrolling=enrolling, totp_wrong=True)
    return _account_render(200, recovery_codes=codes)


@pages_blp.post("/staff/account/sessions/<string:login_id>/end")
@strict_page
def account_end_session(login_id: str) -> Any:
    current = _form_session()
    if isinstance(current, BaseResponse):
        return current
    sessions.end_session(current[1], login_id)
    return redirect(url_for("console.account", ended="1"), code=303)
