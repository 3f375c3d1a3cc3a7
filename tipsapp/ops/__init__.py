"""Operations: what a load balancer and Prometheus ask of each host.

``/healthz`` says the process answers; ``/readyz`` that the database (and Redis, when
configured) answer too, so a load balancer sends traffic only where it can be served;
``/metrics`` gives Prometheus request counts, latency, queue sizes, outbox lag and pool use
behind a bearer token (``TIPSAPP_METRICS_TOKEN``). Labels carry endpoint names, methods,
statuses and states only: never a path, a reference, an address or any text.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the three endpoints, free the probes from rate limits, start counting."""
    from tipsapp.ops import metrics
    from tipsapp.ops.health import Readiness
    from tipsapp.ops.routes import blp, healthz, readyz

    app.register_blueprint(blp)
    app.extensions["tipsapp_readiness"] = Readiness(app)
    # Probes come every few seconds from the same balancer: they must never be refused, and
    # they must not cost a call to the limit store.
    limiter = app.extensions["tipsapp_limiter"]
    limiter.exempt(healthz)
    limiter.exempt(readyz)
    metrics.instrument(app)
