"""The console's settings page: opt-ins per area and kind and quiet hours, saved as the
script saves them (the API, with the session cookie and the CSRF token)."""

from __future__ import annotations

import re

from flask import Flask

from tests.console.test_pages import signed_in
from tests.console.test_session import CSRF_META
from tipsapp.console.session import CSRF_HEADER


def test_the_settings_page_shows_the_saved_choices_and_saves_new_ones(app: Flask) -> None:
    client, _user = signed_in(app, "analyst", areas=("gislaved", "varnamo"))
    page = client.get("/staff/settings").get_data(as_text=True)
    token = CSRF_META.search(page)
    assert token is not None

    saved = client.put(
        "/api/v1/staff/me/notifications",
        json={
            "subscriptions": [{"area": "varnamo", "kind": "digest"}],
            "quiet_from": "21:30",
            "quiet_until": "06:45",
        },
        headers={CSRF_HEADER: token.group(1)},
    )
    again = client.get("/staff/settings").get_data(as_text=True)

    assert 'value="gislaved:urgent_item"' in page and "checked" not in page
    assert saved.status_code == 200, saved.get_json()
    assert 'id="notice-varnamo-digest"' in again
    assert again.count(" checked") == 1
    assert re.search(r'value="varnamo:digest"[^>]*checked>', again)
    assert 'value="21:30"' in again and 'value="06:45"' in again
    assert "Inställningar" in again and "Tysta timmar" in again
    assert 'href="/staff/settings" aria-current="page"' in again


def test_the_settings_page_speaks_english_when_asked(app: Flask) -> None:
    client, _user = signed_in(app, "admin")

    page = client.get("/staff/settings?lang=en").get_data(as_text=True)

    assert "E-mail notices" in page and "Quiet hours" in page
    assert 'aria-label="Urgent item \u2013 ' in page


def test_partners_have_no_settings_page_or_link(app: Flask) -> None:
    client, _user = signed_in(app, "partner")

    response = client.get("/staff/settings")
    walks = client.get("/staff/walks").get_data(as_text=True)

    assert response.status_code == 403
    assert "/staff/settings" not in walks
