"""gunicorn.conf.py: production refuses per-worker rate limits; the start says where to go."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def server(workers: int) -> Any:
    messages: list[str] = []
    return SimpleNamespace(
        cfg=SimpleNamespace(workers=workers), log=SimpleNamespace(info=messages.append)
    ), messages


def test_production_refuses_memory_limits_with_several_workers(monkeypatch: Any) -> None:
    monkeypatch.setenv("TIPSAPP_ENV", "production")
    monkeypatch.delenv("TIPSAPP_RATELIMIT_STORAGE_URI", raising=False)
    conf = runpy.run_path(str(CONF))
    with pytest.raises(SystemExit, match="each would count limits on its own"):
        conf["on_starting"](server(2)[0])


def test_production_starts_with_redis_or_one_worker(monkeypatch: Any) -> None:
    monkeypatch.setenv("TIPSAPP_ENV", "production")
    conf = runpy.run_path(str(CONF))
    conf["on_starting"](server(1)[0])
    monkeypatch.setenv("TIPSAPP_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    conf["on_starting"](server(4)[0])


def test_development_allows_it(monkeypatch: Any) -> None:
    monkeypatch.setenv("TIPSAPP_ENV", "development")
    monkeypatch.delenv("TIPSAPP_RATELIMIT_STORAGE_URI", raising=False)
    runpy.run_path(str(CONF))["on_starting"](server(2)[0])


def test_the_start_names_the_three_addresses(monkeypatch: Any) -> None:
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("TIPSAPP_BIND", raising=False)
    fake, messages = server(2)
    runpy.run_path(str(CONF))["when_ready"](fake)

    text = "\n".join(messages)
    for path in ("/ ", "/staff", "/api/docs"):
        assert f"http://127.0.0.1:8123{path}".strip() in text


def test_a_dead_workers_live_gauges_leave_the_metrics_folder(
    monkeypatch: Any, tmp_path: Path
) -> None:
    gone = tmp_path / "gauge_livesum_4711.db"
    kept = tmp_path / "counter_4711.db"  # counts of a dead worker still count
    gone.write_bytes(b"")
    kept.write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    runpy.run_path(str(CONF))["child_exit"](server(2)[0], SimpleNamespace(pid=4711))

    assert not gone.exists()
    assert kept.exists()


def test_child_exit_does_nothing_without_the_metrics_folder(monkeypatch: Any) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)

    runpy.run_path(str(CONF))["child_exit"](server(2)[0], SimpleNamespace(pid=4711))
