"""How a tip is accepted, and how its sender follows it up, in one place."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from tipsapp.actions.fixed import tipster_questions
from tipsapp.common import idempotency
from tipsapp.common.clock import utcnow
from tipsapp.common.i18n import LANGUAGES, STATUS_LABELS, text
from tipsapp.common.idempotency import IdempotencyRecord
from tipsapp.common.rows import row_values
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.handover.service import handovers_of
from tipsapp.notifications.service import notify_urgent_item
from tipsapp.reference import service as reference
from tipsapp.security.secrets import (
    constant_time_equal,
    group,
    keyed_hash,
    normalise_code,
    readable_code,
    readable_from_bytes,
    sub_key,
)
from tipsapp.tips.models import Tip
from tipsapp.triage.language import UNDETERMINED, base_language
from tipsapp.triage.models import TriageItem
from tipsapp.triage.service import new_item_for_tip
from tipsapp.webhooks import service as webhooks

REFERENCE_LENGTH = 8
# 28 characters from a 30-letter alphabet: about 137 bits, above the 128 the design asks.
RECEIPT_LENGTH = 28
INSERT_ATTEMPTS = 3
# Table-level statements with parameters passed apart: compiled once, cached for every tip.
_INSERT_TIP = insert(Tip.__table__).returning(Tip.__table__.c.id)
_INSERT_ITEM = insert(TriageItem.__table__)
_INSERT_KEY = insert(IdempotencyRecord.__table__)


@dataclass(frozen=True)
class TipReceipt:
    reference: str
    receipt: str
    status: str
    urgent: bool
    replayed: bool
    # The language the resident wrote in (detected), for the note in the answer.
    text_language: str = UNDETERMINED


def new_reference() -> str:
    return "T-" + group(readable_code(REFERENCE_LENGTH))


def canonical_reference(value: str) -> str:
    """Accept ``t7k3q9xpa``, ``T-7K3Q-9XPA`` or ``7K3Q 9XPA``; return ``T-7K3Q-9XPA``."""
    code = normalise_code(value)
    if code.startswith("T") and len(code) == REFERENCE_LENGTH + 1:
        code = code[1:]
    return "T-" + group(code)


def hash_receipt(receipt: str) -> str:
    return keyed_hash("receipt", normalise_code(receipt))


def receipt_for_key(idempotency_key: UUID) -> str:
    """The receipt a keyed request gets, derived so a retry can be answered without storing it."""
    digest = hmac.new(sub_key("receipt-from-key"), idempotency_key.bytes, hashlib.sha256).digest()
    return group(readable_from_bytes(digest, RECEIPT_LENGTH))


def _validate_references(data: dict[str, Any]) -> int:
    """Resolve the area and check the category; field errors a resident can act on."""
    fields: dict[str, list[str]] = {}
    area_id = reference.area_id_for_code(data["area"])
    if area_id is None:
        fields["area"] = ["Unknown area."]
    category = data.get("category")
    if category is not None and not reference.category_exists(category):
        fields["category"] = ["Unknown category."]
    if fields or area_id is None:
        raise ApiError(422, "validation_failed", fields=fields)
    return area_id


def _build_tip(
    data: dict[str, Any], area_id: int, receipt: str, open311_service: str | None = None
) -> Tip:
    location = data.get("location") or {}
    return Tip(
        reference=new_reference(),
        receipt_hash=hash_receipt(receipt),
        area_id=area_id,
        text=data["text"],
        resident_category=data.get("category"),
        occurred_at=data.get("occurred_at"),
        place=data.get("place") or None,
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        accuracy_m=location.get("accuracy_m"),
        language=data.get("language"),
        received_at=utcnow().replace(second=0, microsecond=0),
        open311_service=open311_service,
    )


def _replay(record: idempotency.IdempotencyRecord, fingerprint: str, key: UUID) -> TipReceipt:
    if record.request_hash != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            fields={"Idempotency-Key": ["Already used with a different request body."]},
        )
    tip = db.session.scalars(select(Tip).where(Tip.reference == record.resource_ref)).one()
    return TipReceipt(
        tip.reference,
        receipt_for_key(key),
        tip.resident_status,
        tip.item.urgent,
        replayed=True,
        text_language=tip.item.text_language,
    )


def submit_tip(
    data: dict[str, Any], idempotency_key: UUID | None, open311_service: str | None = None
) -> TipReceipt:
    """Store a tip once and hand out its reference and receipt.

    With an idempotency key, a repeat of the same request returns the same reference and a
    receipt that works. The insert comes first and the key's primary key decides: a retry (or
    a concurrent twin) loses that race and is answered from the stored record.
    ``open311_service`` is the GeoReport service of a request filed through /open311/v2/.
    """
    area_id = _validate_references(data)
    fingerprint = idempotency.request_fingerprint(data)
    hashed_key = idempotency.key_hash("tips", str(idempotency_key)) if idempotency_key else None
    for _ in range(INSERT_ATTEMPTS):
        if idempotency_key is not None:
            receipt = receipt_for_key(idempotency_key)
        else:
            receipt = group(readable_code(RECEIPT_LENGTH))
        tip = _build_tip(data, area_id, receipt, open311_service)
        item = new_item_for_tip(tip)
        answer = TipReceipt(
            tip.reference, receipt, item.resident_status, item.urgent, False, item.text_language
        )
        rows = (row_values(tip), row_values(item))
        key_row = (
            row_values(idempotency.new_record(hashed_key, fingerprint, tip.reference))
            if hashed_key is not None
            else None
        )
        # Plain INSERTs: the ORM's unit of work costs more than the whole rest of intake.
        with serialized_write():
            try:
                # On the session's connection (same transaction): Session.execute's own
                # bookkeeping per statement cost about as much as the INSERT itself.
                connection = db.session.connection()
                tip_id = connection.execute(_INSERT_TIP, rows[0]).scalar_one()
                connection.execute(_INSERT_ITEM, {"tip_id": tip_id, **rows[1]})
                # Subscribed webhooks hear of it in the same commit: names and states only.
                webhooks.notify("item.created", webhooks.item_data(item, area=data["area"]))
                if item.urgent:
                    # The staff notice, committed with the tip or not at all (no content).
                    notify_urgent_item(tip.reference, data["area"])
                if key_row is not None:
                    connection.execute(_INSERT_KEY, key_row)
                db.session.commit()
                stored = True
            except IntegrityError:
                db.session.rollback()
                stored = False
        if not stored:
            # The key is taken (a retry: answer it from the record; an expired record is
            # removed and the next round stores the tip) or, rarely, the reference collided.
            if hashed_key is not None and idempotency_key is not None:
                previous = idempotency.find_live(hashed_key)
                if previous is not None:
                    return _replay(previous, fingerprint, idempotency_key)
            continue
        return answer
    raise ApiError(409, "conflict")


def find_tip_for_resident(reference_value: str, receipt: str) -> Tip:
    """The tip, if the receipt matches; the same 404 for a wrong receipt and a wrong reference."""
    tip = db.session.scalars(
        select(Tip).where(Tip.reference == canonical_reference(reference_value))
    ).first()
    expected = tip.receipt_hash if tip is not None else "0" * 64
    matches = constant_time_equal(expected, hash_receipt(receipt))
    if tip is None or not matches:
        raise ApiError(404, "tip_not_found")
    return tip


def resident_view(tip: Tip, language: str) -> dict[str, Any]:
    status = tip.resident_status
    return {
        "reference": tip.reference,
        "status": status,
        "status_label": STATUS_LABELS.get(status, language),
        "handed_over": _handed_over(tip),
        "messages": [
            {"sender": message.author_kind, "body": message.body, "sent_at": message.created_at}
            for message in tip.messages
        ],
        "fixed": tipster_questions(tip),
    }


def _handed_over(tip: Tip) -> bool:
    """Whether the tip is on its way to, or reached, the body responsible.

    A delivery given up on (dead) does not count until staff retry it: the resident is told
    only what is true. Who it went to is never said (a recipient may be a person's address).
    """
    item = tip.item
    return item is not None and any(handover.state != "dead" for handover in handovers_of(item))


def note_language(text_language: str, language: str) -> str:
    """The language of the advice on when to call 112: the one the resident wrote in.

    ``language`` is the answer's (the form's, else the request's, else Swedish); it is kept when
    the text is written in it, so a Swedish text sent from the easy-to-read form gets the
    easy-to-read note. A text in a language with no catalogue gets ``language``.
    """
    if base_language(language) == text_language or text_language not in LANGUAGES:
        return language
    return text_language


def receipt_view(receipt: TipReceipt, language: str) -> dict[str, Any]:
    note = "urgent_note" if receipt.urgent else "emergency_note"
    return {
        "reference": receipt.reference,
        "receipt": receipt.receipt,
        "status": receipt.status,
        "status_label": STATUS_LABELS.get(receipt.status, language),
        "urgent": receipt.urgent,
        "emergency_note": text(note, note_language(receipt.text_language, language)),
    }
