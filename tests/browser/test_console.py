"""The staff console in a real browser: triage with the keyboard, the item view, filters, bulk
actions, walks and actions, publishing the report, and an axe-core check of every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.browser.conftest import AXE_SCRIPT, Console, unavailable
from tests.factories import (
    Staff,
    auth,
    login,
    make_org,
    make_user,
    make_walk,
    new_key,
    send_tip,
)
from tests.photos.images import encoded, picture

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

DESKTOP = {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}
HOSTILE = "Lampan är trasig <img src=x onerror=\"document.title='pwned'\"> <b>fet</b>"


def desk_context(browser: Any, base_url: str, **options: Any) -> Any:
    """A desktop-sized context: the console is for analysts at their desks."""
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale="sv-SE", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def desk(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    context = desk_context(browser, live_server)
    opened = context.new_page()
    console.watch(opened)
    yield opened
    context.close()


def sign_in(page: Any, user: Staff, path: str = "/staff") -> None:
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/staff/login(\?next=.*)?$"))
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Lösenord").fill(user.password)
    page.get_by_role("button", name="Logga in").click()


def sent(api: Any, **overrides: Any) -> str:
    response = send_tip(api, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["reference"])


def api_item(api: Any, headers: dict[str, str], reference: str) -> dict[str, Any]:
    return dict(api.get(f"/api/v1/queue/{reference}", headers=headers).get_json())


def test_triage_with_the_keyboard_and_publish_the_report(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)

    row = page.locator(f'[data-reference="{reference}"]')
    expect(row).to_be_visible()
    expect(row).to_have_attribute("aria-current", "true")
    expect(row.locator(".item-status")).to_have_attribute("data-status", "new")
    expect(row.locator(".item-status")).to_have_text("ny")
    screenshot(page, "console-queue")

    # Category 4 is "Otrygg miljö" in the mapping shown on the page.
    expect(page.locator("#category-keys li").nth(3)).to_contain_text("Otrygg miljö")
    page.keyboard.press("c")
    expect(page.locator("#category-mode")).to_be_visible()
    page.keyboard.press("4")
    expect(row.locator(".item-status")).to_have_attribute("data-status", "triaged")
    expect(row.locator(".item-category-label")).to_contain_text("Otrygg miljö")
    page.keyboard.press("q")
    expect(row.locator(".item-status")).to_have_attribute("data-status", "queued")
    expect(page.locator("#status")).to_contain_text("köat")
    # Enter opens the item beside the list; its own page is a link away.
    page.keyboard.press("Enter")
    expect(page.locator("#pane #item-text")).to_contain_text("Gatlyktorna")
    page.get_by_role("link", name="Öppna på egen sida").click()
    expect(page).to_have_url(re.compile(f"/staff/items/{reference}$"))
    expect(page.locator("#item-text")).to_contain_text("Gatlyktorna")
    screenshot(page, "console-item-queued")

    headers = auth(login(api, analyst.email, analyst.password))
    item = api_item(api, headers, reference)
    assert item["status"] == "queued"
    assert item["category"] == "unsafe_environment"

    page.get_by_role("link", name="Nästa lägesbild").click()
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
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator("#status")).to_contain_text("är publicerad")
    assert dialogs and "Publicera lägesbild" in dialogs[0]
    screenshot(page, "console-report-published")

    report = api.get(f"/api/v1/reports/{report_id}", headers=headers).get_json()
    assert report["report"]["status"] == "published"
    assert api_item(api, headers, reference)["status"] == "reported"
    assert console.errors == []


def test_the_item_view_notes_messages_and_a_change_made_meanwhile(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    answer = send_tip(api, text=HOSTILE, category="vandalism")
    assert answer.status_code == 201, answer.get_json()
    reference, receipt = answer.get_json()["reference"], answer.get_json()["receipt"]
    uploaded = api.put(
        f"/api/v1/tips/{reference}/photos/{new_key()}",
        data=encoded(picture((320, 200)), "PNG"),
        headers={"X-Tip-Receipt": receipt, "Content-Type": "image/png"},
    )
    assert uploaded.status_code == 201, uploaded.get_json()
    analyst = make_user(app, "analyst")
    sign_in(page, analyst, f"/staff/items/{reference}")
    expect(page).to_have_url(re.compile(f"/staff/items/{reference}$"))  # back where it began

    # The hostile text is shown as the characters it is, and nothing of it ran.
    expect(page.locator("#item-text")).to_have_text(HOSTILE)
    assert page.locator("#item-text img, #item-text b").count() == 0
    assert page.title() != "pwned"
    expect(page.locator("#resident-category")).to_have_text("Skadegörelse och klotter")
    headers = auth(login(api, analyst.email, analyst.password))
    suggestion = api_item(api, headers, reference)["suggestion"]
    if suggestion["words"]:
        expect(page.locator("#machine-words")).to_have_text(", ".join(suggestion["words"]))
    # The thumbnail comes from the photos API with the session cookie, under the page's CSP.
    thumbnail = page.get_by_role("img", name=f"Foto 1 till {reference}")
    expect(thumbnail).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=thumbnail.element_handle())

    page.get_by_role("button", name="Dela med partner…").click()
    # Sharing asks for the summary partners read instead of the text.
    page.get_by_role("button", name="Dela", exact=True).click()
    expect(page.locator("#status")).to_contain_text("Skriv sammanfattningen")
    page.get_by_label("Sammanfattning för partner").fill("Trasig belysning i gångtunneln.")
    page.get_by_role("button", name="Dela", exact=True).click()
    expect(page.locator("#item-facts")).to_contain_text("Delat med partnerja")
    expect(page.locator("#item-facts")).to_contain_text("Trasig belysning i gångtunneln.")
    expect(page.get_by_role("button", name="Sluta dela med partner")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.get_by_label("Ny anteckning").fill("Ring fastighetsägaren om lampan.")
    page.get_by_role("button", name="Lägg till anteckning").click()
    expect(page.locator("#notes")).to_contain_text("Ring fastighetsägaren om lampan.")
    expect(page.locator("#status")).to_have_text("Anteckningen är sparad.")

    page.get_by_label("Skriv till tipsaren").fill("Tack! Vilken gata gäller det?")
    page.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Tack! Vilken gata gäller det?")
    expect(page.locator("#status")).to_have_text("Meddelandet är skickat.")

    # Someone else sets the category behind the page's back: its ETag is now stale.
    changed = api.patch(f"/api/v1/queue/{reference}", json={"category": "other"}, headers=headers)
    assert changed.status_code == 200
    page.get_by_role("button", name="Köa till nästa lägesbild").click()
    expect(page.locator("#status")).to_contain_text("ändrades under tiden")
    expect(page.locator("#item-badges .item-status")).to_have_attribute("data-status", "triaged")
    assert api_item(api, headers, reference)["status"] == "triaged"
    # Reloaded, the same click now works.
    page.get_by_role("button", name="Köa till nästa lägesbild").click()
    expect(page.locator("#item-badges .item-status")).to_have_attribute("data-status", "queued")
    screenshot(page, "console-item")

    item = api_item(api, headers, reference)
    assert item["status"] == "queued"
    assert [note["body"] for note in item["notes"]] == ["Ring fastighetsägaren om lampan."]
    assert [message["body"] for message in item["messages"]] == ["Tack! Vilken gata gäller det?"]
    assert item["shared_with_partners"] is True
    # Chromium logs the expected 412 as a failed load; nothing else went wrong.
    assert [error for error in console.errors if "412" not in error] == []


def test_filter_the_queue_and_queue_two_items_at_once(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    first = sent(api, text="Cyklar står fastlåsta och rostar vid stationen sedan månader.")
    second = sent(api, text="Fler cyklar utan ägare vid stationen, de blockerar gången.")
    other = sent(api, text="Bilar kör för fort på Storgatan. " + HOSTILE)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(page.locator(f'[data-reference="{other}"] .item-excerpt')).to_contain_text("<b>fet</b>")
    assert page.locator("#queue-list img, #queue-list b").count() == 0

    page.get_by_label("Fritext").fill("cyklar")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"[?&]q=cyklar"))
    expect(page.locator(".queue-item")).to_have_count(2)
    expect(page.locator(f'[data-reference="{other}"]')).to_have_count(0)
    page.reload()  # the filters live in the address
    expect(page.get_by_label("Fritext")).to_have_value("cyklar")
    expect(page.locator(".queue-item")).to_have_count(2)

    # x marks the current row; the checkbox marks another.
    page.locator(f'[data-reference="{first}"] .item-link').focus()
    page.keyboard.press("x")
    expect(page.locator(f"#select-{first}")).to_be_checked()
    page.get_by_label(f"Markera {second}").check()
    expect(page.locator("#bulk-count")).to_have_text("2 markerade")
    screenshot(page, "console-queue-filtered")
    page.get_by_role("button", name="Köa", exact=True).click()
    expect(page.locator("#status")).to_have_text("2 av 2 klara.")
    for reference in (first, second):
        expect(page.locator(f'[data-reference="{reference}"] .item-status')).to_have_attribute(
            "data-status", "queued"
        )

    # Queued items cannot be archived: the refusals are named, nothing is half done.
    page.get_by_label(f"Markera {first}").check()
    page.get_by_label(f"Markera {second}").check()
    page.get_by_role("button", name="Arkivera").click()
    expect(page.locator("#status")).to_contain_text("0 av 2 klara.")
    expect(page.locator("#status")).to_contain_text("Går inte för deras status:")
    expect(page.locator("#status")).to_contain_text(first)
    expect(page.locator("#status")).to_have_class(re.compile("is-error"))

    headers = auth(login(api, analyst.email, analyst.password))
    assert api_item(api, headers, first)["status"] == "queued"
    assert api_item(api, headers, second)["status"] == "queued"
    assert api_item(api, headers, other)["status"] == "new"
    # Chromium logs the expected 409s as failed loads; nothing else went wrong.
    assert [error for error in console.errors if "409" not in error] == []


def test_merge_a_duplicate_redact_the_original_and_reject_spam(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    original = sent(api)
    copy = sent(api)  # the same lamp, place and time: a near-duplicate
    spam = sent(api, text="Köp billiga klockor idag, bästa priserna i hela Småland!!!")
    analyst = make_user(app, "analyst")
    sign_in(page, analyst, f"/staff/items/{copy}")

    similar = page.locator(f'#similar [data-reference="{original}"]')
    expect(similar).to_be_visible()
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    similar.get_by_role("button", name=f"Slå ihop med {original}").click()
    expect(page.locator("#item-badges .item-status")).to_have_attribute("data-status", "duplicate")
    assert dialogs == [f"Markera {copy} som dubblett av {original}?"]
    expect(page.get_by_role("button", name="Öppna igen")).to_be_visible()
    screenshot(page, "console-item-merged")

    page.locator("#item-facts").get_by_role("link", name=original).click()
    expect(page).to_have_url(re.compile(f"/staff/items/{original}$"))
    expect(page.locator("#item-facts")).to_contain_text("Stödjande rapporter1")
    page.get_by_label("Ny text").fill("Gatlyktorna vid skolan är släckta.")
    page.get_by_label("Skäl", exact=True).fill("Onödiga detaljer")
    page.get_by_role("button", name="Spara redigerad text").click()
    expect(page.locator("#item-text")).to_have_text("Gatlyktorna vid skolan är släckta.")
    expect(page.locator("#item-redacted")).to_be_visible()

    page.goto(f"/staff/items/{spam}")
    page.get_by_label("Skäl för avvisning").fill("Reklam")
    page.get_by_role("button", name="Avvisa").click()
    expect(page.locator("#item-badges .item-status")).to_have_attribute("data-status", "rejected")
    expect(page.locator("#item-facts")).to_contain_text("Reklam")

    headers = auth(login(api, analyst.email, analyst.password))
    assert api_item(api, headers, copy)["duplicate_of"] == original
    assert api_item(api, headers, original)["redacted"] is True
    rejected = api_item(api, headers, spam)
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "Reklam")
    assert console.errors == []


def test_an_analyst_erases_an_items_content_with_a_reason(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    reference = sent(api, text="Grannen Kalle Svensson på Storgatan 4 säljer stöldgods.")
    analyst = make_user(app, "analyst")
    headers = auth(login(api, analyst.email, analyst.password))
    noted = api.post(
        f"/api/v1/queue/{reference}/notes", json={"body": "Kalle är känd."}, headers=headers
    )
    assert noted.status_code == 201, noted.get_json()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, analyst, f"/staff/items/{reference}")
    expect(page.locator("#item-text")).to_contain_text("Kalle Svensson")
    expect(page.locator("#notes")).to_contain_text("Kalle är känd.")

    form = page.locator("#erase-form")
    expect(form).to_contain_text("Raderingen kan inte ångras.")
    erase = form.get_by_role("button", name="Radera innehåll nu")
    # Without a reason, and then without the ticked warning, nothing is erased.
    erase.click()
    expect(page.locator("#status")).to_have_text("Skriv ett skäl för raderingen.")
    expect(page.get_by_label("Skäl för raderingen")).to_be_focused()
    expect(page.get_by_label("Skäl för raderingen")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Skäl för raderingen").fill("Begäran om radering enligt art. 17")
    erase.click()
    expect(page.locator("#status")).to_contain_text("inte kan ångras")
    confirm = page.get_by_label("Jag förstår att innehållet raderas för gott")
    expect(confirm).to_be_focused()
    assert api_item(api, headers, reference)["erased_at"] is None
    confirm.check()
    erase.click()

    expect(page.locator("#status")).to_have_text(f"Innehållet i {reference} är raderat.")
    expect(page.locator("#item-erased")).to_be_visible()
    expect(page.locator("#item-erased")).to_contain_text("Innehållet raderades")
    expect(page.locator("#item-facts")).to_contain_text("Innehållet raderat")
    expect(page.locator("#item-text")).to_be_hidden()
    expect(page.locator("#notes")).to_have_text("Inga anteckningar.")
    expect(page.locator("#redact-form")).to_be_hidden()
    assert "Kalle" not in page.locator("main").inner_text()
    expect(page.get_by_label("Skäl för raderingen")).to_have_value("")
    screenshot(page, "console-item-erased")

    item = api_item(api, headers, reference)
    assert item["text"] == ""
    assert item["erased_at"] is not None
    assert item["notes"] == []
    assert item["status"] == "new"  # the status and the figures stay
    # A reload shows the same: the erasure is the item's, not the page's.
    page.reload()
    expect(page.locator("#item-erased")).to_be_visible()
    expect(page.locator("#item-text")).to_be_hidden()
    assert dialogs == []
    assert console.errors == []


def test_reject_from_the_queue_with_the_keyboard_and_the_inline_reason_form(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    api = app.test_client()
    reference = sent(api, text="Köp billiga klockor idag, bästa priserna i hela Småland!!!")
    analyst = make_user(app, "analyst")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, analyst)
    row = page.locator(f'[data-reference="{reference}"]')
    expect(row).to_have_attribute("aria-current", "true")
    reason = page.get_by_label(f"Varför avvisas {reference}?")

    # r opens the form under the row with the focus in it; Escape closes it and goes back.
    page.keyboard.press("r")
    expect(page.locator("#row-reject")).to_be_visible()
    expect(reason).to_be_focused()
    page.keyboard.type("Felskrivet")
    page.keyboard.press("Escape")
    expect(page.locator("#row-reject")).to_have_count(0)
    expect(row.locator(".item-link")).to_be_focused()
    expect(page.locator("#status")).to_have_text("Avvisningen avbröts.")
    expect(row.locator(".item-status")).to_have_attribute("data-status", "new")

    # Again, and Enter sends it; an empty reason is asked for first.
    page.keyboard.press("r")
    expect(reason).to_be_focused()
    expect(reason).to_have_value("")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("Skriv ett skäl för avvisningen.")
    expect(reason).to_be_focused()
    page.keyboard.type("Reklam")
    screenshot(page, "console-queue-reject")
    page.keyboard.press("Enter")
    # Rejected, the item leaves the list of open items at once.
    expect(page.locator("#status")).to_have_text(f"{reference} är avvisat.")
    expect(row).to_have_count(0)
    expect(page.locator("#row-reject")).to_have_count(0)
    expect(page.locator("#queue-counts")).to_contain_text("avvisad 1")

    headers = auth(login(api, analyst.email, analyst.password))
    rejected = api_item(api, headers, reference)
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "Reklam")
    assert dialogs == []
    assert console.errors == []


def test_walks_and_actions_in_english(
    desk: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = desk
    analyst = make_user(app, "analyst")
    sign_in(page, analyst, "/staff/walks")
    page.get_by_role("link", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Title").fill("Evening walk by the station")
    page.get_by_label("Start (Swedish time)").fill("2030-03-05T18:30")
    page.get_by_label("Meeting point").fill("The station's main entrance")
    page.get_by_role("button", name="Create the walk").click()
    expect(page.locator("#status")).to_contain_text("The walk is created.")
    screenshot(page, "console-walks")
    page.get_by_role("link", name="Evening walk by the station").click()
    expect(page.locator("#walk-heading")).to_have_text("Evening walk by the station")
    qr = page.locator("#walk-qr").get_attribute("href")
    poster = page.request.get(qr)
    assert poster.status == 200 and poster.headers["content-type"].startswith("image/svg+xml")
    page.get_by_role("button", name="Move to: Active").click()
    expect(page.locator("#status")).to_have_text("Status: Active.")
    expect(page.locator("#summary")).to_be_visible()
    screenshot(page, "console-walk")

    page.get_by_role("link", name="Actions", exact=True).first.click()
    page.get_by_label("Title").fill("Trim the hedge by the station")
    page.get_by_label("Due date").fill("2030-04-01")
    page.get_by_role("button", name="Create the action").click()
    row = page.locator("tr", has_text="Trim the hedge by the station")
    expect(row).to_contain_text("Planned")
    row.get_by_label("New status for Trim the hedge by the station").select_option("in_progress")
    row.get_by_role("button", name="Save status").click()
    expect(row.locator(".action-status")).to_have_text("In progress")
    screenshot(page, "console-actions")
    assert console.errors == []


def test_a_partner_reads_walks_and_moves_only_its_own_action(
    desk: Any, app: Flask, console: Console
) -> None:
    page = desk
    api = app.test_client()
    partner_org = make_org(app, "Bostadsbolaget", kind="partner", areas=("gislaved",))
    partner = make_user(app, "partner", org=partner_org)
    police = make_org(app, "Polisen i Gislaved", kind="police", areas=("gislaved",))
    analyst = make_user(app, "analyst", org=police)
    headers = auth(login(api, analyst.email, analyst.password))
    for title, owner in (("Klipp häcken vid stationen", partner_org), ("Polisens insats", police)):
        body = {"title": title, "area": "gislaved", "owner": owner.id}
        created = api.post("/api/v1/actions", json=body, headers=headers)
        assert created.status_code == 201, created.get_json()
    make_walk(app, organiser=analyst, title="Kvällsvandring i centrum")

    sign_in(page, partner, "/staff/walks")
    expect(page).to_have_url(re.compile(r"/staff/walks$"))
    expect(page.locator("#walks")).to_contain_text("Kvällsvandring i centrum")
    assert page.locator("#walk-form").count() == 0
    assert page.get_by_role("link", name="Kön").count() == 0
    page.get_by_role("link", name="Insatser").click()
    row = page.locator("tr", has_text="Klipp häcken vid stationen")
    expect(row).to_contain_text("Planerad")
    assert page.locator("#action-form").count() == 0
    # Only its own organisation's actions are listed, and it may move them.
    expect(page.locator("tr", has_text="Polisens insats")).to_have_count(0)
    row.get_by_label("Ny status för Klipp häcken vid stationen").select_option("in_progress")
    row.get_by_role("button", name="Spara status").click()
    expect(row.locator(".action-status")).to_have_text("Pågår")
    assert console.errors == []


def axe_serious(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


def test_no_serious_accessibility_violations_on_the_console_pages(
    browser: Any, live_server: str, app: Flask
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    api = app.test_client()
    reference = sent(api)
    sent(api, text="Någon kör moped på gångvägen, det händer nu vid skolan!")
    walk = make_walk(app)
    analyst = make_user(app, "analyst")
    # Only this context bypasses the page's CSP, so that axe's script may be injected.
    context = desk_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/staff/login")
        problems = {"/staff/login": axe_serious(page)}
        sign_in(page, analyst)
        pages = {
            "/staff": "#queue-list .queue-item",
            f"/staff/items/{reference}": "#item-text",
            "/staff/report": "#report-heading",
            "/staff/walks": "#walks tr",
            f"/staff/walks/{walk.id}": "#summary-heading",
            "/staff/actions": "#actions tr",
            "/staff?lang=en": "#queue-list .queue-item",
            "/staff/account": "#sessions-heading",
        }
        for path, ready in pages.items():
            page.goto(path)
            expect(page.locator(ready).first).to_be_visible()
            problems[path] = axe_serious(page)
        # The queue again with the r key's reason form open in the current row.
        page.goto("/staff")
        expect(page.locator("#queue-list .queue-item").first).to_be_visible()
        page.keyboard.press("r")
        expect(page.locator("#row-reject-reason")).to_be_focused()
        problems["/staff (reject form)"] = axe_serious(page)
        found = {path: describe(v) for path, v in problems.items() if v}
        assert found == {}, "\n".join(f"{path}:\n{text}" for path, text in found.items())
    finally:
        context.close()


def test_set_up_a_second_factor_and_log_in_with_a_recovery_code(
    desk: Any, app: Flask, console: Console
) -> None:
    import pyotp

    analyst = make_user(app, "analyst")
    sign_in(desk, analyst)
    expect(desk.locator("#queue-list")).to_be_attached()
    desk.get_by_role("link", name="Konto").click()
    desk.get_by_role("button", name="Ställ in en andra faktor").click()
    expect(desk.get_by_role("img", name="QR-kod för din autentiseringsapp")).to_be_visible()
    secret = desk.locator("#totp-secret").inner_text().replace("-", "")
    desk.get_by_label("Kod från appen").fill(pyotp.TOTP(secret).now())
    desk.get_by_role("button", name="Aktivera").click()
    expect(desk.locator("#recovery-codes li")).to_have_count(10)
    codes = desk.locator("#recovery-codes code").all_inner_texts()
    desk.get_by_role("button", name="Logga ut").click()

    sign_in(desk, analyst)
    desk.get_by_label("Kod från din autentiseringsapp, eller en reservkod").fill(codes[0])
    desk.get_by_role("button", name="Bekräfta").click()

    expect(desk).to_have_url(re.compile(r"/staff$"))
    desk.goto("/staff/account")
    expect(desk.locator("#sessions tbody tr")).to_have_count(1)
    expect(desk.locator("#totp-status")).to_contain_text("Reservkoder kvar: 9")
    assert console.errors == []
