"""Two app hosts behind HAProxy, PostgreSQL through pgbouncer in transaction pooling, one Redis:
tips, photos and walk syncs survive a SIGKILL of one host, a photo taken by one host is served
by the other, and a client alternating hosts is counted once (bench/scaleout.py --short).

It starts its own PostgreSQL, pgbouncer, Redis and HAProxy on spare ports, never the shared
ones, so it runs once per CI run: in the SQLite pass, skipped when TEST_DATABASE_URL is set.
Without the server binaries it skips, except under CI=true, where it fails (.ci/run installs
haproxy and pgbouncer with apt-get when they are missing).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.load.conftest import skip_unless_runnable

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))

import scaleout  # noqa: E402

LOAD_SECONDS = 20


@pytest.fixture(scope="module")
def figures() -> Any:
    skip_unless_runnable("scale-out run", scaleout.missing_servers())
    result = scaleout.run(
        seconds=LOAD_SECONDS, tip_clients=3, photo_clients=2, sync_clients=2, measure_photo=False
    )
    print(scaleout.report(result))
    return result


def test_a_host_killed_mid_load_loses_and_doubles_nothing(figures: Any) -> None:
    for kind in (figures.tips, figures.observations, figures.photos):
        assert kind.acknowledged > 0
        assert kind.sent == kind.acknowledged  # every request answered in the end
        assert kind.stored == kind.acknowledged
    assert figures.lost == 0
    assert figures.duplicated == 0
    assert figures.rejected == []


def test_clients_never_see_a_server_error_other_than_503(figures: Any) -> None:
    assert figures.server_errors_not_503 == 0
    assert figures.bad_503 == 0
    assert figures.app_errors == []


def test_the_killed_host_serves_again_after_its_restart(figures: Any) -> None:
    assert figures.kill.back_in_haproxy is not None
    assert all(served > 0 for served in figures.served_by.values())


def test_a_photo_uploaded_through_one_host_is_read_through_the_other(figures: Any) -> None:
    if figures.photo_proof.status == "pending":
        pytest.skip(figures.photo_proof.detail)
    assert figures.photo_proof.status == "proved", figures.photo_proof.detail


def test_a_client_alternating_hosts_meets_its_limit_at_the_combined_count(figures: Any) -> None:
    proof = figures.limit_proof
    assert {host for host, _status in proof.statuses} == {"host1", "host2"}
    assert proof.first_429 == proof.limit + 1
    assert all(status == 429 for _host, status in proof.statuses[proof.limit :])
