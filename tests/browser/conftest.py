"""Browser tests: the app served for real in a background thread, driven by Chromium.

Playwright (the ``e2e`` extra) drives the system's Chromium at ``/usr/bin/chromium`` (Debian's
package; ``TIPSAPP_CHROMIUM`` overrides), never a browser Playwright downloads. When either is
missing the tests skip with the reason, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("TIPSAPP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def unavailable(reason: str) -> None:
    """Skip with ``reason``; under CI a missing browser or tool is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[e2e]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app on a free port of 127.0.0.1, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


class Console:
    """Console errors and uncaught exceptions (CSP violations land here too)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page: Any) -> None:
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))


@pytest.fixture
def console() -> Console:
    return Console()


def phone_context(browser: Any, base_url: str, **options: Any) -> Any:
    context = browser.new_context(
        base_url=base_url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        **options,
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser: Any, live_server: str, console: Console) -> Iterator[Any]:
    """A phone-sized page (390 by 844) that may use the position (Gislaved's centre)."""
    context = phone_context(browser, live_server)
    context.grant_permissions(["geolocation"], origin=live_server)
    context.set_geolocation({"latitude": 57.3048, "longitude": 13.5413, "accuracy": 30})
    opened = context.new_page()
    console.watch(opened)
    yield opened
    context.close()


@pytest.fixture
def screenshot() -> Any:
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
