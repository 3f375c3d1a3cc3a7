"""Is it fixed? On the resident's follow-up page, in a real browser: the question appears once
the action on the tip is done, an answer is saved and shown again on the next look-up."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.browser.conftest import Console
from tests.factories import as_role, make_org, send_tip

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None


def sent_tip(client: Any) -> dict[str, str]:
    response = send_tip(client)
    assert response.status_code == 201, response.get_json()
    return {key: response.get_json()[key] for key in ("reference", "receipt")}


def done_action(app: Flask, client: Any, reference: str) -> None:
    analyst = as_role(app, client, "analyst")
    owner = make_org(app, "Gatukontoret", kind="partner")
    created = client.post(
        "/api/v1/actions",
        json={"title": "Byt armaturen", "owner": owner.id, "item": reference},
        headers=analyst,
    )
    assert created.status_code == 201, created.get_json()
    done = client.post(
        f"/api/v1/actions/{created.get_json()['id']}/status",
        json={"status": "done"},
        headers=analyst,
    )
    assert done.status_code == 200, done.get_json()


def look_up(page: Any, tip: dict[str, str], lang: str = "sv") -> None:
    page.goto(f"/uppfoljning?lang={lang}")
    page.locator("#reference").fill(tip["reference"])
    page.locator("#receipt").fill(tip["receipt"])
    page.locator("#lookup-submit").click()
    expect(page.locator("#status-view")).to_be_visible()


def test_no_question_before_the_action_is_done(page: Any, client: Any, console: Console) -> None:
    look_up(page, sent_tip(client))

    expect(page.locator("#fixed-view")).to_be_hidden()
    assert console.errors == []


def test_the_tipster_answers_and_sees_the_answer_kept(
    page: Any, app: Flask, client: Any, console: Console
) -> None:
    tip = sent_tip(client)
    done_action(app, client, tip["reference"])

    look_up(page, tip)
    expect(page.locator("#fixed-view")).to_be_visible()
    expect(page.locator("#fixed-title")).to_have_text("Är det åtgärdat?")
    page.get_by_label("Delvis").check()
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Tack! Ditt svar är sparat.")).to_be_visible()

    look_up(page, tip)
    expect(page.get_by_label("Delvis")).to_be_checked()
    assert console.errors == []
