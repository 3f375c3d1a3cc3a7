"""The handover e-mail: what the body responsible reads, composed and sent at delivery time.

Composed when sent, not when handed over, so an erasure in between is respected (the event
goes dead instead of mailing erased text). It carries the reference, category, area, times,
the place and the text at the recipient's level, the analyst's note and, if chosen, the
photos; nothing about the tipster (no receipt, contact, reply or message: nor is any address
or device of residents stored to leak). Every attempt carries the same ``Message-ID`` and
``X-Tipsapp-Delivery`` header, so a mailbox or intake that drops repeats gets it once.

The mail is in Swedish: its readers are Swedish authorities' intake desks.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from sqlalchemy import select

from tipsapp.common.clock import STOCKHOLM
from tipsapp.extensions import db
from tipsapp.handover.models import Handover, Recipient
from tipsapp.handover.service import EMAIL_EVENT, handover_by_public_id
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.service import DeliveryError, PermanentDeliveryError, describes, handles
from tipsapp.photos.models import Photo
from tipsapp.photos.service import photos_of
from tipsapp.photos.storage import read as read_photo_file
from tipsapp.reference.models import Category
from tipsapp.triage.models import TriageItem
from tipsapp.triage.pii import mask_pii

DELIVERY_HEADER = "X-Tipsapp-Delivery"
LEVEL_NOTE = {
    "full": "Texten som den skrevs (efter eventuell redigering av analytiker).",
    "masked": "Personuppgifter i texten är maskerade.",
}
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def message_id(delivery_id: str) -> str:
    """The same for every attempt of one delivery: what a receiver de-duplicates on."""
    sender = str(current_app.config["SMTP_FROM"])
    domain = sender.rpartition("@")[2] or "tipsapp.invalid"
    return f"<{delivery_id}@{domain}>"


def text_at_level(item: TriageItem, level: str) -> str:
    """What analysts read (redactions applied); masked unless the recipient reads it in full."""
    text = item.redacted_text if item.redacted_text is not None else item.source_text
    return text if level == "full" else mask_pii(text)


def _local(moment: object) -> str:
    from datetime import datetime

    if not isinstance(moment, datetime):
        return "okänd"
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def compose(handover: Handover, recipient: Recipient, delivery_id: str) -> EmailMessage:
    item = handover.item
    level = recipient.level
    category = db.session.get(Category, item.effective_category)
    category_label = category.label_sv if category is not None else item.effective_category
    source = item.source
    occurred = item.tip.occurred_at if item.tip is not None else getattr(source, "seen_at", None)
    place = item.place
    note = handover.note if level == "full" else mask_pii(handover.note)
    lines = [
        "Ett ärende har lämnats över till er från tipsappen (medborgarlöftet).",
        "",
        f"Referens: {item.reference}",
        f"Kategori: {category_label}",
        f"Område: {item.area.name}",
        f"Inkom: {_local(item.received_at)}",
        f"Inträffade: {_local(occurred)}",
        f"Plats: {(place if level == 'full' else mask_pii(place)) if place else 'ej angiven'}",
        "",
        f"Text ({LEVEL_NOTE[level]}):",
        text_at_level(item, level),
        "",
        f"Anteckning från analytiker ({handover.by.organisation.name}):",
        note,
        "",
        "Tipset är anonymt: uppgifter om den som skrev det finns inte och lämnas inte ut.",
        f"Leverans-id: {delivery_id}",
    ]
    message = EmailMessage()
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = recipient.email
    message["Subject"] = f"Tips {item.reference}: {category_label} ({item.area.name})"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(delivery_id)
    message[DELIVERY_HEADER] = delivery_id
    message.set_content("\n".join(lines))
    if handover.include_photos:
        _attach_photos(message, item)
    return message


def _attach_photos(message: EmailMessage, item: TriageItem) -> None:
    photos: list[Photo] = photos_of(item)
    for number, photo in enumerate(photos, start=1):
        data = read_photo_file(photo.content_hash)
        if data is None:
            continue  # the row outlived its file: send what there is
        maintype, _, subtype = photo.media_type.partition("/")
        extension = PHOTO_EXTENSIONS.get(photo.media_type, subtype or "bin")
        message.add_attachment(
            data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=f"{item.reference}-{number}.{extension}",
        )


def send(message: EmailMessage) -> None:
    """Send over SMTP, upgrading to TLS first unless TIPSAPP_SMTP_STARTTLS is off."""
    config = current_app.config
    host = config.get("SMTP_HOST")
    if not host:
        raise DeliveryError("smtp not configured")
    with smtplib.SMTP(host, config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT_SECONDS"]) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context(cafile=config.get("SMTP_CA_FILE")))
        if config.get("SMTP_USER"):
            _login(smtp, config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; smtplib sends credentials as ASCII only, so a password with å, ä or ö goes as
    AUTH PLAIN in UTF-8 (RFC 4616) instead."""
    try:
        smtp.login(user, password)
    except UnicodeEncodeError:
        token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
        code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply) from None


@describes(EMAIL_EVENT)
def describe_handovers(events: list[OutboxEvent]) -> dict[int, dict[str, str | None]]:
    """The item and recipient of each handover event, for the dead-letter list."""
    rows = db.session.execute(
        select(Handover.event_id, TriageItem.reference, Handover.recipient_name)
        .join(TriageItem, TriageItem.id == Handover.item_id)
        .where(Handover.event_id.in_([event.id for event in events]))
    )
    return {event_id: {"item": item, "recipient": name} for event_id, item, name in rows}


@handles(EMAIL_EVENT)
def deliver_handover_email(event: OutboxEvent) -> None:
    handover = handover_by_public_id(str(event.payload.get("handover", "")))
    if handover is None:
        raise PermanentDeliveryError("handover removed")
    recipient = handover.recipient
    if recipient is None:
        raise PermanentDeliveryError("recipient removed")
    if recipient.kind != "email" or not recipient.email:
        raise PermanentDeliveryError("recipient has no e-mail address")
    if handover.item.content_erased_at is not None:
        raise PermanentDeliveryError("item content erased")
    message = compose(handover, recipient, event.delivery_id)
    # End the read transaction before talking to the mail server.
    db.session.commit()
    send(message)
