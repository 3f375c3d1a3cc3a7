"""The receipt view's QR code: drawn on the server from the POST body, nothing kept."""

from __future__ import annotations

import io
from typing import Any

import pytest
import segno

from tests.factories import send_tip
from tests.traces import database_dump

QR_PATH = "/kvitto/qr.svg"


def expected_svg(text: str, title: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        out,
        kind="svg",
        scale=4,
        border=4,
        light="#fff",
        xmldecl=False,
        svgclass=None,
        lineclass=None,
        title=title,
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "labels", "title"),
    [
        ("sv", ("Referens", "Kvitto"), "QR-kod med referensen och kvittot"),
        ("en", ("Reference", "Receipt"), "QR code with the reference and the receipt"),
    ],
)
def test_the_qr_code_holds_the_reference_and_receipt_as_text(
    client: Any, lang: str, labels: tuple[str, str], title: str
) -> None:
    sent = send_tip(client).get_json()

    response = client.post(
        f"{QR_PATH}?lang={lang}", json={"reference": sent["reference"], "receipt": sent["receipt"]}
    )

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    text = f"{labels[0]}: {sent['reference']}\n{labels[1]}: {sent['receipt']}"
    assert response.data == expected_svg(text, title)
    assert (
        b"<script" not in response.data and b'xmlns="http://www.w3.org/2000/svg"' in response.data
    )


def test_drawing_the_qr_code_stores_and_logs_nothing(
    app: Any, client: Any, captured_logs: Any
) -> None:
    sent = send_tip(client).get_json()
    before = database_dump(app)

    client.post(QR_PATH, json={"reference": sent["reference"], "receipt": sent["receipt"]})

    assert database_dump(app) == before
    assert sent["receipt"] not in captured_logs.text


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"reference": "T-AAAA-BBBB"}, {"receipt": ["Inte ett giltigt kvitto."]}),
        (
            {"reference": "../etc", "receipt": 7, "extra": 1},
            {
                "reference": ["Inte en giltig referens."],
                "receipt": ["Inte ett giltigt kvitto."],
                "extra": ["Okänt fält."],
            },
        ),
    ],
)
def test_a_malformed_body_gets_a_json_422(
    client: Any, body: dict[str, Any], fields: dict[str, list[str]]
) -> None:
    response = client.post(QR_PATH, json=body, headers={"Accept-Language": "sv"})

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == fields


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [("[1, 2]", "application/json", 400), ("{", "application/json", 400), ("x", "text/plain", 415)],
)
def test_a_body_that_is_no_json_object_gets_a_json_error(
    client: Any, data: str, content_type: str, status: int
) -> None:
    response = client.post(QR_PATH, data=data, content_type=content_type)

    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


def test_the_receipt_is_never_taken_from_the_url(client: Any) -> None:
    response = client.get(QR_PATH)

    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
