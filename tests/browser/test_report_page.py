"""The console's report page in a browser: labels in the console's language, figures that add up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Console
from tests.browser.test_console import desk_context, sign_in
from tests.factories import login_as, make_user, send_tip

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None


@pytest.fixture
def desk(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    context = desk_context(browser, live_server)
    opened = context.new_page()
    console.watch(opened)
    yield opened
    context.close()


def test_the_report_page_says_what_it_counts_in_swedish(
    desk: Any, app: Any, console: Console
) -> None:
    api = app.test_client()
    analyst = make_user(app, "analyst", areas=("gislaved", "varnamo"))
    headers = login_as(api, analyst)
    references = []
    for area in ("gislaved", "varnamo"):
        reference = send_tip(api, area=area).get_json()["reference"]
        api.post(f"/api/v1/queue/{reference}/queue", json={}, headers=headers)
        references.append(reference)
    api.patch(f"/api/v1/queue/{references[1]}", json={"notable": True}, headers=headers)
    send_tip(api)  # received in the period, not queued

    sign_in(desk, analyst, "/staff/report")

    expect(desk.locator("#report-meta")).to_contain_text("utkast")
    expect(desk.locator("main")).to_contain_text("Områden: Gislaveds kommun, Värnamo kommun")
    expect(desk.locator("#report-received")).to_have_text("3")
    counts = desk.locator("#report-numbers td").all_inner_texts()
    assert sum(int(count) for count in counts) == 3
    expect(desk.locator("#items-note")).to_contain_text("2 ärenden köade")
    expect(desk.locator("#items-note")).to_contain_text("1 av dem är anmärkningsvärda")
    notable_row = desk.locator("#report-items li", has_text=references[1])
    expect(notable_row).to_contain_text("Värnamo kommun")
    expect(notable_row.locator(".notable")).to_have_text("anmärkningsvärt")
    assert console.errors == []
