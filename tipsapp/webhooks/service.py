"""Webhooks: registering endpoints, writing events in the change's transaction, delivering them.

``notify(event, data)`` is the one call a change makes: it writes one outbox event (and one
delivery-log row) per active webhook subscribed to ``event``, in the caller's transaction, so
an event exists exactly when its change does. ``data`` names the item, report or action and
its state (reference, kind, area, category, status before/after); it never holds the text, the
place, the position, photos, receipts, notes or anything about the tipster, and the delivery
sends exactly what was stored.

A delivery is a JSON POST signed with HMAC-SHA256 over ``timestamp + "." + body`` (see the
README's "Webhooks"). 2xx is delivered; a network error, 5xx, 408 or 429 is retried by the
outbox; any other answer is dead at once. Every attempt carries the same ``X-Tipsapp-Delivery``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.outbox.http import post, raise_for_status
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.service import (
    PermanentDeliveryError,
    describes,
    emit,
    handles,
)
from tipsapp.staff.models import StaffUser
from tipsapp.webhooks.models import WEBHOOK_EVENTS, Webhook, WebhookDelivery

OUTBOX_KIND = "webhook"
RETRIED_STATUSES = frozenset({408, 429})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TIMEOUT_SECONDS = 10


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, timestamp + "." + body)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


# --- registering -------------------------------------------------------------------------------


def check_url(url: str) -> str:
    """HTTPS only; plain HTTP to this machine only in testing or TIPSAPP_WEBHOOKS_ALLOW_HTTP."""
    allow_http = current_app.testing or current_app.config.get("WEBHOOKS_ALLOW_HTTP", False)
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host, _port = parts.hostname, parts.port
    except ValueError:  # "https://[::1", a port that is no number
        host = None
    if host and parts.scheme == "https" and not any(c.isspace() for c in url.strip()):
        return url.strip()
    if host in LOCAL_HOSTS and parts.scheme == "http" and allow_http:
        return url.strip()
    raise ApiError(422, "validation_failed", fields={"url": ["Not a valid URL."]})


def create_webhook(user: StaffUser, url: str, events: list[str]) -> Webhook:
    """Register an endpoint with a fresh secret (audited; the secret is not in the audit)."""
    webhook = Webhook(
        url=check_url(url),
        secret=secrets.token_urlsafe(32),
        events=sorted(set(events), key=WEBHOOK_EVENTS.index),
        active=True,
        created_by_id=user.id,
        created_at=utcnow(),
    )
    with serialized_write():
        db.session.add(webhook)
        db.session.flush()
        record(
            user,
            "webhook.create",
            "webhook",
            webhook.public_id,
            detail={"url": webhook.url, "events": webhook.events},
        )
        db.session.commit()
    return webhook


def webhooks() -> list[Webhook]:
    return list(db.session.scalars(select(Webhook).order_by(Webhook.created_at, Webhook.id)))


def webhook_by_public_id(public_id: str) -> Webhook:
    webhook = db.session.scalars(select(Webhook).where(Webhook.public_id == public_id)).first()
    if webhook is None:
        raise ApiError(404, "not_found")
    return webhook


def delete_webhook(user: StaffUser, webhook: Webhook) -> None:
    """Remove an endpoint and its log (audited); its pending deliveries go dead."""
    with serialized_write():
        db.session.execute(
            WebhookDelivery.__table__.delete().where(WebhookDelivery.webhook_id == webhook.id)
        )
        record(user, "webhook.delete", "webhook", webhook.public_id, detail={"url": webhook.url})
        db.session.delete(webhook)
        db.session.commit()


def deliveries_query(webhook: Webhook) -> Any:
    return select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)


def delivery_view(delivery: WebhookDelivery) -> dict[str, Any]:
    event = delivery.outbox_event
    return {
        "event": delivery.event,
        "delivery_id": event.delivery_id,
        "state": event.state,
        "attempts": event.attempts,
        "last_status_code": delivery.last_status_code,
        "last_error": event.last_error,
        "created_at": delivery.created_at,
        "next_attempt_at": event.next_attempt_at,
        "delivered_at": event.delivered_at,
    }


# --- emitting, in the caller's transaction ----------------------------------------------------


_ACTIVE_WEBHOOKS = select(Webhook.id, Webhook.public_id, Webhook.events).where(
    Webhook.active.is_(True)
)


def notify(event: str, data: dict[str, Any]) -> None:
    """One delivery per active webhook subscribed to ``event``, in the caller's transaction.

    ``data`` must hold no content (see the module docstring). Without webhooks this is one
    small query on a table of a handful of rows.
    """
    assert event in WEBHOOK_EVENTS, event
    with db.session.no_autoflush:
        # Three columns, not Webhook objects: every tip intake runs this, and loading ORM
        # instances cost more than the query itself.
        subscribed = [
            (webhook_id, public_id)
            for webhook_id, public_id, events in db.session.execute(_ACTIVE_WEBHOOKS)
            if event in events
        ]
    if not subscribed:
        return
    now = utcnow()
    for webhook_id, public_id in subscribed:
        outbox_event = emit(OUTBOX_KIND, {})
        outbox_event.payload = {
            "webhook": public_id,
            "body": {
                "id": outbox_event.delivery_id,
                "event": event,
                "occurred_at": now.isoformat(),
                "data": data,
            },
        }
        db.session.add(
            WebhookDelivery(
                webhook_id=webhook_id, outbox_event=outbox_event, event=event, created_at=now
            )
        )


def item_data(
    item: Any, before: str | None = None, after: str | None = None, area: str | None = None
) -> dict[str, Any]:
    """What a webhook says about a triage item: names and states, never its content.

    ``area`` is the area's code when the item is not loaded with its area (intake's INSERTs).
    """
    return {
        "reference": item.reference,
        "kind": item.kind,
        "area": area if area is not None else item.area.code,
        "category": item.category,
        "status": {"before": before, "after": after if after is not None else item.status},
    }


@describes(OUTBOX_KIND)
def describe_webhook_events(events: list[OutboxEvent]) -> dict[int, dict[str, Any]]:
    """What the dead-letter list shows: the item it names (if any) and the endpoint."""
    public_ids = {str(event.payload.get("webhook", "")) for event in events}
    urls = dict(
        db.session.execute(
            select(Webhook.public_id, Webhook.url).where(Webhook.public_id.in_(public_ids))
        ).all()
    )
    return {
        event.id: {
            "item": event.payload.get("body", {}).get("data", {}).get("reference"),
            "recipient": urls.get(str(event.payload.get("webhook", ""))),
        }
        for event in events
    }


# --- delivering -----------------------------------------------------------------------------


def _record_status(outbox_event_id: int, status: int) -> None:
    with serialized_write():
        db.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.outbox_event_id == outbox_event_id)
            .values(last_status_code=status)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def post_event(url: str, secret: str, event: str, delivery_id: str, body: bytes) -> int:
    """POST the signed body; the receiver's HTTP status (DeliveryError when it cannot answer)."""
    timestamp = str(int(time.time()))
    status, _answer = post(
        url,
        body,
        {
            "Content-Type": "application/json",
            "X-Tipsapp-Event": event,
            "X-Tipsapp-Delivery": delivery_id,
            "X-Tipsapp-Timestamp": timestamp,
            "X-Tipsapp-Signature": signature(secret, timestamp, body),
        },
        TIMEOUT_SECONDS,
        what="webhook",
    )
    return status


@handles(OUTBOX_KIND)
def deliver_webhook(event: OutboxEvent) -> None:
    webhook = db.session.scalars(
        select(Webhook).where(Webhook.public_id == str(event.payload.get("webhook", "")))
    ).first()
    if webhook is None:
        raise PermanentDeliveryError("webhook removed")
    if not webhook.active:
        raise PermanentDeliveryError("webhook inactive")
    body_data = event.payload["body"]
    url, secret = webhook.url, webhook.secret
    outbox_event_id, delivery_id = event.id, event.delivery_id
    # End the read transaction before talking to the receiver.
    db.session.commit()
    body = json.dumps(body_data, separators=(",", ":"), ensure_ascii=False).encode()
    status = post_event(url, secret, str(body_data["event"]), delivery_id, body)
    _record_status(outbox_event_id, status)
    raise_for_status(status, "webhook", RETRIED_STATUSES)
