"""GET /followup/<area>: the HTML page residents read."""

from __future__ import annotations

import re
from typing import Any

from tests.factories import login_as, make_user
from tests.public.helpers import publish_tips, seed_districts, seed_promises


def test_swedish_by_default_english_on_request(client: Any, app: Any) -> None:
    seed_districts(app)
    seed_promises(app)
    page = client.get("/followup/gislaved")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in html and "Uppföljning av medborgarlöftet" in html
    assert "Medborgarlöfte Gislaved 2022" in html and "Gislaveds kommun" in html
    assert page.headers["Content-Language"] == "sv"
    for english in (
        client.get("/followup/gislaved?lang=en"),
        client.get("/followup/gislaved", headers={"Accept-Language": "en-GB,en;q=0.9"}),
    ):
        text = english.get_data(as_text=True)
        assert '<html lang="en" dir="ltr">' in text and "Follow-up of the citizen promise" in text
        assert "fewer than 5" in text


def test_no_external_resources_and_a_strict_csp(client: Any, app: Any) -> None:
    seed_districts(app)
    headers = login_as(client, make_user(app, "analyst"))
    publish_tips(client, headers, 5)
    page = client.get("/followup/gislaved")
    html = page.get_data(as_text=True)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert re.findall(r'<link [^>]*href="([^"]+)"', html) == ["/static/public.css"]
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp
    assert "script-src" not in csp
    css = client.get("/static/public.css")
    assert css.status_code == 200 and "url(" not in css.get_data(as_text=True)
    css.close()
    api_csp = client.get("/api/v1/public/followup?area=gislaved").headers
    assert api_csp["Content-Security-Policy"].startswith("default-src 'none'")
    assert "style-src" not in api_csp["Content-Security-Policy"]


def test_statement_title_is_escaped(client: Any, app: Any) -> None:
    headers = login_as(client, make_user(app, "analyst"))
    response = client.post(
        "/api/v1/public/statements",
        json={"area": "gislaved", "title": "<script>alert(1)</script>", "body": "<b>fet</b>"},
        headers=headers,
    )
    assert response.status_code == 201
    html = client.get("/followup/gislaved").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html and "<b>fet</b>" not in html


def test_unknown_area_is_an_html_404(client: Any) -> None:
    page = client.get("/followup/atlantis")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    assert "Det finns inget område med den koden." in page.get_data(as_text=True)
