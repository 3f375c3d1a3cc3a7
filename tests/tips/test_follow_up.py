"""A resident follows a tip up with reference and receipt, and learns nothing otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import send_tip


def status(client: Any, reference: str, receipt: str, **headers: str) -> Any:
    return client.post(
        "/api/v1/tips/status", json={"reference": reference, "receipt": receipt}, headers=headers
    )


def test_follow_up_shows_status_and_no_messages_yet(client: Any) -> None:
    receipt = send_tip(client).get_json()

    response = status(client, receipt["reference"], receipt["receipt"])

    assert response.status_code == 200
    assert response.get_json() == {
        "reference": receipt["reference"],
        "status": "received",
        "status_label": "Mottaget",
        "handed_over": False,
        "messages": [],
        "fixed": [],
    }


def test_follow_up_accepts_codes_typed_sloppily(client: Any) -> None:
    receipt = send_tip(client).get_json()
    sloppy_reference = receipt["reference"].lower().replace("-", " ")
    sloppy_receipt = receipt["receipt"].lower().replace("-", "")

    assert status(client, sloppy_reference, sloppy_receipt).status_code == 200


def test_follow_up_label_follows_accept_language(client: Any) -> None:
    receipt = send_tip(client).get_json()
    response = status(client, receipt["reference"], receipt["receipt"], **{"Accept-Language": "en"})
    assert response.get_json()["status_label"] == "Received"


def test_wrong_receipt_and_unknown_reference_get_the_same_404(client: Any) -> None:
    receipt = send_tip(client).get_json()

    wrong_receipt = status(client, receipt["reference"], "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
    unknown_reference = status(client, "T-2222-3333", receipt["receipt"])

    assert wrong_receipt.status_code == unknown_reference.status_code == 404
    assert wrong_receipt.get_json() == unknown_reference.get_json()
    assert wrong_receipt.get_json()["error"]["code"] == "tip_not_found"


def test_receipt_in_the_url_is_not_an_accepted_way_in(client: Any) -> None:
    receipt = send_tip(client).get_json()
    response = client.get(
        f"/api/v1/tips/status?reference={receipt['reference']}&receipt={receipt['receipt']}"
    )
    assert response.status_code == 405


@pytest.mark.parametrize("body", [{}, {"reference": "T-2222-3333"}, {"receipt": "x"}])
def test_follow_up_without_both_codes_gets_422(client: Any, body: dict[str, str]) -> None:
    response = client.post("/api/v1/tips/status", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


def test_follow_up_is_rate_limited_hard(make_app: Any) -> None:
    app = make_app(RATELIMIT_TIP_STATUS="3 per minute")
    client = app.test_client()

    answers = [status(client, "T-2222-3333", "guess").status_code for _ in range(4)]

    assert answers == [404, 404, 404, 429]
