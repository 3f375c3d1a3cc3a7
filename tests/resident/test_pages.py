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
    # The one cookie a resident page sets: the language picked with ?lang, nothing else.
    cookies = response.headers.getlist("Set-Cookie")
    if "lang=" in path:
        assert len(cookies) == 1
        assert cookies[0].startswith("lang=en;")
        assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    else:
        assert cookies == []


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


def test_tip_form_is_swedish_by_default_with_a_picker(client: Any) -> None:
    html = client.get("/").get_data(as_text=True)

    assert '<html lang="sv" dir="ltr">' in html
    assert "Tipsa anonymt" in html
    assert 'href="/?lang=en"' in html and 'href="/?lang=fi"' in html
    assert "Ordningsstörning" in html  # the categories, with their Swedish words
    assert "Gislaveds kommun" in html
    assert "Ring 112" in html


def test_tip_form_in_english(client: Any) -> None:
    response = client.get("/?lang=en")
    html = response.get_data(as_text=True)

    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en" dir="ltr">' in html
    assert "Send an anonymous tip" in html
    assert "Public disorder" in html
    assert 'href="/?lang=sv"' in html and 'hreflang="sv"' in html


def test_tip_form_follows_the_phones_language_when_none_is_picked(client: Any) -> None:
    html = client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"}).get_data(
        as_text=True
    )

    assert '<html lang="fi" dir="ltr">' in html


def test_a_picked_language_is_remembered_over_the_phones(client: Any) -> None:
    client.get("/?lang=ar")
    html = client.get("/uppfoljning", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in html


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
