"""The staff console in a real browser: log in, triage with the keyboard, publish the report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.browser.conftest import Console
from tests.factories import auth, login, make_user, send_tip

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def desk(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    """A desktop-sized page: the console is for analysts at their desks."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    opened = context.new_page()
    console.watch(opened)
    yield opened
    context.close()


def test_triage_with_the_keyboard_and_publish_the_report(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    sent = send_tip(api)
    assert sent.status_code == 201, sent.get_json()
    reference = sent.get_json()["reference"]
    analyst = make_user(app, "analyst")

    page.goto("/staff")
    expect(page).to_have_url(page.url.split("/staff")[0] + "/staff/login")
    page.get_by_label("E-mail").fill(analyst.email)
    page.get_by_label("Password").fill(analyst.password)
    page.get_by_role("button", name="Log in").click()

    row = page.locator(f'[data-reference="{reference}"]')
    expect(row).to_be_visible()
    expect(row).to_have_attribute("aria-selected", "true")
    expect(row.locator(".item-status")).to_have_text("new")
    screenshot(page, "console-queue")

    # Category 4 is "Unsafe environment" in the mapping shown on the page.
    expect(page.locator("#category-keys li").nth(3)).to_contain_text("Unsafe environment")
    page.keyboard.press("c")
    expect(page.locator("#category-mode")).to_be_visible()
    page.keyboard.press("4")
    expect(row.locator(".item-status")).to_have_text("triaged")
    expect(row.locator(".item-category-label")).to_contain_text("Unsafe environment")
    page.keyboard.press("q")
    expect(row.locator(".item-status")).to_have_text("queued")
    expect(page.locator("#queue-status")).to_contain_text("queued")
    page.keyboard.press("Enter")
    expect(page.locator("#detail-text")).to_contain_text("Gatlyktorna")
    screenshot(page, "console-queue-triaged")

    headers = auth(login(api, analyst.email, analyst.password))
    item = api.get(f"/api/v1/queue/{reference}", headers=headers).get_json()
    assert item["status"] == "queued"
    assert item["category"] == "unsafe_environment"

    page.get_by_role("link", name="Next report").click()
    expect(page.locator("#report-items")).to_contain_text(reference)
    link = page.locator("#report-link")
    report_id = link.get_attribute("href").split("/reports/")[1].split(".html")[0]
    # The printable page opens with the session cookie alone.
    printable = page.request.get(f"/reports/{report_id}.html")
    assert printable.status == 200
    screenshot(page, "console-report")

    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#report-status")).to_contain_text("is published")
    assert dialogs and "Publish report" in dialogs[0]
    screenshot(page, "console-report-published")

    report = api.get(f"/api/v1/reports/{report_id}", headers=headers).get_json()
    assert report["report"]["status"] == "published"
    item = api.get(f"/api/v1/queue/{reference}", headers=headers).get_json()
    assert item["status"] == "reported"
    assert console.errors == []
