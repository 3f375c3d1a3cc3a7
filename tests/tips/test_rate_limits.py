"""Limits protect the service without identifying anyone, and never block tips on failure."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.factories import send_tip


def test_too_many_tips_get_429_json_with_retry_after(make_app: Any) -> None:
    client = make_app(RATELIMIT_TIPS="2 per minute").test_client()

    answers = [send_tip(client) for _ in range(3)]

    assert [a.status_code for a in answers] == [201, 201, 429]
    refused = answers[-1]
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert refused.get_json()["error"]["status"] == 429
    assert int(refused.headers["Retry-After"]) > 0


def test_tips_keep_coming_when_the_limit_store_is_down(make_app: Any) -> None:
    # Nothing listens on port 1: every call to the store fails.
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()

    assert [send_tip(client).status_code for _ in range(3)] == [201, 201, 201]


@pytest.mark.redis
def test_limits_are_counted_in_redis_under_a_hashed_key(make_app: Any) -> None:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set")
    import redis

    store = redis.Redis.from_url(url)
    store.flushdb()
    client = make_app(RATELIMIT_STORAGE_URI=url, RATELIMIT_TIPS="2 per minute").test_client()

    answers = [
        client.post(
            "/api/v1/tips",
            json={"area": "gislaved", "text": "Fortkörning på Jönköpingsvägen"},
            environ_base={"REMOTE_ADDR": "198.51.100.23"},
        ).status_code
        for _ in range(3)
    ]

    keys = [key.decode() for key in store.keys("*")]
    assert answers == [201, 201, 429]
    assert keys, "the limiter wrote nothing to Redis"
    assert not any("198.51.100.23" in key for key in keys)
    store.flushdb()
