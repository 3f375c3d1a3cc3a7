"""The about page and the accessibility statement: every claim pinned to what the code does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tipsapp.resident.texts import ABOUT

BROWSER = {"Accept": "text/html"}


def test_every_resident_and_public_page_names_whose_service_it_is(client: Any) -> None:
    for path in ("/", "/uppfoljning", "/vandring", "/om", "/tillganglighet", "/followup/gislaved"):
        html = client.get(path).get_data(as_text=True)
        assert "Gislaveds kommun och Värnamo kommun" in html, path
        assert "Lokalpolisområde Värnamo" in html, path
        assert 'href="/om"' in html and 'href="/tillganglighet"' in html, path


def test_the_identity_comes_from_configuration(make_app: Any, tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    client = make_app(
        IDENTITY_MUNICIPALITY="Exempelby kommun",
        IDENTITY_CONTACT="kontakt@exempelby.se",
        IDENTITY_LOGO=str(logo),
        IDENTITY_PRIVACY_URL="https://exempelby.se/personuppgifter",
    ).test_client()
    html = client.get("/om").get_data(as_text=True)

    assert "Exempelby kommun" in html and "kontakt@exempelby.se" in html
    assert 'href="https://exempelby.se/personuppgifter"' in html
    assert 'src="/identity/logo"' in html
    assert client.get("/identity/logo").mimetype == "image/svg+xml"


def test_the_kept_months_are_the_running_settings(make_app: Any) -> None:
    client = make_app(RETAIN_TIP_TEXT_MONTHS=7, RETAIN_PHOTO_MONTHS=2).test_client()
    html = client.get("/om?lang=en").get_data(as_text=True)

    assert "erased 7 months after the situation report" in html
    assert "photos after 2 months" in html


def test_the_about_page_names_exactly_the_kinds_masking_hides() -> None:
    from tipsapp.triage.pii import MASKS

    words = {
        "[namn]": "names",
        "[adress]": "street addresses",
        "[personnr]": "personal identity numbers",
        "[telefon]": "phone numbers",
        "[e-post]": "e-mail addresses",
        "[regnr]": "car registration numbers",
    }
    assert set(MASKS.values()) == set(words)
    claim = ABOUT.entries["readers_body"]
    assert all(word in claim for word in words.values())


def test_the_one_cookie_the_about_page_mentions_is_the_language(client: Any) -> None:
    assert client.get("/om").headers.getlist("Set-Cookie") == []
    cookies = client.get("/om?lang=so").headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("lang=so;")


def test_the_accessibility_statement_has_the_sections_the_law_asks_for(client: Any) -> None:
    html = client.get("/tillganglighet?lang=sv").get_data(as_text=True)

    for heading in (
        "a11y_status_heading",
        "a11y_gaps_heading",
        "a11y_contact_heading",
        "a11y_supervision_heading",
        "a11y_tested_heading",
    ):
        assert ABOUT.get(heading, "sv") in html
    assert "DIGG" in html


def test_the_about_page_says_when_to_call_112_and_114_14(client: Any) -> None:
    html = client.get("/om").get_data(as_text=True)

    assert "112" in html and "114 14" in html
    assert 'href="tel:112"' in html
