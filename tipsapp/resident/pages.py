"""GET / (the tip form) and GET /uppfoljning (the follow-up): the resident's browser pages.

Server-rendered HTML with one stylesheet and one script from ``/static/resident/``; no build
step, nothing from elsewhere (no fonts, no trackers, no maps). The script talks only to our own
API (``/api/v1/tips``...). The pages store nothing about the visitor: no cookie, no session,
and the reference and receipt are only ever sent in request bodies, never in a URL.

Swedish unless ``?lang=en`` (a link on every page switches). The browser's Accept-Language is
deliberately not used: the municipality's pages are Swedish first, and a phone set to English
gets the same page as everyone else with the switch one tap away.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from tipsapp.common.i18n import TEXTS as API_TEXTS
from tipsapp.extensions import talisman
from tipsapp.reference import service as reference
from tipsapp.reference.schemas import category_view
from tipsapp.resident.texts import CATEGORY_ICONS, DEFAULT_ICON, ISSUE_ICONS, TEXTS
from tipsapp.walks.checklist import ISSUES

pages_blp = Blueprint("resident_pages", __name__)

RESIDENT_CSP: dict[str, str | list[str]] = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
# Geolocation is asked for by the form's own button; nothing else may use device features.
PERMISSIONS_POLICY = {
    "geolocation": "(self)",
    "camera": "()",
    "microphone": "()",
    "browsing-topics": "()",
}

strict_page = talisman(
    content_security_policy=RESIDENT_CSP,
    referrer_policy="no-referrer",
    permissions_policy=PERMISSIONS_POLICY,
)


def _language() -> str:
    return "en" if request.args.get("lang") == "en" else "sv"


def _texts(language: str) -> dict[str, str]:
    texts = {key: entry[language] for key, entry in TEXTS.items()}
    texts["emergency_note"] = API_TEXTS["emergency_note"][language]
    texts["urgent_note"] = API_TEXTS["urgent_note"][language]
    return texts


def _render(template: str, language: str, **context: Any) -> Response:
    other = "en" if language == "sv" else "sv"
    html = render_template(
        template,
        t=_texts(language),
        lang=language,
        other_lang=other,
        # Posted without script, a form lands here: say so instead of a JSON 405.
        needs_script=request.method == "POST",
        **context,
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Language"] = language
    # The page holds no secret, but a shared computer's back button should not show a
    # receipt that the script put on it.
    response.headers["Cache-Control"] = "no-store"
    return response


@pages_blp.route("/", methods=["GET", "POST"])
@strict_page
def tip_form() -> Response:
    """The tip form; after sending, the same page shows the receipt."""
    language = _language()
    categories = [
        {
            **category_view(category, language, reference.FOCUS_LABELS),
            "icon": CATEGORY_ICONS.get(category.code, DEFAULT_ICON),
        }
        for category in reference.list_categories()
    ]
    areas = [{"code": area.code, "name": area.name} for area in reference.list_areas()]
    return _render("resident/tip.html", language, categories=categories, areas=areas)


@pages_blp.route("/uppfoljning", methods=["GET", "POST"])
@strict_page
def followup() -> Response:
    """Follow a tip up with reference and receipt (sent by the script in a POST body)."""
    return _render("resident/followup.html", _language())


@pages_blp.route("/followup")
def followup_english_path() -> Any:
    """The English-looking address leads to the one follow-up page (language kept)."""
    lang = "en" if request.args.get("lang") == "en" else None
    return redirect(url_for("resident_pages.followup", lang=lang), code=301)


# --- walk mode: /w/<code> (the poster's QR link) and /vandring (type the code) ---------------

# The walk page also registers the service worker that keeps it usable offline.
WALK_CSP: dict[str, str | list[str]] = {**RESIDENT_CSP, "worker-src": "'self'"}
# The worker's own policy: it only fetches our own pages, styles and scripts.
WORKER_CSP: dict[str, str | list[str]] = {"default-src": "'none'", "connect-src": "'self'"}

walk_page = talisman(
    content_security_policy=WALK_CSP,
    referrer_policy="no-referrer",
    permissions_policy=PERMISSIONS_POLICY,
)


def _walk_page(code: str) -> Response:
    language = _language()
    issues = [
        {
            "code": issue,
            "label": TEXTS[f"issue_{issue}"][language],
            "icon": ISSUE_ICONS.get(issue, DEFAULT_ICON),
        }
        for issue in ISSUES
    ]
    return _render("resident/walk.html", language, code=code, issues=issues)


@pages_blp.route("/w/<string:code>")
@walk_page
def walk_with_code(code: str) -> Response:
    """Walk mode opened from the poster's QR code: the code is filled in."""
    return _walk_page(code[:32])


@pages_blp.route("/vandring")
@walk_page
def walk() -> Response:
    """Walk mode: type the code to join, then log observations, online or not."""
    return _walk_page("")


@pages_blp.route("/sw.js")
@talisman(content_security_policy=WORKER_CSP, referrer_policy="no-referrer")
def service_worker() -> Response:
    """The walk page's service worker, served from the root so it may control ``/w/...``."""
    response = current_app.send_static_file("resident/sw.js")
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on each visit; never keep an old one in HTTP caches.
    response.headers["Cache-Control"] = "no-cache"
    return response
