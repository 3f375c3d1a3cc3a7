"""Walk mode as served: /w/<code>, /vandring and the service worker at /sw.js."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.resident.test_pages import EXPECTED_CSP, csp_directives

WALK_PAGES = ("/w/ABCD-EFGH", "/vandring", "/w/ABCD-EFGH?lang=en", "/vandring?lang=en")


@pytest.mark.parametrize("path", WALK_PAGES)
def test_walk_pages_send_strict_headers(client: Any, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert csp_directives(response) == EXPECTED_CSP | {"worker-src 'self'"}
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    # Only a language picked with ?lang is kept (the code alone, in the browser).
    expected = 1 if "lang=" in path else 0
    assert len(response.headers.getlist("Set-Cookie")) == expected


@pytest.mark.parametrize("path", WALK_PAGES)
def test_walk_pages_load_only_the_shared_scripts_and_the_walk_script(
    client: Any, path: str
) -> None:
    html = client.get(path).get_data(as_text=True)

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    executable = [attrs for attrs, _ in scripts if 'type="application/json"' not in attrs]
    assert executable == [
        ' src="/static/resident/common.js" defer',
        ' src="/static/resident/outbox.js" defer',
        ' src="/static/resident/walk.js" defer',
    ]
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_the_code_from_the_poster_is_filled_in(client: Any) -> None:
    html = client.get("/w/ABCD-EFGH").get_data(as_text=True)

    assert '<html lang="sv" dir="ltr">' in html
    assert 'value="ABCD-EFGH"' in html
    assert "Belysning" in html and "Klotter" in html
    assert 'href="/w/ABCD-EFGH?lang=en"' in html


def test_a_code_cannot_inject_markup(client: Any) -> None:
    html = client.get('/w/"><b>x').get_data(as_text=True)

    assert "<b>x" not in html


def test_walk_page_in_english(client: Any) -> None:
    html = client.get("/vandring?lang=en").get_data(as_text=True)

    assert '<html lang="en" dir="ltr">' in html
    assert "Join the walk" in html
    assert 'value=""' in html


def test_service_worker_is_served_from_the_root(client: Any) -> None:
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert csp_directives(response) == {"default-src 'none'", "connect-src 'self'"}
    body = response.get_data(as_text=True)
    assert "/api/" in body  # never cached: the API is network only
    response.close()


def _cache_name(script: str) -> str:
    found = re.search(r'var CACHE = "(tipsapp-walk-v\d+)"', script)
    assert found, "no cache name"
    return found.group(1)


def test_the_worker_keeps_every_script_the_walk_page_loads(client: Any) -> None:
    worker = client.get("/sw.js")
    body = worker.get_data(as_text=True)
    worker.close()
    html = client.get("/vandring").get_data(as_text=True)
    walk_script = client.get("/static/resident/walk.js")

    for src in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="(/static/[^"]+)"', html):
        assert f'"{src}"' in body, f"{src} would not open offline"
    # The page tops the worker's cache up with its own address: both must name the same one.
    assert _cache_name(walk_script.get_data(as_text=True)) == _cache_name(body)
    walk_script.close()
