"""The queue as a workbench, in a real browser at 1366 by 900: compact rows (at least 15 on the
first screen with 100 items), the item in a pane beside the list, the keys (j/k, Enter, Escape,
a, c, q, r, u, x, /, ?), counts and rows that follow every action, bulk actions, errors in the
console's language, and axe-core on every console page and state."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.browser.conftest import ARTIFACTS, AXE_SCRIPT, Console, unavailable
from tests.browser.test_console import describe, sent, sign_in
from tests.factories import auth, login, make_org, make_user, send_tip

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

WORKBENCH = {"width": 1366, "height": 900}
NARROW = {"width": 800, "height": 900}
# What residents write, in several categories, urgencies and languages: a realistic week.
TEXTS = (
    "Gatlyktorna på gångvägen vid skolan har varit släckta i en vecka, det är mörkt.",
    "Bilar kör alldeles för fort på Storgatan förbi förskolan varje morgon.",
    "Någon har sprejat klotter på hela busskuren vid torget i natt.",
    "Det pågår ett slagsmål utanför pizzerian just nu, flera personer inblandade!",
    "Ungdomar säljer narkotika bakom idrottshallen på kvällarna.",
    "Cyklar står fastlåsta och rostar vid stationen sedan flera månader.",
    "Buskarna vid gångtunneln är så höga att man inte ser vem som står där.",
    "Min granne fick ett samtal från en falsk bankman som ville ha koder.",
    "Cars are speeding on the road past the school every afternoon.",
    "Inbrott i källarförråden på Skogsvägen, dörren är uppbruten.",
)


def seed(api: Any, count: int) -> list[str]:
    """``count`` tips through the public API (varied texts; the classifier suggests)."""
    references = []
    for number in range(count):
        text = f"{TEXTS[number % len(TEXTS)]} (tips {number + 1})"
        response = send_tip(api, text=text, category=...)
        assert response.status_code == 201, response.get_json()
        references.append(str(response.get_json()["reference"]))
    return references


def bench_context(
    browser: Any, base_url: str, viewport: dict[str, int] = WORKBENCH, **options: Any
) -> Any:
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        **options,
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def bench(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    context = bench_context(browser, live_server)
    opened = context.new_page()
    console.watch(opened)
    yield opened
    context.close()


def rows_on_first_screen(page: Any) -> int:
    """Queue rows whose whole box lies inside the viewport, without scrolling."""
    return int(
        page.evaluate(
            """rows => Array.from(document.querySelectorAll(rows)).filter(row => {
                const box = row.getBoundingClientRect();
                return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight
                    && box.left >= 0 && box.right <= window.innerWidth;
            }).length""",
            "#queue-list .queue-item",
        )
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation, whatever its impact (test_console counts the serious ones)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def row(page: Any, reference: str) -> Any:
    return page.locator(f'#queue-list [data-reference="{reference}"]')


def api_item(api: Any, headers: dict[str, str], reference: str) -> dict[str, Any]:
    return dict(api.get(f"/api/v1/queue/{reference}", headers=headers).get_json())


def current_reference(page: Any) -> str:
    return str(page.locator('#queue-list tr[aria-current="true"]').get_attribute("data-reference"))


def test_a_hundred_items_leave_at_least_fifteen_rows_on_the_first_screen(
    bench: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = bench
    api = app.test_client()
    seed(api, 100)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(page.locator("#queue-list .queue-item")).to_have_count(100)
    expect(page.locator("#queue-counts")).to_contain_text("ny 100")
    # No form and no bulk bar push the rows down: the filters are one bar, the bulk bar waits.
    expect(page.locator("#filter-more")).to_be_hidden()
    expect(page.locator("#bulk")).to_be_hidden()
    listed_alone = rows_on_first_screen(page)

    page.keyboard.press("Enter")
    expect(page.locator("#pane")).to_be_visible()
    expect(page.locator("#item-text")).to_contain_text("(tips")
    visible = rows_on_first_screen(page)
    print(f"\nrows on the first screen at 1366x900: {visible} (pane open), {listed_alone} (closed)")
    assert visible >= 15
    assert listed_alone >= 15
    # Every row is one line: the same height as the first.
    heights = page.evaluate(
        "() => Array.from(document.querySelectorAll('#queue-list .queue-item'))"
        ".map(row => Math.round(row.getBoundingClientRect().height))"
    )
    assert max(heights) <= 40, heights
    # Areas by name, statuses from the catalogue, the masked excerpt on one line.
    first = page.locator("#queue-list .queue-item").first
    expect(first.locator(".item-area")).to_have_text("Gislaveds kommun")
    expect(first.locator(".item-status")).to_have_text("ny")
    expect(page.locator("#item-facts")).to_contain_text("Gislaveds kommun")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workbench-1366x900.png"))
    screenshot(page, "workbench-1366x900-full")
    assert console.errors == []


def test_j_and_k_move_the_pane_along_and_escape_returns_to_the_list(
    bench: Any, app: Flask, console: Console
) -> None:
    page = bench
    api = app.test_client()
    seed(api, 3)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(page.locator("#queue-list .queue-item")).to_have_count(3)
    rows = page.locator("#queue-list .queue-item")
    order = [rows.nth(index).get_attribute("data-reference") for index in range(3)]
    expect(page.locator("#pane")).to_be_hidden()

    page.keyboard.press("Enter")
    pane = page.get_by_role("region", name=f"Ärende {order[0]}")
    expect(pane).to_be_visible()
    expect(page.locator("#pane-heading")).to_be_focused()
    expect(row(page, order[0])).to_have_attribute("aria-current", "true")
    expect(page.locator("#item-text")).to_contain_text("(tips")
    first_text = page.locator("#item-text").inner_text()

    page.keyboard.press("j")
    expect(row(page, order[1])).to_have_attribute("aria-current", "true")
    expect(row(page, order[0])).not_to_have_attribute("aria-current", "true")
    expect(page.locator("#pane-heading")).to_have_text(f"Ärende {order[1]}")
    expect(page.locator("#item-text")).not_to_have_text(first_text)
    expect(page.locator("#pane-page")).to_have_attribute("href", f"/staff/items/{order[1]}")
    page.keyboard.press("k")
    expect(page.locator("#pane-heading")).to_have_text(f"Ärende {order[0]}")
    expect(page.locator("#item-text")).to_have_text(first_text)

    page.keyboard.press("Escape")
    expect(page.locator("#pane")).to_be_hidden()
    expect(row(page, order[0]).locator(".item-link")).to_be_focused()

    # The pane's read is the audited item read; its own page still works on its own.
    page.locator("#queue-list .item-link").nth(2).click()
    expect(page.locator("#pane-heading")).to_have_text(f"Ärende {order[2]}")
    page.locator("#pane-page").click()
    expect(page).to_have_url(re.compile(f"/staff/items/{order[2]}$"))
    expect(page.locator("#item-badges .item-status")).to_have_text("ny")
    assert console.errors == []


def test_keys_are_not_taken_while_typing_and_slash_and_question_mark_help(
    bench: Any, app: Flask, console: Console
) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(row(page, reference)).to_be_visible()

    page.keyboard.press("/")
    search = page.get_by_label("Fritext")
    expect(search).to_be_focused()
    page.keyboard.type("qa")  # letters typed in the search are text, not keys
    expect(search).to_have_value("qa")
    expect(row(page, reference).locator(".item-status")).to_have_text("ny")
    page.keyboard.press("Escape")
    page.locator("#queue-list .item-link").first.focus()

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Tangentbord")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("godta den föreslagna kategorin")
    expect(dialog.locator("#category-keys li").nth(3)).to_contain_text("Otrygg miljö")
    expect(page.get_by_role("button", name="Stäng")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(row(page, reference).locator(".item-link")).to_be_focused()
    assert console.errors == []


def test_a_accepts_the_suggestion_q_queues_and_u_undoes_with_counts_at_once(
    bench: Any, app: Flask, console: Console
) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api, category=...)
    analyst = make_user(app, "analyst")
    headers = auth(login(api, analyst.email, analyst.password))
    suggested = api_item(api, headers, reference)["suggestion"]["category"]
    assert suggested, "the lamp text has a suggestion"
    sign_in(page, analyst)
    item_row = row(page, reference)
    expect(page.locator("#queue-counts")).to_contain_text("ny 1")
    expect(item_row.locator(".item-category-label")).to_contain_text("förslag")

    page.keyboard.press("a")
    expect(item_row.locator(".item-status")).to_have_attribute("data-status", "triaged")
    expect(item_row.locator(".item-category-label")).not_to_contain_text("förslag")
    expect(page.locator("#queue-counts")).to_contain_text("bedömd 1")
    expect(page.locator("#queue-counts")).not_to_contain_text("ny")
    assert api_item(api, headers, reference)["category"] == suggested
    # A new item's first category cannot go back to "new": the status line says so.
    page.keyboard.press("u")
    expect(page.locator("#status")).to_contain_text("kan inte bli nytt igen")

    page.keyboard.press("q")
    expect(item_row.locator(".item-status")).to_have_text("köad")
    expect(page.locator("#status")).to_have_text(f"{reference} är köat till nästa lägesbild.")
    expect(page.locator("#queue-counts")).to_contain_text("köad 1")

    # q again: the API's 409 is shown in Swedish from its code, never its English message.
    page.keyboard.press("q")
    expect(page.locator("#status")).to_have_text(
        f"{reference}: Det går inte när ärendets status är köad."
    )
    expect(page.locator("#status")).to_have_class(re.compile("is-error"))
    assert "Cannot" not in page.locator("main").inner_text()

    page.keyboard.press("u")
    expect(item_row.locator(".item-status")).to_have_text("bedömd")
    expect(page.locator("#status")).to_have_text(f"Ångrat: {reference} är bedömd.")
    expect(page.locator("#queue-counts")).to_contain_text("bedömd 1")
    assert api_item(api, headers, reference)["status"] == "triaged"
    # Chromium logs the expected 409 as a failed load; nothing else went wrong.
    assert [error for error in console.errors if "409" not in error] == []


def test_an_action_takes_the_row_out_of_a_filter_it_no_longer_matches(
    bench: Any, app: Flask, console: Console
) -> None:
    page = bench
    api = app.test_client()
    first, second, third = seed(api, 3)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst, "/staff?status=new")
    expect(page.get_by_role("link", name="Status: ny (ta bort filtret)")).to_be_visible()
    expect(page.locator("#queue-list .queue-item")).to_have_count(3)
    current = current_reference(page)
    page.keyboard.press("Enter")
    expect(page.locator("#pane-heading")).to_have_text(f"Ärende {current}")

    page.keyboard.press("q")
    expect(row(page, current)).to_have_count(0)
    expect(page.locator("#queue-list .queue-item")).to_have_count(2)
    expect(page.locator("#queue-counts")).to_contain_text("ny 2")
    expect(page.locator("#queue-counts")).to_contain_text("köad 1")
    expect(page.locator("#status")).to_have_text(f"{current} är köat till nästa lägesbild.")
    # The next row is the current one and the pane followed it.
    following = current_reference(page)
    assert following in {first, second, third} - {current}
    expect(page.locator("#pane-heading")).to_have_text(f"Ärende {following}")

    # u brings the queued item back out of the report; as "triaged" it stays out of "new".
    page.keyboard.press("u")
    expect(page.locator("#status")).to_have_text(f"Ångrat: {current} är bedömd.")
    expect(page.locator("#queue-counts")).to_contain_text("bedömd 1")
    expect(row(page, current)).to_have_count(0)

    # The chip takes the filter away again.
    page.get_by_role("link", name="Status: ny (ta bort filtret)").click()
    expect(page.locator("#queue-list .queue-item")).to_have_count(3)
    assert console.errors == []


def test_reject_with_r_takes_the_row_out_and_u_brings_it_back(
    bench: Any, app: Flask, console: Console
) -> None:
    page = bench
    api = app.test_client()
    seed(api, 2)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(page.locator("#queue-list .queue-item")).to_have_count(2)
    current = current_reference(page)
    page.keyboard.press("r")
    reason = page.get_by_label(f"Varför avvisas {current}?")
    expect(reason).to_be_focused()
    page.keyboard.type("Reklam")
    page.keyboard.press("Enter")
    expect(row(page, current)).to_have_count(0)
    expect(page.locator("#status")).to_have_text(f"{current} är avvisat.")
    expect(page.locator("#queue-counts")).to_contain_text("avvisad 1")

    page.keyboard.press("u")
    expect(row(page, current)).to_have_count(1)
    expect(row(page, current).locator(".item-status")).to_have_text("bedömd")
    expect(row(page, current)).to_have_attribute("aria-current", "true")
    expect(page.locator("#queue-counts")).not_to_contain_text("avvisad")
    assert console.errors == []


def test_c_and_a_number_set_a_category(bench: Any, app: Flask, console: Console) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(row(page, reference)).to_be_visible()
    page.keyboard.press("c")
    expect(page.locator("#category-mode")).to_be_visible()
    page.keyboard.press("6")
    category = row(page, reference).locator(".item-category-label")
    expect(category).to_have_text("Trafik och hastighet")
    expect(page.locator("#status")).to_have_text(f"{reference}: kategori Trafik och hastighet.")
    # A second category: u puts the one before it back.
    page.keyboard.press("c")
    page.keyboard.press("5")
    expect(category).to_have_text("Narkotika")
    page.keyboard.press("u")
    expect(category).to_have_text("Trafik och hastighet")
    assert console.errors == []


def test_a_bulk_reject_of_two_marked_rows_updates_the_counts_and_the_list(
    bench: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    page = bench
    api = app.test_client()
    references = seed(api, 4)
    analyst = make_user(app, "analyst")
    sign_in(page, analyst)
    expect(page.locator("#queue-list .queue-item")).to_have_count(4)
    expect(page.locator("#bulk")).to_be_hidden()
    first = current_reference(page)
    page.keyboard.press("x")
    page.keyboard.press("j")
    second = current_reference(page)
    page.keyboard.press("x")
    bulk = page.get_by_role("region", name="Åtgärder för markerade")
    expect(bulk).to_be_visible()
    expect(page.locator("#bulk-count")).to_have_text("2 markerade")
    screenshot(page, "workbench-bulk")

    bulk.get_by_role("button", name="Avvisa").click()
    expect(page.locator("#status")).to_have_text("Skriv ett skäl för avvisningen.")
    page.get_by_placeholder("Skäl för avvisning").fill("Reklam")
    bulk.get_by_role("button", name="Avvisa").click()
    expect(page.locator("#status")).to_have_text("2 av 2 klara.")
    for reference in (first, second):
        expect(row(page, reference)).to_have_count(0)
    expect(page.locator("#queue-list .queue-item")).to_have_count(2)
    expect(page.locator("#queue-counts")).to_contain_text("ny 2")
    expect(page.locator("#queue-counts")).to_contain_text("avvisad 2")
    expect(page.locator("#bulk")).to_be_hidden()

    headers = auth(login(api, analyst.email, analyst.password))
    for reference in references:
        expected = "rejected" if reference in (first, second) else "new"
        assert api_item(api, headers, reference)["status"] == expected
    assert console.errors == []


def test_a_change_made_meanwhile_is_reloaded_and_said_in_swedish(
    bench: Any, app: Flask, console: Console
) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    headers = auth(login(api, analyst.email, analyst.password))
    sign_in(page, analyst)
    item_row = row(page, reference)
    expect(item_row).to_be_visible()

    # Someone else sets the category behind the page's back: the row's ETag is now stale.
    changed = api.patch(f"/api/v1/queue/{reference}", json={"category": "other"}, headers=headers)
    assert changed.status_code == 200
    page.keyboard.press("q")
    expect(page.locator("#status")).to_contain_text(f"{reference} ändrades under tiden")
    # Reloaded: the row shows the other analyst's change, and the same key now works.
    expect(item_row.locator(".item-status")).to_have_text("bedömd")
    expect(item_row.locator(".item-category-label")).to_have_text("Övrigt")
    page.keyboard.press("q")
    expect(item_row.locator(".item-status")).to_have_text("köad")
    assert api_item(api, headers, reference)["status"] == "queued"
    assert [error for error in console.errors if "412" not in error] == []


def test_on_a_narrow_screen_the_item_takes_the_page(
    browser: Any, live_server: str, app: Flask, console: Console, screenshot: Any
) -> None:
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    context = bench_context(browser, live_server, NARROW)
    try:
        page = context.new_page()
        console.watch(page)
        sign_in(page, analyst)
        expect(row(page, reference)).to_be_visible()
        page.keyboard.press("Enter")
        pane = page.locator("#pane")
        expect(pane).to_be_visible()
        box = pane.bounding_box()
        assert box["x"] == 0 and box["width"] == NARROW["width"], box
        screenshot(page, "workbench-narrow-item")
        page.get_by_role("button", name="Tillbaka till listan").click()
        expect(pane).to_be_hidden()
        expect(row(page, reference).locator(".item-link")).to_be_focused()
    finally:
        context.close()
    assert console.errors == []


def test_no_accessibility_violations_in_any_workbench_state_or_console_page(
    browser: Any, live_server: str, app: Flask
) -> None:
    """test_console checks the pages as they open; this adds the workbench's states (pane,
    keys dialog, bulk bar, the full filter form, a narrow screen) and the denied and
    not-found pages."""
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    api = app.test_client()
    seed(api, 20)
    analyst = make_user(app, "analyst")
    partner = make_user(app, "partner", org=make_org(app, kind="partner"))
    problems: dict[str, list[dict[str, Any]]] = {}
    context = bench_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        sign_in(page, analyst)
        expect(page.locator("#queue-list .queue-item")).to_have_count(20)
        problems["/staff"] = axe_violations(page)
        page.keyboard.press("Enter")
        expect(page.locator("#item-text")).to_contain_text("(tips")
        problems["/staff (pane open)"] = axe_violations(page)
        page.keyboard.press("x")
        page.keyboard.press("j")
        page.keyboard.press("x")
        expect(page.locator("#bulk")).to_be_visible()
        problems["/staff (bulk bar)"] = axe_violations(page)
        page.get_by_role("button", name="Alla filter").click()
        expect(page.locator("#filter-more")).to_be_visible()
        problems["/staff (all filters)"] = axe_violations(page)
        page.locator("#queue-list .item-link").first.focus()
        page.keyboard.press("?")
        expect(page.locator("#keys-dialog")).to_be_visible()
        problems["/staff (keys dialog)"] = axe_violations(page)
        page.keyboard.press("Escape")
        page.goto("/staff?status=queued&category=traffic&lang=en")
        expect(page.locator(".chip").first).to_be_visible()
        problems["/staff (chips, English)"] = axe_violations(page)
        page.goto("/staff/items/ZZZZZZ?lang=sv")
        expect(page.locator("h1")).to_have_text("Hittades inte")
        problems["/staff/items/ZZZZZZ (not found)"] = axe_violations(page)
        page.set_viewport_size(NARROW)
        page.goto("/staff")
        expect(page.locator("#queue-list .queue-item").first).to_be_visible()
        page.keyboard.press("Enter")
        expect(page.locator("#item-text")).to_contain_text("(tips")
        problems["/staff (narrow, pane)"] = axe_violations(page)

        denied = context.new_page()
        denied.context.clear_cookies()
        sign_in(denied, partner, "/staff/walks")
        denied.goto("/staff")
        expect(denied.locator("h1")).to_have_text("Ingen åtkomst")
        problems["/staff (denied)"] = axe_violations(denied)
    finally:
        context.close()
    found = {path: describe(v) for path, v in problems.items() if v}
    assert found == {}, "\n".join(f"{path}:\n{text}" for path, text in found.items())


@pytest.mark.parametrize(
    ("status", "code", "shown"),
    [
        (429, "rate_limited", "För många förfrågningar. Vänta en stund och försök igen."),
        (503, "service_unavailable", "Tjänsten är upptagen. Försök igen om en stund."),
        (403, "forbidden", "Din roll får inte göra detta."),
        (422, "validation_failed", "Förfrågan godtogs inte: kontrollera det du skrev."),
    ],
)
def test_every_api_error_is_said_in_the_consoles_language_from_its_code(
    bench: Any, app: Flask, status: int, code: str, shown: str
) -> None:
    page = bench
    api = app.test_client()
    reference = sent(api)
    analyst = make_user(app, "analyst")
    english = f"The English message for {code} that must not be shown."
    envelope = {"error": {"status": status, "code": code, "message": english, "fields": {}}}
    # Routed before the page loads: set on a live page under load, the route once missed the
    # request (it reached the server and the item was queued for real).
    page.route(
        re.compile(r".*/api/v1/queue/[^/]+/queue$"),
        lambda route: route.fulfill(status=status, json=envelope),
    )
    sign_in(page, analyst)
    expect(row(page, reference)).to_be_visible()
    page.keyboard.press("q")
    expect(page.locator("#status")).to_have_text(f"{reference}: {shown}")
    assert english not in page.locator("body").inner_text()
    expect(row(page, reference).locator(".item-status")).to_have_text("ny")
