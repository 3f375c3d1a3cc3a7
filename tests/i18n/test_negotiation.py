"""One negotiation for pages, API messages and the error envelope: ?lang, cookie, header, sv."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tipsapp.i18n import canonical_code, negotiate_language


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fi", "fi"),
        ("FI-fi", "fi"),
        ("sv_SE", "sv"),
        ("sv-x-ll", "sv-x-ll"),
        ("hr", "bs"),
        ("sr-Latn", "bs"),
        ("fa-AF", "fa"),
        ("prs", "fa"),
        ("de", None),
        ("", None),
        ("x" * 100, None),
    ],
)
def test_codes_are_read_as_one_of_the_offered_languages(value: str, expected: str | None) -> None:
    assert canonical_code(value) == expected


def negotiated(app: Flask, path: str, **headers: str) -> str:
    with app.test_request_context(path, headers=headers):
        from flask import request

        return negotiate_language(request.args.get("lang"))


def test_an_explicit_language_wins_over_cookie_and_header(app: Flask) -> None:
    assert negotiated(app, "/?lang=so", Cookie="lang=fi", **{"Accept-Language": "ar"}) == "so"


def test_the_cookie_wins_over_the_header(app: Flask) -> None:
    assert negotiated(app, "/", Cookie="lang=fi", **{"Accept-Language": "ar"}) == "fi"


def test_the_header_picks_the_first_offered_language(app: Flask) -> None:
    assert negotiated(app, "/", **{"Accept-Language": "de-DE,ti;q=0.8,en;q=0.5"}) == "ti"


def test_swedish_when_nothing_is_offered(app: Flask) -> None:
    assert negotiated(app, "/?lang=xx", Cookie="lang=zz", **{"Accept-Language": "de"}) == "sv"


def test_the_api_error_envelope_speaks_the_picked_language(client: Any) -> None:
    client.get("/?lang=fi")  # the picker's cookie
    error = client.get("/api/v1/nope").get_json()["error"]

    from tipsapp.common.i18n import TEXTS

    assert error["message"] == TEXTS.get("not_found", "fi")
    assert error["message"] != TEXTS.get("not_found", "sv")


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("so", "ltr")])
def test_pages_are_written_in_the_direction_of_their_language(
    client: Any, code: str, direction: str
) -> None:
    for path in ("/", "/uppfoljning", "/vandring", "/followup/gislaved"):
        html = client.get(f"{path}?lang={code}").get_data(as_text=True)
        assert f'<html lang="{code}" dir="{direction}">' in html, path


def test_the_picker_names_each_language_in_itself(client: Any) -> None:
    html = client.get("/").get_data(as_text=True)

    for name in (
        "Suomi",
        "العربية",
        "Soomaali",
        "ትግርኛ",
        "Bosanski/Hrvatski/Srpski",
        "Polski",
        "English",
        "Lättläst",
    ):
        assert name in html
    assert 'href="/?lang=ar" lang="ar" hreflang="ar" dir="rtl"' in html


def test_easy_to_read_swedish_is_its_own_text(client: Any) -> None:
    from tipsapp.resident.texts import TEXTS

    assert TEXTS.get("save_advice", "sv-x-ll") != TEXTS.get("save_advice", "sv")
    html = client.get("/?lang=sv-x-ll").get_data(as_text=True)
    assert '<html lang="sv-x-ll" dir="ltr">' in html
    assert TEXTS.get("form_intro", "sv-x-ll") in html
