"""The receipt view's QR code: drawn on the server from the POST body, nothing kept."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import segno

from tests.factories import send_tip
from tests.traces import database_dump
from tipsapp.resident.pages import receipt_link

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
    ("lang", "title"),
    [
        ("sv", "QR-kod med referensen och kvittot"),
        ("en", "QR code with the reference and the receipt"),
    ],
)
def test_the_qr_code_holds_a_link_to_the_follow_up_with_the_receipt_in_its_fragment(
    make_app: Any, lang: str, title: str
) -> None:
    app = make_app(PUBLIC_URL="https://tips.example.se")
    client = app.test_client()
    sent = send_tip(client).get_json()

    response = client.post(
        f"{QR_PATH}?lang={lang}", json={"reference": sent["reference"], "receipt": sent["receipt"]}
    )

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    # No QR decoder is installed: the drawing must be segno's for exactly this link.
    link = f"https://tips.example.se/uppfoljning#ref={sent['reference']}&receipt={sent['receipt']}"
    assert response.data == expected_svg(link, title)
    assert (
        b"<script" not in response.data and b'xmlns="http://www.w3.org/2000/svg"' in response.data
    )


def test_the_link_carries_reference_and_receipt_only_in_the_fragment(app: Any) -> None:
    reference, receipt = "T-7K3Q-9XPA", "-".join(["ABCD"] * 7)

    with app.test_request_context():
        link = urlsplit(receipt_link(reference, receipt))

    assert f"{link.scheme}://{link.netloc}" == app.config["PUBLIC_URL"]
    assert link.path == "/uppfoljning"
    assert link.query == ""  # what a server would see: nothing of the tip
    assert parse_qs(link.fragment) == {"ref": [reference], "receipt": [receipt]}
    assert reference not in link.path + link.query and receipt not in link.path + link.query


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
