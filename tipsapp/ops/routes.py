"""``/healthz``, ``/readyz`` and ``/metrics``: plain Flask views, outside the public API.

Privacy: nothing here reads or logs the caller's address or headers (beyond the metrics
token), and no answer sets a cookie. The probes are exempt from rate limits (``__init__``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from tipsapp.errors import error_response
from tipsapp.ops.health import Readiness
from tipsapp.ops.metrics import exposition
from tipsapp.security.secrets import constant_time_equal

blp = Blueprint("ops", __name__)


def _uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.get("/healthz")
def healthz() -> Response:
    """The process answers (nothing else is asked: a load balancer restarts on this)."""
    return _uncached(jsonify(status="ok"))


@blp.get("/readyz")
def readyz() -> Response:
    """The database and any configured Redis answer within a second: 200, else 503."""
    readiness: Readiness = current_app.extensions["tipsapp_readiness"]
    checks = readiness.check()
    ready = all(checks.values())
    response = jsonify(
        status="ready" if ready else "not_ready",
        checks={name: "ok" if answered else "down" for name, answered in checks.items()},
    )
    response.status_code = 200 if ready else 503
    return _uncached(response)


@blp.get("/metrics")
def metrics() -> Any:
    """Prometheus text format, for the holder of ``TIPSAPP_METRICS_TOKEN`` only."""
    expected = current_app.config.get("METRICS_TOKEN")
    if not expected:
        abort(404)  # not configured: as if there were no such page
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not constant_time_equal(token.strip(), str(expected)):
        return error_response(401, headers={"WWW-Authenticate": "Bearer"})
    body, content_type = exposition()
    return _uncached(Response(body, content_type=content_type))
