"""EST reporters are reminded once, the day before their areas' situation-report meeting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from flask import Flask

from tests.factories import make_org, make_user
from tests.handover.conftest import Mailbox, run_worker
from tests.notifications.test_scan import scan
from tipsapp.common.clock import STOCKHOLM

# Gislaved meets on Thursdays (the default cadence: every week, weekday 3).
THURSDAY = date(2026, 12, 10)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=STOCKHOLM)


@pytest.fixture
def reporter_email(app: Flask) -> str:
    org = make_org(app, "Gislavedshem", "partner", ("gislaved",))
    return make_user(app, "reporter", org=org).email


def test_a_reporter_is_reminded_once_the_day_before_the_meeting(
    app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch, reporter_email: str
) -> None:
    wednesday = THURSDAY - timedelta(days=1)
    too_early = scan(app, monkeypatch, _at(wednesday, 7))
    first = scan(app, monkeypatch, _at(wednesday, 10))
    again = scan(app, monkeypatch, _at(wednesday, 16))
    monkeypatch.setattr("tipsapp.outbox.service.utcnow", lambda: _at(wednesday, 16))
    run_worker(app)
    run_worker(app)

    assert "0 reporter reminder" in too_early
    assert "1 reporter reminder" in first and "0 reporter reminder" in again
    assert [str(message["To"]) for message in mailbox.messages] == [reporter_email]
    body = mailbox.body()
    assert "Påminnelse inför lägesbilden 2026-12-10: Gislaved" in body
    assert "/staff/rapport" in body


def test_no_reminder_on_other_days_nor_for_other_roles(
    app: Flask, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(app, "analyst", areas=("gislaved",))
    make_user(app, "partner", areas=("gislaved",))
    make_user(app, "reporter", areas=("gislaved",))

    tuesday = scan(app, monkeypatch, _at(THURSDAY - timedelta(days=2), 10))
    wednesday = scan(app, monkeypatch, _at(THURSDAY - timedelta(days=1), 10))

    assert "0 reporter reminder" in tuesday
    assert "1 reporter reminder" in wednesday
