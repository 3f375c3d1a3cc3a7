"""One populated app per test module: every kind of record a hostile request could aim at.

Built once per module (logins, a tip, a walk with an observation, an action, a report, a
statement) so that several hundred cases stay fast; the tables are emptied afterwards as the
shared ``make_app`` fixture does. Rate limits are off: the corpus is about input, and the
limits have their own tests.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import _empty_tables
from tests.factories import (
    Staff,
    auth,
    login,
    login_as,
    make_org,
    make_participant,
    make_user,
    make_walk,
    observation_body,
    send_tip,
)
from tipsapp import create_app
from tipsapp.extensions import db as _db


@dataclass
class World:
    """Ids, secrets and bearer headers of the records the corpus aims at."""

    app: Flask
    client: FlaskClient
    photo_dir: Path
    admin: dict[str, str]
    analyst: dict[str, str]
    analyst_user: Staff
    org_id: str
    victim_user_id: str
    tip_reference: str
    tip_receipt: str
    other_reference: str
    walk_id: str
    join_code: str
    participant: dict[str, str]
    observation_uuid: str
    action_id: str
    report_id: str
    statement_id: str
    extra: dict[str, Any] = field(default_factory=dict)
    sqlite: sqlite3.Connection | None = None

    def fresh_token(self) -> dict[str, str]:
        """A token of its own, for requests that may revoke it (logout, password change)."""
        user = make_user(self.app, "analyst")
        return auth(login(self.client, user.email, user.password))

    def state(self, besides: str | None = None) -> tuple[Any, ...]:
        """What a refused request must leave as it was: the database and the stored photos.

        On SQLite, ``PRAGMA data_version`` changes whenever another connection commits, which
        proves "nothing written" at the cost of one query; elsewhere every row is read. With
        ``besides`` every row is read and the audit entries of that action are left out: the
        one write a refused request may make (a failed login to a real account is audited).
        """
        files = sorted(
            hashlib.sha256(path.read_bytes()).hexdigest()
            for path in self.photo_dir.rglob("*")
            if path.is_file()
        )
        if self.sqlite is not None and besides is None:
            return (self.sqlite.execute("PRAGMA data_version").fetchone()[0], files)
        with self.app.app_context(), _db.engine.connect() as connection:
            rows = [
                repr(tuple(row))
                for table in _db.metadata.sorted_tables
                for row in connection.execute(select(table))
                if besides is None
                or table.name != "audit_entries"
                or row._mapping["action"] != besides
            ]
        return (rows, files)


def _build_world(app: Flask, photo_dir: Path) -> World:
    client = app.test_client()
    admin_user = make_user(app, "admin", areas=("gislaved", "varnamo"))
    analyst_user = make_user(app, "analyst", areas=("gislaved", "varnamo"))
    admin, analyst = login_as(client, admin_user), login_as(client, analyst_user)
    org = make_org(app, kind="partner", areas=("gislaved",))
    victim = make_user(app, "analyst")

    tip = send_tip(client).get_json()
    other = send_tip(client, text="Någon har klottrat på busskuren vid torget igen.").get_json()
    walk = make_walk(app, organiser=analyst_user)
    participant = make_participant(app, walk)
    observation = observation_body()
    answer = client.post(
        f"/api/v1/walks/{walk.id}/observations", json=observation, headers=participant
    )
    assert answer.status_code == 201, answer.get_json()
    action = client.post(
        "/api/v1/actions",
        json={"title": "Byt gatlyktor", "owner": org.id, "area": "gislaved"},
        headers=analyst,
    )
    assert action.status_code == 201, action.get_json()
    # Is it fixed? A done action on the (environment) tip and one on the walk, to answer about.
    fixed_actions = [
        client.post(
            "/api/v1/actions",
            json={"title": "Laga lyktan", "owner": org.id} | about,
            headers=analyst,
        ).get_json()["id"]
        for about in ({"item": tip["reference"]}, {"walk": walk.id})
    ]
    for fixed_action in fixed_actions:
        done = client.post(
            f"/api/v1/actions/{fixed_action}/status", json={"status": "done"}, headers=analyst
        )
        assert done.status_code == 200, done.get_json()
    report = client.get("/api/v1/reports/next", query_string={"area": "gislaved"}, headers=analyst)
    assert report.status_code == 200, report.get_json()
    statement = client.post(
        "/api/v1/public/statements",
        json={"area": "gislaved", "title": "Om ryktet", "body": "Det stämmer inte."},
        headers=analyst,
    )
    assert statement.status_code == 201, statement.get_json()
    other_report = client.get(
        "/api/v1/reports/next", query_string={"area": "varnamo"}, headers=analyst
    ).get_json()
    doomed = client.post(
        "/api/v1/public/statements",
        json={"area": "gislaved", "title": "Tas bort", "body": "Den här tas bort."},
        headers=analyst,
    ).get_json()
    recipients = [
        client.post(
            "/api/v1/recipients",
            json={"name": name, "kind": "email", "email": "intag@kommun.example"}
            | {"level": "masked", "area": "gislaved"},
            headers=admin,
        ).get_json()["id"]
        for name in ("Felanmälan", "Tas bort")
    ]
    handover = client.post(
        f"/api/v1/queue/{other['reference']}/handover",
        json={"recipient": recipients[0], "note": "Klottret behöver saneras."},
        headers=analyst,
    )
    assert handover.status_code == 201, handover.get_json()
    webhook = client.post(
        "/api/v1/webhooks",
        json={"url": "https://hooks.kommun.example/tas-bort", "events": ["report.published"]},
        headers=admin,
    )
    assert webhook.status_code == 201, webhook.get_json()
    # An EST reporter with one stored report, to attach photos to.
    reporter = login_as(client, make_user(app, "reporter", areas=("gislaved",)))
    est_report = {
        "client_uuid": str(uuid.uuid4()),
        "area": "gislaved",
        "category": "vandalism",
        "text": "Klotter på återvinningsstationen.",
        "seen_at": "2026-01-05T10:00:00+01:00",
    }
    sent = client.post("/api/v1/est-reports/sync", json={"reports": [est_report]}, headers=reporter)
    assert sent.get_json()["created"] == 1, sent.get_json()
    return World(
        app=app,
        client=client,
        photo_dir=photo_dir,
        admin=admin,
        analyst=analyst,
        analyst_user=analyst_user,
        org_id=org.id,
        victim_user_id=victim.id,
        tip_reference=tip["reference"],
        tip_receipt=tip["receipt"],
        other_reference=other["reference"],
        walk_id=walk.id,
        join_code=walk.join_code,
        participant=participant,
        observation_uuid=observation["client_uuid"],
        action_id=action.get_json()["id"],
        report_id=report.get_json()["report"]["id"],
        statement_id=statement.get_json()["id"],
        extra={
            "publish_report_id": other_report["report"]["id"],
            "delete_statement_id": doomed["id"],
            "recipient_id": recipients[0],
            "delete_recipient_id": recipients[1],
            "delivery_id": handover.get_json()["delivery_id"],
            "delete_webhook_id": webhook.get_json()["id"],
            "tip_fixed_action_id": fixed_actions[0],
            "walk_fixed_action_id": fixed_actions[1],
            "reporter": reporter,
            "est_report_uuid": est_report["client_uuid"],
        },
    )


@pytest.fixture(scope="module")
def world(
    base_config: dict[str, Any],
    migrated_database: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    photo_dir = tmp_path_factory.mktemp("hostile-photos")
    app = create_app(
        {
            **base_config,
            "RATELIMIT_ENABLED": False,
            "PHOTO_DIR": str(photo_dir),
            # Handovers are accepted (no worker runs here, so nothing is sent).
            "SMTP_HOST": "127.0.0.1",
        }
    )
    world = _build_world(app, photo_dir)
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"])
    if uri.startswith("sqlite:///"):
        world.sqlite = sqlite3.connect(uri.removeprefix("sqlite:///"))
    try:
        yield world
    finally:
        if world.sqlite is not None:
            world.sqlite.close()
        with app.app_context():
            _db.session.remove()
            _empty_tables()
            _db.engine.dispose()
