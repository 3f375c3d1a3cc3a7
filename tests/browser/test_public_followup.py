"""The public follow-up on a phone (390 px): no sideways scrolling, newest period open first."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.browser.conftest import PHONE
from tests.factories import as_role, make_org
from tests.public.helpers import IN_GISLAVED, publish_tips, seed_districts, seed_promises


def _published_figures_and_actions(app: Flask) -> None:
    seed_districts(app)
    seed_promises(app)
    client = app.test_client()
    headers = as_role(app, client, "analyst")
    owner = make_org(app, "Gislaveds kommun, tekniska förvaltningen", kind="partner")
    response = client.post(
        "/api/v1/actions",
        json={
            "title": "Ny belysning på gångvägen mellan skolan och idrottshallen",
            "owner": owner.id,
            "area": "gislaved",
            "due_date": "2027-03-01",
        },
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()
    publish_tips(app.test_client(), headers, 12, location=IN_GISLAVED)


def test_followup_fits_a_phone_without_sideways_scrolling(
    app: Flask, page: Any, screenshot: Any
) -> None:
    _published_figures_and_actions(app)
    for language in ("sv", "en", "fi"):
        page.goto(f"/followup/gislaved?lang={language}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (language, width)
        newest = page.locator("details.period").first
        assert newest.get_attribute("open") is not None
        assert newest.locator("table.figures").first.is_visible()
    screenshot(page, "public-followup-phone")
