"""Tips and walk syncs under gunicorn survive SIGKILLs of Redis and PostgreSQL, and their
deliveries arrive exactly once though the SMTP server and a `flask worker` are killed too
(bench/load.py).

A shorter run of the benchmark: about 25 s of load, Redis killed and restarted, then the SMTP
server, a delivery worker and PostgreSQL. It uses its own PostgreSQL cluster and Redis on
spare ports, never the shared ones, so it runs once per CI run: in the SQLite pass, skipped
when TEST_DATABASE_URL is set.
Without the server binaries it skips, except under CI=true, where it fails.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.load.conftest import skip_unless_runnable

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))

import load as load_bench  # noqa: E402

LOAD_SECONDS = 25


@pytest.fixture(scope="module")
def figures() -> Any:
    skip_unless_runnable("fault run", load_bench.missing_servers())
    result = load_bench.run(seconds=LOAD_SECONDS, tip_clients=4, sync_clients=2, down=3.0)
    print(load_bench.report(result))
    return result


def test_nothing_acknowledged_is_lost(figures: Any) -> None:
    assert figures.tips.acknowledged > 0
    assert figures.observations.acknowledged > 0
    assert figures.lost == 0
    assert figures.tips.stored == figures.tips.acknowledged
    assert figures.observations.stored == figures.observations.acknowledged


def test_retries_never_duplicate(figures: Any) -> None:
    assert figures.dropped > 0  # some answers were never read: those retries meet stored work
    assert figures.tips.replayed + figures.observations.replayed > 0
    assert figures.duplicated == 0


def test_database_down_answers_503_with_retry_after_never_500_or_a_hang(figures: Any) -> None:
    assert figures.statuses.get(503, 0) > 0  # the outage was seen, and answered as such
    assert figures.server_errors_not_503 == 0, load_bench.report(figures)
    assert figures.bad_503 == 0
    assert figures.timeouts == 0
    assert figures.app_errors == [], load_bench.report(figures)


def test_every_request_is_answered_in_the_end(figures: Any) -> None:
    assert figures.rejected == []
    assert figures.tips.sent == figures.tips.acknowledged
    assert figures.observations.sent == figures.observations.acknowledged


def test_service_recovers_after_each_restart_without_restarting_gunicorn(figures: Any) -> None:
    by_service = {fault.service: fault for fault in figures.faults}
    assert set(by_service) == {"Redis", "SMTP", "worker", "PostgreSQL"}
    for fault in figures.faults:
        assert fault.first_201_after_restart is not None, fault
    assert figures.workers_booted == load_bench.WORKERS  # none died, none was restarted


def test_redis_down_keeps_tips_flowing_and_the_limiter_returns_to_redis(figures: Any) -> None:
    redis = next(fault for fault in figures.faults if fault.service == "Redis")
    assert figures.workers_on_redis_before == load_bench.WORKERS, load_bench.report(figures)
    assert redis.failures_while_down == 0
    assert redis.limiter_all_workers is not None


def test_every_event_arrives_exactly_once_by_delivery_id(figures: Any) -> None:
    delivery = figures.delivery
    assert delivery.events["webhook"] == figures.tips.stored + figures.observations.stored
    assert delivery.events["notify.email"] == delivery.events["notify.urgent_item"] > 0
    assert delivery.items_without_event == 0
    assert delivery.pending == 0  # drained within the settling time
    assert delivery.delivered == sum(delivery.events.values())
    assert delivery.dead == 0
    assert delivery.lost == 0
    assert delivery.undelivered == 0
    assert delivery.distinct == delivery.expected  # every webhook and mail arrived
    assert delivery.split == 0  # none under a second id
    assert delivery.duplicates_kept == 0  # a resend (same id) is dropped by the receiver
    assert delivery.unknown == 0
    assert delivery.bad_signatures == 0


def test_the_mail_server_back_gets_mail_again(figures: Any) -> None:
    assert figures.delivery.smtp_first_arrival_after_restart is not None
