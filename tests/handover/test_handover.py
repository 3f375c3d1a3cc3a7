"""Handing an item over by e-mail: what the recipient gets, what staff see, what is refused."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import as_role, etag_of, new_tip
from tests.handover.conftest import (
    SENDER,
    Mailbox,
    add_recipient,
    hand_over,
    handed_over,
    item_handovers,
    run_worker,
)
from tests.photos.images import encoded, picture

PHONE_TEXT = "Gatlyktan vid Storgatan 12 är trasig. Ring mig på 070-123 45 67 om ni undrar."


def test_handover_is_mailed_once_carrying_its_delivery_id(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)

    handover = handed_over(client, analyst, reference, recipient["id"])
    assert handover["state"] == "pending"
    assert handover["recipient"] == "Gislaveds kommun, felanmälan"
    run_worker(app)
    run_worker(app)

    (message,) = mailbox.messages
    assert message["To"] == "felanmalan@gislaved.example"
    assert message["From"] == SENDER
    assert message["X-Tipsapp-Delivery"] == handover["delivery_id"]
    assert message["Message-ID"] == f"<{handover['delivery_id']}@kommun.example>"
    assert reference in message["Subject"]
    body = mailbox.body()
    assert f"Referens: {reference}" in body
    assert "Område: Gislaved" in body
    assert "Gatlyktan behöver lagas, se tipset." in body
    (shown,) = item_handovers(client, analyst, reference)
    assert shown["recipient"] == "Gislaveds kommun, felanmälan"
    assert shown["state"] == "delivered"


def test_handover_changes_the_item_version_and_answers_the_new_etag(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    before = etag_of(client, analyst, reference)

    response = hand_over(client, analyst, reference, recipient["id"], etag=before)

    assert response.status_code == 201
    assert response.headers["ETag"] != before
    assert response.headers["ETag"] == etag_of(client, analyst, reference)


def test_masked_recipient_reads_masked_text_and_the_police_read_it_as_written(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    masked = add_recipient(client, admin, name="Fastighetsbolaget", level="masked")
    full = add_recipient(
        client, admin, name="Polisen, Värnamo", email="intag@polisen.example", level="full"
    )
    reference = new_tip(client, text=PHONE_TEXT)

    handed_over(client, analyst, reference, masked["id"], note="Ring 070-123 45 67 vid frågor.")
    handed_over(client, analyst, reference, full["id"], note="Ring 070-123 45 67 vid frågor.")
    run_worker(app)

    bodies = {
        str(message["To"]): mailbox.body(index) for index, message in enumerate(mailbox.messages)
    }
    assert "070-123 45 67" not in bodies["felanmalan@gislaved.example"]
    assert "[telefon]" in bodies["felanmalan@gislaved.example"]
    assert PHONE_TEXT in bodies["intag@polisen.example"]


def test_the_mail_carries_nothing_about_the_tipster(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin, level="full")
    sent = client.post(
        "/api/v1/tips",
        json={"area": "gislaved", "text": PHONE_TEXT, "category": "unsafe_environment"},
    ).get_json()
    reference, receipt = sent["reference"], sent["receipt"]
    written = client.post(
        f"/api/v1/queue/{reference}/messages",
        json={"body": "Tack! Vilken lykta gäller det, hemliga-fråga-4711?"},
        headers=analyst,
    )
    assert written.status_code == 201, written.get_json()

    handed_over(client, analyst, reference, recipient["id"])
    run_worker(app)

    raw = mailbox.messages[0].as_string()
    assert receipt not in raw
    assert "hemliga-fråga-4711" not in raw
    assert "127.0.0.1" not in raw
    assert "Tipset är anonymt" in mailbox.body()


def test_photos_go_only_when_chosen(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin)
    other = add_recipient(client, admin, name="Polisen", email="intag@polisen.example")
    sent = client.post(
        "/api/v1/tips", json={"area": "gislaved", "text": PHONE_TEXT, "category": "vandalism"}
    ).get_json()
    uploaded = client.put(
        f"/api/v1/tips/{sent['reference']}/photos/8b0f6a7e-3f0e-4c4e-9a55-2d3c4b5a6f70",
        data=encoded(picture(), "JPEG"),
        headers={"Content-Type": "image/jpeg", "X-Tip-Receipt": sent["receipt"]},
    )
    assert uploaded.status_code == 201, uploaded.get_json()

    handed_over(client, analyst, sent["reference"], recipient["id"], include_photos=True)
    handed_over(client, analyst, sent["reference"], other["id"])
    run_worker(app)

    attachments = {
        str(message["To"]): [part.get_filename() for part in message.iter_attachments()]
        for message in mailbox.messages
    }
    assert attachments["felanmalan@gislaved.example"] == [f"{sent['reference']}-1.jpg"]
    assert attachments["intag@polisen.example"] == []


def test_handover_is_audited_with_recipient_and_delivery_id(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)

    handover = handed_over(client, analyst, reference, recipient["id"])

    entries = client.get(
        "/api/v1/audit", query_string={"action": "item.handover"}, headers=admin
    ).get_json()["items"]
    (entry,) = entries
    assert entry["target"] == reference
    assert entry["detail"]["recipient"] == "Gislaveds kommun, felanmälan"
    assert entry["detail"]["delivery_id"] == handover["delivery_id"]


# --- what is refused -------------------------------------------------------------------------


def test_stale_etag_answers_412_and_hands_nothing_over(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)

    response = hand_over(client, analyst, reference, recipient["id"], etag='"v0"')
    run_worker(app)

    assert response.status_code == 412
    assert item_handovers(client, analyst, reference) == []
    assert mailbox.messages == []


def test_item_of_another_area_or_none_answers_404(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    outsider = as_role(app, client, "analyst", areas=("varnamo",))

    elsewhere = client.post(
        f"/api/v1/queue/{reference}/handover",
        json={"recipient": recipient["id"], "note": "Hej"},
        headers=outsider,
    )
    missing = client.post(
        "/api/v1/queue/T-NOSUCH/handover",
        json={"recipient": recipient["id"], "note": "Hej"},
        headers=outsider,
    )

    assert elsewhere.status_code == 404
    assert missing.status_code == 404


def test_partners_may_not_hand_over(app: Flask, client: FlaskClient, admin: dict[str, str]) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    partner = as_role(app, client, "partner")

    response = client.post(
        f"/api/v1/queue/{reference}/handover",
        json={"recipient": recipient["id"], "note": "Hej"},
        headers=partner,
    )

    assert response.status_code == 403


def test_second_handover_to_the_same_recipient_answers_409(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    handed_over(client, analyst, reference, recipient["id"])

    again = hand_over(client, analyst, reference, recipient["id"])

    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_handed_over"


def test_erased_item_answers_409(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    erased = client.post(
        f"/api/v1/queue/{reference}/erase",
        json={"reason": "Begäran om radering."},
        headers={**analyst, "If-Match": etag_of(client, analyst, reference)},
    )
    assert erased.status_code == 200, erased.get_json()

    response = hand_over(client, analyst, reference, recipient["id"])

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "content_erased"


def test_recipient_of_another_area_answers_409_and_an_unknown_one_422(
    client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    elsewhere = add_recipient(client, admin, area="varnamo", name="Värnamo kommun")
    reference = new_tip(client)

    wrong_area = hand_over(client, analyst, reference, elsewhere["id"])
    unknown = hand_over(client, analyst, reference, "0" * 32)

    assert wrong_area.status_code == 409
    assert wrong_area.get_json()["error"]["code"] == "recipient_not_responsible"
    assert unknown.status_code == 422
    assert "recipient" in unknown.get_json()["error"]["fields"]


def test_open311_recipient_is_handed_over_without_a_mail_server(make_app: Any) -> None:
    """An Open311 recipient needs no SMTP; its delivery is tests/open311/'s."""
    app = make_app()
    client = app.test_client()
    admin_headers = as_role(app, client, "admin", areas=("gislaved",))
    analyst_headers = as_role(app, client, "analyst", areas=("gislaved",))
    recipient = add_recipient(
        client,
        admin_headers,
        kind="open311",
        email=None,
        endpoint="https://open311.gislaved.example/v2",
        service_code="lighting",
        api_key="hemlig-nyckel",
    )
    reference = new_tip(client)

    response = hand_over(client, analyst_headers, reference, recipient["id"])

    assert "api_key" not in recipient
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["state"] == "pending"
    assert response.get_json()["service_request_id"] is None


def test_without_a_mail_server_handover_answers_409(make_app: Any) -> None:
    app = make_app(SMTP_HOST=None)
    client = app.test_client()
    admin_headers = as_role(app, client, "admin")
    analyst_headers = as_role(app, client, "analyst")
    recipient = add_recipient(client, admin_headers)
    reference = new_tip(client)

    response = hand_over(client, analyst_headers, reference, recipient["id"])

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "mail_not_configured"


def test_removed_recipient_keeps_its_name_in_the_history(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    from tipsapp.extensions import db
    from tipsapp.outbox.models import OutboxEvent

    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    handed_over(client, analyst, reference, recipient["id"])

    removed = client.delete(f"/api/v1/recipients/{recipient['id']}", headers=admin)
    run_worker(app)

    assert removed.status_code == 204
    (shown,) = item_handovers(client, analyst, reference)
    assert shown["recipient"] == "Gislaveds kommun, felanmälan"
    assert shown["state"] == "dead"
    with app.app_context():
        (event,) = db.session.scalars(select(OutboxEvent)).all()
        assert event.last_error == "recipient removed"


def test_erasing_an_item_clears_its_handover_notes_but_keeps_whom_it_went_to(
    app: Flask, client: FlaskClient, admin: dict[str, str], analyst: dict[str, str]
) -> None:
    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    handed_over(client, analyst, reference, recipient["id"], note="Boende i nr 12 vet mer.")
    run_worker(app)

    erased = client.post(
        f"/api/v1/queue/{reference}/erase",
        json={"reason": "Begäran om radering."},
        headers={**analyst, "If-Match": etag_of(client, analyst, reference)},
    )

    assert erased.status_code == 200, erased.get_json()
    assert erased.get_json()["removed"]["notes"] == 1
    (shown,) = item_handovers(client, analyst, reference)
    assert (shown["recipient"], shown["state"], shown["note"]) == (
        "Gislaveds kommun, felanmälan",
        "delivered",
        "",
    )


def test_a_change_meanwhile_answers_412_and_leaves_neither_handover_nor_delivery(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    analyst: dict[str, str],
    mailbox: Mailbox,
    monkeypatch: Any,
) -> None:
    """The handover, its outbox event and its audit entry are one commit with the item's new
    version: when that commit loses to another writer, none of them exists."""
    from sqlalchemy import func, update

    from tipsapp.audit.models import AuditEntry
    from tipsapp.extensions import db
    from tipsapp.handover import service
    from tipsapp.handover.models import Handover
    from tipsapp.outbox.models import OutboxEvent
    from tipsapp.triage.models import TriageItem

    recipient = add_recipient(client, admin)
    reference = new_tip(client)
    real_emit = service.emit

    def emit_while_someone_else_writes(kind: str, payload: dict[str, Any]) -> Any:
        event = real_emit(kind, payload)
        with db.engine.begin() as other:
            other.execute(
                update(TriageItem)
                .where(TriageItem.reference == reference)
                .values(version=TriageItem.version + 1)
            )
        return event

    monkeypatch.setattr(service, "emit", emit_while_someone_else_writes)
    response = hand_over(client, analyst, reference, recipient["id"])
    run_worker(app)

    assert response.status_code == 412
    with app.app_context():
        for model in (Handover, OutboxEvent):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        handover_entries = select(func.count()).where(AuditEntry.action == "item.handover")
        assert db.session.scalar(handover_entries) == 0
    assert mailbox.messages == []
