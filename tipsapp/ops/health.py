"""Readiness: can this host serve requests now? Each dependency answers within a second or not.

A frozen database can hold a connection attempt for seconds and a query on an open connection
far longer, so each check runs in a daemon thread and the probe waits at most
``READY_TIMEOUT_SECONDS``. While a check from an earlier probe still hangs, later probes call
that dependency down at once instead of piling up threads behind it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import redis
from flask import Flask
from sqlalchemy import text

from tipsapp.extensions import db

log = logging.getLogger("tipsapp.ops")

READY_TIMEOUT_SECONDS = 1.0


def redis_urls(app: Flask) -> list[str]:
    """Every Redis this app uses: the limiter's store and the jobs' queue (often the same)."""
    urls = [str(app.config.get("RATELIMIT_STORAGE_URI") or ""), app.config.get("REDIS_URL") or ""]
    return sorted({url for url in urls if url.startswith(("redis://", "rediss://"))})


class Readiness:
    """The checks of one app, with their Redis clients (made on first use, then reused)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._clients: dict[str, redis.Redis] = {}
        self._running: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def check(self, timeout: float = READY_TIMEOUT_SECONDS) -> dict[str, bool]:
        """``{"database": True, "redis": False}``: which dependency answered in time."""
        checks: dict[str, Callable[[], None]] = {"database": self._database}
        if redis_urls(self.app):
            checks["redis"] = self._redis
        results: dict[str, bool] = {}
        waiting = {name: self._start(name, check, results) for name, check in checks.items()}
        deadline = time.monotonic() + timeout
        for done in waiting.values():
            if done is not None:
                done.wait(max(0.0, deadline - time.monotonic()))
        return {name: results.get(name, False) for name in checks}

    def _start(
        self, name: str, check: Callable[[], None], results: dict[str, bool]
    ) -> threading.Event | None:
        with self._lock:
            earlier = self._running.get(name)
            if earlier is not None and not earlier.is_set():
                return None  # the last check of this dependency still hangs: down
            done = self._running[name] = threading.Event()

        def run() -> None:
            try:
                check()
                results[name] = True
            except Exception as error:  # any failure at all means "not ready"
                # The type only: driver messages name hosts, ports and users.
                log.warning("readiness: %s unavailable (%s)", name, type(error).__name__)
            finally:
                done.set()

        threading.Thread(target=run, name=f"tipsapp-ready-{name}", daemon=True).start()
        return done

    def _database(self) -> None:
        with self.app.app_context(), db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def _redis(self) -> None:
        for url in redis_urls(self.app):
            client = self._clients.get(url)
            if client is None:
                client = self._clients[url] = redis.Redis.from_url(
                    url,
                    socket_connect_timeout=READY_TIMEOUT_SECONDS,
                    socket_timeout=READY_TIMEOUT_SECONDS,
                )
            client.ping()
