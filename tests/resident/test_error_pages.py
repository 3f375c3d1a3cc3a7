"""A person who meets an error on a page gets a page in their language, never raw JSON."""

from __future__ import annotations

from typing import Any

from tipsapp.common.i18n import TEXTS as API
from tipsapp.resident.texts import TEXTS

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_wrong_address_is_a_page_with_a_way_back(client: Any) -> None:
    response = client.get("/nyheter", headers=BROWSER)
    html = response.get_data(as_text=True)

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert TEXTS.get("error_title_404", "sv") in html
    assert 'href="/"' in html
    assert '"error"' not in html


def test_the_error_page_speaks_the_picked_language(client: Any) -> None:
    html = client.get("/nyheter?lang=fi", headers=BROWSER).get_data(as_text=True)

    assert '<html lang="fi" dir="ltr">' in html
    assert TEXTS.get("error_back", "fi") in html
    assert API.get("not_found", "fi") in html


def test_programs_still_get_the_json_envelope(client: Any) -> None:
    for path in ("/nyheter", "/api/v1/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    api = client.get("/api/v1/nope", headers=BROWSER)
    assert api.get_json()["error"]["code"] == "not_found"


def test_a_rate_limited_page_says_how_long_to_wait(make_app: Any) -> None:
    client = make_app(RATELIMIT_PUBLIC="1 per minute").test_client()
    assert client.get("/followup/gislaved", headers=BROWSER).status_code == 200
    response = client.get("/followup/gislaved", headers=BROWSER)
    html = response.get_data(as_text=True)

    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert TEXTS.get("error_title_429", "sv") in html
    assert "Vänta " in html and "sekunder" in html
    assert int(response.headers["Retry-After"]) > 0
