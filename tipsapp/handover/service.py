"""Recipients per area and category, and handing an item over to one (through the outbox).

The handover row, its outbox event, the audit entry and the item's new version are one
commit: an item is handed over exactly when a delivery of it is on its way.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.handover.models import Handover, Recipient
from tipsapp.outbox.service import emit
from tipsapp.reference import service as reference
from tipsapp.reference.models import Category
from tipsapp.staff.models import StaffUser, new_public_id
from tipsapp.triage.models import TriageItem
from tipsapp.triage.service import check_version
from tipsapp.webhooks import service as webhooks

EMAIL_EVENT = "handover.email"
OPEN311_EVENT = "handover.open311"
EVENT_FOR_KIND = {"email": EMAIL_EVENT, "open311": OPEN311_EVENT}

# --- recipients ------------------------------------------------------------------------------


def recipients_query(areas: list[int] | None = None, area_code: str | None = None) -> Any:
    query = select(Recipient).order_by(Recipient.area_id, Recipient.name, Recipient.id)
    if areas is not None:
        query = query.where(Recipient.area_id.in_(areas))
    if area_code:
        area = reference.area_by_code(area_code)
        query = query.where(Recipient.area_id == (area.id if area is not None else -1))
    return query


def visible_recipients(user: StaffUser, area_code: str | None = None) -> list[Recipient]:
    """Admins see every recipient; analysts those of their agreement's areas."""
    areas = None if user.role == "admin" else [area.id for area in user.organisation.areas]
    return list(db.session.scalars(recipients_query(areas, area_code)))


def add_recipient(user: StaffUser | None, data: dict[str, Any]) -> Recipient:
    """Add a recipient; 422 naming the field for an unknown area or category, or a kind
    without the address it needs."""
    area = reference.area_by_code(data["area"])
    if area is None:
        raise ApiError(422, "validation_failed", fields={"area": ["Unknown area."]})
    category = data.get("category")
    if category is not None and db.session.get(Category, category) is None:
        raise ApiError(422, "validation_failed", fields={"category": ["Unknown category."]})
    kind = data["kind"]
    needed = ("email",) if kind == "email" else ("endpoint", "service_code")
    missing = [field for field in needed if not data.get(field)]
    if missing:
        raise ApiError(
            422,
            "validation_failed",
            fields={field: ["Missing data for required field."] for field in missing},
        )
    recipient = Recipient(
        name=data["name"],
        kind=kind,
        email=data.get("email") if kind == "email" else None,
        endpoint=data.get("endpoint") if kind == "open311" else None,
        service_code=data.get("service_code") if kind == "open311" else None,
        api_key=data.get("api_key") if kind == "open311" else None,
        level=data["level"],
        area_id=area.id,
        category=category,
        created_at=utcnow(),
    )
    recipient.area = area
    with serialized_write():
        db.session.add(recipient)
        db.session.flush()
        record(
            user,
            "recipient.add",
            "recipient",
            recipient.public_id,
            detail={
                "name": recipient.name,
                "kind": kind,
                "level": recipient.level,
                "area": area.code,
                "category": category,
            },
        )
        db.session.commit()
    return recipient


def recipient_by_public_id(public_id: str) -> Recipient | None:
    return db.session.scalars(
        select(Recipient).where(Recipient.public_id == public_id.strip().lower())
    ).first()


def remove_recipient(user: StaffUser | None, recipient: Recipient) -> None:
    """Remove a recipient; earlier handovers keep its name, pending ones to it go dead."""
    with serialized_write():
        record(
            user,
            "recipient.remove",
            "recipient",
            recipient.public_id,
            detail={"name": recipient.name, "area": recipient.area.code},
        )
        db.session.delete(recipient)
        db.session.commit()


# --- handing over ----------------------------------------------------------------------------


def _check_recipient(item: TriageItem, recipient: Recipient) -> None:
    if recipient.area_id != item.area_id or (
        recipient.category is not None and recipient.category != item.effective_category
    ):
        raise ApiError(
            409,
            "recipient_not_responsible",
            message="That recipient is not responsible for this item's area and category.",
        )
    if recipient.kind == "email" and not current_app.config.get("SMTP_HOST"):
        raise ApiError(
            409, "mail_not_configured", message="No mail server is set (TIPSAPP_SMTP_HOST)."
        )


def hand_over(
    user: StaffUser,
    item: TriageItem,
    recipient_id: str,
    note: str,
    include_photos: bool,
    if_match: str | None,
) -> Handover:
    """Hand the item over: the handover, its delivery, the audit entry and the item's new
    version in one commit. 409 when the recipient is not responsible for the item's area and
    category, the content was erased, or a delivery to the same recipient is on its way or
    made."""
    check_version(item, if_match)
    recipient = recipient_by_public_id(recipient_id)
    if recipient is None:
        # Marshmallow's own words, which every language's catalogue already has.
        raise ApiError(422, "validation_failed", fields={"recipient": ["Invalid value."]})
    _check_recipient(item, recipient)
    if item.content_erased_at is not None:
        raise ApiError(
            409, "content_erased", message="The item's content was erased; nothing to hand over."
        )
    earlier = [
        handover
        for handover in handovers_of(item)
        if handover.recipient_id == recipient.id and handover.state != "dead"
    ]
    if earlier:
        raise ApiError(
            409,
            "already_handed_over",
            message=f"Already handed over to {recipient.name} ({earlier[-1].state}).",
        )
    now = utcnow()
    with serialized_write():
        public_id = new_public_id()
        handover = Handover(
            public_id=public_id,
            item=item,
            recipient=recipient,
            recipient_name=recipient.name,
            note=note,
            include_photos=include_photos,
            by=user,
            at=now,
            event=emit(EVENT_FOR_KIND[recipient.kind], {"handover": public_id}),
        )
        db.session.add(handover)
        record(
            user,
            "item.handover",
            "item",
            item.reference,
            detail={
                "recipient": recipient.name,
                "level": recipient.level,
                "photos": include_photos,
                "delivery_id": handover.event.delivery_id,
            },
        )
        item.updated_at = now
        # Subscribed webhooks hear of it in the same commit (who it went to, not the note).
        webhooks.notify(
            "item.handed_over", {**webhooks.item_data(item), "recipient": recipient.name}
        )
        try:
            db.session.commit()
        except StaleDataError as exc:
            db.session.rollback()
            raise ApiError(412, "precondition_failed") from exc
    return handover


def handovers_of(item: TriageItem) -> list[Handover]:
    return list(
        db.session.scalars(
            select(Handover).where(Handover.item_id == item.id).order_by(Handover.at, Handover.id)
        )
    )


def handover_by_public_id(public_id: str) -> Handover | None:
    return db.session.scalars(select(Handover).where(Handover.public_id == public_id)).first()


def erase_handover_notes(item: TriageItem) -> int:
    """Clear the notes of the item's handovers (an erasure: a note retells the text); whom it
    went to, when, and how delivery went stay. Returns how many notes were cleared."""
    cleared = 0
    for handover in handovers_of(item):
        if handover.note:
            handover.note = ""
            cleared += 1
    return cleared
