"""Malformed bodies against every write endpoint: a 4xx in the envelope and nothing stored."""

from __future__ import annotations

import pytest

from tests.hostile.checks import assert_answered, assert_json_error, send
from tests.hostile.corpus import BODIES, PHOTO_BODIES, WRITES

READING = [write for write in WRITES if write.body is not None]
RAW = [write for write in WRITES if write.raw]
IGNORING = [write for write in WRITES if write.body is None and not write.raw]

UNSUPPORTED = {"form_encoded", "text_plain", "no_content_type", "multipart", "json_patch"}
NOT_AN_OBJECT = {"array", "string", "null"}


def expected_status(name: str) -> set[int]:
    if name in UNSUPPORTED:
        return {415}
    if name == "too_large":
        return {413}
    if name in ("nul_in_key", "nan", "infinity", "float_overflow"):
        return {422}  # NaN and the like are refused by the fields (here: an unknown one)
    if name in NOT_AN_OBJECT:
        return {400, 422}
    return {400}


@pytest.mark.parametrize("name", list(BODIES))
@pytest.mark.parametrize("write", READING, ids=lambda write: write.id)
def test_malformed_body_is_refused_in_the_envelope_and_stores_nothing(
    world, write, name: str
) -> None:
    build, content_type = BODIES[name]
    headers = write.headers(world)
    data = build(write.body(world))
    before = world.state()

    response = send(world, write, headers, data=data, content_type=content_type)

    error = assert_json_error(response, *expected_status(name))
    if response.status_code == 400 and name not in NOT_AN_OBJECT:
        assert error["code"] == "invalid_json"
    assert world.state() == before


@pytest.mark.parametrize("name", list(BODIES) + list(PHOTO_BODIES))
@pytest.mark.parametrize("write", RAW, ids=lambda write: write.id)
def test_photo_upload_of_anything_but_an_image_is_refused(world, write, name: str) -> None:
    if name in BODIES:
        build, content_type = BODIES[name]
        data = build({})
    else:
        data, content_type = PHOTO_BODIES[name]
    headers = write.headers(world)
    before = world.state()

    response = send(world, write, headers, data=data, content_type=content_type)

    assert_json_error(response)
    assert world.state() == before


@pytest.mark.parametrize("name", list(BODIES))
@pytest.mark.parametrize("write", IGNORING, ids=lambda write: write.id)
def test_route_without_a_body_answers_in_json_whatever_is_sent(world, write, name: str) -> None:
    """Logout, publish and delete read no body: a JSON one is ignored, any other is a 415."""
    build, content_type = BODIES[name]
    headers = write.headers(world)

    response = send(world, write, headers, data=build({}), content_type=content_type)

    assert_answered(response)
    if name in UNSUPPORTED - {"no_content_type"} and write.method != "DELETE":
        assert response.status_code == 415
