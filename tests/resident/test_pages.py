"""The resident's pages as served: strict headers, language, and nothing inline or foreign."""

from __future__ import annotations

import re
from typing import Any

import pytest

EXPECTED_CSP = {
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
}
PAGES = ("/", "/uppfoljning", "/?lang=en", "/uppfoljning?lang=en")


def csp_directives(response: Any) -> set[str]:
    header = response.headers["Content-Security-Policy"]
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_strict_headers(client: Any, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert csp_directives(response) == EXPECTED_CSP
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_api_keeps_its_own_policy(client: Any) -> None:
    response = client.get("/api/v1/areas")

    assert "script-src" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_inline_or_from_elsewhere(client: Any, path: str) -> None:
    html = client.get(path).get_data(as_text=True)

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    executable = [attrs for attrs, _ in scripts if 'type="application/json"' not in attrs]
    assert executable == [
        ' src="/static/resident/common.js" defer',
        ' src="/static/resident/resident.js" defer',
    ]
    assert [body for attrs, body in scripts if "src=" in attrs] == ["", ""]
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_tip_form_is_swedish_by_default_with_a_switch(client: Any) -> None:
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)

    assert '<html lang="sv">' in html
    assert "Tipsa anonymt" in html
    assert 'href="/?lang=en"' in html
    assert "Ordningsstörning" in html  # the categories, with their Swedish words
    assert "Gislaveds kommun" in html
    assert "Ring 112" in html


def test_tip_form_in_english(client: Any) -> None:
    response = client.get("/?lang=en")
    html = response.get_data(as_text=True)

    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Send an anonymous tip" in html
    assert "Public disorder" in html
    assert 'href="/"' in html and 'hreflang="sv"' in html


def test_followup_english_path_redirects_to_the_page(client: Any) -> None:
    assert client.get("/followup").headers["Location"] == "/uppfoljning"
    assert client.get("/followup?lang=en").headers["Location"] == "/uppfoljning?lang=en"


def test_a_form_posted_without_script_gets_the_page_and_no_echo(client: Any) -> None:
    response = client.post(
        "/uppfoljning", data={"reference": "T-AAAA-BBBB", "receipt": "SECRET-RECEIPT"}
    )
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "behöver JavaScript" in html
    assert "SECRET-RECEIPT" not in html


def test_static_files_are_served(client: Any) -> None:
    script = client.get("/static/resident/resident.js")
    style = client.get("/static/resident/resident.css")

    assert script.status_code == 200 and "javascript" in script.mimetype
    assert style.status_code == 200 and style.mimetype == "text/css"
    script.close()
    style.close()
