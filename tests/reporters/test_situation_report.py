"""The situation report counts reporters' reports apart and names who reported."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role, login_as, make_org, make_user, send_tip
from tests.reporters.conftest import report_body, send_reports


def _next_report(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/reports/next?area=gislaved", headers=headers)
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def test_reports_are_counted_apart_from_tips_and_add_up_to_the_received_total(
    app: Flask,
    client: FlaskClient,
    reporter_headers: dict[str, str],
    analyst_headers: dict[str, str],
) -> None:
    send_reports(client, reporter_headers, [report_body(), report_body()])
    assert send_tip(client).status_code == 201

    content = _next_report(client, analyst_headers)

    assert content["sources"] == {"tip": 1, "observation": 0, "report": 2}
    assert sum(content["sources"].values()) == content["counts"]["received"]


def test_the_report_names_the_organisations_that_reported_most_first(
    app: Flask,
    client: FlaskClient,
    reporter_headers: dict[str, str],
    analyst_headers: dict[str, str],
) -> None:
    guards = make_user(app, "reporter", org=make_org(app, "Vaktbolaget", "partner"))
    send_reports(client, login_as(client, guards), [report_body()])
    send_reports(client, reporter_headers, [report_body(), report_body()])
    elsewhere = as_role(app, client, "reporter", areas=("varnamo",))
    send_reports(client, elsewhere, [report_body(area="varnamo")])

    content = _next_report(client, analyst_headers)

    assert content["reporting_organisations"] == [
        {"organisation": "Gislavedshem", "reports": 2},
        {"organisation": "Vaktbolaget", "reports": 1},
    ]


def test_a_rejected_report_is_not_counted(
    app: Flask,
    client: FlaskClient,
    reporter_headers: dict[str, str],
    analyst_headers: dict[str, str],
) -> None:
    answer = send_reports(client, reporter_headers, [report_body()]).get_json()
    reference = answer["results"][0]["reference"]
    etag = client.get(f"/api/v1/queue/{reference}", headers=analyst_headers).headers["ETag"]
    rejected = client.post(
        f"/api/v1/queue/{reference}/reject",
        json={"reason": "Redan åtgärdat."},
        headers={**analyst_headers, "If-Match": etag},
    )
    assert rejected.status_code == 200, rejected.get_json()

    content = _next_report(client, analyst_headers)

    assert content["sources"]["report"] == 0
    assert content["reporting_organisations"] == []


def test_the_printable_report_shows_the_sources_and_the_organisations(
    app: Flask,
    client: FlaskClient,
    reporter_headers: dict[str, str],
    analyst_headers: dict[str, str],
) -> None:
    send_reports(client, reporter_headers, [report_body()])
    report_id = _next_report(client, analyst_headers)["report"]["id"]

    html = client.get(f"/reports/{report_id}.html?lang=en", headers=analyst_headers).get_data(
        as_text=True
    )

    assert "0 tips from residents, 0 observations from safety walks and 1 reports" in html
    assert '<th scope="row">Gislavedshem</th><td class="num">1</td>' in html
