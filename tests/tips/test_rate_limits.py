"""Limits protect the service without identifying anyone, and never block tips on failure."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.factories import send_tip, tip_body


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


def test_without_redis_each_process_hashes_with_its_own_daily_key() -> None:
    from tipsapp.security.client_key import DailyKey, _local_key, _today

    assert DailyKey("memory://", "secret").today() == _local_key(_today())


def test_while_redis_is_down_a_process_falls_back_to_its_own_key(captured_logs: Any) -> None:
    from tipsapp.security.client_key import DailyKey, _local_key, _today

    # Nothing listens on port 1.
    assert DailyKey("redis://127.0.0.1:1/0", "secret").today() == _local_key(_today())
    assert "rate-limit seed: Redis unavailable (ConnectionError)" in captured_logs.text


@pytest.fixture
def redis_store() -> Any:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set")
    import redis

    store = redis.Redis.from_url(url)
    store.flushdb()
    yield url, store
    store.flushdb()


@pytest.mark.redis
def test_two_hosts_on_one_redis_count_one_client_once(
    make_app: Any, redis_store: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    url, _store = redis_store
    hosts = []
    for name in ("host-a", "host-b"):
        # Each host has its own instance folder, as two machines would.
        monkeypatch.setenv("TIPSAPP_INSTANCE_PATH", str(tmp_path / name))
        hosts.append(
            make_app(RATELIMIT_STORAGE_URI=url, RATELIMIT_TIPS="3 per minute").test_client()
        )

    from tipsapp.security import client_key

    # Two machines: each has its own process seed (one test process plays both in turn).
    seeds = [b"a" * 32, b"b" * 32]
    answers = []
    for n in range(4):
        monkeypatch.setattr(client_key, "_PROCESS_SEED", seeds[n % 2])
        answer = hosts[n % 2].post(
            "/api/v1/tips", json=tip_body(), environ_base={"REMOTE_ADDR": "198.51.100.23"}
        )
        answers.append(answer.status_code)

    assert answers == [201, 201, 201, 429]
    # The shared key was never written to either host's disk.
    assert [p for name in ("host-a", "host-b") for p in (tmp_path / name).iterdir()] == []


@pytest.mark.redis
def test_the_shared_seed_is_random_kept_with_an_expiry_and_not_the_key_itself(
    make_app: Any, redis_store: Any
) -> None:
    from tipsapp.security.client_key import SEED_KEY_PREFIX, DailyKey, _today

    url, store = redis_store
    first = DailyKey(url, "secret-one").today()
    seed = store.get(SEED_KEY_PREFIX + _today())

    assert seed is not None and len(seed) == 32
    assert 0 < store.ttl(SEED_KEY_PREFIX + _today()) <= 2 * 24 * 60 * 60
    assert DailyKey(url, "secret-one").today() == first  # another process: the same key
    assert seed not in first
    # Whoever reads Redis without SECRET_KEY cannot rebuild the key from the seed.
    assert DailyKey(url, "secret-two").today() != first
    # A lost seed (eviction, a new Redis) is made again at random: counts restart.
    store.flushdb()
    assert DailyKey(url, "secret-one").today() != first


@pytest.mark.redis
def test_a_process_that_started_without_redis_joins_the_shared_key_later(
    redis_store: Any, monkeypatch: Any
) -> None:
    import redis

    from tipsapp.security import client_key
    from tipsapp.security.client_key import SEED_RETRY_SECONDS, DailyKey, _local_key, _today

    url, _store = redis_store
    clock = [1000.0]
    monkeypatch.setattr(client_key.time, "monotonic", lambda: clock[0])
    real_execute = redis.client.Pipeline.execute

    def down(*_args: Any, **_kwargs: Any) -> Any:
        raise redis.ConnectionError("down")

    late = DailyKey(url, "secret")
    monkeypatch.setattr(redis.client.Pipeline, "execute", down)
    assert late.today() == _local_key(_today())  # Redis down at start: its own key

    monkeypatch.setattr(redis.client.Pipeline, "execute", real_execute)  # Redis is back
    assert late.today() == _local_key(_today())  # not asked again before the retry time
    clock[0] += SEED_RETRY_SECONDS + 1
    assert late.today() == DailyKey(url, "secret").today() != _local_key(_today())
