"""Webhooks as admins register and read them; the secret only in the answer to creation."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.outbox.models import EVENT_STATES
from tipsapp.webhooks.models import WEBHOOK_EVENTS


class WebhookCreateSchema(ma.Schema):
    url = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"example": "https://hooks.kommun.example/tipsapp"},
    )
    events = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(WEBHOOK_EVENTS)),
        required=True,
        validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)),
    )


class WebhookSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id", required=True)
    url = ma.fields.String(required=True)
    events = ma.fields.List(ma.fields.String(), required=True)
    active = ma.fields.Boolean(required=True)
    created_at = ma.fields.DateTime(required=True)


class WebhookCreatedSchema(WebhookSchema):
    secret = ma.fields.String(
        required=True,
        metadata={
            "description": "Signs every delivery (see the README's Webhooks). Shown only now; "
            "stored so the server can sign."
        },
    )


class WebhookListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(WebhookSchema), required=True)


class WebhookDeliveryQuerySchema(ma.Schema):
    cursor = ma.fields.String(validate=validate.Length(max=500))
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))


class WebhookDeliverySchema(ma.Schema):
    event = ma.fields.String(required=True, validate=validate.OneOf(WEBHOOK_EVENTS))
    delivery_id = ma.fields.String(required=True)
    state = ma.fields.String(required=True, validate=validate.OneOf(EVENT_STATES))
    attempts = ma.fields.Integer(required=True)
    last_status_code = ma.fields.Integer(allow_none=True)
    last_error = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    next_attempt_at = ma.fields.DateTime(required=True)
    delivered_at = ma.fields.DateTime(allow_none=True)


class WebhookDeliveryPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(WebhookDeliverySchema), required=True)
    next = ma.fields.String(allow_none=True, metadata={"description": "Cursor of the next page"})
