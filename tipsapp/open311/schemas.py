"""GeoReport v2 as the OpenAPI document describes it (the answers are GeoReport's own shapes)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from tipsapp.open311.service import STATUSES


class EndpointSchema(ma.Schema):
    specification = ma.fields.String(required=True)
    url = ma.fields.String(required=True)
    changeset = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    formats = ma.fields.List(ma.fields.String(), required=True)


class DiscoverySchema(ma.Schema):
    changeset = ma.fields.String(required=True)
    contact = ma.fields.String(required=True)
    key_service = ma.fields.String(required=True)
    endpoints = ma.fields.List(ma.fields.Nested(EndpointSchema), required=True)


class ServiceSchema(ma.Schema):
    service_code = ma.fields.String(required=True, metadata={"example": "lighting"})
    service_name = ma.fields.String(required=True, metadata={"example": "Belysning"})
    description = ma.fields.String(required=True)
    metadata = ma.fields.Boolean(
        required=True, metadata={"description": "Always false: no extra attributes"}
    )
    type = ma.fields.String(required=True, metadata={"example": "realtime"})
    keywords = ma.fields.String(required=True)
    group = ma.fields.String(required=True)


class ServiceDefinitionSchema(ma.Schema):
    service_code = ma.fields.String(required=True)
    attributes = ma.fields.List(ma.fields.Dict(), required=True)


class ServiceRequestCreatedSchema(ma.Schema):
    service_request_id = ma.fields.String(required=True, metadata={"example": "T-7K3Q-9XPA"})
    service_notice = ma.fields.String(required=True)
    token = ma.fields.String(allow_none=True, required=True)


class ServiceRequestSchema(ma.Schema):
    """What anyone may read about a request: never its text, place or exact position."""

    service_request_id = ma.fields.String(required=True)
    status = ma.fields.String(required=True, validate=validate.OneOf(STATUSES))
    status_notes = ma.fields.String(required=True)
    service_name = ma.fields.String(allow_none=True, required=True)
    service_code = ma.fields.String(allow_none=True, required=True)
    requested_datetime = ma.fields.String(required=True, metadata={"format": "date-time"})
    updated_datetime = ma.fields.String(required=True, metadata={"format": "date-time"})
    address = ma.fields.String(
        required=True, metadata={"description": "The district (or area) only"}
    )


class GeoReportErrorSchema(ma.Schema):
    code = ma.fields.Integer(required=True, metadata={"description": "The HTTP status"})
    description = ma.fields.String(required=True)


class RequestQuerySchema(ma.Schema):
    """Documented only: the view reads these itself, so errors keep GeoReport's shape."""

    service_request_id = ma.fields.String(
        metadata={"description": "Comma-separated ids (up to 50)"}
    )
    service_code = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open, closed, or both comma-separated"})
    start_date = ma.fields.String(metadata={"format": "date-time"})
    end_date = ma.fields.String(metadata={"format": "date-time"})


SUBMIT_FIELDS: dict[str, Any] = {
    "type": "object",
    "required": ["service_code", "lat", "long", "description"],
    "properties": {
        "service_code": {"type": "string", "example": "lighting"},
        "lat": {"type": "number", "example": 57.3048},
        "long": {"type": "number", "example": 13.5413},
        "description": {"type": "string", "minLength": 10, "maxLength": 5000},
        "address_string": {
            "type": "string",
            "maxLength": 200,
            "description": "Stored as the tip's place",
        },
        "api_key": {"type": "string", "description": "Not needed; ignored, never stored"},
        "email": {"type": "string", "description": "Ignored and never stored (anonymous)"},
        "first_name": {"type": "string", "description": "Ignored and never stored"},
        "last_name": {"type": "string", "description": "Ignored and never stored"},
        "phone": {"type": "string", "description": "Ignored and never stored"},
        "device_id": {"type": "string", "description": "Ignored and never stored"},
        "account_id": {"type": "string", "description": "Ignored and never stored"},
    },
}
SUBMIT_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {"schema": SUBMIT_FIELDS},
        "application/json": {"schema": SUBMIT_FIELDS},
    },
}
