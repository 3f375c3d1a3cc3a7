"""Delivery exactly once under faults: a `flask worker` SIGKILLed while the mail server holds
its answer, the mail server down when the next worker starts, and the database gone for a round.

The receiver de-duplicates on the delivery id (``X-Tipsapp-Delivery``, also in ``Message-ID``),
so what its users see is one message per id. The one resend the outbox cannot avoid (the mail
left, the worker died before marking it) must come with the same id; nothing may be lost.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from tests.factories import as_role, new_tip
from tests.handover.conftest import Mailbox, SmtpServer, add_recipient, handed_over
from tipsapp.extensions import db
from tipsapp.outbox import service, worker
from tipsapp.outbox.models import OutboxEvent

REDIS_URL = os.environ.get("TEST_REDIS_URL")
LEASE_SECONDS = 2
HANDOVERS = 3


class HeldMailbox(Mailbox):
    """Keeps each message as it arrives, then holds the 250 answer until ``release``: a worker
    killed meanwhile has sent the mail but never heard that it was taken."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.released = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        self.arrived.set()
        while not self.released.is_set():
            await asyncio.sleep(0.05)
        return answer


def worker_process(app: Flask, smtp: SmtpServer, tmp_path: Path, redis_url: str | None) -> Any:
    """`flask worker` as production runs it, in a process of its own that can be SIGKILLed."""
    environment = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "TIPSAPP_ENV": "testing",
        "TIPSAPP_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
        "TIPSAPP_SMTP_HOST": "127.0.0.1",
        "TIPSAPP_SMTP_PORT": str(smtp.port),
        "TIPSAPP_SMTP_STARTTLS": "false",
        "TIPSAPP_SMTP_TIMEOUT_SECONDS": "1",
        "TIPSAPP_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "TIPSAPP_OUTBOX_RETRY_SECONDS": "1",
        "TIPSAPP_OUTBOX_RETRY_MAX_SECONDS": "1",
    }
    environment.pop("TIPSAPP_REDIS_URL", None)
    if redis_url:
        environment["TIPSAPP_REDIS_URL"] = redis_url
    flask = str(Path(sys.executable).with_name("flask"))
    with (tmp_path / "worker.log").open("ab") as log:
        return subprocess.Popen(
            [flask, "worker", "--interval", "0.2"], env=environment, stdout=log, stderr=log
        )


def stop_worker(process: Any) -> bool:
    """SIGTERM, as a service manager stops it; True if it had to be SIGKILLed after 15 s (a
    worker left running would take the next tests' deliveries)."""
    if process.poll() is not None:
        return False
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        return True
    return False


def events(app: Flask) -> list[OutboxEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(OutboxEvent)))
        db.session.remove()
        return found


def wait_until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize(
    "queue",
    ["in-process", pytest.param("rq", marks=pytest.mark.redis)],
)
def test_a_worker_killed_mid_send_then_the_mail_server_down_still_delivers_each_once(
    make_app: Any, tmp_path: Path, queue: str
) -> None:
    redis_url = None
    if queue == "rq":
        if not REDIS_URL:
            pytest.skip("needs TEST_REDIS_URL")
        from redis import Redis

        Redis.from_url(REDIS_URL).delete(f"rq:queue:{worker.QUEUE_NAME}")
        redis_url = REDIS_URL
    smtp = SmtpServer()
    smtp.mailbox = mailbox = HeldMailbox()
    smtp.start()
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    client: FlaskClient = app.test_client()
    recipient = add_recipient(client, as_role(app, client, "admin"))
    analyst = as_role(app, client, "analyst")
    expected = [
        handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
        for _ in range(HANDOVERS)
    ]
    first = worker_process(app, smtp, tmp_path, redis_url)
    second = None
    try:
        # The mail server has the first message and holds its answer: kill the worker now.
        assert mailbox.arrived.wait(30), (tmp_path / "worker.log").read_text()
        in_flight = mailbox.delivery_ids()[0]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # The mail server goes down too, and the next worker meets it down.
        mailbox.released.set()
        smtp.stop()
        second = worker_process(app, smtp, tmp_path, redis_url)
        assert wait_until(lambda: any(event.last_error for event in events(app)), 15), (
            "the second worker never met the mail server down"
        )
        smtp.start()

        assert wait_until(lambda: all(event.state == "delivered" for event in events(app)), 15), [
            (event.state, event.attempts, event.last_error) for event in events(app)
        ]
    finally:
        stubborn = [stop_worker(process) for process in (first, second) if process is not None]
        smtp.stop()
    assert not any(stubborn), "a flask worker went on after SIGTERM"

    arrivals = Counter(mailbox.delivery_ids())
    assert sorted(arrivals) == sorted(expected)  # each event arrived, under its own id
    # The mail the killed worker had sent came again when its lease ran out, with its own id
    # (the receiver drops the repeat); every other arrived once.
    assert arrivals == {
        delivery_id: 2 if delivery_id == in_flight else 1 for delivery_id in expected
    }
    message_ids = {str(message["Message-ID"]) for message in mailbox.messages}
    assert len(message_ids) == HANDOVERS  # the resend carried the same Message-ID
    assert all(event.state == "delivered" for event in events(app))


def test_the_worker_waits_out_a_database_outage_instead_of_exiting(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str],
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    recipient = add_recipient(client, admin)
    delivery_id = handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
    real_claim_due = service.claim_due
    calls: list[int] = []

    def claim_due(limit: int = service.CLAIM_BATCH) -> list[service.Claim]:
        calls.append(limit)
        if len(calls) == 1:
            raise OperationalError("SELECT", {}, ConnectionRefusedError("connection refused"))
        signal.raise_signal(signal.SIGTERM)  # stop after this round, as the service manager would
        return real_claim_due(limit)

    monkeypatch.setattr(service, "claim_due", claim_due)
    with app.app_context():
        worker.run_forever(0.1)

    assert mailbox.delivery_ids() == [delivery_id]


@pytest.mark.postgres
def test_a_transaction_the_database_broke_does_not_stop_the_worker(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str],
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """PostgreSQL restarted under a transaction the worker had open (a job that failed on it):
    the session answers PendingRollbackError until rolled back, and the worker goes on."""
    recipient = add_recipient(client, admin)
    delivery_id = handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
    real_claim_due = service.claim_due

    def claim_due(limit: int = service.CLAIM_BATCH) -> list[service.Claim]:
        claims = real_claim_due(limit)
        signal.raise_signal(signal.SIGTERM)  # stop after the first round that claims
        return claims

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL (TEST_DATABASE_URL) to end a backend")
        backend = db.session.scalar(text("SELECT pg_backend_pid()"))
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        with pytest.raises(OperationalError):
            db.session.execute(text("SELECT 1"))
        monkeypatch.setattr(service, "claim_due", claim_due)
        worker.run_forever(0.1)

    assert mailbox.delivery_ids() == [delivery_id]
