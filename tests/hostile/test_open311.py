"""Hostile bodies and headers against Open311's POST requests.json: never a 5xx, always
GeoReport's error list (not the API's envelope), and nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.hostile.corpus import BODIES, HEADERS, HUGE, SCRIPT
from tests.open311.conftest import with_districts

PATH = "/open311/v2/requests.json"
VALID = {
    "service_code": "lighting",
    "lat": 57.3045,
    "long": 13.5405,
    "description": "Gatlyktan vid skolan är trasig sedan en vecka.",
}
# Hostile form bodies (GeoReport's own encoding).
FORM_BODIES: dict[str, bytes] = {
    "invalid_utf8": b"service_code=lighting&lat=57.3&long=13.5&description=%FF%FE%C3%28",
    "raw_invalid_utf8": b"service_code=lighting&lat=57.3&long=13.5&description=\xff\xfe\xc3(",
    "nul": b"service_code=light%00ing&lat=57.3&long=13.5&description=aaaaaaaaaaaa",
    "control": b"service_code=lighting&lat=57.3&long=13.5&description=%1B%5B2J%07aaaaaaaaaa",
    "huge": b"service_code=lighting&lat=57.3&long=13.5&description=" + HUGE.encode(),
    "script": b"service_code=%3Cscript%3E&lat=57.3&long=13.5&description=" + SCRIPT.encode(),
    "nan": b"service_code=lighting&lat=NaN&long=inf&description=aaaaaaaaaaaaa",
    "duplicate_fields": b"service_code=lighting&service_code=x&lat=1&lat=2&long=3",
    "empty": b"",
}


@pytest.fixture(autouse=True)
def districts(world: Any) -> None:
    """A request's position finds its area through the districts (emptied by other tests)."""
    with_districts(world.app)


def assert_georeport_error(response: Any) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data()[:300])
    assert response.mimetype == "application/json", response.get_data()[:300]
    body = json.loads(response.get_data(as_text=True))
    assert isinstance(body, list) and len(body) == 1, body
    assert body[0]["code"] == response.status_code
    assert isinstance(body[0]["description"], str) and body[0]["description"]
    assert SCRIPT not in response.get_data(as_text=True)


# An unknown field is ignored, as GeoReport asks (its value, NaN or not, is never read).
IGNORED_FIELD = ("nan", "infinity", "float_overflow")
# Werkzeug keeps bytes that are not UTF-8 as their percent escapes: stored as plain text.
KEPT_AS_TEXT = ("invalid_utf8",)


@pytest.mark.parametrize("name", IGNORED_FIELD)
def test_unknown_field_with_a_strange_number_is_ignored(world: Any, name: str) -> None:
    build, content_type = BODIES[name]

    response = world.client.post(PATH, data=build(VALID), headers={"Content-Type": content_type})

    assert response.status_code == 201, response.get_data()[:300]


@pytest.mark.parametrize(
    "name", [name for name in BODIES if name not in ("form_encoded", *IGNORED_FIELD)]
)
def test_malformed_body_is_refused_in_georeport_format(world: Any, name: str) -> None:
    build, content_type = BODIES[name]
    headers = {"Content-Type": content_type} if content_type else {}
    before = world.state()

    response = world.client.post(PATH, data=build(VALID), headers=headers)

    assert_georeport_error(response)
    assert world.state() == before


@pytest.mark.parametrize("name", [name for name in FORM_BODIES if name not in KEPT_AS_TEXT])
def test_hostile_form_is_refused_in_georeport_format(world: Any, name: str) -> None:
    before = world.state()

    response = world.client.post(
        PATH,
        data=FORM_BODIES[name],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert_georeport_error(response)
    assert world.state() == before


def test_percent_escapes_that_are_not_utf8_are_kept_as_plain_text(world: Any) -> None:
    response = world.client.post(
        PATH,
        data=FORM_BODIES["invalid_utf8"],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 201, response.get_data()[:300]
    reference = response.get_json()[0]["service_request_id"]
    item = world.client.get(f"/api/v1/queue/{reference}", headers=world.analyst).get_json()
    assert item["text"] == "%FF%FE%C3("


@pytest.mark.parametrize("header", ["long_idempotency_key", "sql_idempotency_key"])
def test_hostile_idempotency_key_is_a_georeport_400(world: Any, header: str) -> None:
    before = world.state()

    response = world.client.post(PATH, data=VALID, headers=HEADERS[header])

    assert_georeport_error(response)
    assert response.status_code == 400
    assert world.state() == before


@pytest.mark.parametrize(
    "header",
    [name for name in HEADERS if "idempotency" not in name and name != "long_cookie"],
)
def test_hostile_header_never_breaks_the_answer(world: Any, header: str) -> None:
    response = world.client.post(PATH, data={**VALID, "lat": "1"}, headers=HEADERS[header])

    assert_georeport_error(response)
