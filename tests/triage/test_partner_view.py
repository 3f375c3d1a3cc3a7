"""Partners and viewers read no text a resident or a walk participant wrote, anywhere.

One world per test: tips and a walk observation carrying marker strings in every free-text
field (text, place, redaction, resident message, internal note, walker's text and place),
shared with partners with a summary, queued and published in a report, with an action owned
by the partner. Every endpoint and page a partner or a viewer can reach is then read and must
not contain a marker; where the summary belongs, it is there.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    Org,
    login,
    login_as,
    make_org,
    make_participant,
    make_user,
    make_walk,
    move_walk,
    observation_body,
    send_tip,
    sync,
)
from tipsapp.console.session import COOKIE_NAME
from tipsapp.reference.service import seed_reference_data
from tipsapp.triage.privacy import PARTNER_ITEM_FIELDS

# Every marker starts with MARK, so one search finds any of them (summaries never contain it).
MARK = "Qzx"
TIP_TEXT = f"Sven Qzxtext ringer från 070-123 45 67 och säljer stöldgods vid {MARK}porten."
TIP_PLACE = f"Hos Qzxplace på Storgatan 5 {MARK}"
REDACTED = f"Någon säljer stöldgods vid {MARK}redacted-porten."
RESIDENT_MESSAGE = f"Han heter {MARK}message, han bor i trean."
NOTE = f"Intern anteckning {MARK}note."
WALKER_TEXT = f"Lampan är trasig utanför {MARK}walker-text, där bor Anna."
WALKER_PLACE = f"Annas port {MARK}walkerplace"
HOTSPOT_TEXT = f"Klotter igen vid {MARK}hot."
TIP_SUMMARY = "Misstänkt häleri vid ett trapphus i centrum."
OBSERVATION_SUMMARY = "Trasig belysning vid en port i centrum."
LOCATION = {"lat": 57.3048, "lon": 13.5413, "accuracy_m": 20}


@dataclass(frozen=True)
class World:
    tip: str
    observation: str
    walk: str
    report: str
    action: str
    partner_org: Org


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_json()


def _share(client: FlaskClient, analyst: dict[str, str], reference: str, summary: str) -> None:
    body = {"shared": True, "partner_summary": summary}
    _ok(client.post(f"/api/v1/queue/{reference}/share", json=body, headers=analyst))


def _queue(client: FlaskClient, analyst: dict[str, str], reference: str) -> None:
    _ok(client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst))


def build_world(app: Flask, client: FlaskClient) -> World:
    with app.app_context():
        seed_reference_data()  # the districts (emptied after each test)
    analyst_user = make_user(app, "analyst", areas=("gislaved",))
    analyst = login_as(client, analyst_user)

    sent = _ok(
        send_tip(client, text=TIP_TEXT, place=TIP_PLACE, location=LOCATION, category="other"), 201
    )
    tip = sent["reference"]
    reply = {"reference": tip, "receipt": sent["receipt"], "body": RESIDENT_MESSAGE}
    _ok(client.post("/api/v1/tips/messages", json=reply), 201)
    _ok(client.post(f"/api/v1/queue/{tip}/notes", json={"body": NOTE}, headers=analyst), 201)
    redaction = {"text": REDACTED, "reason": f"Namn {MARK}reason"}
    _ok(client.post(f"/api/v1/queue/{tip}/redact", json=redaction, headers=analyst))
    _share(client, analyst, tip, TIP_SUMMARY)
    _queue(client, analyst, tip)

    # Three more at the same spot make a hotspot named by the place a resident typed.
    for _ in range(3):
        other = _ok(send_tip(client, text=HOTSPOT_TEXT, place=TIP_PLACE, location=LOCATION), 201)
        _queue(client, analyst, other["reference"])

    walk = make_walk(app, analyst_user)
    walker = make_participant(app, walk)
    observed = observation_body(text=WALKER_TEXT, place=WALKER_PLACE, location=LOCATION)
    (result,) = _ok(sync(client, walk.id, walker, [observed]))["results"]
    observation = result["reference"]
    _share(client, analyst, observation, OBSERVATION_SUMMARY)
    _queue(client, analyst, observation)
    move_walk(app, walk, "active", "completed")

    partner_org = make_org(app, "Gislavedshem", kind="partner", areas=("gislaved",))
    action = _ok(
        client.post(
            "/api/v1/actions",
            json={"title": "Byt armaturen", "owner": partner_org.id, "item": observation},
            headers=analyst,
        ),
        201,
    )
    report = _ok(client.get("/api/v1/reports/next?area=gislaved", headers=analyst))
    report_id = report["report"]["id"]
    _ok(client.post(f"/api/v1/reports/{report_id}/publish", headers=analyst))
    return World(tip, observation, walk.id, report_id, action["id"], partner_org)


# (path, roles that read it, what it must show). Paths name the world's ids in braces.
READABLE = [
    ("/api/v1/queue/shared", ("partner",), (TIP_SUMMARY, OBSERVATION_SUMMARY)),
    ("/api/v1/reports", ("partner", "viewer"), ()),
    ("/api/v1/reports/{report}", ("partner", "viewer"), (TIP_SUMMARY, OBSERVATION_SUMMARY)),
    ("/reports/{report}.html", ("partner", "viewer"), (TIP_SUMMARY, OBSERVATION_SUMMARY)),
    ("/api/v1/reports/{report}/items.csv", ("partner", "viewer"), (TIP_SUMMARY,)),
    ("/api/v1/walks", ("partner",), ()),
    ("/api/v1/walks/{walk}", ("partner",), ()),
    ("/api/v1/walks/{walk}/summary", ("partner",), (OBSERVATION_SUMMARY,)),
    ("/api/v1/walks/{walk}/map.svg", ("partner",), ()),
    ("/api/v1/walks/{walk}/followup", ("partner",), ()),
    ("/api/v1/actions", ("partner",), ()),
    ("/api/v1/actions/{action}", ("partner",), ()),
    ("/api/v1/staff/me", ("partner", "viewer"), ()),
    ("/staff/walks", ("partner",), ()),
    ("/staff/walks/{walk}", ("partner",), ()),
    ("/staff/actions", ("partner",), ()),
]
# Refused outright (403), or answered as for an unknown item (404).
REFUSED = [
    "/api/v1/queue",
    "/api/v1/queue/{tip}",
    "/api/v1/queue/{tip}/similar",
    "/api/v1/queue/{tip}/photos",
    "/api/v1/queue/{observation}",
    "/api/v1/audit",
    "/api/v1/walks/{walk}/summary",
    "/api/v1/walks/{walk}/map.svg",
    "/api/v1/actions",
]


def _path(template: str, world: World) -> str:
    return template.format(
        tip=world.tip,
        observation=world.observation,
        walk=world.walk,
        report=world.report,
        action=world.action,
    )


def _reader(app: Flask, client: FlaskClient, role: str, world: World) -> dict[str, str]:
    org = world.partner_org if role == "partner" else make_org(app, areas=("gislaved",))
    user = make_user(app, role, org=org)
    token = login(client, user.email, user.password)
    # Console pages read the session cookie; the API the bearer token.
    client.set_cookie(COOKIE_NAME, token)
    return {"Authorization": f"Bearer {token}"}


CASES = [(path, role, shown) for path, roles, shown in READABLE for role in roles]


@pytest.mark.parametrize(("template", "role", "shown"), CASES)
def test_partner_and_viewer_answers_hold_no_resident_or_walker_text(
    app: Flask, client: FlaskClient, template: str, role: str, shown: tuple[str, ...]
) -> None:
    world = build_world(app, client)
    headers = _reader(app, client, role, world)

    response = client.get(_path(template, world), headers=headers)

    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert MARK not in body
    assert "070-123" not in body
    for summary in shown:
        assert summary in body


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_partner_and_viewer_are_refused_what_holds_text(
    app: Flask, client: FlaskClient, role: str
) -> None:
    world = build_world(app, client)
    headers = _reader(app, client, role, world)
    readable = {template for template, roles, _ in READABLE if role in roles}

    for template in REFUSED:
        if template in readable:
            continue
        response = client.get(_path(template, world), headers=headers)
        assert response.status_code in {403, 404}, template
        assert MARK not in response.get_data(as_text=True)


def test_the_staff_side_of_the_world_still_reads_the_text(app: Flask, client: FlaskClient) -> None:
    """The markers are really there for staff, so their absence above means something."""
    world = build_world(app, client)
    admin = login_as(client, make_user(app, "admin"))

    item = client.get(f"/api/v1/queue/{world.tip}", headers=admin).get_json()
    report = client.get(f"/api/v1/reports/{world.report}", headers=admin).get_json()
    summary = client.get(f"/api/v1/walks/{world.walk}/summary", headers=admin).get_json()

    assert item["text"] == REDACTED
    assert item["partner_summary"] == TIP_SUMMARY
    assert MARK in str(report["items"]) and MARK in str(report["hotspots"])
    assert MARK in str(summary["items"]) and MARK in str(summary["places"])


def test_shared_items_carry_exactly_the_partner_fields(app: Flask, client: FlaskClient) -> None:
    world = build_world(app, client)
    headers = _reader(app, client, "partner", world)

    items = client.get("/api/v1/queue/shared", headers=headers).get_json()["items"]

    by_reference = {item["reference"]: item for item in items}
    assert set(by_reference) == {world.tip, world.observation}
    for item in items:
        assert set(item) == set(PARTNER_ITEM_FIELDS)
    assert by_reference[world.tip]["partner_summary"] == TIP_SUMMARY
    # The named district of the position, never the place the resident typed.
    assert by_reference[world.tip]["district"] == "Gislaved"


def test_partner_csv_has_the_summary_column_and_no_text_or_place(
    app: Flask, client: FlaskClient
) -> None:
    world = build_world(app, client)
    headers = _reader(app, client, "viewer", world)

    body = client.get(f"/api/v1/reports/{world.report}/items.csv", headers=headers)
    rows = list(csv.reader(io.StringIO(body.get_data(as_text=True).lstrip("\ufeff"))))

    assert "text" not in rows[1] and "place" not in rows[1]
    data = [dict(zip(rows[1], row, strict=True)) for row in rows[2:]]
    summaries = {row["reference"]: row["partner_summary"] for row in data}
    assert summaries[world.tip] == TIP_SUMMARY
    assert summaries[world.observation] == OBSERVATION_SUMMARY


# --- the share action ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"shared": True},
        {"shared": True, "partner_summary": "   "},
        {"shared": True, "partner_summary": "x" * 501},
        {"shared": True, "partner_summary": "Trasig\x00lampa"},
        {"shared": False, "partner_summary": "Skickas bara när man delar."},
    ],
    ids=["missing", "blank", "too-long", "control-char", "with-unshare"],
)
def test_sharing_needs_a_summary_of_1_to_500_characters(
    app: Flask, client: FlaskClient, body: dict[str, Any]
) -> None:
    analyst = login_as(client, make_user(app, "analyst"))
    reference = _ok(send_tip(client), 201)["reference"]

    response = client.post(f"/api/v1/queue/{reference}/share", json=body, headers=analyst)

    assert response.status_code == 422
    assert "partner_summary" in response.get_json()["error"]["fields"]
    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()
    assert (item["shared_with_partners"], item["partner_summary"]) == (False, None)


def test_summary_is_trimmed_stored_audited_and_cleared_when_sharing_stops(
    app: Flask, client: FlaskClient
) -> None:
    analyst = login_as(client, make_user(app, "analyst"))
    admin = login_as(client, make_user(app, "admin"))
    reference = _ok(send_tip(client), 201)["reference"]
    path = f"/api/v1/queue/{reference}/share"

    shared = _ok(
        client.post(
            path, json={"shared": True, "partner_summary": f"  {TIP_SUMMARY} "}, headers=analyst
        )
    )
    stopped = _ok(client.post(path, json={"shared": False}, headers=analyst))
    audit = client.get(f"/api/v1/audit?target={reference}", headers=admin).get_json()["items"]

    assert (shared["shared_with_partners"], shared["partner_summary"]) == (True, TIP_SUMMARY)
    assert (stopped["shared_with_partners"], stopped["partner_summary"]) == (False, None)
    details = {entry["action"]: entry["detail"] for entry in audit}
    assert details["item.share"]["partner_summary"] == {"before": None, "after": TIP_SUMMARY}
    assert details["item.unshare"]["partner_summary"] == {"before": TIP_SUMMARY, "after": None}


def test_a_sensitive_item_is_never_shared_even_with_a_summary(
    app: Flask, client: FlaskClient
) -> None:
    analyst = login_as(client, make_user(app, "analyst"))
    reference = _ok(send_tip(client), 201)["reference"]
    client.patch(f"/api/v1/queue/{reference}", json={"category": "drugs"}, headers=analyst)

    body = {"shared": True, "partner_summary": TIP_SUMMARY}
    response = client.post(f"/api/v1/queue/{reference}/share", json=body, headers=analyst)

    assert response.status_code == 409


def test_a_name_in_the_partner_summary_is_masked_before_partners_read_it(
    app: Flask, client: FlaskClient
) -> None:
    analyst = login_as(client, make_user(app, "analyst"))
    reference = _ok(send_tip(client), 201)["reference"]
    summary = "Grannen Johan Karlsson på Storgatan 5 har sett försäljning."

    shared = _ok(
        client.post(
            f"/api/v1/queue/{reference}/share",
            json={"shared": True, "partner_summary": summary},
            headers=analyst,
        )
    )

    assert "Johan Karlsson" not in shared["partner_summary"]
    assert "Storgatan 5" not in shared["partner_summary"]
    assert "[namn]" in shared["partner_summary"] and "[adress]" in shared["partner_summary"]
