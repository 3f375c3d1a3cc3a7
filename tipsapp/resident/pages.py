"""GET / (the tip form) and GET /uppfoljning (the follow-up): the resident's browser pages.

Server-rendered HTML with one stylesheet and one script from ``/static/resident/``; no build
step, nothing from elsewhere (no fonts, no trackers, no maps). The script talks only to our own
API (``/api/v1/tips``...). The pages store nothing about the visitor: no session, no cookie
but the chosen language's, and the reference and receipt are only ever sent in request bodies,
never in a URL (the receipt's QR code carries them in a link's fragment, which browsers never
send; see ``receipt_link``).

The language: ``?lang`` (the picker on every page), then the cookie the picker left, then the
phone's Accept-Language, then Swedish (``tipsapp.i18n``). The cookie holds the language code
only; it is the one cookie these pages may set.
"""

from __future__ import annotations

import io
import math
import re
import time
from typing import Any
from urllib.parse import urlencode

import segno
from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from tipsapp.actions.models import FIX_ANSWERS
from tipsapp.common.i18n import FIXED_TEXTS
from tipsapp.common.i18n import TEXTS as API_TEXTS
from tipsapp.errors import ApiError
from tipsapp.extensions import talisman
from tipsapp.i18n import canonical_code, remember_choice, request_language
from tipsapp.i18n.pages import Formats, page_language
from tipsapp.reference import service as reference
from tipsapp.reference.schemas import category_view
from tipsapp.resident.identity import LOGO_TYPES, current_identity, logo_path
from tipsapp.resident.texts import ABOUT, CATEGORY_ICONS, DEFAULT_ICON, ISSUE_ICONS, TEXTS
from tipsapp.tips.schemas import TEXT_MAX_LENGTH
from tipsapp.triage.urgency import browser_rules
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
    return request_language()


def _texts(language: str) -> dict[str, str]:
    texts = TEXTS.texts(language)
    texts["emergency_note"] = API_TEXTS.get("emergency_note", language)
    texts["urgent_note"] = API_TEXTS.get("urgent_note", language)
    # Is it fixed? The question and its answers are the walk follow-up's words too.
    texts["fixed_question"] = FIXED_TEXTS.get("question", language)
    for answer in FIX_ANSWERS:
        texts[f"fixed_{answer}"] = FIXED_TEXTS.get(answer, language)
    return texts


def _render(template: str, language: str, **context: Any) -> Response:
    html = render_template(
        template,
        t=_texts(language),
        # Posted without script, a form lands here: say so instead of a JSON 405.
        needs_script=request.method == "POST",
        **page_language(language),
        **context,
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Language"] = language
    response.vary.update(("Accept-Language", "Cookie"))
    # The page holds no secret, but a shared computer's back button should not show a
    # receipt that the script put on it.
    response.headers["Cache-Control"] = "no-store"
    return remember_choice(response)


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
    return _render(
        "resident/tip.html",
        language,
        categories=categories,
        areas=areas,
        urgency_rules=browser_rules(),
        # The API's own limit, so the page's counter and the server cannot drift.
        text_max=TEXT_MAX_LENGTH,
    )


@pages_blp.route("/uppfoljning", methods=["GET", "POST"])
@strict_page
def followup() -> Response:
    """Follow a tip up with reference and receipt (sent by the script in a POST body)."""
    return _render("resident/followup.html", _language())


# The shapes of a reference (T-7K3Q-9XPA) and a receipt (seven groups of four).
REFERENCE_SHAPE = re.compile(r"T-[A-Z0-9]{4}-[A-Z0-9]{4}")
RECEIPT_SHAPE = re.compile(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){6}")


def _receipt_fields() -> tuple[str, str]:
    """The reference and receipt from the JSON body, or a JSON 4xx naming what is wrong."""
    if request.mimetype != "application/json":  # as the API: not "+json" types, not forms
        raise ApiError(415, "unsupported_media_type")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json")
    reference, receipt = body.get("reference"), body.get("receipt")
    fields: dict[str, list[str]] = {}
    if not isinstance(reference, str) or not REFERENCE_SHAPE.fullmatch(reference):
        fields["reference"] = ["Not a valid reference."]
    if not isinstance(receipt, str) or not RECEIPT_SHAPE.fullmatch(receipt):
        fields["receipt"] = ["Not a valid receipt."]
    unknown = sorted(set(body) - {"reference", "receipt"})
    fields.update({name: ["Unknown field."] for name in unknown})
    if fields:
        raise ApiError(422, "validation_failed", fields=fields)
    return str(reference), str(receipt)


def receipt_link(reference: str, receipt: str) -> str:
    """The follow-up page's address with the reference and receipt in its fragment.

    Threat: the receipt opens a tip's follow-up. A fragment (after ``#``) is never sent to a
    server, so a phone that scans the code and opens the link puts the receipt in no request,
    access log or Referer; the follow-up page reads it, wipes it from the address bar and looks
    the tip up with a POST body, as if it had been typed.
    """
    fragment = urlencode({"ref": reference, "receipt": receipt})
    return f"{current_app.config['PUBLIC_URL']}/uppfoljning#{fragment}"


@pages_blp.route("/kvitto/qr.svg", methods=["POST"])
@talisman(content_security_policy={"default-src": "'none'"}, referrer_policy="no-referrer")
def receipt_qr() -> Response:
    """The receipt view's QR code (a link to the follow-up with both filled in), drawn as SVG.

    Threat: the receipt is the key to a tip's follow-up. It comes in the POST body (never a
    URL, so no access log sees it), is checked only for its shape (this is no oracle for
    guessing receipts), drawn and forgotten: nothing is stored or logged, the answer is
    no-store. The page shows it from a blob: URL. The code holds receipt_link's address.
    """
    reference, receipt = _receipt_fields()
    texts = _texts(_language())
    out = io.BytesIO()
    segno.make(receipt_link(reference, receipt), error="m", micro=False).save(
        out,
        kind="svg",
        scale=4,
        border=4,
        light="#fff",
        xmldecl=False,
        svgclass=None,
        lineclass=None,
        title=texts["receipt_qr_alt"],
    )
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


@pages_blp.route("/followup")
def followup_english_path() -> Any:
    """The English-looking address leads to the one follow-up page (language kept)."""
    lang = canonical_code(request.args.get("lang"))
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
            "label": TEXTS.get(f"issue_{issue}", language),
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


def error_page(status: int, message: str) -> Response:
    """An error on a page route as a page in the reader's language, with a way back.

    A 429 says how long to wait: the limiter's reset of the limit that was hit.
    """
    language = _language()
    title = f"error_title_{status}" if f"error_title_{status}" in TEXTS else "error_title_other"
    response = _render(
        "resident/error.html",
        language,
        heading=TEXTS.get(title, language),
        message=message,
        wait=_wait_text(language) if status == 429 else None,
    )
    response.status_code = status
    return response


def _wait_text(language: str) -> str | None:
    limiter = current_app.extensions.get("tipsapp_limiter")
    current = getattr(limiter, "current_limit", None) if limiter else None
    reset_at = getattr(current, "reset_at", None)
    if not reset_at:
        return None
    seconds = max(1, math.ceil(reset_at - time.time()))
    if seconds < 120:
        return TEXTS.get("error_wait_seconds", language, seconds=seconds)
    return TEXTS.get("error_wait_minutes", language, minutes=math.ceil(seconds / 60))


# --- whose service this is: the about page, the accessibility statement, the logo ------------


def _about_texts(language: str) -> dict[str, str]:
    """The about texts with their figures filled in from the running configuration."""
    config = current_app.config
    identity = current_identity()
    values = {
        "municipality": identity.municipality,
        "police_area": identity.police_area,
        "contact": identity.contact,
        "tip_months": config["RETAIN_TIP_TEXT_MONTHS"],
        "photo_months": config["RETAIN_PHOTO_MONTHS"],
        "message_months": config["RETAIN_MESSAGE_MONTHS"],
        "unreported_months": config["RETAIN_UNREPORTED_MONTHS"],
        "date": Formats(language).day(config["IDENTITY_ACCESSIBILITY_UPDATED"]),
    }
    return {key: ABOUT.get(key, language, **values) for key in ABOUT}


@pages_blp.route("/om")
@strict_page
def about() -> Response:
    """What is stored, what never is, who reads a tip, how long it is kept, when to call."""
    language = _language()
    return _render("resident/about.html", language, a=_about_texts(language))


@pages_blp.route("/tillganglighet")
@strict_page
def accessibility() -> Response:
    """The accessibility statement the law on digital public services asks for."""
    language = _language()
    return _render("resident/accessibility.html", language, a=_about_texts(language))


@pages_blp.route("/identity/logo")
def logo() -> Response:
    """The organisation's logo file, when one is configured (else 404)."""
    path = logo_path()
    if path is None:
        raise ApiError(404, "not_found")
    response = Response(path.read_bytes(), mimetype=LOGO_TYPES[path.suffix.lower()])
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
