"""Overlong and garbled headers on every write endpoint: a JSON answer, and nothing stored when
the answer is an error."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hostile.checks import assert_answered, assert_json_error, send
from tests.hostile.corpus import HEADERS, WRITES, Write

# The headers a write reads (cookies and proxies are the pages' concern: test_pages).
WRITE_HEADERS = [name for name in HEADERS if name not in ("long_cookie", "forwarded_for_garbage")]


@pytest.mark.parametrize("header", WRITE_HEADERS)
@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.id)
def test_hostile_header_on_a_write(world: Any, write: Write, header: str) -> None:
    headers = {**write.headers(world), **HEADERS[header]}
    data = b"\xff\xd8\xff\xe0" if write.raw else None
    content_type = "image/jpeg" if write.raw else "application/json"
    before = world.state()

    response = send(world, write, headers, data=data, content_type=content_type)

    assert_answered(response)
    if response.status_code >= 400:
        assert_json_error(response)
        assert world.state() == before
    if header in ("long_idempotency_key", "sql_idempotency_key") and write.rule == "/api/v1/tips":
        assert_json_error(response, 422)
