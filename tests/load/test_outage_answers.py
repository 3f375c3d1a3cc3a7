"""What a phone hears while the database or Redis is unreachable: a quick 503 it may retry
after the service's own Retry-After, or its tip taken anyway; never a hang."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from tests.factories import new_key, send_tip, tip_body
from tipsapp import DATABASE_CONNECT_TIMEOUT_SECONDS, create_app
from tipsapp.errors import DATABASE_RETRY_AFTER_SECONDS
from tipsapp.extensions import db


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers: a frozen host or a lost network."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


def answered_within(seconds: float, call: Any) -> Any:
    """The call's result, or a failure if it has not returned after ``seconds`` (a hang)."""
    result: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: result.update(value=call()), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    assert "value" in result, f"no answer after {seconds} s"
    result["elapsed"] = time.monotonic() - started
    return result


def test_database_outage_asks_for_the_services_retry_after_not_the_rate_limit_window(
    client: Any, monkeypatch: Any
) -> None:
    def down(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr("tipsapp.tips.service.submit_tip", down)
    response = send_tip(client, new_key())

    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)


def test_stored_tip_carries_no_retry_after_but_keeps_the_limit_headers(client: Any) -> None:
    response = send_tip(client, new_key())

    assert response.status_code == 201
    assert "Retry-After" not in response.headers
    assert "X-RateLimit-Remaining" in response.headers


def test_rate_limited_tip_keeps_the_limiters_retry_after(make_app: Any) -> None:
    client = make_app(RATELIMIT_TIPS="1 per minute").test_client()
    send_tip(client, new_key())
    refused = send_tip(client, new_key())

    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_unanswering_database_gets_a_503_within_seconds_not_a_hang(
    silent_port: int, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("TIPSAPP_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {
            "TIPSAPP_ENV": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hmac",
            "SQLALCHEMY_DATABASE_URI": f"postgresql://tipsapp@127.0.0.1:{silent_port}/tipsapp",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    client = app.test_client()
    try:
        answer = answered_within(
            DATABASE_CONNECT_TIMEOUT_SECONDS + 10,
            lambda: client.post(
                "/api/v1/tips", json=tip_body(), headers={"Idempotency-Key": new_key()}
            ),
        )
    finally:
        with app.app_context():
            db.engine.dispose()

    response = answer["value"]
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)


def test_unanswering_redis_still_takes_the_tip_within_seconds(
    make_app: Any, silent_port: int
) -> None:
    client = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{silent_port}/0").test_client()

    answer = answered_within(15, lambda: send_tip(client, new_key()))

    assert answer["value"].status_code == 201
    assert answer["elapsed"] < 10
