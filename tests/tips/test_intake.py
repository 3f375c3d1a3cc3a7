"""Sending a tip: what a resident gets back, and what bad input gets instead."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import send_tip, tip_body
from tipsapp.tips.models import Tip

REFERENCE_PATTERN = re.compile(r"^T-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$")


def stored_tips(app: Any) -> int:
    from tipsapp.extensions import db

    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Tip)) or 0)


def test_tip_is_accepted_with_reference_receipt_and_112_note(client: Any) -> None:
    response = send_tip(client)

    assert response.status_code == 201
    body = response.get_json()
    assert REFERENCE_PATTERN.match(body["reference"])
    assert len(body["receipt"].replace("-", "")) == 28
    assert body["status"] == "received"
    assert body["status_label"] == "Mottaget"
    assert "112" in body["emergency_note"]


def test_tip_answer_is_in_english_when_the_tip_says_so(client: Any) -> None:
    text = "The street lights on the footpath by the school have been off for a week."
    body = send_tip(client, language="en", text=text).get_json()

    assert body["status_label"] == "Received"
    assert body["emergency_note"].startswith("Is a crime happening now")


def test_minimal_tip_with_only_area_and_text_is_accepted(client: Any) -> None:
    response = client.post(
        "/api/v1/tips", json={"area": "varnamo", "text": "Mycket fart på Storgatan varje kväll."}
    )
    assert response.status_code == 201


def test_stored_tip_keeps_trimmed_text_and_location(app: Any, client: Any) -> None:
    from tipsapp.extensions import db

    reference = send_tip(client, text="   Klotter på busskuren vid torget.  \n").json["reference"]

    with app.app_context():
        tip = db.session.scalars(select(Tip).where(Tip.reference == reference)).one()
        assert tip.text == "Klotter på busskuren vid torget."
        assert (tip.latitude, tip.longitude, tip.accuracy_m) == (57.3048, 13.5413, 25)
        assert tip.area.code == "gislaved"
        assert tip.item.status == "new"


def test_received_time_is_stored_only_to_the_minute(app: Any, client: Any) -> None:
    from tipsapp.extensions import db

    reference = send_tip(client).json["reference"]

    with app.app_context():
        tip = db.session.scalars(select(Tip).where(Tip.reference == reference)).one()
        assert tip.received_at.second == 0
        assert tip.received_at.microsecond == 0


def test_receipt_is_stored_only_as_a_keyed_hash(app: Any, client: Any) -> None:
    from tipsapp.extensions import db

    body = send_tip(client).get_json()

    with app.app_context():
        tip = db.session.scalars(select(Tip).where(Tip.reference == body["reference"])).one()
        plain = body["receipt"].replace("-", "")
        assert plain not in tip.receipt_hash
        assert body["receipt"] not in tip.receipt_hash
        assert len(tip.receipt_hash) == 64


def future(minutes: int) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message_part"),
    [
        ({"text": ...}, "text", "Missing data"),
        ({"area": ...}, "area", "Missing data"),
        ({"text": "kort"}, "text", "at least 10"),
        ({"text": "          kort      "}, "text", "at least 10"),
        ({"text": "x" * 5001}, "text", "at most 5000"),
        ({"text": 12345678901}, "text", "Not a valid string"),
        ({"text": "nul\x00 tecken i texten"}, "text", "control characters"),
        ({"area": 7}, "area", "Not a valid string"),
        ({"place": "p" * 201}, "place", "at most 200"),
        ({"location": {"lat": 91, "lon": 13.5}}, "location", "Latitude"),
        ({"location": {"lat": 57.3, "lon": -13.5}}, "location", "Longitude"),
        ({"location": {"lat": "north", "lon": 13.5}}, "location", "Not a valid number"),
        ({"location": {"lat": 57.3}}, "location", "Missing data"),
        ({"location": [57.3, 13.5]}, "location", "Invalid input type"),
        ({"occurred_at": "igår kväll"}, "occurred_at", "Not a valid datetime"),
        ({"occurred_at": future(60)}, "occurred_at", "future"),
        ({"language": "de"}, "language", "Must be one of"),
        ({"nickname": "anna"}, "nickname", "Unknown field"),
    ],
)
def test_bad_field_gets_422_with_field_message_and_stores_nothing(
    app: Any, client: Any, overrides: dict[str, Any], field: str, message_part: str
) -> None:
    response = client.post("/api/v1/tips", json=tip_body(**overrides))

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["status"] == 422
    assert error["code"] == "validation_failed"
    assert message_part in str(error["fields"][field])
    assert stored_tips(app) == 0


def test_occurred_at_within_clock_skew_is_accepted(client: Any) -> None:
    assert send_tip(client, occurred_at=future(2)).status_code == 201


@pytest.mark.parametrize(("field", "value"), [("area", "stockholm"), ("category", "weather")])
def test_unknown_area_or_category_gets_422_and_stores_nothing(
    app: Any, client: Any, field: str, value: str
) -> None:
    response = send_tip(client, **{field: value})

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"][field] == [f"Unknown {field}."]
    assert stored_tips(app) == 0


def test_invalid_json_gets_400_json_error(app: Any, client: Any) -> None:
    response = client.post(
        "/api/v1/tips", data='{"area": "gislaved", ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert stored_tips(app) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type_gets_415(app: Any, client: Any, content_type: str) -> None:
    response = client.post("/api/v1/tips", data="area=gislaved&text=hej", content_type=content_type)

    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"
    assert stored_tips(app) == 0


def test_body_over_the_size_cap_gets_413(make_app: Any) -> None:
    app = make_app(MAX_CONTENT_LENGTH=2048)
    response = app.test_client().post("/api/v1/tips", json=tip_body(text="å" * 3000))

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert stored_tips(app) == 0


def test_json_array_instead_of_object_gets_422(client: Any) -> None:
    response = client.post("/api/v1/tips", json=["gislaved", "text"])

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["_schema"] == ["Invalid input type."]


def test_nan_coordinates_are_rejected(client: Any) -> None:
    response = client.post(
        "/api/v1/tips",
        data='{"area": "gislaved", "text": "Det lyser inte alls här", '
        '"location": {"lat": NaN, "lon": 13.5}}',
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "location" in response.get_json()["error"]["fields"]
