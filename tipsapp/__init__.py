"""tipsapp: anonymous tips, safety walks, triage and joint situation reports.

``create_app(config)`` builds the app: settings (see the README's table of environment
variables), extensions, blueprints, error handlers and CLI. It opens no connection and creates
no table: ``flask db upgrade`` owns the schema.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from sqlalchemy.engine import make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from tipsapp.common import strictjson
from tipsapp.config import build_config, default_instance_path
from tipsapp.security.ratelimits import init_rate_limits

# Before any routes module decorates its views: every JSON body is read by one strict parser.
strictjson.use_for_every_blueprint()

API_SPEC_SETTINGS: dict[str, Any] = {
    "API_TITLE": "tipsapp",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Anonymous tips and the joint situation report (gemensam lägesbild) "
            "of a Swedish citizen promise. Every error answers "
            '`{"error": {"status", "code", "message", "fields"}}`.'
        }
    },
}

# The rate limiter's own settings (flask-limiter reads these names from app.config).
LIMITER_SETTINGS: dict[str, Any] = {
    "RATELIMIT_HEADERS_ENABLED": True,
    # If Redis is down, keep accepting tips: errors are swallowed and counting falls back to
    # memory until the store answers again.
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_KEY_PREFIX": "tipsapp",
}


def _database_uri(uri: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy's default is psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


# A database or Redis that accepts connections but never answers (a frozen host, a lost
# network) must cost a request seconds, not a gunicorn worker (killed after 30 s with no
# answer): the request gets its 503, or the limiter falls back to memory. A timeout in the URL
# (``?connect_timeout=``, ``?socket_timeout=``) wins over these.
DATABASE_CONNECT_TIMEOUT_SECONDS = 3
RATELIMIT_STORAGE_TIMEOUT_SECONDS = 1.0


def _connect_args(uri: str, pgbouncer: bool = False) -> dict[str, Any]:
    url = make_url(uri)
    if url.get_backend_name() != "postgresql":
        return {}
    args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = DATABASE_CONNECT_TIMEOUT_SECONDS
    if pgbouncer:
        # pgbouncer in transaction pooling hands each transaction to any server connection:
        # a statement psycopg prepared (it does after 5 runs) on one is missing on the next
        # ("prepared statement ... does not exist"). Never prepare; tipsapp keeps no other
        # session state (no SET, advisory locks, LISTEN or WITH HOLD cursors).
        args["prepare_threshold"] = None
    return args


def _storage_options(uri: str) -> dict[str, Any]:
    if not uri.startswith(("redis://", "rediss://")):
        return {}
    return {
        "socket_connect_timeout": RATELIMIT_STORAGE_TIMEOUT_SECONDS,
        "socket_timeout": RATELIMIT_STORAGE_TIMEOUT_SECONDS,
    }


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app; ``config`` overrides environment and defaults (tests use it)."""
    instance_path = default_instance_path()
    app = Flask(__name__, instance_path=str(instance_path), instance_relative_config=False)
    app.config.update(API_SPEC_SETTINGS)
    app.config.update(LIMITER_SETTINGS)
    app.config.update(build_config(instance_path, config))
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_uri(app.config["SQLALCHEMY_DATABASE_URI"])
    # The embedded database lives in the instance folder, which must exist before SQLite can
    # create its file there (as in Flask's tutorial).
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        {
            # Driver text with request parameters must never reach logs or clients.
            "hide_parameters": True,
            # A server database may restart under us: test a pooled connection before use.
            # SQLite is a file, so the extra round trip would buy nothing.
            "pool_pre_ping": not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"),
            "connect_args": _connect_args(
                app.config["SQLALCHEMY_DATABASE_URI"], bool(app.config["DATABASE_PGBOUNCER"])
            ),
        },
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    _configure_logging(app)
    if app.config["TRUSTED_PROXIES"] > 0:
        # X-Forwarded-For is believed only from this many proxies in front of us.
        count = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
    _bind_extensions(app)
    _register_blueprints(app)
    app.config.setdefault(
        "RATELIMIT_STORAGE_OPTIONS", _storage_options(app.config["RATELIMIT_STORAGE_URI"])
    )
    app.extensions["tipsapp_limiter"] = init_rate_limits(app)
    _register_request_rules(app)

    from tipsapp.cli import register_cli
    from tipsapp.ops import init_app as init_ops

    init_ops(app)  # /healthz, /readyz, /metrics: after the limiter, which exempts the probes
    register_cli(app)
    return app


def _configure_logging(app: Flask) -> None:
    logging.getLogger("tipsapp").setLevel(app.config["LOG_LEVEL"])


def _bind_extensions(app: Flask) -> None:
    from tipsapp.common.types import render_item
    from tipsapp.errors import register_error_handlers
    from tipsapp.extensions import api, db, migrate, talisman
    from tipsapp.i18n import init_app as init_i18n

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(_migrations_directory()),
        compare_type=True,
        render_as_batch=True,
        render_item=render_item,
    )
    api.init_app(app)
    init_i18n(app)
    talisman.init_app(
        app,
        force_https=False,  # TLS ends at the proxy; redirects would break health checks.
        strict_transport_security=True,
        content_security_policy={"default-src": "'none'", "frame-ancestors": "'none'"},
        referrer_policy="no-referrer",
        frame_options="DENY",
        session_cookie_secure=app.config["TIPSAPP_ENV"] == "production",
    )
    register_error_handlers(app)


def _migrations_directory() -> Path:
    return Path(__file__).resolve().parent.parent / "migrations"


def _register_blueprints(app: Flask) -> None:
    import tipsapp.models  # noqa: F401  (the whole schema, for Alembic)
    from tipsapp.actions.routes import blp as actions_blp
    from tipsapp.audit.routes import blp as audit_blp
    from tipsapp.console.pages import pages_blp as console_pages_blp
    from tipsapp.docs import docs_blp
    from tipsapp.extensions import api
    from tipsapp.handover.routes import blp as handover_blp
    from tipsapp.handover.routes import recipients_blp
    from tipsapp.notifications.routes import blp as notifications_blp
    from tipsapp.open311.routes import blp as open311_blp
    from tipsapp.outbox.routes import blp as deliveries_blp
    from tipsapp.photos.routes import blp as photos_blp
    from tipsapp.public.pages import pages_blp as public_pages_blp
    from tipsapp.public.routes import blp as public_blp
    from tipsapp.public.routes import promises_blp
    from tipsapp.reference.routes import blp as reference_blp
    from tipsapp.reporters.routes import blp as est_reports_blp
    from tipsapp.reports.pages import pages_blp as report_pages_blp
    from tipsapp.reports.routes import blp as reports_blp
    from tipsapp.resident.pages import pages_blp as resident_pages_blp
    from tipsapp.staff.routes import blp as staff_blp
    from tipsapp.tips.routes import blp as tips_blp
    from tipsapp.triage.routes import blp as queue_blp
    from tipsapp.walks.routes import blp as walks_blp
    from tipsapp.webhooks.routes import blp as webhooks_blp

    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(reference_blp)
    api.register_blueprint(tips_blp)
    api.register_blueprint(staff_blp)
    api.register_blueprint(queue_blp)
    api.register_blueprint(audit_blp)
    api.register_blueprint(photos_blp)
    api.register_blueprint(walks_blp)
    api.register_blueprint(actions_blp)
    api.register_blueprint(reports_blp)
    api.register_blueprint(public_blp)
    api.register_blueprint(promises_blp)
    api.register_blueprint(handover_blp)
    api.register_blueprint(recipients_blp)
    api.register_blueprint(deliveries_blp)
    api.register_blueprint(open311_blp)
    api.register_blueprint(notifications_blp)
    api.register_blueprint(webhooks_blp)
    api.register_blueprint(est_reports_blp)
    app.register_blueprint(docs_blp)
    app.register_blueprint(public_pages_blp)
    app.register_blueprint(report_pages_blp)
    app.register_blueprint(resident_pages_blp)
    app.register_blueprint(console_pages_blp)


def _register_request_rules(app: Flask) -> None:
    from tipsapp.errors import error_response

    strictjson.install(app)

    @app.before_request
    def require_json_bodies() -> Any:
        """An API write with a body must say it is JSON (415 otherwise, before any parsing)."""
        if request.method not in {"POST", "PUT", "PATCH"} or not request.path.startswith("/api/"):
            return None
        if request.routing_exception is not None:
            return None  # no such route: let it answer 404/405, not 415
        view = app.view_functions.get(request.endpoint or "")
        if view is not None and getattr(view, "accepts_raw_body", False):
            return None
        has_body = bool(request.content_length) or "chunked" in (
            request.headers.get("Transfer-Encoding", "").lower()
        )
        if has_body and request.mimetype != "application/json":
            return error_response(415)
        return None

    @app.after_request
    def no_store_for_api(response: Any) -> Any:
        # Receipts and follow-up answers must not linger in shared caches or phone caches.
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
