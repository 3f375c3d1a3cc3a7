"""The outbox: emit in the caller's transaction, claim when due, deliver, retry, give up.

A change and the event it causes are one commit (``emit`` adds to the caller's session), so
an event exists exactly when its change does, whether Redis, the mail server or the receiver is
up or not. A relay (``claim_due``) takes due events: on PostgreSQL it reads them with
``SELECT ... FOR UPDATE SKIP LOCKED`` so two relays take different rows; on both databases the
claim itself is a conditional UPDATE (still pending, still due), so only one relay can win a
row, even on SQLite where the single writer lock serialises the two. The claim moves
``next_attempt_at`` forward by a lease and writes a token; ``deliver`` runs only for the
holder of the current token and marks the event delivered with the same condition.

What this does and does not promise the receiver: an event is marked delivered in the
database only after its handler succeeded. A crash (or a lost database connection) between
the send and that mark means the lease runs out and the event is sent again. That cannot be
closed from our side; so every delivery carries the event's ``delivery_id`` (in e-mail as
``Message-ID`` and ``X-Tipsapp-Delivery``), which stays the same across every attempt, and a
receiver that drops repeats of an id it has seen gets each event exactly once. The same holds
for a send slower than the lease (``OUTBOX_LEASE_SECONDS``, well above the SMTP timeout).
Otherwise two relays, a job run twice or a retry of a delivered event never send twice.

Failures are retried with exponential back-off and jitter (``OUTBOX_RETRY_SECONDS`` doubling
up to ``OUTBOX_RETRY_MAX_SECONDS``); after ``OUTBOX_MAX_ATTEMPTS`` (or an error that no retry
can mend, ``PermanentDeliveryError``) the event is dead: staff list dead events and retry them
(``/api/v1/deliveries``).
"""

from __future__ import annotations

import logging
import random
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import Select, select, update

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.outbox.models import LAST_ERROR_MAX, OutboxEvent
from tipsapp.staff.models import StaffUser

log = logging.getLogger("tipsapp.outbox")

Handler = Callable[[OutboxEvent], None]
H = TypeVar("H", bound=Handler)

HANDLERS: dict[str, Handler] = {}
# Per kind, what staff read about a page of events: {event id: {"item": ..., "recipient": ...}}.
Describer = Callable[[list[OutboxEvent]], dict[int, dict[str, Any]]]
DESCRIBERS: dict[str, Describer] = {}
CLAIM_BATCH = 50


class DeliveryError(Exception):
    """A failed delivery, with a short reason free of content (it is stored and shown)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermanentDeliveryError(DeliveryError):
    """No retry can mend this (the recipient was removed, the item erased): dead at once."""


def handles(kind: str) -> Callable[[H], H]:
    """Register the function that delivers events of ``kind`` (one per kind)."""

    def register(handler: H) -> H:
        HANDLERS[kind] = handler
        return handler

    return register


def describes(kind: str) -> Callable[[Describer], Describer]:
    """Register what the dead-letter list shows about events of ``kind`` (whose, to whom)."""

    def register(describer: Describer) -> Describer:
        DESCRIBERS[kind] = describer
        return describer

    return register


def described(events: list[OutboxEvent]) -> list[dict[str, Any]]:
    """The events with what their kind's describer adds, one query per kind on the page."""
    extra: dict[int, dict[str, Any]] = {}
    for kind in {event.kind for event in events}:
        describer = DESCRIBERS.get(kind)
        if describer is not None:
            extra.update(describer([event for event in events if event.kind == kind]))
    return [
        {
            "delivery_id": event.delivery_id,
            "kind": event.kind,
            "payload": event.payload,
            "state": event.state,
            "attempts": event.attempts,
            "next_attempt_at": event.next_attempt_at,
            "last_error": event.last_error,
            "created_at": event.created_at,
            "delivered_at": event.delivered_at,
            **extra.get(event.id, {}),
        }
        for event in events
    ]


def emit(kind: str, payload: dict[str, Any]) -> OutboxEvent:
    """Add an event to the caller's transaction: it is committed with the change, or not at all.

    ``payload`` names rows, it does not copy them: no text, address or device trace.
    """
    now = utcnow()
    event = OutboxEvent(
        delivery_id=str(uuid.uuid4()),
        kind=kind,
        payload=payload,
        state="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(event)
    return event


@dataclass(frozen=True)
class Claim:
    event_id: int
    token: str


def claim_due(limit: int = CLAIM_BATCH) -> list[Claim]:
    """Take up to ``limit`` due events for this relay, each leased for OUTBOX_LEASE_SECONDS."""
    now = utcnow()
    lease_until = now + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    query = (
        select(OutboxEvent.id)
        .where(OutboxEvent.state == "pending", OutboxEvent.next_attempt_at <= now)
        .order_by(OutboxEvent.next_attempt_at, OutboxEvent.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claims: list[Claim] = []
    with serialized_write():
        for event_id in list(db.session.scalars(query)):
            token = str(uuid.uuid4())
            result = db.session.execute(
                update(OutboxEvent)
                .where(
                    OutboxEvent.id == event_id,
                    OutboxEvent.state == "pending",
                    OutboxEvent.next_attempt_at <= now,
                )
                .values(claim_token=token, next_attempt_at=lease_until)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) == 1:
                claims.append(Claim(event_id, token))
        db.session.commit()
    return claims


def release(claim: Claim) -> None:
    """Give a claim back unused (the job queue was down): due again at once, no attempt counted."""
    with serialized_write():
        db.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == claim.event_id, OutboxEvent.claim_token == claim.token)
            .values(claim_token=None, next_attempt_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off with jitter: half the doubled delay, plus up to as much again.

    The jitter spreads retries of many events that failed together (a mail server down for an
    hour) so they do not all come back in the same second.
    """
    base = current_app.config["OUTBOX_RETRY_SECONDS"]
    ceiling = current_app.config["OUTBOX_RETRY_MAX_SECONDS"]
    delay = min(ceiling, base * 2 ** max(0, attempts - 1))
    # Not a secret: spreading retries in time needs no cryptographic randomness.
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))  # noqa: S311


def short_reason(exc: BaseException) -> str:
    """What to store about a failure: its kind and code, never its text (which may quote the
    message, an address or a server's reply)."""
    if isinstance(exc, DeliveryError):
        reason = exc.reason
    elif isinstance(exc, smtplib.SMTPResponseException):
        reason = f"{type(exc).__name__} {exc.smtp_code}"
    else:
        reason = type(exc).__name__
    return reason[:LAST_ERROR_MAX]


def deliver(claim: Claim) -> str:
    """Run the handler of a claimed event; answers "delivered", "retry", "dead" or "skipped".

    "skipped" when the claim is no longer the current one (delivered meanwhile, or the lease
    ran out and another relay holds it): nothing is sent.
    """
    event = db.session.get(OutboxEvent, claim.event_id, populate_existing=True)
    if event is None or event.state != "pending" or event.claim_token != claim.token:
        db.session.rollback()
        return "skipped"
    # End the read transaction: nothing is held open while the receiver answers.
    db.session.commit()
    handler = HANDLERS.get(event.kind)
    try:
        if handler is None:
            raise PermanentDeliveryError(f"no handler for {event.kind}")
        handler(event)
    except Exception as exc:  # any failure is recorded and retried, never lost
        db.session.rollback()
        return _failed(claim, exc)
    return _mark(claim, state="delivered", delivered_at=utcnow(), last_error=None)


def _failed(claim: Claim, exc: Exception) -> str:
    event = db.session.get(OutboxEvent, claim.event_id, populate_existing=True)
    if event is None:
        return "skipped"
    attempts = event.attempts + 1
    permanent = isinstance(exc, PermanentDeliveryError)
    dead = permanent or attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
    reason = short_reason(exc)
    log.warning(
        "delivery %s (%s) failed, attempt %d: %s", event.delivery_id, event.kind, attempts, reason
    )
    return _mark(
        claim,
        state="dead" if dead else "pending",
        attempts=attempts,
        last_error=reason,
        next_attempt_at=utcnow() + retry_delay(attempts),
    )


def _mark(claim: Claim, state: str, **values: Any) -> str:
    """Write the outcome, if the claim is still ours (else another relay owns the event)."""
    db.session.rollback()
    with serialized_write():
        result = db.session.execute(
            update(OutboxEvent)
            .where(
                OutboxEvent.id == claim.event_id,
                OutboxEvent.claim_token == claim.token,
                OutboxEvent.state == "pending",
            )
            .values(state=state, claim_token=None, **values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    if getattr(result, "rowcount", 0) != 1:
        return "skipped"
    return "retry" if state == "pending" else state


# --- what staff see and do -------------------------------------------------------------------


def events_query(state: str | None) -> Select[tuple[OutboxEvent]]:
    query = select(OutboxEvent)
    if state:
        query = query.where(OutboxEvent.state == state)
    return query


def event_by_delivery_id(delivery_id: str) -> OutboxEvent:
    event = db.session.scalars(
        select(OutboxEvent).where(OutboxEvent.delivery_id == delivery_id.strip().lower())
    ).first()
    if event is None:
        raise ApiError(404, "not_found")
    return event


def retry(user: StaffUser | None, event: OutboxEvent) -> OutboxEvent:
    """Send a dead (or still pending) event again now, with a fresh count of attempts.

    Same delivery id: a receiver that already has it can drop it. A delivered event is not
    sent again (409): that would be a second delivery, not a retry.
    """
    if event.state == "delivered":
        raise ApiError(409, "conflict", message="This delivery was made; it is not sent again.")
    if event.claim_token is not None:
        raise ApiError(409, "conflict", message="This delivery is being attempted right now.")
    before = event.state
    with serialized_write():
        event.state = "pending"
        event.attempts = 0
        event.claim_token = None
        event.next_attempt_at = utcnow()
        record(
            user,
            "delivery.retry",
            "delivery",
            event.delivery_id,
            detail={"kind": event.kind, "state": {"before": before, "after": "pending"}},
        )
        db.session.commit()
    return event


def due_count(now: datetime | None = None) -> int:
    """Pending events due now (for the worker's loop and tests)."""
    from sqlalchemy import func

    moment = now or utcnow()
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.state == "pending", OutboxEvent.next_attempt_at <= moment)
        )
        or 0
    )
