"""The defects a walkthrough of the resident's pages found, each checked on a 390 by 844 phone."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from tests.browser.conftest import ARTIFACTS, Console
from tests.browser.test_resident import CALM_TEXT, REFERENCE, fill_calm_tip, tips
from tests.factories import as_role, make_walk, send_tip
from tipsapp.resident.pages import receipt_link

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None


def receipt_or_empty_form(page: Any) -> str:
    """What the tip page shows: "receipt" or "form" (which must then be empty)."""
    if page.locator("#receipt-view").is_visible():
        expect(page.locator("#receipt-reference")).to_have_text(REFERENCE)
        return "receipt"
    expect(page.locator("#form-view")).to_be_visible()
    expect(page.get_by_label("Vad hände?")).to_have_value("")
    expect(page.get_by_role("radio", name="Otrygg miljö")).not_to_be_checked()
    return "form"


# The first tip a fresh app stores can take seconds (the triage warms up): wait for it.
SENDING_MS = 30_000


def send_the_calm_tip(page: Any) -> str:
    fill_calm_tip(page)
    return press_send_and_read_reference(page)


def press_send_and_read_reference(page: Any) -> str:
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.locator("#receipt-view")).to_be_visible(timeout=SENDING_MS)
    expect(page.locator("#receipt-reference")).to_have_text(REFERENCE)
    return str(page.locator("#receipt-reference").inner_text())


def press_send_if_there(page: Any) -> None:
    """A resident who sees a form presses send again: no second tip may come of it."""
    if page.locator("#form-view").is_visible():
        page.get_by_role("button", name="Skicka tipset").click()
        # The empty form is refused.
        expect(page.locator("#form-errors")).to_be_visible(timeout=SENDING_MS)


# --- 1. back and forward after sending ---------------------------------------------------------


def test_back_and_forward_after_sending_never_stores_a_second_tip(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page.goto("/om")  # the resident came from another of our pages
    reference = send_the_calm_tip(page)

    page.go_back()
    assert receipt_or_empty_form(page) == "form"
    screenshot(page, "walkthrough-back-after-receipt")
    press_send_if_there(page)
    page.go_forward()
    assert receipt_or_empty_form(page) == "receipt"  # from the page's memory
    expect(page.locator("#receipt-reference")).to_have_text(reference)

    # Out of the page and back in: a fresh page, so the receipt is gone, the form empty.
    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/om$"))
    page.go_forward()
    receipt_or_empty_form(page)
    press_send_if_there(page)
    page.go_forward()
    receipt_or_empty_form(page)
    press_send_if_there(page)

    assert [tip.reference for tip in tips(app)] == [reference]
    # The receipt is in no storage, no history entry and no address.
    assert reference not in page.evaluate("JSON.stringify(window.sessionStorage)")
    assert reference not in page.evaluate("JSON.stringify(window.localStorage)")
    assert reference not in page.evaluate("JSON.stringify(history.state)")
    assert "T-" not in page.url
    # The refused empty form is logged by the browser as a failed resource (422); nothing else.
    assert [e for e in console.errors if "422" not in e] == []


def test_send_another_clears_the_form_and_the_draft(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    first = send_the_calm_tip(page)
    screenshot(page, "walkthrough-receipt")

    page.get_by_role("button", name="Skicka ett nytt tips").click()

    expect(page.get_by_role("heading", name="Tipsa anonymt")).to_be_visible()
    expect(page.get_by_label("Vad hände?")).to_have_value("")
    assert page.evaluate("window.sessionStorage.length") == 0
    page.get_by_label("Vad hände?").fill(CALM_TEXT + " Nu igen.")
    second = press_send_and_read_reference(page)
    assert second != first
    assert sorted(tip.reference for tip in tips(app)) == sorted([first, second])  # deliberate
    assert console.errors == []


# --- 2. a long paste is kept, counted and refused before sending --------------------------------


def test_a_long_paste_is_kept_counted_and_named_too_long_before_sending(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    page.goto("/")
    text = page.get_by_label("Vad hände?")
    counter = page.locator("#text-count")
    error = page.locator("#text-error")

    text.fill("Gatlyktan är trasig. " * 10)
    expect(counter).to_be_hidden()  # far from the limit: nothing to count
    text.fill("a" * 4600)
    expect(counter).to_have_text("400 tecken kvar")

    text.fill("")
    text.focus()
    page.keyboard.insert_text("b" * 6000)  # as a paste arrives: no character may be cut
    assert text.evaluate("(area) => area.value.length") == 6000
    expect(error).to_have_text("Texten är 1000 tecken för lång. Korta den till högst 5000 tecken.")
    expect(error).to_be_visible()
    expect(text).to_have_attribute("aria-invalid", "true")
    screenshot(page, "walkthrough-text-too-long")

    page.get_by_role("button", name="Skicka tipset").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "Texten är 1000 tecken för lång. Korta den till högst 5000 tecken."
    )
    assert not [url for url in posts if url.endswith("/api/v1/tips")]  # blocked in the page

    text.evaluate("(area) => { area.value = area.value.slice(0, 5000); }")
    text.dispatch_event("input")
    expect(error).to_be_hidden()
    expect(counter).to_have_text("0 tecken kvar")
    expect(text).not_to_have_attribute("aria-invalid", "true")
    assert tips(app) == []
    assert console.errors == []


# --- 3. the follow-up: its own error heading, what a status means, a reply box only to answer ---


def test_follow_up_names_a_failed_lookup_explains_the_status_and_waits_for_a_question(
    page: Any, app: Flask, client: Any, console: Console, screenshot: Any
) -> None:
    sent = send_tip(client).get_json()
    page.goto("/uppfoljning")
    page.get_by_role("textbox", name="Referens").fill(sent["reference"])
    page.get_by_role("textbox", name="Kvitto").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Visa status").click()
    summary = page.locator("#form-errors")
    expect(summary.get_by_role("heading")).to_have_text("Det gick inte att visa tipset")
    expect(summary).to_contain_text("Vi hittar inget tips")

    page.get_by_role("textbox", name="Kvitto").fill(sent["receipt"])
    page.get_by_role("button", name="Visa status").click()
    expect(page.locator("#status-label")).to_have_text("Mottaget")
    expect(page.locator("#status-help")).to_contain_text("väntar på att läsas av en handläggare")
    expect(page.get_by_label("Ditt svar")).to_be_hidden()  # nothing to answer yet
    expect(page.locator("#reply-later")).to_have_text(
        "Om en handläggare skriver till dig kan du svara här."
    )
    screenshot(page, "walkthrough-followup-received")

    analyst = as_role(app, client, "analyst")
    client.post(
        f"/api/v1/queue/{sent['reference']}/messages",
        json={"body": "Vilken tid var det?"},
        headers=analyst,
    )
    page.goto("/uppfoljning")
    page.get_by_role("textbox", name="Referens").fill(sent["reference"])
    page.get_by_role("textbox", name="Kvitto").fill(sent["receipt"])
    page.get_by_role("button", name="Visa status").click()
    expect(page.locator("#messages")).to_contain_text("Vilken tid var det?")
    expect(page.get_by_label("Ditt svar")).to_be_visible()
    expect(page.locator("#reply-later")).to_be_hidden()
    # The 404 of the wrong receipt is logged by the browser as a failed resource; nothing else.
    assert [e for e in console.errors if "404" not in e] == []


# --- 4. the receipt check's limit says how long to wait ----------------------------------------


def test_the_lookup_limit_says_how_long_to_wait(
    page: Any, app: Flask, client: Any, console: Console, screenshot: Any
) -> None:
    app.config["RATELIMIT_TIP_STATUS"] = "2 per minute"  # read on each request
    page.goto("/uppfoljning")
    page.get_by_role("textbox", name="Referens").fill("T-AAAA-BBBB")
    page.get_by_role("textbox", name="Kvitto").fill("AAAA-BBBB-CCCC")
    message = page.locator("#form-error-message")
    for _ in range(2):
        page.get_by_role("button", name="Visa status").click()
        expect(message).to_contain_text("Vi hittar inget tips")
        page.locator("#form-errors").evaluate("(box) => { box.hidden = true; }")

    page.get_by_role("button", name="Visa status").click()
    expect(message).to_have_text(
        re.compile(r"^För många försök\. Vänta ([1-9]|[1-5][0-9]|60) sekunder och försök igen\.$")
    )
    screenshot(page, "walkthrough-lookup-limit")

    # A longer wait is said in minutes.
    page.route(
        "**/api/v1/tips/status",
        lambda route: route.fulfill(
            status=429,
            headers={"Retry-After": "600"},
            content_type="application/json",
            body='{"error": {"status": 429, "code": "rate_limited", "message": "x"}}',
        ),
    )
    page.get_by_role("button", name="Visa status").click()
    expect(message).to_have_text("För många försök. Vänta 10 minuter och försök igen.")
    assert [e for e in console.errors if "404" not in e and "429" not in e] == []


# --- 5. the receipt's QR link opens the follow-up, the receipt in no request --------------------


def test_the_receipt_link_fills_and_looks_up_then_leaves_the_address_bar(
    page: Any, app: Flask, client: Any, console: Console, screenshot: Any
) -> None:
    sent = send_tip(client).get_json()
    with app.test_request_context():
        link = receipt_link(sent["reference"], sent["receipt"])
    urls: list[str] = []
    bodies: list[str] = []

    def keep(request: Any) -> None:
        urls.append(request.url)
        bodies.append(request.post_data or "")

    page.on("request", keep)
    page.goto("/uppfoljning#" + link.split("#", 1)[1])

    expect(page.locator("#status-reference")).to_have_text(sent["reference"])
    expect(page.locator("#status-label")).to_have_text("Mottaget")
    assert page.evaluate("window.location.href").endswith("/uppfoljning")
    assert page.evaluate("window.location.hash") == ""
    assert page.evaluate("window.history.length") <= 2  # replaced, not a new entry
    assert not [url for url in urls if sent["receipt"] in url or sent["reference"] in url]
    assert any(sent["receipt"] in body for body in bodies)  # the lookup's POST body
    expect(page.locator("#receipt")).to_have_value("")  # hidden, and emptied
    screenshot(page, "walkthrough-followup-from-qr")
    assert console.errors == []


def test_the_receipt_view_shows_what_the_status_means(page: Any, console: Console) -> None:
    send_the_calm_tip(page)
    expect(page.locator("#receipt-status")).to_have_text("Mottaget")
    expect(page.locator("#receipt-status-help")).to_contain_text("väntar på att läsas")
    expect(page.locator("#receipt-qr-box figcaption")).to_contain_text("Skanna QR-koden")
    assert console.errors == []


# --- 6. walk mode: after a save, back to the top where the counter is ---------------------------


def test_after_saving_an_observation_the_view_returns_to_the_saved_state_at_the_top(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    walk = make_walk(app)
    page.goto(f"/w/{walk.join_code}")
    page.get_by_role("button", name="Gå med i vandringen").click()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
    page.context.set_offline(True)  # so that the count stays at 1 to be seen

    page.get_by_role("radio", name="Belysning", exact=True).check()
    page.get_by_label("Kort anteckning").fill("Gatlyktan vid gångtunneln är trasig.")
    save = page.get_by_role("button", name="Spara iakttagelsen")
    save.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 0  # the button is below the first screen
    save.click()

    box = page.locator("#sync-box")
    expect(box).to_be_focused()
    expect(page.locator("#save-status")).to_have_text("Sparad.")
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 1")
    expect(page.locator("#walk-pending")).to_be_in_viewport()
    expect(page.locator("#save-status")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    page.screenshot(path=str(ARTIFACTS / "walkthrough-walk-after-save.png"))  # the screen seen
    page.context.set_offline(False)
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
    assert [e for e in console.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
