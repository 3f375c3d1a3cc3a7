"""Every resident language in a real browser on a phone (390 by 844).

Per language: the tip form speaks it and is written in its direction, an urgent text typed in
it shows the 112 alert in it, the tip is sent and its receipt and follow-up work in it; no page
scrolls sideways (picker open or not); axe finds nothing serious. Screenshots go to
``test-artifacts/languages/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.browser.conftest import ARTIFACTS, AXE_SCRIPT, PHONE, Console, phone_context, unavailable
from tests.browser.test_resident import REFERENCE, axe_violations, describe, small_touch_targets
from tests.factories import as_role
from tipsapp.common.i18n import STATUS_LABELS
from tipsapp.common.i18n import TEXTS as API
from tipsapp.i18n import LANGUAGES, RESIDENT_LANGUAGES, direction
from tipsapp.resident.texts import TEXTS
from tipsapp.triage.urgency import detect_urgency

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

SHOTS = ARTIFACTS / "languages"

# One urgent sentence per language, as a resident might type it: a knife fight, now.
URGENT = {
    "sv": "Två personer bråkar vid busstationen just nu och en av dem har en kniv.",
    "sv-x-ll": "Två män slåss vid affären nu. En man har en kniv. Kom fort!",
    "en": "Two men are fighting outside the bus station right now and one of them has a knife.",
    "fi": "Kaksi miestä tappelee juuri nyt linja-autoasemalla ja toisella on veitsi.",
    "ar": "رجلان يتشاجران الآن عند محطة الحافلات وأحدهما يحمل سكينًا.",
    "so": "Laba nin ayaa hadda ku dagaallamaya meesha baska, midkood wuxuu sitaa mindi.",
    "ti": "ክልተ ሰባት ሕጂ ኣብ መዕረፊ ኣውቶቡስ ይባኣሱ ኣለዉ፣ ሓደ ካብኣቶም ካራ ሒዙ ኣሎ።",
    "bs": "Dva muškarca se upravo sada tuku kod autobuske stanice i jedan od njih ima nož.",
    "pl": "Dwóch mężczyzn bije się teraz przy dworcu autobusowym i jeden z nich ma nóż.",
    # Persian joins some words with a zero-width non-joiner, as typed on a phone (ruff flags it).
    "fa": "دو مرد همین الان جلوی ایستگاه اتوبوس دعوا می‌کنند و یکی از آن‌ها چاقو دارد.",  # noqa: RUF001
}
STAFF_QUESTION = "Vilken tid på kvällen var det?"
REPLY = "22:15"

# Wider than the phone's screen, anything makes the page scroll sideways: name the culprits.
# A phone shrinks such a page to fit, so window.innerWidth grows with the overflow; the
# width to hold to is the screen's.
WIDE_ELEMENTS = """(width) => {
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.getClientRects().length === 0) continue;
    const box = element.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
        (element.className && typeof element.className === "string"
          ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: wide.slice(0, 8),
  };
}"""


# A long word (Finnish "Lähisuhdeväkivalta") may stick out of its tile without widening the page.
WORDS_OUT_OF_TILES = """() => {
  const out = [];
  for (const tile of document.querySelectorAll(".category")) {
    if (tile.getClientRects().length === 0) continue;
    const box = tile.getBoundingClientRect();
    for (const part of tile.querySelectorAll(".category-label, .category-icon")) {
      const inner = part.getBoundingClientRect();
      if (inner.left < box.left - 0.5 || inner.right > box.right + 0.5) {
        out.push(`${part.textContent.trim() || part.className.baseVal}: ` +
          `[${Math.round(inner.left)}, ${Math.round(inner.right)}] in ` +
          `[${Math.round(box.left)}, ${Math.round(box.right)}]`);
      }
    }
  }
  return out;
}"""


def assert_no_sideways_scroll(page: Any, where: str) -> None:
    found = page.evaluate(WIDE_ELEMENTS, PHONE["width"])
    assert found["scrollWidth"] <= found["innerWidth"] == PHONE["width"], f"{where}: {found}"


def shot(page: Any, name: str, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def expect_language(page: Any, code: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", code)
    expect(html).to_have_attribute("dir", direction(code))
    assert page.evaluate("getComputedStyle(document.body).direction") == direction(code)


def open_picker(page: Any, code: str) -> None:
    page.locator(".language-picker summary").click()
    for entry in RESIDENT_LANGUAGES:
        expect(page.get_by_role("link", name=entry.native_name, exact=True)).to_be_visible()
    expect(page.locator(".language-list a[aria-current]")).to_have_attribute("lang", code)


def test_every_language_has_an_urgent_sentence_the_server_finds_urgent() -> None:
    assert set(URGENT) == set(LANGUAGES)
    missed = [code for code, sentence in URGENT.items() if not detect_urgency(sentence)[0]]
    assert missed == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_send_an_urgent_tip_and_follow_it_up_in_each_language(
    page: Any, app: Flask, client: Any, console: Console, code: str
) -> None:
    page.goto(f"/?lang={code}")
    expect_language(page, code)
    expect(page.locator("#form-title")).to_have_text(TEXTS.get("form_title", code))

    page.get_by_label(TEXTS.get("area_label", code), exact=True).select_option("gislaved")
    page.locator("label[for='category-violence']").click()
    expect(page.locator("#category-violence")).to_be_checked()
    page.get_by_label(TEXTS.get("text_label", code), exact=True).fill(URGENT[code])
    # The 112 advice shows while typing, in the page's language, before anything is sent.
    alert = page.locator("#urgent-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(API.get("urgent_note", code))
    expect(alert.get_by_role("link", name=TEXTS.get("call_112", code))).to_be_visible()
    assert_no_sideways_scroll(page, f"/?lang={code} with the urgent alert")
    shot(page, f"tip-form-{code}")

    with page.expect_response("**/api/v1/tips") as answer:
        page.get_by_role("button", name=TEXTS.get("submit", code), exact=True).click()
    assert answer.value.status == 201
    sent = answer.value.json()
    assert sent["urgent"] is True
    # The resident wrote in the page's language: the note is in it.
    assert sent["emergency_note"] == API.get("urgent_note", code)

    expect(page.locator("#receipt-title")).to_be_focused()
    expect(page.locator("#receipt-title")).to_have_text(TEXTS.get("receipt_title", code))
    expect(page.locator("#receipt-reference")).to_have_text(sent["reference"])
    assert REFERENCE.match(sent["reference"])
    expect(page.locator("#receipt-secret")).to_have_text(sent["receipt"])
    # Read left to right in every page: in Arabic a receipt starting with digits would be
    # shown with its groups out of order.
    for code_box in ("#receipt-reference", "#receipt-secret"):
        assert page.locator(code_box).evaluate("(e) => getComputedStyle(e).direction") == "ltr"
    expect(page.locator("#receipt-urgent")).to_be_visible()
    expect(page.locator("#receipt-urgent-note")).to_have_text(sent["emergency_note"])
    expect(page.locator("#receipt-emergency-note")).to_have_text(API.get("emergency_note", code))
    expect(page.locator("#receipt-status")).to_have_text(STATUS_LABELS.get("received", code))
    expect(page.locator("#receipt-qr")).to_be_visible()
    assert_no_sideways_scroll(page, f"receipt in {code}")
    shot(page, f"tip-receipt-{code}")

    analyst = as_role(app, client, "analyst")
    asked = client.post(
        f"/api/v1/queue/{sent['reference']}/messages",
        json={"body": STAFF_QUESTION},
        headers=analyst,
    )
    assert asked.status_code == 201, asked.get_json()

    # The receipt's own link, without ?lang: the cookie keeps the language.
    page.get_by_role("link", name=TEXTS.get("followup_link", code)).first.click()
    page.wait_for_url(re.compile(r"/uppfoljning"))
    expect_language(page, code)
    expect(page.locator("#followup-title")).to_have_text(TEXTS.get("followup_title", code))
    page.get_by_role("textbox", name=TEXTS.get("reference_label", code)).fill(sent["reference"])
    page.get_by_role("textbox", name=TEXTS.get("receipt_label", code)).fill(sent["receipt"])
    page.get_by_role("button", name=TEXTS.get("show_status", code), exact=True).click()

    expect(page.locator("#status-reference")).to_have_text(sent["reference"])
    expect(page.locator("#status-label")).to_have_text(STATUS_LABELS.get("received", code))
    messages = page.locator("#messages")
    expect(messages).to_contain_text(STAFF_QUESTION)
    expect(messages).to_contain_text(TEXTS.get("from_staff", code))
    page.get_by_label(TEXTS.get("reply_label", code), exact=True).fill(REPLY)
    page.get_by_role("button", name=TEXTS.get("send_reply", code), exact=True).click()
    expect(page.locator("#reply-status")).to_have_text(TEXTS.get("reply_sent", code))
    expect(page.locator("#messages li")).to_have_count(2)
    expect(messages).to_contain_text(TEXTS.get("from_you", code))
    assert_no_sideways_scroll(page, f"follow-up status in {code}")
    assert console.errors == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_pages_fit_the_phone_and_pass_axe_in_each_language(
    browser: Any, live_server: str, code: str
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    # Only this context bypasses the pages' CSP, so that axe's script may be injected.
    context = phone_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        for path, check_axe in (
            ("/", True),
            ("/uppfoljning", True),
            ("/vandring", False),
            ("/followup/gislaved", False),
        ):
            where = f"{path}?lang={code}"
            page.goto(where)
            expect_language(page, code)
            if path == "/":
                page.get_by_label(TEXTS.get("text_label", code), exact=True).fill(URGENT[code])
                expect(page.locator("#urgent-alert")).to_be_visible()
                assert page.evaluate(WORDS_OUT_OF_TILES) == [], where
            assert_no_sideways_scroll(page, where)
            open_picker(page, code)
            assert_no_sideways_scroll(page, f"{where} with the picker open")
            if path == "/":
                shot(page, f"picker-{code}", full_page=False)  # the picker is at the top
            if check_axe:  # the open picker shows everything the closed one does, and more
                violations = axe_violations(page)
                assert violations == [], f"{where} with the picker open:\n{describe(violations)}"
                assert small_touch_targets(page) == [], f"{where} with the picker open"
    finally:
        context.close()


def test_the_picker_switches_the_page_and_the_cookie_remembers_it(
    page: Any, console: Console
) -> None:
    page.goto("/")
    expect_language(page, "sv")

    page.locator(".language-picker summary").click()
    page.get_by_role("link", name="العربية", exact=True).click()
    page.wait_for_url(re.compile(r"lang=ar"))
    expect_language(page, "ar")
    expect(page.locator("#form-title")).to_have_text(TEXTS.get("form_title", "ar"))

    page.goto("/uppfoljning")
    expect_language(page, "ar")
    expect(page.locator("#followup-title")).to_have_text(TEXTS.get("followup_title", "ar"))

    page.locator(".language-picker summary").click()
    page.get_by_role("link", name="Suomi", exact=True).click()
    page.wait_for_url(re.compile(r"/uppfoljning\?lang=fi"))
    expect_language(page, "fi")
    page.goto("/")
    expect_language(page, "fi")
    expect(page.locator("#form-title")).to_have_text(TEXTS.get("form_title", "fi"))
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies == {"lang": "fi"}  # the language, and nothing else
    assert console.errors == []
