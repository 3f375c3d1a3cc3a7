"""The settings page in a real browser: tick a notice, set quiet hours, save; and axe-core."""

from __future__ import annotations

from typing import Any

from flask import Flask

# In tests/browser, so it shares the session's one browser: a second sync Playwright in the
# same process fails ("Sync API inside the asyncio loop").
from tests.browser.conftest import AXE_SCRIPT, Console, unavailable
from tests.browser.test_console import axe_serious, describe, desk_context, expect, sign_in
from tests.factories import login_as, make_user


def test_an_analyst_chooses_notices_and_quiet_hours_in_the_console(
    browser: Any,
    live_server: str,
    console: Console,
    app: Flask,
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    analyst = make_user(app, "analyst", areas=("gislaved",))
    # Only this context bypasses the page's CSP, so that axe's script may be injected.
    context = desk_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        console.watch(page)
        sign_in(page, analyst, "/staff/settings")
        expect(page.get_by_role("heading", name="Inställningar", level=1)).to_be_visible()
        violations = axe_serious(page)

        page.get_by_role("checkbox", name="Brådskande ärende \u2013 Gislaved", exact=False).check()
        page.get_by_label("Från").fill("22:00")
        page.get_by_label("Till").fill("07:00")
        page.get_by_role("button", name="Spara inställningarna").click()
        expect(page.locator("#status")).to_have_text("Inställningarna är sparade.")
    finally:
        context.close()

    api = app.test_client()
    saved = api.get("/api/v1/staff/me/notifications", headers=login_as(api, analyst)).get_json()
    assert violations == [], describe(violations)
    assert saved["subscriptions"] == [{"area": "gislaved", "kind": "urgent_item"}]
    assert saved["quiet_from"].startswith("22:00") and saved["quiet_until"].startswith("07:00")
    assert console.errors == []
