"""EST reporters send reports from their rounds; analysts triage them as kind ``report``."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import Staff, as_role, login_as, make_org, make_user
from tests.photos.images import jpeg_with_gps_and_comment
from tests.reporters.conftest import report_body, send_reports


def test_a_report_enters_the_queue_as_kind_report_with_its_author(
    client: FlaskClient, reporter_headers: dict[str, str], analyst_headers: dict[str, str]
) -> None:
    answer = send_reports(client, reporter_headers, [report_body()])
    assert answer.status_code == 200, answer.get_json()
    (result,) = answer.get_json()["results"]
    assert result["status"] == "created"
    reference = result["reference"]
    assert reference.startswith("R-")

    item = client.get(f"/api/v1/queue/{reference}", headers=analyst_headers).get_json()
    assert item["kind"] == "report"
    assert item["text"].startswith("Klotter på återvinningsstationen")
    assert item["reporter"] == {
        "name": "Vera Värd",
        "organisation": "Gislavedshem",
        "ratings": {"graffiti": 0, "lighting": 2},
    }
    listed = client.get("/api/v1/queue?kind=report", headers=analyst_headers).get_json()
    assert [row["reference"] for row in listed["items"]] == [reference]


def test_a_resend_of_the_same_batch_stores_nothing_twice(
    client: FlaskClient, reporter_headers: dict[str, str], analyst_headers: dict[str, str]
) -> None:
    body = report_body()
    first = send_reports(client, reporter_headers, [body]).get_json()
    again = send_reports(client, reporter_headers, [body, body]).get_json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert {r["reference"] for r in again["results"]} == {first["results"][0]["reference"]}
    listed = client.get("/api/v1/queue?kind=report", headers=analyst_headers).get_json()
    assert len(listed["items"]) == 1


def test_one_bad_report_is_answered_alone_and_the_rest_are_stored(
    client: FlaskClient, reporter_headers: dict[str, str]
) -> None:
    items = [report_body(), report_body(category="no_such"), report_body(text=...), None]
    answer = send_reports(client, reporter_headers, items).get_json()
    statuses = [r["status"] for r in answer["results"]]
    assert statuses == ["created", "invalid", "invalid", "invalid"]
    assert "category" in answer["results"][1]["fields"]
    assert "text" in answer["results"][2]["fields"]
    assert answer["created"] == 1 and answer["invalid"] == 3


def test_a_report_outside_the_organisations_areas_is_invalid(
    client: FlaskClient, reporter_headers: dict[str, str]
) -> None:
    answer = send_reports(client, reporter_headers, [report_body(area="vaggeryd")]).get_json()
    assert answer["results"][0]["status"] == "invalid"
    assert "area" in answer["results"][0]["fields"]


def test_field_errors_come_in_swedish_when_asked(
    client: FlaskClient, reporter_headers: dict[str, str]
) -> None:
    headers = {**reporter_headers, "Accept-Language": "sv"}
    answer = send_reports(client, headers, [report_body(text=...)]).get_json()
    assert answer["results"][0]["fields"]["text"] == ["Fältet krävs men saknas."]


def test_a_reporter_reads_only_their_own_reports(
    app: Flask, client: FlaskClient, reporter: Staff, reporter_headers: dict[str, str]
) -> None:
    mine = send_reports(client, reporter_headers, [report_body()]).get_json()
    colleague = make_user(app, "reporter", org=make_org(app, "Vaktbolaget", "partner"))
    other_headers = login_as(client, colleague)
    send_reports(client, other_headers, [report_body(text="Trasig belysning vid skolan.")])

    listed = client.get("/api/v1/est-reports", headers=reporter_headers).get_json()
    assert [row["reference"] for row in listed["items"]] == [mine["results"][0]["reference"]]
    assert listed["items"][0]["status"] == "received"
    assert listed["items"][0]["text"].startswith("Klotter")


def test_a_reporter_cannot_read_the_queue_or_anyone_elses_report(
    app: Flask, client: FlaskClient, reporter_headers: dict[str, str]
) -> None:
    colleague_headers = as_role(app, client, "reporter")
    theirs = send_reports(client, colleague_headers, [report_body()]).get_json()
    reference = theirs["results"][0]["reference"]
    assert client.get("/api/v1/queue", headers=reporter_headers).status_code == 403
    assert client.get(f"/api/v1/queue/{reference}", headers=reporter_headers).status_code == 403
    assert client.get("/api/v1/walks", headers=reporter_headers).status_code == 403
    assert client.get("/api/v1/reports", headers=reporter_headers).status_code == 403


def test_another_reporters_uuid_is_refused_without_telling_whose(
    app: Flask, client: FlaskClient, reporter_headers: dict[str, str]
) -> None:
    body = report_body()
    send_reports(client, reporter_headers, [body])
    colleague_headers = as_role(app, client, "reporter")
    answer = send_reports(client, colleague_headers, [body]).get_json()
    assert answer["results"][0]["status"] == "invalid"
    assert answer["results"][0]["reference"] is None


def test_only_reporters_send_reports(
    app: Flask, client: FlaskClient, analyst_headers: dict[str, str]
) -> None:
    assert send_reports(client, analyst_headers, [report_body()]).status_code == 403
    assert send_reports(client, {}, [report_body()]).status_code == 401


def test_the_reporter_attaches_a_photo_to_their_own_report_once(
    app: Flask, client: FlaskClient, reporter_headers: dict[str, str]
) -> None:
    jpeg_bytes = jpeg_with_gps_and_comment()
    body = report_body()
    send_reports(client, reporter_headers, [body])
    url = f"/api/v1/est-reports/{body['client_uuid']}/photos/5b0c8d3e-8f43-4d4b-9a57-0c1f6a1e2d33"
    headers = {**reporter_headers, "Content-Type": "image/jpeg"}
    assert client.put(url, data=jpeg_bytes, headers=headers).status_code == 201
    assert client.put(url, data=jpeg_bytes, headers=headers).status_code == 200
    colleague = {**as_role(app, client, "reporter"), "Content-Type": "image/jpeg"}
    other = url.replace("5b0c8d3e", "6b0c8d3e")
    assert client.put(other, data=jpeg_bytes, headers=colleague).status_code == 404
