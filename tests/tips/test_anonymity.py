"""No address, user agent or other device trace of a resident is kept anywhere."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.factories import new_key, tip_body
from tests.traces import database_dump, sqlite_files
from tipsapp.security.client_key import anonymous_key_for, network_group

FORWARDED_ADDRESS = "203.0.113.77"
DEVICE_AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J530F-UNIQUE-DEVICE-4711)"
DEVICE_HEADERS = {
    "X-Forwarded-For": FORWARDED_ADDRESS,
    "User-Agent": DEVICE_AGENT,
    "X-Real-IP": FORWARDED_ADDRESS,
    "Forwarded": f"for={FORWARDED_ADDRESS}",
}
CLIENT_ADDRESS = "127.0.0.3"  # the served test connects from here; the server binds 127.0.0.2
TRACES = (FORWARDED_ADDRESS, "SM-J530F-UNIQUE-DEVICE-4711", CLIENT_ADDRESS, "10.1.2.3")


def test_tip_with_forwarded_for_and_user_agent_stores_neither(
    app: Any, client: Any, captured_logs: Any
) -> None:
    response = client.post(
        "/api/v1/tips",
        json=tip_body(),
        headers={**DEVICE_HEADERS, "Idempotency-Key": new_key()},
        environ_base={"REMOTE_ADDR": CLIENT_ADDRESS},
    )
    assert response.status_code == 201
    client.post(
        "/api/v1/tips/status",
        json={"reference": response.json["reference"], "receipt": response.json["receipt"]},
        headers=DEVICE_HEADERS,
        environ_base={"REMOTE_ADDR": CLIENT_ADDRESS},
    )

    dump = database_dump(app)
    raw = sqlite_files(app)
    for trace in TRACES:
        assert trace not in dump
        assert trace.encode() not in raw
        assert trace not in captured_logs.text


def test_failing_request_logs_no_device_trace(
    app: Any, client: Any, captured_logs: Any, monkeypatch: Any
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("tipsapp.tips.service.submit_tip", broken)
    response = client.post(
        "/api/v1/tips",
        json=tip_body(),
        headers=DEVICE_HEADERS,
        environ_base={"REMOTE_ADDR": CLIENT_ADDRESS},
    )

    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert "Traceback" not in response.get_data(as_text=True)
    assert "simulated failure" not in response.get_data(as_text=True)
    assert "RuntimeError" in captured_logs.text  # the failure is logged...
    for trace in TRACES:
        assert trace not in captured_logs.text  # ...but nothing about who sent it


def test_rate_limit_key_is_a_hash_not_the_address() -> None:
    key = anonymous_key_for(FORWARDED_ADDRESS)

    assert FORWARDED_ADDRESS not in key
    assert len(key) == 32
    assert key == anonymous_key_for(FORWARDED_ADDRESS)
    assert key != anonymous_key_for("203.0.113.78")


def test_rate_limit_key_changes_with_the_day(monkeypatch: Any) -> None:
    from datetime import UTC, datetime

    today = anonymous_key_for(FORWARDED_ADDRESS)
    monkeypatch.setattr(
        "tipsapp.security.client_key.utcnow", lambda: datetime(2030, 1, 2, tzinfo=UTC)
    )
    assert anonymous_key_for(FORWARDED_ADDRESS) != today


def test_ipv6_addresses_in_one_64_share_a_limit() -> None:
    assert network_group("2001:db8:1:2:aaaa::1") == network_group("2001:db8:1:2:bbbb::9")
    assert network_group("2001:db8:1:3::1") != network_group("2001:db8:1:2::1")
    assert network_group("::ffff:198.51.100.7") == "198.51.100.7"


def test_forwarded_for_is_ignored_without_trusted_proxies(make_app: Any) -> None:
    app = make_app(RATELIMIT_TIPS="2 per minute")
    client = app.test_client()

    answers = [
        client.post(
            "/api/v1/tips", json=tip_body(), headers={"X-Forwarded-For": f"198.51.100.{n}"}
        ).status_code
        for n in range(3)
    ]
    # Same real peer, so a spoofed header does not buy new allowance.
    assert answers == [201, 201, 429]


def test_forwarded_for_is_used_behind_a_trusted_proxy(make_app: Any) -> None:
    app = make_app(RATELIMIT_TIPS="2 per minute", TRUSTED_PROXIES=1)
    client = app.test_client()

    answers = [
        client.post(
            "/api/v1/tips", json=tip_body(), headers={"X-Forwarded-For": f"198.51.100.{n}"}
        ).status_code
        for n in range(3)
    ]
    assert answers == [201, 201, 201]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served_app(migrated_database: str, instance_path: Path, app: Any) -> Any:
    """The real gunicorn with the project's gunicorn.conf.py, logs captured to a file."""
    root = Path(__file__).resolve().parents[2]
    port = free_port()
    log_path = instance_path / f"gunicorn-{port}.log"
    env = {
        **os.environ,
        "DATABASE_URL": migrated_database,
        "SECRET_KEY": "served-test-secret",
        "TIPSAPP_ENV": "testing",
        "TIPSAPP_BIND": f"127.0.0.2:{port}",
        "WEB_CONCURRENCY": "1",
        "TIPSAPP_LOG_LEVEL": "debug",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped at start:\n{log_path.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.2", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, log_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_access_and_error_logs_hold_no_address_or_user_agent(served_app: Any) -> None:
    port, log_path = served_app
    connection = http.client.HTTPConnection(
        "127.0.0.2", port, timeout=10, source_address=(CLIENT_ADDRESS, 0)
    )
    connection.request(
        "POST",
        "/api/v1/tips",
        body=json.dumps(tip_body()),
        headers={**DEVICE_HEADERS, "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    response.read()
    connection.request("GET", "/does-not-exist", headers=DEVICE_HEADERS)
    connection.getresponse().read()
    time.sleep(0.5)

    log = log_path.read_text()
    assert response.status == 201
    assert '"POST /api/v1/tips" 201' in log  # the access log is really written
    for trace in TRACES:
        assert trace not in log
