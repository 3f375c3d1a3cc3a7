"""Items waiting past their area's deadline are reported once; the digest comes once a day."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import send_tip
from tests.handover.conftest import Mailbox, run_worker
from tests.notifications.test_notifications import DISTINCTIVE, recipients_of, subscribed
from tipsapp.common.clock import STOCKHOLM
from tipsapp.extensions import db
from tipsapp.notifications.models import AreaNotificationPolicy
from tipsapp.reference.models import Area


def scan(app: Flask, monkeypatch: pytest.MonkeyPatch, at: datetime) -> str:
    """``flask notifications run`` as if it were ``at``."""
    monkeypatch.setattr("tipsapp.notifications.scan.utcnow", lambda: at)
    result = app.test_cli_runner().invoke(args=["notifications", "run"])
    assert result.exit_code == 0, result.output
    return str(result.output)


def send_tip_at(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, at: datetime, **overrides: str
) -> str:
    monkeypatch.setattr("tipsapp.tips.service.utcnow", lambda: at)
    response = send_tip(client, **overrides)
    assert response.status_code == 201, response.get_json()
    monkeypatch.undo()
    return str(response.get_json()["reference"])


def set_deadline(app: Flask, area_code: str, hours: int) -> None:
    with app.app_context():
        area = db.session.query(Area).filter_by(code=area_code).one()
        db.session.merge(AreaNotificationPolicy(area_id=area.id, overdue_after_hours=hours))
        db.session.commit()


NOW = datetime.now(STOCKHOLM).replace(microsecond=0)


def test_an_item_new_past_the_deadline_is_reported_once(
    client: FlaskClient, app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "overdue"))
    set_deadline(app, "gislaved", 24)
    old = send_tip_at(client, monkeypatch, NOW - timedelta(hours=30))
    send_tip_at(client, monkeypatch, NOW - timedelta(hours=2))

    first = scan(app, monkeypatch, NOW)
    second = scan(app, monkeypatch, NOW + timedelta(hours=1))
    run_worker(app)
    run_worker(app)

    assert "1 overdue" in first and "0 overdue" in second
    assert recipients_of(mailbox) == [email]
    assert old in mailbox.body()
    assert "Ärende väntar för länge" in mailbox.body()


def test_the_default_deadline_is_48_hours(
    client: FlaskClient, app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribed(app, client, "analyst", ("varnamo",), ("varnamo", "overdue"))
    send_tip_at(client, monkeypatch, NOW - timedelta(hours=30), area="varnamo")

    output = scan(app, monkeypatch, NOW)

    assert "0 overdue" in output


def test_an_item_triaged_in_time_is_not_reported(
    client: FlaskClient, app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "overdue"))
    set_deadline(app, "gislaved", 24)
    reference = send_tip_at(client, monkeypatch, NOW - timedelta(hours=30))
    with app.app_context():
        from tipsapp.triage.models import TriageItem

        item = db.session.query(TriageItem).filter_by(reference=reference).one()
        item.status = "triaged"
        db.session.commit()

    output = scan(app, monkeypatch, NOW)

    assert "0 overdue" in output


def test_the_digest_counts_items_per_status_once_a_day(
    client: FlaskClient, app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "digest"))
    for _ in range(3):
        send_tip_at(client, monkeypatch, NOW - timedelta(hours=1), text=f"{DISTINCTIVE[0]} " * 3)
    send_tip_at(client, monkeypatch, NOW - timedelta(hours=1), area="varnamo")
    morning = datetime.combine(NOW.date() + timedelta(days=1), time(8, 0), tzinfo=STOCKHOLM)

    early = scan(app, monkeypatch, morning.replace(hour=5))
    first = scan(app, monkeypatch, morning)
    again = scan(app, monkeypatch, morning + timedelta(hours=3))
    monkeypatch.setattr("tipsapp.outbox.service.utcnow", lambda: morning + timedelta(hours=3))
    run_worker(app)
    run_worker(app)

    assert "0 digest" in early and "1 digest" in first and "0 digest" in again
    assert recipients_of(mailbox) == [email]
    body = mailbox.body()
    assert "Område / Area: Gislaved" in body
    assert "ny / new: 3" in body
    assert "Värnamo" not in body
    assert DISTINCTIVE[0] not in mailbox.messages[0].as_string()


def test_an_admin_sets_the_deadline_of_an_area(
    client: FlaskClient, app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.factories import as_role

    admin = as_role(app, client, "admin", areas=("gislaved",))
    analyst = as_role(app, client, "analyst", areas=("gislaved",))
    subscribed(app, client, "analyst", ("gislaved",), ("gislaved", "overdue"))
    send_tip_at(client, monkeypatch, NOW - timedelta(hours=5))

    path = "/api/v1/areas/gislaved/notification-policy"
    refused = client.put(path, json={"overdue_after_hours": 4}, headers=analyst)
    unknown = client.put(
        "/api/v1/areas/nowhere/notification-policy", json={"overdue_after_hours": 4}, headers=admin
    )
    saved = client.put(path, json={"overdue_after_hours": 4}, headers=admin)

    assert (refused.status_code, unknown.status_code) == (403, 404)
    assert saved.get_json() == {"area": "gislaved", "overdue_after_hours": 4}
    assert "1 overdue" in scan(app, monkeypatch, NOW)
