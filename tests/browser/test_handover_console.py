"""Handing an item over and marking it notable from the console, in a real browser: the
recipients responsible for the item, a required note, the handover's row with its delivery
state in Swedish (pending, then delivered after a worker round against a real SMTP server),
the refusal of a second handover said in Swedish, the notable box that persists, and axe-core
with the handover form open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask

from tests.browser.conftest import AXE_SCRIPT, Console, unavailable
from tests.browser.test_console import describe, sent, sign_in
from tests.browser.test_workbench import api_item, axe_violations, bench_context, row
from tests.factories import as_role, login_as, make_user
from tests.handover.conftest import SmtpServer, add_recipient, run_worker

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

SENDER = "tipsapp@kommun.example"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app(make_app: Any, smtp: SmtpServer, tmp_path: Path) -> Flask:
    """The console's app, mailing handovers to the test's own SMTP server."""
    return cast(
        Flask,
        make_app(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=smtp.port,
            SMTP_STARTTLS=False,
            SMTP_FROM=SENDER,
            SMTP_TIMEOUT_SECONDS=5,
            PHOTO_DIR=str(tmp_path / "photos"),
        ),
    )


@pytest.fixture
def bench(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    context = bench_context(browser, live_server)
    opened = context.new_page()
    console.watch(opened)
    yield opened
    context.close()


def recipients(app: Flask) -> dict[str, dict[str, Any]]:
    """One recipient for every category of Gislaved, and two that are not responsible."""
    api = app.test_client()
    admin = as_role(app, api, "admin", areas=("gislaved", "varnamo"))
    return {
        "responsible": add_recipient(api, admin, name="Gislaveds kommun, felanmälan"),
        "other_category": add_recipient(
            api, admin, name="Trafikenheten", category="traffic", email="trafik@kommun.example"
        ),
        "other_area": add_recipient(
            api, admin, name="Värnamo kommun", area="varnamo", email="intag@varnamo.example"
        ),
    }


def open_handover(page: Any) -> None:
    page.get_by_role("button", name="Lämna över…").click()
    expect(page.locator("#handover-form")).to_be_visible()
    # Only the recipient responsible for the item's area and category is offered.
    expect(page.locator("#handover-recipient option")).to_have_text(
        ["Välj…", "Gislaveds kommun, felanmälan"]
    )


def test_an_item_is_handed_over_from_the_pane_and_its_row_shows_the_delivery_state(
    bench: Any, app: Flask, smtp: SmtpServer, console: Console, screenshot: Any
) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api)
    recipients(app)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(row(page, reference)).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#handovers")).to_have_text("Inte överlämnat.")

    open_handover(page)
    page.get_by_role("button", name="Lämna över", exact=True).click()
    expect(page.locator("#status")).to_have_text("Välj en mottagare.")
    page.get_by_label("Mottagare", exact=True).select_option(label="Gislaveds kommun, felanmälan")
    page.get_by_role("button", name="Lämna över", exact=True).click()
    expect(page.locator("#status")).to_have_text("Skriv ett meddelande till mottagaren.")
    expect(page.locator("#handover-note")).to_be_focused()
    page.get_by_label("Meddelande till mottagaren").fill("Lampan vid gångvägen behöver bytas.")
    page.get_by_label("Skicka med fotona").check()
    page.get_by_role("button", name="Lämna över", exact=True).click()

    expect(page.locator("#status")).to_have_text(
        f"{reference} är överlämnat till Gislaveds kommun, felanmälan."
    )
    expect(page.locator("#handover-form")).to_be_hidden()
    handover = page.locator("#handovers .handover")
    expect(handover).to_have_count(1)
    expect(handover).to_contain_text("Överlämnat till Gislaveds kommun, felanmälan")
    expect(handover).to_contain_text("med foton")
    expect(handover).to_contain_text("Lampan vid gångvägen behöver bytas.")
    expect(handover.locator(".handover-state")).to_have_text("väntar på leverans")
    expect(page.locator("#item-facts")).to_contain_text(
        "Överlämnat till Gislaveds kommun, felanmälan · väntar på leverans"
    )
    screenshot(page, "handover-pane")
    stored = api_item(api, login_as(api, analyst), reference)["handovers"]
    assert [(h["recipient"], h["state"], h["include_photos"]) for h in stored] == [
        ("Gislaveds kommun, felanmälan", "pending", True)
    ]

    # The same recipient again: refused, said in Swedish from the error's code.
    open_handover(page)
    page.get_by_label("Mottagare", exact=True).select_option(label="Gislaveds kommun, felanmälan")
    page.get_by_label("Meddelande till mottagaren").fill("En gång till.")
    page.get_by_role("button", name="Lämna över", exact=True).click()
    expect(page.locator("#status")).to_have_text("Ärendet är redan överlämnat till den mottagaren.")
    expect(page.locator("#handovers .handover")).to_have_count(1)

    # Delivered by a worker round: the item's own page shows it.
    run_worker(app)
    assert len(smtp.mailbox.messages) == 1
    page.goto(f"/staff/items/{reference}")
    expect(page.locator("#handovers .handover-state")).to_have_text("levererat")
    assert "felanmalan@gislaved.example" not in page.locator("#handovers").inner_text()
    # The browser logs the refused second handover's 409 itself; nothing else went wrong.
    assert [error for error in console.errors if "409" not in error] == []


def test_the_notable_box_persists_on_the_item(bench: Any, app: Flask, console: Console) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    headers = login_as(api, analyst)
    sign_in(page, analyst)
    expect(row(page, reference)).to_be_visible()
    page.keyboard.press("Enter")
    notable = page.get_by_label("Anmärkningsvärd i lägesbilden")
    expect(notable).not_to_be_checked()

    notable.check()
    expect(page.locator("#status")).to_have_text(
        f"{reference} är markerat som anmärkningsvärt i lägesbilden."
    )
    assert api_item(api, headers, reference)["notable"] is True
    page.goto(f"/staff/items/{reference}")
    expect(page.get_by_label("Anmärkningsvärd i lägesbilden")).to_be_checked()

    page.get_by_label("Anmärkningsvärd i lägesbilden").uncheck()
    expect(page.locator("#status")).to_have_text(
        f"{reference} är inte längre markerat som anmärkningsvärt i lägesbilden."
    )
    assert api_item(api, headers, reference)["notable"] is False
    assert console.errors == []


def test_no_accessibility_violations_with_the_handover_form_open(
    browser: Any, live_server: str, app: Flask
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    api = app.test_client()
    reference = sent(api)
    recipients(app)
    analyst = make_user(app, "analyst")
    context = bench_context(browser, live_server, bypass_csp=True)
    problems: dict[str, list[dict[str, Any]]] = {}
    try:
        page = context.new_page()
        sign_in(page, analyst)
        expect(row(page, reference)).to_be_visible()
        page.keyboard.press("Enter")
        open_handover(page)
        problems["/staff (pane, handover form)"] = axe_violations(page)
        page.goto(f"/staff/items/{reference}")
        open_handover(page)
        page.get_by_label("Mottagare", exact=True).select_option(
            label="Gislaveds kommun, felanmälan"
        )
        page.get_by_label("Meddelande till mottagaren").fill("Lampan behöver bytas.")
        page.get_by_role("button", name="Lämna över", exact=True).click()
        expect(page.locator("#handovers .handover")).to_have_count(1)
        open_handover(page)
        problems["/staff/items (handed over, form open)"] = axe_violations(page)
    finally:
        context.close()
    found = {path: describe(v) for path, v in problems.items() if v}
    assert found == {}, "\n".join(f"{path}:\n{text}" for path, text in found.items())
