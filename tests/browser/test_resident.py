"""The resident's pages in a real browser on a phone-sized screen."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import func, select

from tests.browser.conftest import AXE_SCRIPT, Console, phone_context, unavailable
from tests.factories import as_role, send_tip
from tipsapp.extensions import db
from tipsapp.photos.models import Photo
from tipsapp.tips.models import Tip

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

REFERENCE = re.compile(r"^T-[A-Z0-9]{4}-[A-Z0-9]{4}$")
URGENT_TEXT = "Två personer bråkar vid busstationen just nu och en av dem har en kniv."
CALM_TEXT = "Gatlyktorna på gångvägen vid skolan har varit släckta i en vecka."


def tips(app: Flask) -> list[Tip]:
    with app.app_context():
        found = list(db.session.scalars(select(Tip)))
        db.session.expunge_all()
        return found


def fill_calm_tip(page: Any) -> None:
    page.goto("/")
    page.get_by_text("Otrygg miljö").click()
    page.get_by_label("Vad hände?").fill(CALM_TEXT)


def test_send_an_urgent_tip_on_a_phone_and_read_the_receipt(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    screenshot(page, "tip-form")

    page.get_by_label("Kommun", exact=True).select_option("gislaved")
    page.get_by_text("Våld och hot").click()
    expect(page.get_by_role("radio", name="Våld och hot")).to_be_checked()
    page.get_by_label("Vad hände?").fill(URGENT_TEXT)
    # The 112 advice shows while typing, before anything is sent.
    urgent = page.locator("#urgent-alert")
    expect(urgent).to_be_visible()
    expect(urgent).to_contain_text("Ring 112")
    assert tips(app) == []
    page.get_by_label("Platsens namn").fill("Busstationen")
    page.get_by_role("button", name="Använd min position").click()
    expect(page.locator("#position-status")).to_contain_text("± 30 meter")
    screenshot(page, "tip-form-urgent")

    page.get_by_role("button", name="Skicka tipset").click()

    expect(page.get_by_role("heading", name="Tack! Ditt tips är skickat")).to_be_focused()
    reference = page.locator("#receipt-reference").inner_text()
    receipt = page.locator("#receipt-secret").inner_text()
    assert REFERENCE.match(reference), reference
    assert len(receipt) >= 20
    expect(page.locator("#receipt-urgent")).to_be_visible()  # the server's urgent answer
    expect(page.locator("#receipt-status")).to_have_text("Mottaget")
    qr = page.get_by_role("img", name="QR-kod med referensen och kvittot")
    expect(qr).to_be_visible()
    assert qr.evaluate("(image) => image.complete && image.naturalWidth") > 100
    assert qr.get_attribute("src").startswith("blob:")  # the receipt is in no address
    page.get_by_role("button", name="Kopiera referens och kvitto").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    screenshot(page, "tip-receipt")

    (tip,) = tips(app)
    assert tip.reference == reference
    assert tip.text == URGENT_TEXT
    assert tip.resident_category == "violence"
    assert tip.place == "Busstationen"
    assert (tip.latitude, tip.longitude, tip.accuracy_m) == (57.3048, 13.5413, 30)
    assert tip.language == "sv"
    assert page.evaluate("window.sessionStorage.length") == 0  # the draft key is forgotten
    assert console.errors == []


def test_a_calm_tip_shows_no_urgent_advice(page: Any, console: Console) -> None:
    fill_calm_tip(page)
    page.get_by_label("Vad hände?").blur()
    expect(page.locator("#urgent-alert")).to_be_hidden()

    page.get_by_role("button", name="Skicka tipset").click()

    expect(page.locator("#receipt-reference")).to_have_text(REFERENCE)
    expect(page.locator("#receipt-urgent")).to_be_hidden()
    expect(page.locator("#receipt-emergency-note")).to_contain_text("112")
    assert console.errors == []


def test_photo_is_resized_and_stripped_in_the_browser_then_uploaded(
    page: Any, app: Flask, console: Console, tmp_path: Any
) -> None:
    original = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x010F] = "UNIQUE-CAMERA-4711"  # Make
    Image.new("RGB", (3200, 2400), (40, 120, 200)).save(original, "JPEG", exif=exif.tobytes())
    uploads: list[bytes] = []

    def keep_upload(route: Any) -> None:
        uploads.append(route.request.post_data_buffer or b"")
        route.continue_()

    page.route("**/api/v1/tips/*/photos/*", keep_upload)
    fill_calm_tip(page)

    page.get_by_label("Välj eller ta ett foto").set_input_files(str(original))
    expect(page.get_by_role("img", name="Fotot du har valt")).to_be_visible()
    page.get_by_role("button", name="Skicka tipset").click()

    expect(page.locator("#photo-status")).to_have_text("Fotot är skickat.")
    (sent,) = uploads
    assert b"UNIQUE-CAMERA-4711" not in sent
    with Image.open(io.BytesIO(sent)) as image:
        assert image.format == "JPEG"
        assert image.size == (1600, 1200)
        assert not image.getexif()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Photo)) == 1
    assert console.errors == []


def test_retry_after_a_network_failure_stores_one_tip(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    keys: list[str | None] = []

    def lose_the_first_answer(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            # The tip reaches the server and is stored, but the phone never hears back.
            route.fetch().dispose()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/tips", lose_the_first_answer)
    fill_calm_tip(page)

    page.get_by_role("button", name="Skicka tipset").click()
    errors = page.locator("#form-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("Det gick inte att nå oss")
    screenshot(page, "tip-network-error")
    assert len(tips(app)) == 1
    page.get_by_role("button", name="Skicka tipset").click()

    expect(page.locator("#receipt-reference")).to_have_text(REFERENCE)
    assert len(keys) == 2
    assert keys[0] is not None and keys[0] == keys[1]
    (tip,) = tips(app)
    expect(page.locator("#receipt-reference")).to_have_text(tip.reference)
    # The browser logs the aborted request; nothing else may go wrong.
    assert [e for e in console.errors if "ERR_CONNECTION_RESET" not in e] == []


def test_an_edited_draft_gets_a_new_key(page: Any) -> None:
    keys: list[str | None] = []

    def refuse(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key"))
        route.abort("internetdisconnected")

    page.route("**/api/v1/tips", refuse)
    fill_calm_tip(page)
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.locator("#form-errors")).to_be_visible()
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_role("button", name="Skicka tipset")).to_be_enabled()
    page.get_by_label("Vad hände?").fill(CALM_TEXT + " Det är mörkt.")
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_role("button", name="Skicka tipset")).to_be_enabled()

    assert len(keys) == 3
    assert keys[0] == keys[1] != keys[2]


def test_errors_from_the_server_are_shown_in_english(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page.goto("/?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("What happened?").fill("Too short")

    page.get_by_role("button", name="Send the tip").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("at least 10")
    expect(page.locator("#text-error")).to_be_visible()
    expect(page.get_by_label("What happened?")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "tip-form-errors-en")
    assert tips(app) == []
    # The 422 is logged by the browser as a failed resource; nothing else.
    assert [e for e in console.errors if "422" not in e] == []


def test_follow_up_with_reference_and_receipt_and_answer(
    page: Any, app: Flask, client: Any, console: Console, screenshot: Any
) -> None:
    sent = send_tip(client).get_json()
    analyst = as_role(app, client, "analyst")
    client.post(
        f"/api/v1/queue/{sent['reference']}/messages",
        json={"body": "Vilken tid på kvällen var det?"},
        headers=analyst,
    )
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    page.goto("/followup")
    assert page.url.endswith("/uppfoljning")
    page.get_by_role("textbox", name="Referens").fill(sent["reference"])
    page.get_by_role("textbox", name="Kvitto").fill(sent["receipt"])
    screenshot(page, "followup-form")
    page.get_by_role("button", name="Visa status").click()

    expect(page.locator("#status-reference")).to_have_text(sent["reference"])
    expect(page.locator("#status-label")).not_to_be_empty()
    expect(page.locator("#messages")).to_contain_text("Vilken tid på kvällen var det?")
    expect(page.locator("#messages")).to_contain_text("Från handläggaren")
    page.get_by_label("Ditt svar").fill("Runt tio på kvällen.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.locator("#reply-status")).to_have_text("Ditt svar är skickat.")
    expect(page.locator("#messages li")).to_have_count(2)
    screenshot(page, "followup-status")

    status = client.post(
        "/api/v1/tips/status", json={"reference": sent["reference"], "receipt": sent["receipt"]}
    ).get_json()
    assert [m["body"] for m in status["messages"]][-1] == "Runt tio på kvällen."
    assert not [url for url in urls if sent["receipt"] in url or sent["reference"] in url]
    assert console.errors == []


def test_follow_up_with_a_wrong_receipt_says_so(page: Any, client: Any) -> None:
    sent = send_tip(client).get_json()
    page.goto("/uppfoljning")
    page.get_by_role("textbox", name="Referens").fill(sent["reference"])
    page.get_by_role("textbox", name="Kvitto").fill("AAAA-BBBB-CCCC")

    page.get_by_role("button", name="Visa status").click()

    expect(page.locator("#form-errors")).to_contain_text("Vi hittar inget tips")
    expect(page.locator("#status-view")).to_be_hidden()


# --- accessibility ---------------------------------------------------------------------------

TOUCH_TARGET_PX = 44
# Everything a finger presses, as shown; a radio button is pressed through its whole label.
SMALL_TARGETS = """(min) => {
  const small = [];
  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary");
  for (const target of targets) {
    if (target.getClientRects().length === 0) continue;
    const label = target.closest("label");
    const pressed = label && ["radio", "checkbox"].includes(target.type) ? label : target;
    const box = pressed.getBoundingClientRect();
    if (box.width < min || box.height < min) {
      const name = (target.id ? "#" + target.id : target.tagName) + " " +
        (target.textContent || target.value || "").trim().slice(0, 40);
      small.push(`${name}: ${Math.round(box.width)} x ${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def small_touch_targets(page: Any) -> list[str]:
    return list(page.evaluate(SMALL_TARGETS, TOUCH_TARGET_PX))


SERIOUS = {"serious", "critical"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/uppfoljning", "receipt"])
def test_no_serious_accessibility_violations_nor_small_touch_targets(
    browser: Any, live_server: str, path: str
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    # Only this context bypasses the page's CSP, so that axe's script may be injected.
    context = phone_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        if path == "receipt":
            fill_calm_tip(page)
            page.get_by_label("Vad hände?").fill(URGENT_TEXT)
            page.get_by_role("button", name="Skicka tipset").click()
            expect(page.locator("#receipt-reference")).to_have_text(REFERENCE)
            expect(page.locator("#receipt-qr")).to_be_visible()
        else:
            page.goto(path)
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        assert small_touch_targets(page) == []
    finally:
        context.close()
