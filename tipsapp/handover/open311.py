"""The handover to an Open311 GeoReport v2 server: a service request filed at delivery time.

Composed when sent, like the e-mail (an erasure in between makes the event dead instead of
sending erased text). The request carries the recipient's ``service_code`` and ``api_key``,
the position (exact for a recipient who reads in full, rounded to about 100 m for a masked
one), the place and the text at the recipient's level, and the analyst's note; nothing about
the tipster.

Every attempt of one delivery carries the same delivery id three ways: the
``X-Tipsapp-Delivery`` header, GeoReport's ``attribute[tipsapp_delivery]``, and an
``Idempotency-Key`` header (the id is a UUID). A receiver that honours any of them (tipsapp's
own /open311/v2/ honours the last) files the request once, however often a relay sends it.

A network error, a timeout or a 5xx (or 408/429) is retried by the outbox; any other answer
outside 2xx is dead at once: the request itself is wrong, and sending it again will not mend it.
"""

from __future__ import annotations

import json
import ssl
import urllib.parse
from typing import Any

from flask import current_app
from sqlalchemy import update

from tipsapp.common.writelock import serialized_write
from tipsapp.extensions import db
from tipsapp.handover.mail import DELIVERY_HEADER, describe_handovers, text_at_level
from tipsapp.handover.models import Handover, Recipient
from tipsapp.handover.service import OPEN311_EVENT, handover_by_public_id
from tipsapp.outbox.http import post, raise_for_status
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.service import PermanentDeliveryError, describes, handles
from tipsapp.triage.pii import mask_pii

# About 110 m north-south and 60 m east-west at these latitudes.
MASKED_DECIMALS = 3
# What tipsapp's own intake takes; other servers take at least as much in practice.
DESCRIPTION_MAX = 5000
PLACE_MAX = 200
RETRIED_STATUSES = frozenset({408, 425, 429})
ELLIPSIS = "…"

describes(OPEN311_EVENT)(describe_handovers)


def requests_url(endpoint: str) -> str:
    """The recipient's ``requests.json``, from its GeoReport base URL (or that URL itself)."""
    base = endpoint.strip()
    if base.endswith("/requests.json"):
        return base
    return base.rstrip("/") + "/requests.json"


def _position(item: Any, level: str) -> tuple[float, float] | None:
    source = item.source
    latitude = getattr(source, "latitude", None)
    longitude = getattr(source, "longitude", None)
    if latitude is None or longitude is None:
        return None
    if level == "full":
        return float(latitude), float(longitude)
    return round(float(latitude), MASKED_DECIMALS), round(float(longitude), MASKED_DECIMALS)


def _description(handover: Handover, level: str, delivery_id: str) -> str:
    """The text at the recipient's level, then the note and the reference; the text is cut
    (never the rest) when the whole would be longer than a receiver takes."""
    item = handover.item
    note = handover.note if level == "full" else mask_pii(handover.note)
    tail = (
        f"\n\nAnteckning från analytiker ({handover.by.organisation.name}): {note}"
        f"\n\nTipsappen {item.reference}, leverans-id {delivery_id}. "
        "Tipset är anonymt: uppgifter om den som skrev det finns inte."
    )
    text = text_at_level(item, level)
    room = DESCRIPTION_MAX - len(tail)
    if len(text) > room:
        text = text[: max(0, room - len(ELLIPSIS))] + ELLIPSIS
    return text + tail


def request_fields(handover: Handover, recipient: Recipient, delivery_id: str) -> dict[str, str]:
    """The form GeoReport v2 ``POST requests`` takes."""
    level = recipient.level
    fields = {
        "service_code": recipient.service_code or "",
        "description": _description(handover, level, delivery_id),
        "attribute[tipsapp_delivery]": delivery_id,
    }
    if recipient.api_key:
        fields["api_key"] = recipient.api_key
    position = _position(handover.item, level)
    if position is not None:
        fields["lat"], fields["long"] = (repr(value) for value in position)
    place = handover.item.place
    if place:
        fields["address_string"] = (place if level == "full" else mask_pii(place))[:PLACE_MAX]
    return fields


def post_request(url: str, fields: dict[str, str], delivery_id: str) -> str | None:
    """POST the form; the receiver's ``service_request_id`` (or None if it named none)."""
    config = current_app.config
    status, body = post(
        url,
        urllib.parse.urlencode(fields).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            DELIVERY_HEADER: delivery_id,
            "Idempotency-Key": delivery_id,
        },
        config["OPEN311_TIMEOUT_SECONDS"],
        ssl.create_default_context(cafile=config.get("OPEN311_CA_FILE")),
        what="open311",
    )
    raise_for_status(status, "open311", RETRIED_STATUSES)
    return _service_request_id(body)


def _service_request_id(body: bytes) -> str | None:
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    first = answer[0] if isinstance(answer, list) and answer else answer
    if not isinstance(first, dict):
        return None
    value = first.get("service_request_id") or first.get("token")
    return str(value)[:64] if value is not None else None


@handles(OPEN311_EVENT)
def deliver_handover_open311(event: OutboxEvent) -> None:
    handover = handover_by_public_id(str(event.payload.get("handover", "")))
    if handover is None:
        raise PermanentDeliveryError("handover removed")
    recipient = handover.recipient
    if recipient is None:
        raise PermanentDeliveryError("recipient removed")
    if recipient.kind != "open311" or not recipient.endpoint or not recipient.service_code:
        raise PermanentDeliveryError("recipient has no open311 endpoint")
    if handover.item.content_erased_at is not None:
        raise PermanentDeliveryError("item content erased")
    url = requests_url(recipient.endpoint)
    fields = request_fields(handover, recipient, event.delivery_id)
    handover_id = handover.id
    # End the read transaction before talking to the receiver.
    db.session.commit()
    service_request_id = post_request(url, fields, event.delivery_id)
    with serialized_write():
        db.session.execute(
            update(Handover)
            .where(Handover.id == handover_id)
            .values(service_request_id=service_request_id)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
