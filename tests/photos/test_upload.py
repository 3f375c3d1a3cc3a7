"""Uploading a photo to a tip: formats judged by the bytes, limits, idempotency, the receipt."""

from __future__ import annotations

import uuid
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.photos import images
from tests.photos.conftest import BOTH_STORES, Tip, photo_rows, stored_files, stored_photos
from tests.tips.test_anonymity import database_dump


def error_of(response: Any) -> tuple[int, str]:
    assert response.mimetype == "application/json"
    body = response.get_json()["error"]
    assert body["message"]
    return body["status"], body["code"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (images.encoded(images.picture(), "JPEG"), "image/jpeg"),
        (images.encoded(images.picture(), "PNG"), "image/png"),
        (images.encoded(images.picture(), "PNG"), "image/jpeg"),  # mislabelled but a PNG
        (images.encoded(images.picture(), "WEBP"), "image/webp"),
        (images.encoded(images.picture(), "WEBP"), "application/octet-stream"),
        (images.encoded(images.picture(mode="L"), "JPEG"), "image/jpeg"),
    ],
    ids=["jpeg", "png", "png-as-jpeg", "webp", "webp-as-octet-stream", "greyscale-jpeg"],
)
def test_jpeg_png_and_webp_are_accepted_whatever_the_declared_type(
    tip: Tip, data: bytes, content_type: str
) -> None:
    response = tip.upload(data, content_type=content_type)

    assert response.status_code == 201, response.get_json()
    photo = response.get_json()
    assert photo["media_type"] == "image/jpeg"
    assert (photo["width"], photo["height"]) == (96, 64)


def test_phone_multi_picture_jpeg_is_accepted(tip: Tip) -> None:
    mpo = images.encoded(
        images.picture(), "MPO", save_all=True, append_images=[images.picture((48, 32))]
    )

    assert tip.upload(mpo).status_code == 201


@pytest.mark.parametrize(
    "data",
    [images.GIF, images.SVG, images.PDF, images.TEXT, b"\xff\xd8\xff" + b"\x00" * 10],
    ids=["gif", "svg", "pdf", "text", "jpeg-magic-only"],
)
def test_other_content_is_refused_with_415_even_when_declared_jpeg(
    photo_app: Any, tip: Tip, photo_dir: Path, data: bytes
) -> None:
    response = tip.upload(data, content_type="image/jpeg")

    assert error_of(response) == (415, "unsupported_media_type")
    assert photo_rows(photo_app) == []
    assert stored_files(photo_dir) == []


def test_truncated_jpeg_is_refused_as_unreadable(photo_app: Any, tip: Tip, photo_dir: Path) -> None:
    whole = images.encoded(images.picture((400, 300)), "JPEG")

    response = tip.upload(whole[: len(whole) // 2])

    assert error_of(response) == (422, "image_unreadable")
    assert stored_files(photo_dir) == []


def test_empty_body_is_refused(tip: Tip) -> None:
    assert error_of(tip.upload(b"")) == (400, "empty_body")


def test_upload_over_photo_max_bytes_is_refused_with_413(make_app: Any, photo_dir: Path) -> None:
    app = make_app(PHOTO_DIR=str(photo_dir), PHOTO_MAX_BYTES=100_000)
    tip = Tip(app.test_client())

    response = tip.upload(images.noisy_png((200, 200)), content_type="image/png")

    assert len(images.noisy_png((200, 200))) > 100_000
    assert error_of(response) == (413, "payload_too_large")
    assert photo_rows(app) == []
    assert stored_files(photo_dir) == []


def test_photo_larger_than_the_json_body_limit_is_accepted(photo_app: Any, tip: Tip) -> None:
    data = images.noisy_png((200, 200))
    assert len(data) > photo_app.config["MAX_CONTENT_LENGTH"]

    response = tip.upload(data, content_type="image/png")

    assert response.status_code == 201, response.get_json()


def test_json_endpoints_keep_their_small_body_limit(photo_client: Any) -> None:
    response = photo_client.post(
        "/api/v1/tips/status",
        data=b'{"reference": "' + b"x" * 100_000 + b'"}',
        content_type="application/json",
    )

    assert error_of(response) == (413, "payload_too_large")


@pytest.mark.parametrize(
    ("width", "height"),
    [(10_000, 10_000), (1_200, 1_000)],
    ids=["far-over-the-limit", "just-over-the-limit"],
)
def test_decompression_bomb_is_refused_with_422_and_nothing_stored(
    make_app: Any, photo_dir: Path, width: int, height: int
) -> None:
    app = make_app(PHOTO_DIR=str(photo_dir), PHOTO_MAX_PIXELS=1_000_000)
    tip = Tip(app.test_client())
    bomb = images.png_declaring(width, height)
    assert len(bomb) < 100

    response = tip.upload(bomb, content_type="image/png")

    assert error_of(response) == (422, "image_too_large")
    assert photo_rows(app) == []
    assert stored_files(photo_dir) == []


def test_real_image_over_the_pixel_limit_is_refused(make_app: Any, photo_dir: Path) -> None:
    from PIL import Image

    app = make_app(PHOTO_DIR=str(photo_dir), PHOTO_MAX_PIXELS=1_000_000)
    tip = Tip(app.test_client())
    # 4000 x 4000 of one colour: 16 megapixels in a few kilobytes.
    solid = images.encoded(Image.new("RGB", (4000, 4000), (40, 90, 160)), "PNG")

    response = tip.upload(solid, content_type="image/png")

    assert error_of(response) == (422, "image_too_large")
    assert stored_files(photo_dir) == []


def test_pixel_guard_leaves_pillow_and_the_warning_filters_as_they_were(
    make_app: Any, photo_dir: Path
) -> None:
    from PIL import Image

    app = make_app(PHOTO_DIR=str(photo_dir), PHOTO_MAX_PIXELS=1_000_000)
    tip = Tip(app.test_client())
    limit_before = Image.MAX_IMAGE_PIXELS
    filters_before = list(warnings.filters)

    tip.upload(images.png_declaring(1_200, 1_000), content_type="image/png")
    tip.upload(images.encoded(images.picture(), "JPEG"))

    assert limit_before == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters_before


def test_pixel_guard_does_not_depend_on_the_callers_warning_filters(
    make_app: Any, photo_dir: Path
) -> None:
    app = make_app(PHOTO_DIR=str(photo_dir), PHOTO_MAX_PIXELS=1_000_000)
    tip = Tip(app.test_client())

    # As in production: warnings are not errors, and Pillow's would only be printed.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        response = tip.upload(images.png_declaring(1_200, 1_000), content_type="image/png")

    assert error_of(response) == (422, "image_too_large")
    assert caught == []


@BOTH_STORES
def test_repeat_upload_answers_200_with_the_same_photo_and_stores_it_once(
    photo_app: Any, tip: Tip, photo_dir: Path
) -> None:
    client_uuid = str(uuid.uuid4())
    data = images.jpeg_with_gps_and_comment()

    first = tip.upload(data, client_uuid)
    again = tip.upload(data, client_uuid)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert len(photo_rows(photo_app)) == 1
    assert stored_photos(photo_app, photo_dir) == 2  # the photo and its thumbnail


@BOTH_STORES
def test_concurrent_twin_that_loses_the_insert_is_answered_as_a_repeat(
    photo_app: Any, tip: Tip, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipsapp.photos import service

    client_uuid = str(uuid.uuid4())
    data = images.encoded(images.picture(), "JPEG")
    first = tip.upload(data, client_uuid)
    real_lookup = service._by_client_uuid
    lookups: list[str] = []

    def twin_not_yet_committed(value: str) -> Any:
        # The twin's first look happens before the winner commits: it sees nothing.
        lookups.append(value)
        return None if len(lookups) == 1 else real_lookup(value)

    monkeypatch.setattr(service, "_by_client_uuid", twin_not_yet_committed)
    twin = tip.upload(data, client_uuid)

    assert (first.status_code, twin.status_code) == (201, 200)
    assert twin.get_json() == first.get_json()
    assert len(lookups) == 2
    assert len(photo_rows(photo_app)) == 1


@BOTH_STORES
def test_same_picture_under_two_uuids_is_two_photos_sharing_one_file(
    photo_app: Any, tip: Tip, photo_dir: Path
) -> None:
    data = images.encoded(images.picture(), "PNG")

    first = tip.upload(data)
    second = tip.upload(data)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.get_json()["id"] != second.get_json()["id"]
    assert len(photo_rows(photo_app)) == 2
    assert stored_photos(photo_app, photo_dir) == 2


def test_same_uuid_with_other_bytes_is_a_conflict(photo_app: Any, tip: Tip) -> None:
    client_uuid = str(uuid.uuid4())
    assert tip.upload(images.encoded(images.picture(), "JPEG"), client_uuid).status_code == 201

    response = tip.upload(images.encoded(images.picture((64, 64)), "JPEG"), client_uuid)

    assert error_of(response) == (409, "photo_conflict")
    assert len(photo_rows(photo_app)) == 1


def test_same_uuid_on_another_tip_is_a_conflict(photo_app: Any, photo_client: Any) -> None:
    client_uuid = str(uuid.uuid4())
    data = images.encoded(images.picture(), "JPEG")
    first, other = Tip(photo_client), Tip(photo_client)
    assert first.upload(data, client_uuid).status_code == 201

    response = other.upload(data, client_uuid)

    assert error_of(response) == (409, "photo_conflict")
    (row,) = photo_rows(photo_app)
    assert row.client_uuid == client_uuid


@pytest.mark.parametrize("receipt", ["WRONG-RECEIPT-0000", ""])
def test_wrong_or_missing_receipt_stores_nothing(
    photo_app: Any, tip: Tip, photo_dir: Path, receipt: str
) -> None:
    response = tip.upload(images.encoded(images.picture(), "JPEG"), receipt=receipt)

    if receipt:
        assert error_of(response) == (404, "tip_not_found")
    else:
        assert error_of(response) == (422, "validation_failed")
        assert "X-Tip-Receipt" in response.get_json()["error"]["fields"]
    assert photo_rows(photo_app) == []
    assert stored_files(photo_dir) == []


def test_unknown_reference_answers_like_a_wrong_receipt(photo_client: Any, tip: Tip) -> None:
    wrong_receipt = tip.upload(images.GIF, receipt="WRONG-RECEIPT-0000")
    tip.reference = "T-AAAA-AAAA"

    unknown = tip.upload(images.GIF)

    assert wrong_receipt.get_json() == unknown.get_json()
    assert error_of(unknown) == (404, "tip_not_found")


def test_receipt_in_the_url_is_not_accepted(photo_app: Any, tip: Tip, photo_dir: Path) -> None:
    response = tip.upload(
        images.encoded(images.picture(), "JPEG"),
        receipt="",
        query_string={"receipt": tip.receipt, "X-Tip-Receipt": tip.receipt},
    )

    assert response.status_code == 422
    assert photo_rows(photo_app) == []
    assert stored_files(photo_dir) == []


def test_client_uuid_must_be_a_uuid(tip: Tip) -> None:
    response = tip.upload(images.encoded(images.picture(), "JPEG"), client_uuid="photo-1")

    assert error_of(response) == (422, "validation_failed")
    assert "client_uuid" in response.get_json()["error"]["fields"]


def test_uploads_are_rate_limited_per_network(make_app: Any, photo_dir: Path) -> None:
    app = make_app(PHOTO_DIR=str(photo_dir), RATELIMIT_PHOTOS="2 per minute")
    tip = Tip(app.test_client())

    answers = [tip.upload(images.GIF, receipt="WRONG-RECEIPT-0000") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [404, 404, 429]
    assert error_of(answers[-1]) == (429, "rate_limited")
    assert "Retry-After" in answers[-1].headers


def test_upload_stores_no_trace_of_the_uploader(photo_app: Any, tip: Tip) -> None:
    traces = ("203.0.113.77", "SM-J530F-UNIQUE-DEVICE-4711", "IMG_20240501_secret.jpg")
    response = tip.upload(
        images.jpeg_with_gps_and_comment(),
        headers={
            "X-Forwarded-For": traces[0],
            "User-Agent": f"Mozilla/5.0 (Linux; Android 9; {traces[1]})",
            "Content-Disposition": f'attachment; filename="{traces[2]}"',
        },
        environ_base={"REMOTE_ADDR": "127.0.0.9"},
    )

    assert response.status_code == 201
    dump = database_dump(photo_app)
    for trace in (*traces, "127.0.0.9", images.CAMERA):
        assert trace not in dump
    (row,) = photo_rows(photo_app)
    assert (row.created_at.second, row.created_at.microsecond) == (0, 0)
