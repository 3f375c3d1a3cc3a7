"""Open311 GeoReport v2: discovery, services, filing a request as an anonymous tip, following
it up by status, service and district only, and errors in GeoReport's shape."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.apidoc import documented_statuses, operation_doc
from tests.factories import as_role, new_key, send_tip
from tests.open311.conftest import with_districts
from tests.traces import database_dump

GISLAVED_CENTRE = {"lat": "57.3045", "long": "13.5405"}
STOCKHOLM = {"lat": "59.3293", "long": "18.0686"}  # in Sweden, in no area served here
DESCRIPTION = "Gatlyktan vid busshållplatsen på Storgatan har varit släckt i två veckor."
PERSONAL = {
    "email": "anna.svensson@example.se",
    "first_name": "Annika-Unik",
    "last_name": "Svenssonsdotter",
    "phone": "070-123 45 67",
    "device_id": "DEVICE-4711-UNIQUE",
    "account_id": "ACCOUNT-0815-UNIQUE",
    "api_key": "KEY-SHOULD-NOT-BE-STORED",
}


def request_form(**overrides: Any) -> dict[str, str]:
    form = {"service_code": "lighting", **GISLAVED_CENTRE, "description": DESCRIPTION}
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def file_request(client: FlaskClient, headers: dict[str, str] | None = None, **fields: Any) -> Any:
    return client.post("/open311/v2/requests.json", data=request_form(**fields), headers=headers)


def filed_id(client: FlaskClient, **fields: Any) -> str:
    response = file_request(client, **fields)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()[0]["service_request_id"])


def assert_georeport_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, list) and len(body) == 1
    assert body[0]["code"] == status
    assert isinstance(body[0]["description"], str) and body[0]["description"]
    return str(body[0]["description"])


def test_discovery_names_the_v2_endpoint_and_json(client: FlaskClient) -> None:
    response = client.get("/open311/v2/discovery.json")

    assert response.status_code == 200
    (endpoint,) = response.get_json()["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["application/json"]


def test_services_are_the_environment_issues_in_swedish_or_english(client: FlaskClient) -> None:
    swedish = client.get("/open311/v2/services.json").get_json()
    english = client.get("/open311/v2/services.json?lang=en").get_json()

    codes = [service["service_code"] for service in swedish]
    assert codes == [
        "lighting",
        "vegetation",
        "littering",
        "graffiti",
        "damage",
        "traffic_environment",
    ]
    assert swedish[0]["service_name"] == "Belysning"
    assert english[0]["service_name"] == "Lighting"
    assert {service["type"] for service in swedish} == {"realtime"}
    assert {service["metadata"] for service in swedish} == {False}
    assert all(service["keywords"] and service["group"] for service in swedish)


def test_service_definition_has_no_attributes_and_unknown_code_is_404(
    client: FlaskClient,
) -> None:
    known = client.get("/open311/v2/services/graffiti.json")
    unknown = client.get("/open311/v2/services/potholes.json")

    assert known.get_json() == {"service_code": "graffiti", "attributes": []}
    assert_georeport_error(unknown, 404)


def test_xml_is_refused_in_georeport_format(client: FlaskClient) -> None:
    description = assert_georeport_error(client.get("/open311/v2/services.xml"), 400)
    assert "JSON" in description


def test_filed_request_is_a_tip_in_the_analysts_queue_with_its_position(
    app: Flask, client: FlaskClient
) -> None:
    analyst = as_role(app, client, "analyst", areas=("gislaved",))

    response = file_request(client, address_string="Storgatan vid busshållplatsen")

    assert response.status_code == 201, response.get_json()
    (answer,) = response.get_json()
    assert answer["token"] is None and answer["service_notice"]
    item = client.get(f"/api/v1/queue/{answer['service_request_id']}", headers=analyst)
    assert item.status_code == 200
    shown = item.get_json()
    assert shown["text"] == DESCRIPTION
    assert shown["place"] == "Storgatan vid busshållplatsen"
    assert shown["area"] == "gislaved"
    assert shown["resident_category"] == "unsafe_environment"
    assert (shown["location"]["lat"], shown["location"]["lon"]) == (57.3045, 13.5405)


def test_json_body_is_accepted_as_well_as_the_form(client: FlaskClient) -> None:
    body = {"service_code": "graffiti", "lat": 57.3045, "long": 13.5405, "description": DESCRIPTION}

    response = client.post("/open311/v2/requests.json", json=body)

    assert response.status_code == 201, response.get_json()


def test_personal_fields_and_api_key_are_never_stored(app: Flask, client: FlaskClient) -> None:
    filed_id(client, **PERSONAL)

    dump = database_dump(app)
    for value in PERSONAL.values():
        assert value not in dump
    assert DESCRIPTION in dump  # the dump does hold the request itself


def test_follow_up_shows_status_service_and_district_never_text_or_position(
    client: FlaskClient,
) -> None:
    request_id = filed_id(client, address_string="Storgatan 12")

    one = client.get(f"/open311/v2/requests/{request_id}.json")
    listed = client.get(
        "/open311/v2/requests.json", query_string={"service_request_id": request_id}
    )

    assert one.status_code == 200 and listed.status_code == 200
    assert one.get_json() == listed.get_json()
    (view,) = one.get_json()
    assert view["service_request_id"] == request_id
    assert view["status"] == "open"
    assert view["status_notes"] == "Mottaget"
    assert (view["service_code"], view["service_name"]) == ("lighting", "Belysning")
    assert view["address"] == "Gislaved"
    assert view["requested_datetime"] and view["updated_datetime"]
    text = one.get_data(as_text=True)
    for secret in (DESCRIPTION, "Storgatan", "57.3045", "13.5405", "lat", "long"):
        assert secret not in text


def test_follow_up_tells_closed_when_the_item_is_rejected(app: Flask, client: FlaskClient) -> None:
    analyst = as_role(app, client, "analyst", areas=("gislaved",))
    request_id = filed_id(client)
    item = client.get(f"/api/v1/queue/{request_id}", headers=analyst)
    rejected = client.post(
        f"/api/v1/queue/{request_id}/reject",
        json={"reason": "Redan åtgärdat av kommunen."},
        headers={**analyst, "If-Match": item.headers["ETag"]},
    )
    assert rejected.status_code == 200, rejected.get_json()

    (view,) = client.get(f"/open311/v2/requests/{request_id}.json?lang=en").get_json()

    assert (view["status"], view["status_notes"]) == ("closed", "Closed")


def test_list_filters_by_service_and_status(client: FlaskClient) -> None:
    lighting = filed_id(client)
    graffiti = filed_id(client, service_code="graffiti")

    by_service = client.get("/open311/v2/requests.json?service_code=graffiti").get_json()
    both = client.get(f"/open311/v2/requests.json?service_request_id={lighting},{graffiti}")
    closed = client.get("/open311/v2/requests.json?status=closed").get_json()

    assert [view["service_request_id"] for view in by_service] == [graffiti]
    assert {view["service_request_id"] for view in both.get_json()} == {lighting, graffiti}
    assert closed == []


def test_tips_sent_through_the_api_are_not_answered_about(client: FlaskClient) -> None:
    reference = send_tip(client).get_json()["reference"]

    assert_georeport_error(client.get(f"/open311/v2/requests/{reference}.json"), 404)
    listed = client.get(f"/open311/v2/requests.json?service_request_id={reference}")
    assert listed.get_json() == []


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"service_code": "potholes"}, "service_code"),
        ({"service_code": None}, "service_code"),
        ({"lat": None}, "lat"),
        ({"long": "east"}, "long"),
        ({"lat": STOCKHOLM["lat"], "long": STOCKHOLM["long"]}, "outside every area"),
        ({"lat": "48.85", "long": "2.35"}, "Sweden"),
        ({"description": None}, "description"),
        ({"description": "kort"}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"address_string": "y" * 201}, "address_string"),
    ],
)
def test_invalid_request_is_a_georeport_400_naming_the_field_and_stores_nothing(
    app: Flask, client: FlaskClient, fields: dict[str, Any], named: str
) -> None:
    before = database_dump(app)

    description = assert_georeport_error(file_request(client, **fields), 400)

    assert named in description
    assert database_dump(app) == before


def test_retry_with_the_same_idempotency_key_files_it_once(client: FlaskClient) -> None:
    key = {"Idempotency-Key": new_key()}

    first = file_request(client, headers=key)
    second = file_request(client, headers=key)
    listed = client.get("/open311/v2/requests.json").get_json()

    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.get_json()[0]["service_request_id"] == second.get_json()[0]["service_request_id"]
    assert len(listed) == 1


def test_idempotency_key_that_is_not_a_uuid_is_a_400(client: FlaskClient) -> None:
    response = file_request(client, headers={"Idempotency-Key": "' OR 1=1 --"})

    assert "Idempotency-Key" in assert_georeport_error(response, 400)


def test_too_many_requests_is_a_429_in_georeport_format(make_app: Any) -> None:
    client = with_districts(make_app(RATELIMIT_TIPS="2 per minute")).test_client()

    answers = [file_request(client) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert_georeport_error(answers[2], 429)
    assert answers[2].headers["Retry-After"]


def test_malformed_json_and_other_media_types_answer_in_georeport_format(
    client: FlaskClient,
) -> None:
    broken = client.post(
        "/open311/v2/requests.json", data=b'{"lat": ', content_type="application/json"
    )
    plain = client.post("/open311/v2/requests.json", data=b"hej", content_type="text/plain")

    assert_georeport_error(broken, 400)
    assert_georeport_error(plain, 415)


def test_every_answer_given_here_is_documented(client: FlaskClient) -> None:
    filing = documented_statuses(client, "POST", "/open311/v2/requests.{fmt}")
    one = documented_statuses(client, "GET", "/open311/v2/requests/{request_id}.{fmt}")
    definition = documented_statuses(client, "GET", "/open311/v2/services/{service_code}.{fmt}")
    created = operation_doc(client, "POST", "/open311/v2/requests.{fmt}")["responses"]["201"]

    assert {201, 400, 429} <= filing
    assert {200, 400, 404} <= one and {200, 400, 404} <= definition
    assert "array" in str(created)
