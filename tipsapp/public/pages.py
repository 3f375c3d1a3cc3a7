"""GET /followup/<area>: the public follow-up as a plain HTML page for residents.

Server-rendered with nothing loaded from elsewhere: no script, no font, no map tiles. The CSP
stays ``default-src 'none'`` and only allows our own stylesheet from ``/static``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask.views import MethodView

from tipsapp.common.clock import STOCKHOLM
from tipsapp.common.i18n import PUBLIC_TEXTS, negotiate_language
from tipsapp.extensions import talisman
from tipsapp.public import service
from tipsapp.reference.service import area_by_code
from tipsapp.security.ratelimits import rate_limited

pages_blp = Blueprint("public_pages", __name__)

PAGE_CSP = {
    "default-src": "'none'",
    "style-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'none'",
}


def _local(moment: datetime | str | None) -> str:
    """A moment as Swedish local time, minutes only (the page names no seconds or zones)."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _render(template: str, status: int, language: str, **context: Any) -> Response:
    texts = {key: entry.get(language, entry["sv"]) for key, entry in PUBLIC_TEXTS.items()}
    html = render_template(template, t=texts, lang=language, local=_local, **context)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Language"] = language
    response.vary.add("Accept-Language")
    return response


@rate_limited("RATELIMIT_PUBLIC")
class FollowupPage(MethodView):
    def get(self, area: str) -> Response:
        """Swedish unless ``?lang=en`` or the browser's Accept-Language asks for English."""
        language = negotiate_language(request.args.get("lang"))
        found = area_by_code(area)
        if found is None:
            return _render("public/not_found.html", 404, language)
        content = service.followup(found, language)
        other = "en" if language == "sv" else "sv"
        return _render("public/followup.html", 200, language, f=content, other_lang=other)


_view = FollowupPage.as_view("followup")
pages_blp.add_url_rule(
    "/followup/<string:area>", view_func=talisman(content_security_policy=PAGE_CSP)(_view)
)
