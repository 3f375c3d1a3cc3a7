"""Handover fixtures: a real SMTP server (aiosmtpd) the test starts and stops, an app that
mails to it, and helpers for recipients, handovers and worker rounds."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role, etag_of
from tipsapp.common.clock import utcnow

SENDER = "tipsapp@kommun.example"


class Mailbox:
    """What the receiving mail server got. A receiver de-duplicates on the delivery id, so
    ``unique_deliveries`` is what its users see; ``messages`` is every message sent."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # A slow receiver keeps each send open a while, so concurrent workers overlap.
        self.answer_after_seconds = 0.0

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        if self.answer_after_seconds:
            await asyncio.sleep(self.answer_after_seconds)
        self.messages.append(
            cast(EmailMessage, message_from_bytes(envelope.content, policy=default))
        )
        return "250 Message accepted"

    def delivery_ids(self) -> list[str]:
        return [str(message["X-Tipsapp-Delivery"]) for message in self.messages]

    def unique_deliveries(self) -> set[str]:
        return set(self.delivery_ids())

    def body(self, index: int = -1) -> str:
        part = self.messages[index].get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


class SmtpServer:
    """A real SMTP server on a fixed local port, so it can go down and come back."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(smtp: SmtpServer) -> Mailbox:
    return smtp.mailbox


@pytest.fixture
def app(make_app: Any, smtp: SmtpServer, tmp_path: Path) -> Flask:
    return cast(
        Flask,
        make_app(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=smtp.port,
            SMTP_STARTTLS=False,
            SMTP_FROM=SENDER,
            SMTP_TIMEOUT_SECONDS=5,
            PHOTO_DIR=str(tmp_path / "photos"),
            OUTBOX_RETRY_SECONDS=60,
            OUTBOX_MAX_ATTEMPTS=3,
        ),
    )


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "admin", areas=("gislaved", "varnamo"))


@pytest.fixture
def analyst(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "analyst", areas=("gislaved",))


def add_recipient(client: FlaskClient, admin: dict[str, str], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Gislaveds kommun, felanmälan",
        "kind": "email",
        "email": "felanmalan@gislaved.example",
        "level": "masked",
        "area": "gislaved",
    }
    body.update(overrides)
    body = {key: value for key, value in body.items() if value is not None}
    response = client.post("/api/v1/recipients", json=body, headers=admin)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def hand_over(
    client: FlaskClient,
    headers: dict[str, str],
    reference: str,
    recipient: str,
    note: str = "Gatlyktan behöver lagas, se tipset.",
    etag: str | None = None,
    **extra: Any,
) -> Any:
    return client.post(
        f"/api/v1/queue/{reference}/handover",
        json={"recipient": recipient, "note": note, **extra},
        headers={**headers, "If-Match": etag or etag_of(client, headers, reference)},
    )


def handed_over(
    client: FlaskClient, headers: dict[str, str], reference: str, recipient: str, **extra: Any
) -> dict[str, Any]:
    response = hand_over(client, headers, reference, recipient, **extra)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def run_worker(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["worker", *(args or ("--once",))])
    assert result.exit_code == 0, result.output
    return str(result.output)


def item_handovers(client: FlaskClient, headers: dict[str, str], reference: str) -> list[Any]:
    response = client.get(f"/api/v1/queue/{reference}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return list(response.get_json()["handovers"])


def later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> datetime:
    """Move the outbox's clock forward, past a back-off."""
    moment = utcnow() + timedelta(seconds=seconds)
    monkeypatch.setattr("tipsapp.outbox.service.utcnow", lambda: moment)
    return moment
