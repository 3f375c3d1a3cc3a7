"""Prometheus metrics: requests, latency, queue sizes, outbox lag and database pool use.

Threat: labels are stored and shown by a system outside the municipality's control for a long
time. So a request is labelled by its endpoint's name (``tips.Tips``), never its path (which
would hold references), and by method and status; queue and outbox figures by status or state.
No address, user agent, reference or free text is ever a label or a value.

Under gunicorn with several workers each process counts its own requests: set
``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, emptied at each start) before gunicorn starts
and the counters live in files there, which every scrape sums whichever worker answers it
(``child_exit`` in gunicorn.conf.py removes a dead worker's live gauges). Queue, outbox and
pool size figures are read from the database at scrape time, so they are never summed twice.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Flask, Response, g, request, request_finished, request_started
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import event, func, select
from sqlalchemy.exc import SQLAlchemyError

from tipsapp.common.clock import utcnow
from tipsapp.extensions import db

log = logging.getLogger("tipsapp.ops")

# A label value outside these would be whatever a client typed as its method.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # no route: 404s and 405s, whatever path was asked for

REQUESTS = Counter(
    "tipsapp_http_requests",
    "Requests answered, by endpoint name, method and status.",
    ("endpoint", "method", "status"),
)
LATENCY = Histogram(
    "tipsapp_http_request_duration_seconds",
    "Time from the request reaching Flask to its answer, by endpoint name and method.",
    ("endpoint", "method"),
)
POOL_CHECKED_OUT = Gauge(
    "tipsapp_db_pool_checked_out",
    "Database connections in use (summed over live workers).",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "tipsapp_db_pool_size",
    "Connections each pool keeps open (summed over live workers; overflow comes on top).",
    multiprocess_mode="livesum",
)


def instrument(app: Flask) -> None:
    """Count this app's requests and watch its connection pool."""
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)
    with app.app_context():
        engine = db.engine
    size = getattr(engine.pool, "size", None)
    capacity = size() if callable(size) else None

    # Set on use, not here: under preload_app this runs in the master, which never connects.
    def checked_out(*_args: Any) -> None:
        POOL_CHECKED_OUT.inc()
        if capacity is not None:
            POOL_SIZE.set(capacity)

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", _checked_in)


def _checked_in(*_args: Any) -> None:
    POOL_CHECKED_OUT.dec()


def _started(_sender: Flask, **_extra: Any) -> None:
    g.tipsapp_started = time.perf_counter()


def _finished(_sender: Flask, response: Response, **_extra: Any) -> None:
    endpoint = request.url_rule.endpoint if request.url_rule is not None else UNMATCHED
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    started = g.pop("tipsapp_started", None)
    if started is not None:
        LATENCY.labels(endpoint, method).observe(time.perf_counter() - started)


class DatabaseFigures:
    """Queue sizes per status and the outbox's state, read at scrape time (cheap: the queue
    reads its counter table, the outbox its state index)."""

    def collect(self) -> Iterator[Metric]:
        from tipsapp.outbox.models import EVENT_STATES, OutboxEvent
        from tipsapp.triage.models import ITEM_STATUSES, QueueStatusCount

        now = utcnow()
        try:
            with db.engine.connect() as connection:
                queue = dict(
                    connection.execute(
                        select(QueueStatusCount.status, func.sum(QueueStatusCount.items)).group_by(
                            QueueStatusCount.status
                        )
                    ).all()
                )
                outbox = dict(
                    connection.execute(
                        select(OutboxEvent.state, func.count()).group_by(OutboxEvent.state)
                    ).all()
                )
                oldest_due, oldest_made = connection.execute(
                    select(
                        func.min(OutboxEvent.next_attempt_at), func.min(OutboxEvent.created_at)
                    ).where(OutboxEvent.state == "pending", OutboxEvent.next_attempt_at <= now)
                ).one()
        except SQLAlchemyError as error:
            log.warning("metrics: database unavailable (%s)", type(error).__name__)
            yield GaugeMetricFamily(
                "tipsapp_metrics_database_up", "Whether the scrape could read the database.", 0
            )
            return
        yield GaugeMetricFamily(
            "tipsapp_metrics_database_up", "Whether the scrape could read the database.", 1
        )
        items = GaugeMetricFamily(
            "tipsapp_queue_items", "Triage items per status.", labels=["status"]
        )
        for status in ITEM_STATUSES:
            items.add_metric([status], float(queue.get(status) or 0))
        yield items
        events = GaugeMetricFamily(
            "tipsapp_outbox_events", "Outbox events per delivery state.", labels=["state"]
        )
        for state in EVENT_STATES:
            events.add_metric([state], float(outbox.get(state) or 0))
        yield events
        yield GaugeMetricFamily(
            "tipsapp_outbox_lag_seconds",
            "How long the most overdue pending delivery has waited past its due time (0: none).",
            _seconds_since(oldest_due, now),
        )
        yield GaugeMetricFamily(
            "tipsapp_outbox_oldest_due_age_seconds",
            "Age of the oldest pending delivery that is due now (0: none).",
            _seconds_since(oldest_made, now),
        )


def _seconds_since(moment: Any, now: Any) -> float:
    return max(0.0, (now - moment).total_seconds()) if moment is not None else 0.0


class _Together:
    """Several collectors read as one registry by ``generate_latest``."""

    def __init__(self, *collectors: Any) -> None:
        self.collectors = collectors

    def collect(self) -> Iterable[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def exposition() -> tuple[bytes, str]:
    """The text format Prometheus reads, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every worker's counters, from the files they write (see the module docstring).
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        requests: Any = registry
    else:
        requests = REGISTRY
    return generate_latest(_Together(requests, DatabaseFigures())), CONTENT_TYPE_LATEST
