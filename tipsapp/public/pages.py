"""GET /followup/<area>: the public follow-up as a plain HTML page for residents.

Server-rendered with nothing loaded from elsewhere: no script, no font, no map tiles. The CSP
stays ``default-src 'none'`` and only allows our own stylesheet from ``/static``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template
from flask.views import MethodView

from tipsapp.common.i18n import PUBLIC_TEXTS
from tipsapp.extensions import talisman
from tipsapp.i18n import remember_choice, request_language
from tipsapp.i18n.pages import page_language
from tipsapp.public import service
from tipsapp.reference.service import area_by_code
from tipsapp.resident.texts import TEXTS as RESIDENT_TEXTS
from tipsapp.security.ratelimits import rate_limited

pages_blp = Blueprint("public_pages", __name__)

PAGE_CSP = {
    "default-src": "'none'",
    "style-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'none'",
}


def _render(template: str, status: int, language: str, **context: Any) -> Response:
    html = render_template(
        template,
        t=PUBLIC_TEXTS.texts(language),
        picker_label=RESIDENT_TEXTS.get("language_label", language),
        **page_language(language),
        **context,
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Language"] = language
    response.vary.update(("Accept-Language", "Cookie"))
    return remember_choice(response)


@rate_limited("RATELIMIT_PUBLIC")
class FollowupPage(MethodView):
    def get(self, area: str) -> Response:
        """In the negotiated language: ``?lang``, the picker's cookie, Accept-Language, Swedish."""
        language = request_language()
        found = area_by_code(area)
        if found is None:
            return _render("public/not_found.html", 404, language)
        content = service.followup(found, language)
        return _render("public/followup.html", 200, language, f=content)


_view = FollowupPage.as_view("followup")
pages_blp.add_url_rule(
    "/followup/<string:area>", view_func=talisman(content_security_policy=PAGE_CSP)(_view)
)
