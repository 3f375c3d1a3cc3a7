"""The about page, the accessibility statement and an error page on a phone: readable, no
sideways scrolling, no serious axe finding; screenshots for the record."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import AXE_SCRIPT, phone_context, unavailable
from tests.browser.test_languages import assert_no_sideways_scroll
from tests.browser.test_resident import axe_violations, describe


@pytest.mark.parametrize(
    ("path", "name", "status"),
    [
        ("/om", "about-page", 200),
        ("/om?lang=ar", "about-page-ar", 200),
        ("/tillganglighet", "accessibility-statement", 200),
        ("/nyheter", "not-found-page", 404),
    ],
)
def test_official_pages_read_well_on_a_phone(
    browser: Any, live_server: str, screenshot: Any, path: str, name: str, status: int
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    context = phone_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        response = page.goto(path)
        assert response is not None and response.status == status
        assert page.locator("h1").count() == 1
        assert "Gislaveds kommun" in page.locator("header").inner_text()
        assert_no_sideways_scroll(page, path)
        violations = axe_violations(page)
        assert violations == [], f"{path}:\n{describe(violations)}"
        screenshot(page, name)
    finally:
        context.close()
