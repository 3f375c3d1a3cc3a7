"""Webhook fixtures: a real HTTP receiver on 127.0.0.1 (it can go down and come back on its
port, and answer any status), an app that may post to it, and the README's verification code."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role

README = Path(__file__).resolve().parents[2] / "README.md"


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    """An HTTP server that keeps every POST it gets and answers ``status``."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.received: list[Received] = []
        self.status = 204
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/tipsapp"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.received.append(Received(dict(self.headers.items()), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def of_event(self, event: str) -> list[Received]:
        return [item for item in self.received if item.headers["X-Tipsapp-Event"] == event]

    def unique_deliveries(self) -> set[str]:
        return {item.headers["X-Tipsapp-Delivery"] for item in self.received}


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app(make_app: Any) -> Flask:
    # An e-mail recipient needs a mail server set; none listens there (handovers stay pending).
    return cast(
        Flask,
        make_app(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=9,
            SMTP_TIMEOUT_SECONDS=1,
            OUTBOX_RETRY_SECONDS=60,
            OUTBOX_MAX_ATTEMPTS=3,
        ),
    )


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "admin", areas=("gislaved",))


@pytest.fixture
def analyst(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved",))


def register(
    client: FlaskClient, admin: dict[str, str], url: str, events: list[str]
) -> dict[str, Any]:
    response = client.post("/api/v1/webhooks", json={"url": url, "events": events}, headers=admin)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def readme_verifier() -> Callable[[str, dict[str, str], bytes], bool]:
    """``verify_tipsapp_webhook`` exactly as the README's Webhooks section shows it."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Webhooks") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the README's Webhooks section has no Python example"
    namespace: dict[str, Any] = {}
    exec(compile(match.group(1), str(README), "exec"), namespace)  # noqa: S102 (our own README)
    return cast(Callable[[str, dict[str, str], bytes], bool], namespace["verify_tipsapp_webhook"])
