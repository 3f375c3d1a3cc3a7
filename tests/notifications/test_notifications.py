"""Staff hear of urgent items and tipsters' answers by e-mail, if they opted in, and the
e-mail names the item without any of its content."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import as_role, login_as, make_user, send_tip
from tests.handover.conftest import Mailbox, run_worker
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.extensions import db
from tipsapp.notifications import service
from tipsapp.outbox.models import OutboxEvent

# Urgent (a fight with a knife, now), and full of words no notice may carry.
PLACE = "Kvarnbäcksgränd 9"
DISTINCTIVE = ("Wahlquist", "Ingegerd", "Zebrafinken", "Blåklockevägen", "Kvarnbäcksgränd")
URGENT_TEXT = (
    "Det pågår ett slagsmål just nu, en har kniv. Ingegerd Wahlquist från Blåklockevägen "
    "skriker på hjälp vid kiosken Zebrafinken."
)
REPLY_TEXT = "Det var Ingegerd Wahlquist som såg det, hon bor vid Blåklockevägen (Zebrafinken)."


def subscribe(
    client: FlaskClient, headers: dict[str, str], *entries: tuple[str, str], **quiet: str
) -> Any:
    body = {"subscriptions": [{"area": area, "kind": kind} for area, kind in entries], **quiet}
    return client.put("/api/v1/staff/me/notifications", json=body, headers=headers)


def subscribed(
    app: Flask, client: FlaskClient, role: str, areas: tuple[str, ...], *entries: tuple[str, str]
) -> str:
    """A logged-in user of ``role`` with these opt-ins; answers their e-mail address."""
    user = make_user(app, role, areas=areas)
    response = subscribe(client, login_as(client, user), *entries)
    assert response.status_code == 200, response.get_json()
    return user.email


def urgent_tip(client: FlaskClient) -> dict[str, Any]:
    response = send_tip(client, text=URGENT_TEXT, place=PLACE, category=None)
    assert response.status_code == 201, response.get_json()
    receipt = dict(response.get_json())
    assert receipt["urgent"] is True
    return receipt


def assert_holds_no_content(message: EmailMessage) -> None:
    """Neither the message as the server received it nor its decoded body and subject."""
    raw = message.as_bytes().decode("utf-8", "replace")
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    decoded = f"{message['Subject']}\n{part.get_content()}"
    for word in DISTINCTIVE:
        assert word.lower() not in raw.lower()
        assert word.lower() not in decoded.lower()


def recipients_of(mailbox: Mailbox) -> list[str]:
    return sorted(str(message["To"]) for message in mailbox.messages)


# --- settings ----------------------------------------------------------------------------------


def test_an_analyst_reads_back_their_opt_ins_and_quiet_hours(
    client: FlaskClient, app: Flask
) -> None:
    headers = as_role(app, client, "analyst", areas=("gislaved", "varnamo"))

    saved = subscribe(
        client,
        headers,
        ("varnamo", "tipster_answered"),
        ("gislaved", "urgent_item"),
        quiet_from="22:00",
        quiet_until="07:00",
    )
    shown = client.get("/api/v1/staff/me/notifications", headers=headers).get_json()

    assert saved.status_code == 200
    assert shown["subscriptions"] == [
        {"area": "gislaved", "kind": "urgent_item"},
        {"area": "varnamo", "kind": "tipster_answered"},
    ]
    assert shown["quiet_from"].startswith("22:00")
    assert shown["quiet_until"].startswith("07:00")
    assert [area["code"] for area in shown["areas"]] == ["gislaved", "varnamo"]


def test_an_area_outside_the_organisation_cannot_be_subscribed(
    client: FlaskClient, app: Flask
) -> None:
    headers = as_role(app, client, "analyst", areas=("gislaved",))

    response = subscribe(client, headers, ("varnamo", "urgent_item"))

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["subscriptions"]["0"]["area"]


def test_half_quiet_hours_are_refused(client: FlaskClient, app: Flask) -> None:
    headers = as_role(app, client, "analyst")

    response = subscribe(client, headers, quiet_from="22:00")

    assert response.status_code == 422
    assert "quiet_until" in response.get_json()["error"]["fields"]


def test_partners_and_viewers_have_no_notification_settings(
    client: FlaskClient, app: Flask
) -> None:
    for role in ("partner", "viewer"):
        headers = as_role(app, client, role)
        assert client.get("/api/v1/staff/me/notifications", headers=headers).status_code == 403
        assert subscribe(client, headers, ("gislaved", "urgent_item")).status_code == 403


# --- urgent items ------------------------------------------------------------------------------


def test_an_urgent_tip_mails_only_the_subscribed_analysts_of_its_area(
    client: FlaskClient, app: Flask, mailbox: Mailbox
) -> None:
    wanted = subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "urgent_item"))
    admin = subscribed(app, client, "admin", ("gislaved", "varnamo"), ("gislaved", "urgent_item"))
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "tipster_answered"))
    subscribed(app, client, "analyst", ("gislaved",))
    subscribed(app, client, "analyst", ("varnamo",), ("varnamo", "urgent_item"))

    urgent_tip(client)
    run_worker(app)
    run_worker(app)

    assert recipients_of(mailbox) == sorted([wanted, admin])


def test_the_urgent_mail_holds_the_reference_and_link_and_none_of_the_tip(
    client: FlaskClient, app: Flask, mailbox: Mailbox
) -> None:
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "urgent_item"))

    reference = urgent_tip(client)["reference"]
    run_worker(app)
    run_worker(app)

    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    body = mailbox.body()
    assert reference in str(message["Subject"])
    assert f"http://127.0.0.1:8000/staff/items/{reference}" in body
    assert "Brådskande ärende" in body and "Urgent item" in body
    assert "Gislaved" in body
    assert_holds_no_content(message)


def test_a_disabled_analyst_gets_nothing(client: FlaskClient, app: Flask, mailbox: Mailbox) -> None:
    email = subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "urgent_item"))
    with app.app_context():
        from tipsapp.staff.models import StaffUser

        user = db.session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
        user.disabled_at = utcnow()
        db.session.commit()

    urgent_tip(client)
    run_worker(app)
    run_worker(app)

    assert mailbox.messages == []


def test_a_tip_that_is_not_urgent_mails_nobody(
    client: FlaskClient, app: Flask, mailbox: Mailbox
) -> None:
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "urgent_item"))

    send_tip(client)
    run_worker(app)

    assert mailbox.messages == []


def test_the_relay_running_twice_sends_once_and_a_repeated_fan_out_adds_nobody(
    client: FlaskClient, app: Flask, mailbox: Mailbox
) -> None:
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "urgent_item"))
    urgent_tip(client)

    run_worker(app)
    run_worker(app)
    with app.app_context():
        cause = db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.kind == service.URGENT_EVENT)
        ).one()
        from tipsapp.reference.models import Area

        area = db.session.scalars(select(Area).where(Area.code == "gislaved")).one()
        again = service.fan_out(cause, area, str(cause.payload["reference"]))
    run_worker(app)

    assert len(mailbox.messages) == 1
    assert (again.added, again.already) == (0, 1)


# --- tipsters' answers -------------------------------------------------------------------------


def test_a_tipsters_answer_mails_the_subscribed_analyst_without_the_answer(
    client: FlaskClient, app: Flask, mailbox: Mailbox
) -> None:
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "tipster_answered"))
    tip = send_tip(client, place=PLACE).get_json()

    response = client.post(
        "/api/v1/tips/messages",
        json={"reference": tip["reference"], "receipt": tip["receipt"], "body": REPLY_TEXT},
    )
    run_worker(app)
    run_worker(app)

    assert response.status_code == 201
    assert len(mailbox.messages) == 1
    body = mailbox.body()
    assert tip["reference"] in body
    assert "Tipsaren har svarat" in body and "The tipster answered" in body
    assert tip["receipt"] not in mailbox.messages[0].as_string()
    assert_holds_no_content(mailbox.messages[0])


# --- quiet hours -------------------------------------------------------------------------------


def test_quiet_hours_postpone_the_mail_to_their_end(
    client: FlaskClient, app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    tomorrow = datetime.now(STOCKHOLM).date() + timedelta(days=1)
    late_evening = datetime.combine(tomorrow, time(23, 30), tzinfo=STOCKHOLM)
    morning = datetime.combine(tomorrow + timedelta(days=1), time(7, 0), tzinfo=STOCKHOLM)
    user = make_user(app, "analyst", areas=("gislaved",))
    headers = login_as(client, user)
    subscribe(client, headers, ("gislaved", "urgent_item"), quiet_from="22:00", quiet_until="07:00")
    monkeypatch.setattr("tipsapp.notifications.service.utcnow", lambda: late_evening)
    monkeypatch.setattr("tipsapp.outbox.service.utcnow", lambda: late_evening)

    urgent_tip(client)
    run_worker(app)
    run_worker(app)
    held = len(mailbox.messages)
    monkeypatch.setattr("tipsapp.outbox.service.utcnow", lambda: morning + timedelta(seconds=1))
    run_worker(app)

    assert held == 0
    assert recipients_of(mailbox) == [user.email]


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (time(23, 0), True),
        (time(3, 0), True),
        (time(7, 0), False),
        (time(12, 0), False),
        (time(21, 59), False),
    ],
)
def test_quiet_hours_across_midnight(local: time, quiet: bool) -> None:
    moment = datetime.combine(datetime(2026, 12, 2).date(), local, tzinfo=STOCKHOLM)

    assert service.in_quiet_hours(time(22, 0), time(7, 0), moment) is quiet


def test_quiet_hours_end_follows_the_clock_in_stockholm_over_a_dst_change() -> None:
    # The night summer time begins (2027-03-28): 07:00 local is 05:00 UTC.
    night = datetime(2027, 3, 27, 23, 30, tzinfo=STOCKHOLM)

    end = service.quiet_hours_end(time(7, 0), night)

    assert end.astimezone(STOCKHOLM) == datetime(2027, 3, 28, 7, 0, tzinfo=STOCKHOLM)
    assert end.utcoffset() == timedelta(hours=2)


# --- RQ on Redis -------------------------------------------------------------------------------


@pytest.mark.redis
def test_with_redis_an_urgent_tip_is_mailed_once_through_rq_jobs(
    make_app: Any, smtp: Any, mailbox: Mailbox
) -> None:
    import os

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("needs TEST_REDIS_URL")
    from redis import Redis

    from tipsapp.outbox import worker

    Redis.from_url(redis_url).delete(f"rq:queue:{worker.QUEUE_NAME}")
    redis_app = make_app(
        SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False, REDIS_URL=redis_url
    )
    client = redis_app.test_client()
    email = subscribed(redis_app, client, "analyst", ("gislaved",), ("gislaved", "urgent_item"))

    urgent_tip(client)
    for _ in range(3):  # the cause's job fans out; the next round queues the e-mail's job
        run_worker(redis_app)

    assert recipients_of(mailbox) == [email]
    assert_holds_no_content(mailbox.messages[0])
