"""Deliveries as admins read them: state and attempts, never the content delivered."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.outbox.models import EVENT_STATES


class DeliveryQuerySchema(ma.Schema):
    state = ma.fields.String(
        validate=validate.OneOf(EVENT_STATES),
        metadata={"description": "Only deliveries in this state (dead: the dead-letter list)"},
    )
    cursor = ma.fields.String(validate=validate.Length(max=500))
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))


class DeliverySchema(ma.Schema):
    delivery_id = ma.fields.String(
        required=True, metadata={"description": "The id every attempt carries (for de-duplication)"}
    )
    kind = ma.fields.String(required=True, metadata={"example": "handover.email"})
    payload = ma.fields.Dict(
        required=True, metadata={"description": "The rows it names (no content)"}
    )
    state = ma.fields.String(required=True, validate=validate.OneOf(EVENT_STATES))
    attempts = ma.fields.Integer(required=True)
    next_attempt_at = ma.fields.DateTime(
        required=True, metadata={"description": "When it is due (pending)"}
    )
    last_error = ma.fields.String(
        allow_none=True, metadata={"description": "The last failure's kind and code"}
    )
    created_at = ma.fields.DateTime(required=True)
    delivered_at = ma.fields.DateTime(allow_none=True)
    item = ma.fields.String(
        allow_none=True, metadata={"description": "The item it delivers (handovers)"}
    )
    recipient = ma.fields.String(allow_none=True, metadata={"description": "To whom (handovers)"})


class DeliveryPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DeliverySchema), required=True)
    next = ma.fields.String(allow_none=True, metadata={"description": "Cursor of the next page"})
