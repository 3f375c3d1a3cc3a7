"""/open311/v2/: Open311 GeoReport v2 (discovery, services, service requests), JSON only.

Errors answer in GeoReport's shape, ``[{"code": <HTTP status>, "description": "..."}]``: the
app's own error handlers answer first, and ``georeport_errors`` rewrites their envelope, so
every refusal (a rate limit, a body too large, a NUL in a form) keeps the one shape here.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.i18n import negotiate_language
from tipsapp.errors import ApiError
from tipsapp.open311 import service
from tipsapp.open311.catalogue import SERVICES, SERVICES_BY_CODE, service_view
from tipsapp.open311.schemas import (
    SUBMIT_BODY,
    DiscoverySchema,
    GeoReportErrorSchema,
    RequestQuerySchema,
    ServiceDefinitionSchema,
    ServiceRequestCreatedSchema,
    ServiceRequestSchema,
    ServiceSchema,
)
from tipsapp.security.ratelimits import rate_limited

blp = Blueprint(
    "open311",
    __name__,
    url_prefix="/open311/v2",
    description="Open311 GeoReport v2: environment issues filed as anonymous tips. Errors "
    'answer GeoReport\'s `[{"code", "description"}]`, not the envelope.',
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-02T00:00:00Z"
FORMAT_PARAMETER = {
    "in": "path",
    "name": "fmt",
    "required": True,
    "schema": {"type": "string", "enum": ["json"]},
    "description": "The format: json (XML is not offered)",
}
ERRORS = GeoReportErrorSchema(many=True)
SERVICE_NOTICE = {
    False: "Tack! Tipset är anonymt och tas om hand av kommunen och polisen. "
    "Vid brott som pågår: ring 112.",
    True: "Thank you! The tip is anonymous and is handled by the municipality and the police. "
    "For a crime in progress, call 112.",
}


def _english() -> bool:
    return negotiate_language(request.args.get("lang")).startswith("en")


def _json_only(fmt: str) -> None:
    if fmt != "json":
        raise ApiError(400, "bad_request", message="Only JSON is offered: use the .json suffix.")


@blp.after_request
def georeport_errors(response: Response) -> Response:
    """Rewrite the app's error envelope as GeoReport's error list, keeping status and headers.

    A 422 (a field no intake accepts) is GeoReport's 400.
    """
    if response.status_code < 400 or response.mimetype != "application/json":
        return response
    try:
        body = json.loads(response.get_data(as_text=True))
    except ValueError:
        return response
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return response
    status = 400 if response.status_code == 422 else response.status_code
    description = str(error.get("message") or "")
    fields = error.get("fields") or {}
    if fields:
        details = "; ".join(
            f"{name}: {' '.join(str(text) for text in texts) if isinstance(texts, list) else texts}"
            for name, texts in sorted(fields.items())
        )
        description = f"{description} ({details})" if description else details
    response.set_data(json.dumps([{"code": status, "description": description}]))
    response.status_code = status
    return response


@blp.route("/discovery.<string:fmt>")
class Discovery(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER])
    @blp.response(200, DiscoverySchema)
    @blp.alt_response(400, schema=ERRORS, description="Not .json")
    def get(self, fmt: str) -> Any:
        """Service discovery: where GeoReport v2 is served, in which formats."""
        _json_only(fmt)
        return {
            "changeset": CHANGESET,
            "contact": "Kommunens felanmälan; vid pågående brott ring 112.",
            "key_service": "No key is needed: requests are filed as anonymous tips.",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url_for("open311.Services", fmt="json", _external=True).rsplit("/", 1)[
                        0
                    ],
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }


@blp.route("/services.<string:fmt>")
class Services(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER])
    @blp.response(200, ServiceSchema(many=True))
    @blp.alt_response(400, schema=ERRORS, description="Not .json")
    def get(self, fmt: str) -> Any:
        """The environment issues that can be reported (Swedish; ``?lang=en`` for English)."""
        _json_only(fmt)
        english = _english()
        return [service_view(entry, english) for entry in SERVICES]


@blp.route("/services/<string:service_code>.<string:fmt>")
class ServiceDefinition(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER])
    @blp.response(200, ServiceDefinitionSchema)
    @blp.alt_response(400, schema=ERRORS, description="Not .json")
    @blp.alt_response(404, schema=ERRORS, description="No such service")
    def get(self, service_code: str, fmt: str) -> Any:
        """A service's definition: no extra attributes are asked for."""
        _json_only(fmt)
        if service_code not in SERVICES_BY_CODE:
            raise ApiError(404, "not_found", message="No such service_code.")
        return {"service_code": service_code, "attributes": []}


def _idempotency_key() -> UUID | None:
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    try:
        return UUID(raw.strip())
    except ValueError:
        raise ApiError(400, "bad_request", message="Idempotency-Key: must be a UUID.") from None


def _submitted_values() -> dict[str, Any]:
    """The form (GeoReport's encoding) or a JSON object; only the accepted fields are kept."""
    if request.mimetype == "application/json":
        body = request.get_json()
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", message="The JSON body must be an object.")
        source: Any = body
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data", ""):
        source = request.form
    else:
        raise ApiError(
            415, "unsupported_media_type", message="Send the request form-encoded (or JSON)."
        )
    return {name: source.get(name) for name in service.ACCEPTED_FIELDS if name in source}


@blp.route("/requests.<string:fmt>")
@rate_limited("RATELIMIT_TIPS")
class RequestCreate(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER], requestBody=SUBMIT_BODY)
    @blp.response(201, ServiceRequestCreatedSchema(many=True))
    @blp.alt_response(400, schema=ERRORS, description="A field missing or invalid")
    @blp.alt_response(429, schema=ERRORS, description="Too many requests; see Retry-After")
    def post(self, fmt: str) -> Any:
        """File a service request: it becomes an anonymous tip, validated as the API's are.

        A position (``lat``/``long``) is required: it is how the area is found. Personal
        fields (``email``, names, ``phone``, ``device_id``, ``account_id``) and ``api_key``
        are ignored and never stored. An ``Idempotency-Key`` header (a UUID) makes a retry
        answer the first request's id instead of filing it twice.
        """
        _json_only(fmt)
        key = _idempotency_key()
        receipt = service.submit_request(_submitted_values(), key)
        headers = {"Idempotent-Replayed": "true"} if receipt.replayed else {}
        answer = {
            "service_request_id": receipt.reference,
            "service_notice": SERVICE_NOTICE[_english()],
            "token": None,
        }
        return [answer], 201, headers


@blp.route("/requests.<string:fmt>")
@rate_limited("RATELIMIT_PUBLIC")
class RequestList(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER])
    @blp.arguments(RequestQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, ServiceRequestSchema(many=True))
    @blp.alt_response(400, schema=ERRORS, description="A filter that cannot be read")
    @blp.alt_response(429, schema=ERRORS, description="Too many requests; see Retry-After")
    def get(self, fmt: str, **_documented: Any) -> Any:
        """Service requests filed here, by id or by service, status and period: status,
        service and district only, never the text or the exact position."""
        _json_only(fmt)
        return service.find_requests(request.args, negotiate_language(request.args.get("lang")))


@blp.route("/requests/<string:request_id>.<string:fmt>")
@rate_limited("RATELIMIT_PUBLIC")
class RequestOne(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER])
    @blp.response(200, ServiceRequestSchema(many=True))
    @blp.alt_response(400, schema=ERRORS, description="Not .json")
    @blp.alt_response(404, schema=ERRORS, description="No such service request")
    def get(self, request_id: str, fmt: str) -> Any:
        """One service request (a list of one, as GeoReport answers)."""
        _json_only(fmt)
        return [service.find_request(request_id, negotiate_language(request.args.get("lang")))]
