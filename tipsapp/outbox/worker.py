"""The relay and the jobs: RQ on the Redis already in use, or in-process without one.

Why RQ and not Dramatiq: the outbox table already does what Dramatiq adds over RQ (retries,
back-off, a dead-letter list staff can read), and it has to, because the database, not the
broker, is what must not lose an event. What is left for the job library is small: hand a
claimed event to whichever worker is free. RQ does that with plain functions and no broker
set-up or global actor registry, its ``SimpleWorker`` runs jobs in the worker's own process
(no fork, so the Flask app and its database pool stay as they are), and burst mode gives the
tests and ``--once`` a worker that stops when the queue is empty. Redis holds only an event's
row id and claim token, never its content.

Without ``TIPSAPP_REDIS_URL`` (the embedded SQLite setup) the relay runs each handler itself;
with it, any number of ``flask worker`` processes share the jobs.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy.exc import DBAPIError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from tipsapp.extensions import db
from tipsapp.outbox import service
from tipsapp.outbox.service import Claim

log = logging.getLogger("tipsapp.outbox")

# The database went away (or is restarting, or the pool waits for it): a transaction it broke
# answers PendingRollbackError until rolled back.
DATABASE_UNAVAILABLE = (DBAPIError, PendingRollbackError, PoolTimeoutError)

QUEUE_NAME = "tipsapp-deliveries"
# A job that has not finished within this is killed and its event left to the lease.
JOB_TIMEOUT_SECONDS = 120


@dataclass
class RoundResult:
    claimed: int = 0
    enqueued: int = 0
    outcomes: dict[str, int] | None = None

    def count(self, outcome: str) -> None:
        self.outcomes = self.outcomes or {}
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def redis_connection() -> Any | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def job_queue(connection: Any) -> Any:
    from rq import Queue

    return Queue(QUEUE_NAME, connection=connection, default_timeout=JOB_TIMEOUT_SECONDS)


def run_delivery(event_id: int, token: str) -> str:
    """The RQ job: deliver one claimed event (in the app of ``flask worker``, or a new one)."""
    claim = Claim(event_id, token)
    if has_app_context():
        try:
            return service.deliver(claim)
        finally:
            # A job that failed on the database (it went away mid-job) must not leave its broken
            # transaction to the next job or round of this worker.
            db.session.remove()
    from tipsapp import create_app

    with create_app().app_context():
        return service.deliver(claim)


def relay_once(limit: int = service.CLAIM_BATCH) -> RoundResult:
    """Claim what is due; queue it for RQ, or deliver it here when there is no Redis."""
    result = RoundResult()
    connection = redis_connection()
    if connection is None:
        # One at a time: each lease then covers one send, however many wait, and other
        # workers take the next ones meanwhile.
        while result.claimed < limit:
            claims = service.claim_due(1)
            if not claims:
                break
            result.claimed += 1
            result.count(service.deliver(claims[0]))
        return result
    claims = service.claim_due(limit)
    result.claimed = len(claims)
    from redis.exceptions import RedisError

    queue = job_queue(connection)
    for index, claim in enumerate(claims):
        try:
            queue.enqueue(run_delivery, claim.event_id, claim.token)
        except RedisError as exc:
            # Redis is down: give every unqueued claim back, due again next round.
            log.warning("job queue unavailable (%s); events stay due", type(exc).__name__)
            for unqueued in claims[index:]:
                service.release(unqueued)
            break
        result.enqueued += 1
    return result


def work_queued_jobs(stop: _Stop | None = None) -> int:
    """Run the queued delivery jobs here until the queue is empty (RQ burst); how many waited.

    RQ handles SIGTERM/SIGINT itself while it works (finishing the job in hand); ``stop`` hears
    of that signal too, or ``flask worker`` would go on to its next round as if none came.
    """
    connection = redis_connection()
    if connection is None:
        return 0
    from redis.exceptions import RedisError
    from rq import SimpleWorker

    class DeliveryWorker(SimpleWorker):
        def request_stop(self, signum: int, frame: FrameType | None) -> None:
            if stop is not None:
                stop.requested = True
            super().request_stop(signum, frame)

    try:
        queue = job_queue(connection)
        waiting = int(queue.count)
        if waiting:
            DeliveryWorker([queue], connection=connection).work(burst=True, logging_level="WARNING")
    except RedisError as exc:
        log.warning("job queue unavailable (%s)", type(exc).__name__)
        return 0
    return waiting


class _Stop:
    requested = False

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        self.requested = True


def run_round(stop: _Stop | None = None) -> RoundResult:
    """One round of ``flask worker``: relay what is due, then work the queued jobs.

    First, at most once a minute, the notices no change causes (overdue items, digests).
    """
    from tipsapp.notifications import scan

    scan.run_if_due(str(current_app.config.get("SQLALCHEMY_DATABASE_URI")))
    result = relay_once()
    work_queued_jobs(stop)
    return result


def run_forever(interval: float, burst: bool = False) -> int:
    """Rounds until stopped (SIGTERM/SIGINT finish the round first), or, with ``burst``,
    until a round finds nothing due. Returns the number of events claimed."""
    stop = _Stop()
    claimed = 0
    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        while not stop.requested:
            # RQ installs its own handlers while it works: ours go back before each pause.
            for number in previous:
                signal.signal(number, stop)
            try:
                result = run_round(stop)
            except DATABASE_UNAVAILABLE as exc:
                if burst:
                    raise
                # The database is down or restarting. The events wait in it, so nothing is
                # lost, but a worker that exited here would leave delivery stopped until someone
                # restarted it: wait a round and try again, as gunicorn's workers do.
                log.warning("database unavailable (%s); trying again", type(exc).__name__)
                db.session.remove()
                result = RoundResult()
            claimed += result.claimed
            if burst and result.claimed == 0 and service.due_count() == 0:
                break
            for number in previous:
                signal.signal(number, stop)
            deadline = time.monotonic() + interval
            while not stop.requested and time.monotonic() < deadline:
                time.sleep(min(0.2, interval))
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return claimed
