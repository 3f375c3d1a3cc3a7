"""Delivery that loses nothing and sends nothing twice: retries, the dead-letter list, relays
running at once, a crash after sending, and RQ on Redis."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import new_tip
from tests.handover.conftest import (
    Mailbox,
    SmtpServer,
    add_recipient,
    handed_over,
    item_handovers,
    later,
    run_worker,
)
from tipsapp.extensions import db
from tipsapp.outbox import service, worker
from tipsapp.outbox.models import OutboxEvent


def the_event(app: Flask) -> OutboxEvent:
    with app.app_context():
        (event,) = db.session.scalars(select(OutboxEvent)).all()
        return event


def dead_letters(client: FlaskClient, admin: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get("/api/v1/deliveries", query_string={"state": "dead"}, headers=admin)
    assert response.status_code == 200, response.get_json()
    return list(response.get_json()["items"])


def test_mail_server_down_keeps_it_pending_then_delivers_once_when_back(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    handover = handed_over(client, analyst, reference, recipient["id"])
    smtp.stop()

    run_worker(app)
    failed = the_event(app)
    run_worker(app)  # not due again yet: nothing is attempted
    smtp.start()
    later(monkeypatch, 3600)
    run_worker(app)

    assert failed.state == "pending"
    assert failed.attempts == 1
    assert failed.last_error == "ConnectionRefusedError"
    assert smtp.mailbox.delivery_ids() == [handover["delivery_id"]]
    assert the_event(app).attempts == 1
    assert item_handovers(client, analyst, reference)[0]["state"] == "delivered"


def test_after_max_attempts_it_is_dead_listed_and_a_retry_delivers_it(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    handover = handed_over(client, analyst, reference, recipient["id"])
    smtp.stop()
    for hours in (0, 1, 2):  # OUTBOX_MAX_ATTEMPTS is 3 in these tests
        later(monkeypatch, hours * 3600 * 24)
        run_worker(app)

    (dead,) = dead_letters(client, admin)
    assert dead["delivery_id"] == handover["delivery_id"]
    assert dead["attempts"] == 3
    assert dead["last_error"] == "ConnectionRefusedError"
    assert dead["payload"] == {"handover": handover["id"]}
    assert (dead["item"], dead["recipient"]) == (reference, "Gislaveds kommun, felanmälan")
    assert item_handovers(client, analyst, reference)[0]["state"] == "dead"

    smtp.start()
    retried = client.post(f"/api/v1/deliveries/{handover['delivery_id']}/retry", headers=admin)
    run_worker(app)

    assert retried.status_code == 200, retried.get_json()
    assert retried.get_json()["state"] == "pending"
    assert dead_letters(client, admin) == []
    assert smtp.mailbox.delivery_ids() == [handover["delivery_id"]]
    audit = client.get(
        "/api/v1/audit", query_string={"action": "delivery.retry"}, headers=admin
    ).get_json()["items"]
    assert [entry["target"] for entry in audit] == [handover["delivery_id"]]


def test_retrying_a_delivered_delivery_answers_409_and_sends_nothing(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin)
    handover = handed_over(client, analyst, new_tip(client), recipient["id"])
    run_worker(app)

    response = client.post(f"/api/v1/deliveries/{handover['delivery_id']}/retry", headers=admin)
    run_worker(app)

    assert response.status_code == 409
    assert mailbox.delivery_ids() == [handover["delivery_id"]]


def test_deliveries_are_for_admins_and_unknown_ids_answer_404(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    assert client.get("/api/v1/deliveries", headers=analyst).status_code == 403
    missing = client.post("/api/v1/deliveries/no-such-id/retry", headers=admin)
    assert missing.status_code == 404


def test_deliveries_page_by_cursor(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    expected = [
        handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
        for _ in range(3)
    ]
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/deliveries", query_string=query, headers=admin).get_json()
        seen += [item["delivery_id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break

    assert sorted(seen) == sorted(expected)
    assert len(seen) == 3


# --- nothing sent twice ----------------------------------------------------------------------


def test_two_relays_at_once_send_each_delivery_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin)
    delivery_ids = {
        handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
        for _ in range(6)
    }
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def relay() -> None:
        try:
            with app.app_context():
                start.wait()
                worker.relay_once()
                db.session.remove()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=relay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(mailbox.delivery_ids()) == sorted(delivery_ids)


def test_a_delivery_job_run_twice_sends_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin)
    handover = handed_over(client, analyst, new_tip(client), recipient["id"])

    with app.app_context():
        (claim,) = service.claim_due()
        first = service.deliver(claim)
        second = service.deliver(claim)
        again = service.claim_due()

    assert (first, second, again) == ("delivered", "skipped", [])
    assert mailbox.delivery_ids() == [handover["delivery_id"]]


def test_a_crash_after_sending_resends_with_the_same_id_for_the_receiver_to_drop(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The one case the outbox cannot close alone: the mail left, the mark did not."""
    recipient = add_recipient(client, admin)
    handover = handed_over(client, analyst, new_tip(client), recipient["id"])
    with app.app_context():
        (claim,) = service.claim_due()
        with monkeypatch.context() as crash:
            crash.setattr(service, "_mark", lambda *_args, **_kwargs: "crashed")
            service.deliver(claim)

    later(monkeypatch, app.config["OUTBOX_LEASE_SECONDS"] + 1)
    run_worker(app)

    assert mailbox.delivery_ids() == [handover["delivery_id"]] * 2
    assert mailbox.unique_deliveries() == {handover["delivery_id"]}
    assert the_event(app).state == "delivered"


# --- RQ on Redis -----------------------------------------------------------------------------

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def redis_app(make_app: Any, smtp: SmtpServer) -> Flask:
    if not REDIS_URL:
        pytest.skip("needs TEST_REDIS_URL")
    from redis import Redis

    Redis.from_url(REDIS_URL).delete(f"rq:queue:{worker.QUEUE_NAME}")
    return make_app(  # type: ignore[no-any-return]
        SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False, REDIS_URL=REDIS_URL
    )


@pytest.mark.redis
def test_with_redis_the_relay_queues_rq_jobs_that_deliver_once(
    redis_app: Flask, smtp: SmtpServer
) -> None:
    from tests.factories import as_role

    client = redis_app.test_client()
    admin = as_role(redis_app, client, "admin")
    analyst = as_role(redis_app, client, "analyst")
    recipient = add_recipient(client, admin)
    handover = handed_over(client, analyst, new_tip(client), recipient["id"])

    with redis_app.app_context():
        relayed = worker.relay_once()
        worked = worker.work_queued_jobs()
        worker.relay_once()
        worker.work_queued_jobs()

    assert (relayed.claimed, relayed.enqueued, worked) == (1, 1, 1)
    assert smtp.mailbox.delivery_ids() == [handover["delivery_id"]]
    assert item_handovers(client, analyst, handover_reference(redis_app))[0]["state"] == (
        "delivered"
    )


@pytest.mark.redis
def test_flask_worker_with_redis_relays_and_works_the_jobs_itself(
    redis_app: Flask, smtp: SmtpServer
) -> None:
    from tests.factories import as_role

    client = redis_app.test_client()
    recipient = add_recipient(client, as_role(redis_app, client, "admin"))
    analyst = as_role(redis_app, client, "analyst")
    delivery_ids = [
        handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
        for _ in range(3)
    ]

    output = run_worker(redis_app, "--burst", "--interval", "0.1")

    assert "RQ on Redis" in output
    assert sorted(smtp.mailbox.delivery_ids()) == sorted(delivery_ids)


def handover_reference(app: Flask) -> str:
    from tipsapp.handover.models import Handover

    with app.app_context():
        (handover,) = db.session.scalars(select(Handover)).all()
        return str(handover.item.reference)


def test_with_redis_down_events_stay_due_and_nothing_is_lost(
    make_app: Any, smtp: SmtpServer
) -> None:
    closed = SmtpServer()  # a free port nobody listens on
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.port,
        SMTP_STARTTLS=False,
        REDIS_URL=f"redis://127.0.0.1:{closed.port}/0",
    )
    from tests.factories import as_role

    client = app.test_client()
    admin = as_role(app, client, "admin")
    analyst = as_role(app, client, "analyst")
    recipient = add_recipient(client, admin)
    handed_over(client, analyst, new_tip(client), recipient["id"])

    run_worker(app)

    event = the_event(app)
    assert (event.state, event.attempts, event.claim_token) == ("pending", 0, None)
    with app.app_context():
        assert service.due_count() == 1
    assert smtp.mailbox.messages == []


def test_two_worker_processes_at_once_send_each_delivery_once(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    smtp: SmtpServer,
    tmp_path: Any,
) -> None:
    """Two `flask worker --burst` processes on the same database, as two hosts would run."""
    import subprocess
    import sys
    from pathlib import Path

    recipient = add_recipient(client, admin)
    delivery_ids = [
        handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
        for _ in range(16)
    ]
    smtp.mailbox.answer_after_seconds = 0.1
    flask = str(Path(sys.executable).with_name("flask"))
    environment = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "TIPSAPP_ENV": "testing",
        "TIPSAPP_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
        "TIPSAPP_SMTP_HOST": "127.0.0.1",
        "TIPSAPP_SMTP_PORT": str(smtp.port),
        "TIPSAPP_SMTP_STARTTLS": "false",
    }
    environment.pop("TIPSAPP_REDIS_URL", None)
    workers = [
        subprocess.Popen(
            [flask, "worker", "--burst", "--interval", "0.1"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    outputs = [worker_process.communicate(timeout=120)[0].decode() for worker_process in workers]

    assert [worker_process.returncode for worker_process in workers] == [0, 0], outputs
    assert sorted(smtp.mailbox.delivery_ids()) == sorted(delivery_ids)


@pytest.mark.redis
def test_sigterm_while_rq_works_a_job_stops_flask_worker_after_that_job(
    redis_app: Flask, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RQ takes SIGTERM for itself while it works; the worker must still stop, not go on
    to its next round as if no signal came (a service manager would have to SIGKILL it)."""
    import signal

    from tests.factories import as_role

    client = redis_app.test_client()
    recipient = add_recipient(client, as_role(redis_app, client, "admin"))
    analyst = as_role(redis_app, client, "analyst")
    delivery_id = handed_over(client, analyst, new_tip(client), recipient["id"])["delivery_id"]
    real_deliver = service.deliver

    def deliver_then_stop(claim: service.Claim) -> str:
        outcome = real_deliver(claim)
        signal.raise_signal(signal.SIGTERM)  # the service manager stops the worker mid-job
        return outcome

    went_on: list[bool] = []

    def still_running() -> None:
        went_on.append(True)
        os.kill(os.getpid(), signal.SIGTERM)  # again, now outside RQ, so the test can end

    monkeypatch.setattr(service, "deliver", deliver_then_stop)
    # A timer thread, not SIGALRM: RQ times its jobs with SIGALRM and would clear ours.
    guard = threading.Timer(10, still_running)
    guard.start()
    try:
        with redis_app.app_context():
            claimed = worker.run_forever(0.1)
    finally:
        guard.cancel()

    assert not went_on, "flask worker went on after the SIGTERM that came while RQ worked"
    assert claimed == 1
    assert smtp.mailbox.delivery_ids() == [delivery_id]
