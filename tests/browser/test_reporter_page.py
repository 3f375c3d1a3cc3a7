"""The EST reporter's page on a phone: a report saved offline is sent once when online."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

# In tests/browser, so it shares the session's one browser (a second sync Playwright fails).
from tests.browser.conftest import AXE_SCRIPT, Console, unavailable
from tests.browser.test_console import axe_serious, describe, expect, sign_in
from tests.factories import login_as, make_org, make_user
from tests.photos.images import jpeg_with_gps_and_comment


def _reporter(app: Flask) -> Any:
    org = make_org(app, "Gislavedshem", "partner", ("gislaved",))
    return make_user(app, "reporter", org=org, display_name="Vera Värd")


def test_a_report_saved_offline_is_sent_once_with_its_photo_when_online(
    page: Any, app: Flask, console: Console
) -> None:
    reporter = _reporter(app)
    sign_in(page, reporter, "/staff")
    expect(page).to_have_url(re.compile(r"/staff/rapport$"))
    page.goto("/staff/rapport?lang=en")
    expect(page.locator("#report-pending")).to_have_text("Waiting to be sent: 0")

    page.context.set_offline(True)
    page.get_by_label("What is it about?").select_option("vandalism")
    page.get_by_label("What did you see?").fill("Klotter på återvinningsstationen, nytt i dag.")
    page.get_by_label("Where (a place name, optional)").fill("Återvinningsstationen")
    page.get_by_role("button", name="Add my position").click()
    expect(page.locator("#position-status")).to_contain_text("Position added")
    page.get_by_role("group", name="Graffiti and damage").get_by_label("0").check()
    page.set_input_files(
        "#report-photo",
        files=[{"name": "p.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps_and_comment()}],
    )
    expect(page.locator("#report-photo-preview")).to_be_visible()
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator("#save-status")).to_have_text("Saved on the phone.")
    expect(page.locator("#report-pending")).to_have_text("Waiting to be sent: 1")

    page.context.set_offline(False)
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#report-pending")).to_have_text("Waiting to be sent: 0", timeout=15_000)
    expect(page.locator("#sync-status")).to_have_text("Everything is sent.")
    expect(page.locator("#my-reports li")).to_have_count(1)
    expect(page.locator("#my-reports li").first).to_contain_text("received")

    api = app.test_client()
    analyst = login_as(api, make_user(app, "analyst"))
    (row,) = api.get("/api/v1/queue?kind=report", headers=analyst).get_json()["items"]
    item = api.get(f"/api/v1/queue/{row['reference']}", headers=analyst).get_json()
    assert item["reporter"]["name"] == "Vera Värd"
    assert item["reporter"]["ratings"] == {"graffiti": 0}
    assert item["location"]["lat"] > 57
    photos = api.get(f"/api/v1/queue/{row['reference']}/photos", headers=analyst).get_json()
    assert len(photos["photos"]) == 1
    # A request still in flight when the phone goes offline (the list of own reports) fails,
    # and the browser logs that; any other console error still fails the test.
    assert [e for e in console.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_the_reporter_page_has_no_serious_accessibility_violations(
    browser: Any, live_server: str, app: Flask
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    from tests.browser.conftest import phone_context

    context = phone_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        sign_in(page, _reporter(app), "/staff/rapport")
        expect(
            page.get_by_role("heading", name="Rapportera från din runda", level=1)
        ).to_be_visible()
        violations = axe_serious(page)
    finally:
        context.close()
    assert violations == [], describe(violations)


def test_a_reporter_is_shown_no_access_on_the_analysts_pages(page: Any, app: Flask) -> None:
    sign_in(page, _reporter(app), "/staff/rapport")
    page.goto("/staff/actions?lang=en")
    expect(page.locator("h1")).to_have_text("No access")
