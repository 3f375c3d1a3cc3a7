"""A load balancer asks each host two things: does the process answer, and can it serve."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from tipsapp.ops.health import Readiness

DEVICE_AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J530F-UNIQUE-DEVICE-4711)"
CLIENT_ADDRESS = "203.0.113.77"
DSN_TEXT = 'connection to server at "db.internal" (10.9.8.7), port 5432 failed: tipsapp'


def refuse(*_args: Any, **_kwargs: Any) -> None:
    raise OperationalError("SELECT 1", {}, Exception(DSN_TEXT))


def test_healthz_answers_ok_and_sets_no_cookie(client: Any) -> None:
    response = client.get("/healthz?lang=en")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_the_database_answers(client: Any) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}
    assert "Set-Cookie" not in response.headers


def test_readyz_names_the_database_when_it_is_down_without_its_address(
    client: Any, monkeypatch: Any, captured_logs: Any
) -> None:
    monkeypatch.setattr(Readiness, "_database", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json() == {"status": "not_ready", "checks": {"database": "down"}}
    assert "db.internal" not in response.get_data(as_text=True)
    assert "readiness: database unavailable (OperationalError)" in captured_logs.text
    assert "db.internal" not in captured_logs.text and "10.9.8.7" not in captured_logs.text


def test_readyz_names_redis_when_it_is_configured_and_down(make_app: Any) -> None:
    # Nothing listens on port 1.
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "redis": "down"}


def test_a_hanging_database_costs_a_probe_one_second_and_later_probes_nothing(
    client: Any, monkeypatch: Any
) -> None:
    release = threading.Event()
    calls: list[int] = []

    def hang(_self: Any) -> None:
        calls.append(1)
        release.wait(10)

    monkeypatch.setattr(Readiness, "_database", hang)
    try:
        started = time.monotonic()
        first = client.get("/readyz")
        first_took = time.monotonic() - started
        started = time.monotonic()
        second = client.get("/readyz")
        second_took = time.monotonic() - started
    finally:
        release.set()

    assert (first.status_code, second.status_code) == (503, 503)
    assert 0.9 < first_took < 2.0
    assert second_took < 0.5  # the first check still hangs: no second thread behind it
    assert len(calls) == 1


def test_probes_are_never_rate_limited(make_app: Any) -> None:
    client = make_app(RATELIMIT_DEFAULT="2 per minute").test_client()

    answers = [client.get(path).status_code for path in ("/healthz", "/readyz") * 4]

    assert answers == [200] * 8
    assert client.get("/api/v1/areas").status_code == 200  # the default limit does apply...
    client.get("/api/v1/areas")
    assert client.get("/api/v1/areas").status_code == 429  # ...to everything else


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_operations_endpoints_log_no_address_or_user_agent(
    make_app: Any, monkeypatch: Any, captured_logs: Any, path: str
) -> None:
    monkeypatch.setattr(Readiness, "_database", refuse)  # a failing check logs too
    client = make_app(METRICS_TOKEN="scrape-token-0123456789").test_client()

    response = client.get(
        path,
        headers={
            "User-Agent": DEVICE_AGENT,
            "X-Forwarded-For": CLIENT_ADDRESS,
            "Authorization": "Bearer scrape-token-0123456789",
        },
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )

    assert response.status_code in {200, 503}
    assert "Set-Cookie" not in response.headers
    for trace in (CLIENT_ADDRESS, "10.1.2.3", "SM-J530F-UNIQUE-DEVICE-4711"):
        assert trace not in captured_logs.text
        assert trace not in response.get_data(as_text=True)
