"""The resident's follow-up page, in a real browser, once the tip is handed over: one plain
sentence in the page's language (Swedish, Arabic), nothing before, and never the recipient."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask

from tests.browser.conftest import Console
from tests.factories import as_role, send_tip
from tests.handover.conftest import add_recipient, handed_over

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

SWEDISH = "Ditt tips har lämnats vidare till den som ansvarar för frågan."
ARABIC = "تم تحويل بلاغك إلى الجهة المسؤولة عن هذا الأمر."
RECIPIENT = {"name": "Gislaveds kommun, felanmälan", "email": "felanmalan@gislaved.example"}


@pytest.fixture
def app(make_app: Any, tmp_path: Path) -> Flask:
    """Handovers are accepted (a mail server is named); no worker runs, so they stay pending."""
    return cast(Flask, make_app(SMTP_HOST="127.0.0.1", PHOTO_DIR=str(tmp_path / "photos")))


def sent_tip(client: Any) -> dict[str, str]:
    response = send_tip(client)
    assert response.status_code == 201, response.get_json()
    return {key: response.get_json()[key] for key in ("reference", "receipt")}


def hand_over(app: Flask, client: Any, reference: str) -> None:
    admin = as_role(app, client, "admin")
    analyst = as_role(app, client, "analyst")
    recipient = add_recipient(client, admin, **RECIPIENT)
    handed_over(client, analyst, reference, recipient["id"])


def look_up(page: Any, tip: dict[str, str], lang: str | None) -> None:
    page.goto("/uppfoljning" + (f"?lang={lang}" if lang else ""))
    page.locator("#reference").fill(tip["reference"])
    page.locator("#receipt").fill(tip["receipt"])
    page.locator("#lookup-submit").click()
    expect(page.locator("#status-view")).to_be_visible()


@pytest.mark.parametrize(("lang", "sentence"), [(None, SWEDISH), ("ar", ARABIC)])
def test_a_handed_over_tip_says_so_in_the_pages_language_and_never_to_whom(
    page: Any, app: Flask, client: Any, console: Console, lang: str | None, sentence: str
) -> None:
    tip = sent_tip(client)
    hand_over(app, client, tip["reference"])

    look_up(page, tip, lang)

    expect(page.locator("#status-handed-over")).to_be_visible()
    expect(page.locator("#status-handed-over")).to_have_text(sentence)
    shown = page.locator("body").inner_text()
    assert RECIPIENT["email"] not in shown
    assert RECIPIENT["name"] not in shown
    assert console.errors == []


def test_a_tip_not_handed_over_says_nothing_about_it(
    page: Any, client: Any, console: Console
) -> None:
    tip = sent_tip(client)

    look_up(page, tip, None)

    expect(page.locator("#status-label")).to_have_text("Mottaget")
    expect(page.locator("#status-handed-over")).to_be_hidden()
    assert SWEDISH not in page.locator("body").inner_text()
    assert console.errors == []
