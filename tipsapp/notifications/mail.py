"""The notification e-mail and the outbox handlers that fan out and send it.

The mail is composed from four things only: the item's reference, the kind of notice (Swedish
and English: staff read either), the area's name and a link to the item in the console. It
is built from the payload and the area table, never from the item's row, so no text, place,
name or receipt can slip in however the item changes; reading the item is the console's job,
behind a login.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from sqlalchemy import select

from tipsapp.extensions import db
from tipsapp.handover.mail import DELIVERY_HEADER, message_id, send
from tipsapp.notifications import scan, service
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.service import PermanentDeliveryError, describes, handles
from tipsapp.reference.models import Area
from tipsapp.staff.models import StaffUser

KIND_LABELS = {
    "urgent_item": ("Brådskande ärende", "Urgent item"),
    "tipster_answered": ("Tipsaren har svarat", "The tipster answered"),
    "overdue": ("Ärende väntar för länge", "Item waiting too long"),
    "digest": ("Dagens sammanställning", "Daily digest"),
    "reporter_reminder": ("Påminnelse inför lägesbilden", "Reminder before the situation report"),
}
STATUS_LABELS = {
    "new": "ny / new",
    "triaged": "bedömd / triaged",
    "queued": "köad / queued",
    "reported": "rapporterad / reported",
    "archived": "arkiverad / archived",
    "rejected": "avvisad / rejected",
    "duplicate": "dubblett / duplicate",
}


def item_link(reference: str) -> str:
    return f"{current_app.config['PUBLIC_URL']}/staff/items/{reference}"


def compose(to: str, kind: str, reference: str, area_name: str, delivery_id: str) -> EmailMessage:
    swedish, english = KIND_LABELS[kind]
    link = item_link(reference)
    lines = [
        f"{swedish}: {reference} ({area_name})",
        f"{english}: {reference} ({area_name})",
        "",
        f"Referens / Reference: {reference}",
        f"Typ / Kind: {swedish} / {english}",
        f"Område / Area: {area_name}",
        f"Öppna i konsolen / Open in the console: {link}",
        "",
        "Innehållet visas bara i konsolen efter inloggning.",
        "The content is shown only in the console, after logging in.",
        "Avisering av e-post ställer du in under Inställningar / Settings in the console.",
    ]
    message = EmailMessage()
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = to
    message["Subject"] = f"Tipsappen: {swedish} / {english} {reference} ({area_name})"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(delivery_id)
    message[DELIVERY_HEADER] = delivery_id
    message.set_content("\n".join(lines))
    return message


def _area(code: str) -> Area:
    area = db.session.scalars(select(Area).where(Area.code == code)).first()
    if area is None:
        raise PermanentDeliveryError("area removed")
    return area


def _fan_out(event: OutboxEvent) -> None:
    reference = str(event.payload.get("reference", ""))
    service.fan_out(event, _area(str(event.payload.get("area", ""))), reference)


handles(service.URGENT_EVENT)(_fan_out)
handles(service.ANSWERED_EVENT)(_fan_out)
handles(service.OVERDUE_EVENT)(_fan_out)


def compose_digest(user: StaffUser, day: str, delivery_id: str) -> EmailMessage:
    """Counts per status per area: numbers only, nothing about any one item."""
    swedish, english = KIND_LABELS["digest"]
    lines = [f"{swedish} / {english} {day}", ""]
    for area_name, counts in scan.digest_lines(user):
        lines.append(f"Område / Area: {area_name}")
        lines.extend(
            f"  {STATUS_LABELS.get(status, status)}: {count}" for status, count in counts.items()
        )
        lines.append("")
    lines.append(
        f"Öppna i konsolen / Open in the console: {current_app.config['PUBLIC_URL']}/staff"
    )
    message = EmailMessage()
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = user.email
    message["Subject"] = f"Tipsappen: {swedish} / {english} {day}"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(delivery_id)
    message[DELIVERY_HEADER] = delivery_id
    message.set_content("\n".join(lines))
    return message


def compose_reporter_reminder(
    user: StaffUser, meeting_on: str, area_codes: list[str], delivery_id: str
) -> EmailMessage:
    """The EST reporter's weekly nudge: the meeting's day, the areas and the form's link."""
    swedish, english = KIND_LABELS["reporter_reminder"]
    names = [
        area.name for area in db.session.scalars(select(Area).where(Area.code.in_(area_codes)))
    ]
    link = f"{current_app.config['PUBLIC_URL']}/staff/rapport"
    lines = [
        f"{swedish} {meeting_on}: {', '.join(sorted(names))}",
        "",
        "I morgon sammanställs veckans lägesbild. Rapportera det du sett på dina rundor som "
        "inte redan är rapporterat, så kommer det med.",
        "Tomorrow this week's situation report is put together. Report what you saw on your "
        "rounds that is not reported yet, so it is included.",
        "",
        f"Rapportera / Report: {link}",
    ]
    message = EmailMessage()
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = user.email
    message["Subject"] = f"Tipsappen: {swedish} / {english} {meeting_on}"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(delivery_id)
    message[DELIVERY_HEADER] = delivery_id
    message.set_content("\n".join(lines))
    return message


@handles(service.EMAIL_EVENT)
def deliver_notification(event: OutboxEvent) -> None:
    """Send one person's notice, if they still want it (opt-in, role and agreement hold)."""
    payload = event.payload
    kind = str(payload.get("kind", ""))
    if kind not in KIND_LABELS:
        raise PermanentDeliveryError("unknown notification kind")
    user = db.session.scalars(
        select(StaffUser).where(StaffUser.public_id == str(payload.get("user", "")))
    ).first()
    if kind == "reporter_reminder":
        if user is None or not user.active or user.role != scan.REPORTER_ROLE:
            db.session.commit()
            return  # no longer a reporter: nothing to send, nothing to retry
        areas = payload.get("areas")
        reminder = compose_reporter_reminder(
            user,
            str(payload.get("meeting_on", "")),
            [str(code) for code in areas] if isinstance(areas, list) else [],
            event.delivery_id,
        )
        db.session.commit()
        send(reminder)
        return
    if kind == "digest":
        if user is None or not user.active or user.role not in service.NOTIFIED_ROLES:
            db.session.commit()
            return
        digest = compose_digest(user, str(payload.get("day", "")), event.delivery_id)
        db.session.commit()
        send(digest)
        return
    area = _area(str(payload.get("area", "")))
    if user is None or not service.still_wanted(user, area.id, kind):
        db.session.commit()
        return  # unsubscribed or gone meanwhile: nothing to send, nothing to retry
    message = compose(
        user.email, kind, str(payload.get("reference", "")), area.name, event.delivery_id
    )
    # End the read transaction before talking to the mail server.
    db.session.commit()
    send(message)


@describes(service.EMAIL_EVENT)
def describe_notifications(events: list[OutboxEvent]) -> dict[int, dict[str, str | None]]:
    """The item and the staff member of each notice, for the dead-letter list."""
    public_ids = {str(event.payload.get("user", "")) for event in events}
    names = dict(
        db.session.execute(
            select(StaffUser.public_id, StaffUser.display_name).where(
                StaffUser.public_id.in_(public_ids)
            )
        ).tuples()
    )
    return {
        event.id: {
            "item": str(event.payload.get("reference", "")) or None,
            "recipient": names.get(str(event.payload.get("user", ""))),
        }
        for event in events
    }
