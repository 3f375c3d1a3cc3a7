"""Walk mode on a phone: join from the poster's link, log offline, reload offline, then sync."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import select

from tests.browser.conftest import AXE_SCRIPT, Console, phone_context, unavailable
from tests.browser.test_resident import axe_violations, describe, small_touch_targets
from tests.factories import make_walk
from tipsapp.extensions import db
from tipsapp.photos.models import Photo
from tipsapp.photos.service import file_bytes
from tipsapp.walks.models import Observation

expect: Any
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI) with the reason
    expect = None

CACHE = "tipsapp-walk-v5"
NOTES = (
    "Gatlyktan vid gångtunneln är trasig.",
    "Buskarna skymmer sikten vid lekplatsen.",
    "",
)


def stored(app: Flask) -> list[Observation]:
    with app.app_context():
        found = list(db.session.scalars(select(Observation).order_by(Observation.seen_at)))
        db.session.expunge_all()
        return found


def wait_until_cached(page: Any, path: str) -> None:
    """The service worker controls the page and keeps ``path`` (so a reload works offline)."""
    script = (
        "async (path) => navigator.serviceWorker.controller !== null && "
        f"!!(await (await caches.open('{CACHE}')).match(path, {{ignoreVary: true}}))"
    )
    deadline = time.monotonic() + 10
    while not page.evaluate(script, path):
        assert time.monotonic() < deadline, f"{path} was never cached by the service worker"
        page.wait_for_timeout(100)


def waiting_in_browser(page: Any) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => new Promise((resolve, reject) => {
                const open = indexedDB.open("tipsapp-walk");
                open.onerror = () => reject(open.error);
                open.onsuccess = () => {
                    const read = open.result.transaction("outbox").objectStore("outbox").getAll();
                    read.onsuccess = () => resolve(read.result.map((item) => item.observation));
                    read.onerror = () => reject(read.error);
                };
            })"""
        )
    )


def test_log_offline_reload_offline_and_sync_once_online(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    walk = make_walk(app)
    context = page.context
    # The phone's clock is a few minutes behind: seen_at must be the phone's, not the server's.
    phone_now = datetime.now(UTC) - timedelta(minutes=7)
    context.clock.set_system_time(phone_now)

    page.goto(f"/w/{walk.join_code}")
    expect(page.get_by_label("Kod för vandringen")).to_have_value(walk.join_code)
    page.get_by_role("button", name="Gå med i vandringen").click()
    expect(page.get_by_role("heading", name=walk.title)).to_be_focused()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
    wait_until_cached(page, page.url)

    context.set_offline(True)
    page.get_by_role("radio", name="Belysning", exact=True).check()
    page.get_by_label("Kort anteckning").fill(NOTES[0])
    page.get_by_role("button", name="Använd min position").click()
    expect(page.locator("#position-status")).to_contain_text("± 30 meter")
    page.locator("#ratings-box summary").click()
    page.get_by_role("group", name="Belysning").get_by_label("0").check()
    page.get_by_role("button", name="Spara iakttagelsen").click()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 1")

    page.get_by_role("radio", name="Vegetation", exact=True).check()
    page.get_by_label("Kort anteckning").fill(NOTES[1])
    page.get_by_role("button", name="Spara iakttagelsen").click()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 2")

    page.get_by_role("radio", name="Klotter", exact=True).check()
    page.get_by_role("button", name="Spara iakttagelsen").click()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 3")

    # Reloaded without a network: the service worker serves the page, nothing is lost.
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    expect(page.get_by_role("heading", name=walk.title)).to_be_visible()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 3")
    expect(page.locator("#sync-status")).to_contain_text("inte uppkopplad")
    screenshot(page, "walk-offline")
    sent = {item["client_uuid"]: item for item in waiting_in_browser(page)}
    assert len(sent) == 3
    assert stored(app) == []

    context.set_offline(False)
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
    expect(page.locator("#sync-status")).to_have_text("Allt är skickat.")
    screenshot(page, "walk-synced")

    observations = stored(app)
    assert sorted(o.client_uuid for o in observations) == sorted(sent)
    for observation in observations:
        phone = sent[observation.client_uuid]
        seen_at = datetime.fromisoformat(phone["seen_at"].replace("Z", "+00:00"))
        assert observation.seen_at == seen_at
        assert abs(seen_at - phone_now) < timedelta(minutes=2)
        assert observation.text == phone["text"]
    first, second, third = observations
    assert [o.issue for o in observations] == ["lighting", "vegetation", "graffiti"]
    assert (first.latitude, first.longitude, first.accuracy_m) == (57.3048, 13.5413, 30)
    assert first.ratings == {"lighting": 0}
    assert second.ratings is None and second.latitude is None
    assert third.text == ""
    assert waiting_in_browser(page) == []
    # Offline, the browser logs the failed requests it could not make; nothing else.
    assert [e for e in console.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_an_invalid_observation_stays_with_its_error_and_the_rest_is_sent(
    page: Any, app: Flask, console: Console, screenshot: Any
) -> None:
    walk = make_walk(app)
    context = page.context
    page.goto(f"/w/{walk.join_code}?lang=en")
    page.get_by_role("button", name="Join the walk").click()
    expect(page.get_by_role("heading", name=walk.title)).to_be_focused()

    context.set_offline(True)
    page.get_by_role("radio", name="Litter", exact=True).check()
    page.get_by_role("button", name="Save the observation").click()
    # The phone's clock jumps an hour ahead: the server refuses a seen_at in the future.
    context.clock.set_system_time(datetime.now(UTC) + timedelta(hours=1))
    page.get_by_role("radio", name="Damage", exact=True).check()
    page.get_by_label("Short note").fill("Krossad busskur.")
    page.get_by_role("button", name="Save the observation").click()
    expect(page.locator("#walk-pending")).to_have_text("Waiting to be sent: 2")

    context.set_offline(False)
    expect(page.locator("#walk-pending")).to_have_text("Waiting to be sent: 0")
    invalid = page.locator("#invalid-list li")
    expect(invalid).to_have_count(1)
    expect(invalid).to_contain_text("Krossad busskur.")
    expect(invalid).to_contain_text("seen_at")
    screenshot(page, "walk-invalid")
    assert [o.issue for o in stored(app)] == ["littering"]
    (kept,) = waiting_in_browser(page)
    assert kept["issue"] == "damage"

    # It stays after a reload, until the participant removes it. The reload waits for the
    # network to settle: a request cut short by it would be logged as a failed load.
    page.wait_for_load_state("networkidle")
    page.reload()
    expect(page.locator("#invalid-list li")).to_have_count(1)
    page.get_by_role("button", name="Remove").click()
    expect(page.locator("#invalid-box")).to_be_hidden()
    assert waiting_in_browser(page) == []
    assert [o.issue for o in stored(app)] == ["littering"]
    # The service worker refreshes the page's cached files in the background; the reload can
    # cut such a refresh short (ERR_FAILED), which the participant never sees.
    assert [
        e for e in console.errors if "ERR_INTERNET_DISCONNECTED" not in e and "ERR_FAILED" not in e
    ] == []


@pytest.mark.parametrize("view", ["join", "log"])
def test_walk_mode_has_no_serious_accessibility_violations_nor_small_touch_targets(
    browser: Any, live_server: str, app: Flask, view: str
) -> None:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm install)")
    walk = make_walk(app)
    # Only this context bypasses the page's CSP, so that axe's script may be injected.
    context = phone_context(browser, live_server, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"/w/{walk.join_code}")
        if view == "log":
            page.get_by_role("button", name="Gå med i vandringen").click()
            expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
            page.locator("#ratings-box summary").click()
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        assert small_touch_targets(page) == []
    finally:
        context.close()


def test_a_photo_logged_offline_is_stored_once_without_exif_after_its_observation(
    page: Any, app: Flask, console: Console, tmp_path: Any
) -> None:
    walk = make_walk(app)
    context = page.context
    original = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x010F] = "UNIQUE-CAMERA-4711"  # Make
    Image.new("RGB", (3000, 4000), (200, 60, 40)).save(original, "JPEG", exif=exif.tobytes())
    uploads: list[tuple[str, bytes]] = []

    def lose_the_first_answer(route: Any) -> None:
        uploads.append((route.request.url, route.request.post_data_buffer or b""))
        if len(uploads) == 1:
            # The photo reaches the server and is stored, but the phone never hears back.
            route.fetch().dispose()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/observations/*/photos/*", lose_the_first_answer)
    page.goto(f"/w/{walk.join_code}")
    page.get_by_role("button", name="Gå med i vandringen").click()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
    wait_until_cached(page, page.url)

    context.set_offline(True)
    page.get_by_role("radio", name="Klotter", exact=True).check()
    page.get_by_label("Välj eller ta ett foto").set_input_files(str(original))
    expect(page.get_by_role("img", name="Fotot du har valt")).to_be_visible()
    page.get_by_role("button", name="Spara iakttagelsen").click()
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 1")
    expect(page.get_by_role("img", name="Fotot du har valt")).to_be_hidden()
    kept_as_blob = page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open("tipsapp-walk");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const read = open.result.transaction("outbox").objectStore("outbox").getAll();
                read.onsuccess = () => resolve(read.result.map((item) =>
                    item.photo.blob instanceof Blob ? item.photo.blob.type : null));
            };
        })"""
    )
    assert kept_as_blob == ["image/jpeg"]

    context.set_offline(False)
    # The observation is stored, then the first upload's answer is lost: the photo waits.
    expect(page.locator("#sync-status")).to_contain_text("Det gick inte att skicka nu")
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 1")
    assert len(stored(app)) == 1
    # Back in coverage, it is sent again under the same UUID.
    context.set_offline(True)
    context.set_offline(False)
    expect(page.locator("#walk-pending")).to_have_text("Väntar på att skickas: 0")
    expect(page.locator("#sync-status")).to_have_text("Allt är skickat.")

    (observation,) = stored(app)
    assert len(uploads) == 2
    assert uploads[0][0] == uploads[1][0]
    assert f"/observations/{observation.client_uuid}/photos/" in uploads[0][0]
    assert b"UNIQUE-CAMERA-4711" not in uploads[0][1]
    with app.app_context():
        (photo,) = db.session.scalars(select(Photo))
        assert photo.observation_id == observation.id
        data = file_bytes(photo.content_hash)
    assert len(data) <= app.config["PHOTO_MAX_BYTES"]
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 1600)  # resized in the browser to its longest side
        assert not image.getexif()
    assert b"UNIQUE-CAMERA-4711" not in data
    assert waiting_in_browser(page) == []
    assert [
        e
        for e in console.errors
        if "ERR_INTERNET_DISCONNECTED" not in e and "ERR_CONNECTION_RESET" not in e
    ] == []
