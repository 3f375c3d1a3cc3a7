"""The one JSON error envelope, ``{"error": {status, code, message, fields}}``, for every error.

No answer carries HTML, a stack trace or database driver text; uncaught errors are logged
without any request data (no addresses, headers or bodies).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import marshmallow as ma
from flask import Flask, Response, jsonify, request
from flask_smorest import Api
from sqlalchemy.exc import DBAPIError, OperationalError, PendingRollbackError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from tipsapp.common.i18n import (
    TEXTS,
    field_message_language,
    localize_field_messages,
    negotiate_language,
    text,
)

log = logging.getLogger("tipsapp.errors")
_DOCUMENTING = threading.RLock()

CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}
DATABASE_RETRY_AFTER_SECONDS = 5


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(required=True, metadata={"description": "HTTP status"})
    code = ma.fields.String(required=True, metadata={"description": "Stable machine code"})
    message = ma.fields.String(
        required=True, metadata={"description": "Short message in the negotiated language"}
    )
    field_messages = ma.fields.Dict(
        data_key="fields",
        keys=ma.fields.String(),
        metadata={"description": "Per-field messages, keyed by field (or header) name"},
    )


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema, required=True)


class ApiError(Exception):
    """Raised by services for an answer other than success; turned into the envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        fields: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}


# Where a person reads, not a program: these answer in JSON whatever the browser asks.
_MACHINE_PREFIXES = ("/api/", "/open311/", "/static/", "/sw.js", "/kvitto/", "/metrics", "/healthz")


def wants_page() -> bool:
    """A browser asking for a page gets an HTML error page; programs get the JSON envelope."""
    if request.path.startswith(_MACHINE_PREFIXES) or request.method not in ("GET", "HEAD"):
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html" and request.accept_mimetypes[best] > 0


def error_response(
    status: int,
    code: str | None = None,
    message: str | None = None,
    fields: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    code = code or CODES_BY_STATUS.get(status, "error")
    language = negotiate_language(request.args.get("lang"))
    if message is None:
        message = text(
            code if code in TEXTS else CODES_BY_STATUS.get(status, "bad_request"), language
        )
    if wants_page():
        from tipsapp.resident.pages import error_page

        page = error_page(status, message)
        for name, value in (headers or {}).items():
            page.headers[name] = value
        return page
    # Field messages in the client's language (one catalogue in common/i18n.py).
    fields = localize_field_messages(fields or {}, field_message_language(request.args.get("lang")))
    body = {"error": {"status": status, "code": code, "message": message, "fields": fields}}
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _flatten_webargs_messages(messages: Any) -> tuple[dict[str, Any], bool]:
    """webargs groups messages by location (json, query, headers); clients want field names.

    Returns the fields and whether the body itself could not be parsed as JSON.
    """
    fields: dict[str, Any] = {}
    body_unreadable = False
    if not isinstance(messages, dict):
        return {"_body": messages}, False
    for location, location_messages in messages.items():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
        else:
            body_unreadable = True
            fields[f"_{location}"] = location_messages
    return fields, body_unreadable


class JsonApi(Api):
    """flask-smorest's Api with our envelope for every HTTP error, documented as such.

    Blueprints are documented when the OpenAPI document is first read, not when they are
    registered: building the document is about two thirds of ``create_app`` and most apps (each
    test's, a worker that only answers requests) never read it.
    """

    ERROR_SCHEMA = ErrorSchema

    def register_blueprint(self, blp: Any, *, parameters: Any = None, **options: Any) -> None:
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self.__dict__.setdefault("_undocumented", []).append((blp, name, parameters))

    @property
    def spec(self) -> Any:
        with _DOCUMENTING:
            pending = self.__dict__.get("_undocumented")
            if pending:
                self.__dict__["_undocumented"] = []
                spec = self.__dict__["_spec"]
                for blp, name, parameters in pending:
                    blp.register_views_in_doc(
                        self, self._app, spec, name=name, parameters=parameters
                    )
                    spec.tag({"name": name, "description": blp.description})
        return self.__dict__.get("_spec")

    @spec.setter
    def spec(self, value: Any) -> None:
        """A new document (``init_app`` for a new app) starts with nothing waiting."""
        self.__dict__["_spec"] = value
        self.__dict__["_undocumented"] = []

    def handle_http_exception(self, error: HTTPException) -> Response:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        headers = dict(data.get("headers") or {})
        fields: dict[str, Any] = {}
        code = CODES_BY_STATUS.get(status, "error")
        messages = data.get("messages") or data.get("errors")
        if messages:
            fields, body_unreadable = _flatten_webargs_messages(messages)
            if body_unreadable and status == 400:
                code = "invalid_json"
        if status == 429:
            # flask-limiter adds Retry-After and the X-RateLimit headers after this handler.
            return error_response(429, "rate_limited")
        valid_methods = getattr(error, "valid_methods", None)
        if status == 405 and valid_methods:
            headers["Allow"] = ", ".join(valid_methods)
        return error_response(status, code, None, fields, headers)


def _handle_api_error(error: ApiError) -> Response:
    return error_response(error.status, error.code, error.message, error.fields, error.headers)


def _handle_database_down(error: DBAPIError | PendingRollbackError | PoolTimeoutError) -> Response:
    """A lost database connection is a 503 the phone can retry, not a 500.

    Also a transaction the lost connection broke (PendingRollbackError) and a pool that found
    no connection in time (PoolTimeoutError): the database is down, restarting or saturated.
    """
    from tipsapp.extensions import db

    try:
        db.session.rollback()
    except SQLAlchemyError:
        # The connection is gone for good: drop the session rather than fail in the handler
        # (an error here would be answered with a bare 500).
        db.session.remove()
    if isinstance(error, DBAPIError):
        if isinstance(error, OperationalError) or error.connection_invalidated:
            log.warning("database unavailable: %s", type(error.orig).__name__)
            return error_response(503, headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})
        return _handle_unexpected(error)
    log.warning("database unavailable: %s", type(error).__name__)
    return error_response(503, headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})


def _handle_unexpected(error: Exception) -> Response:
    # Threat: tracebacks in logs may quote request data; we log the exception, never the request.
    log.error("unhandled %s", type(error).__name__, exc_info=error)
    return error_response(500)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, _handle_api_error)
    for database_down in (DBAPIError, PendingRollbackError, PoolTimeoutError):
        app.register_error_handler(database_down, _handle_database_down)
    app.register_error_handler(Exception, _handle_unexpected)
