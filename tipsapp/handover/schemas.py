"""Recipients and handovers as the API speaks them."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.fields import TrimmedText
from tipsapp.handover.models import RECIPIENT_KINDS, RECIPIENT_LEVELS
from tipsapp.outbox.models import EVENT_STATES

NOTE_MAX = 1000


class RecipientQuerySchema(ma.Schema):
    area = ma.fields.String(
        validate=validate.Length(1, 32), metadata={"description": "Only this area's recipients"}
    )


class RecipientCreateSchema(ma.Schema):
    name = TrimmedText(min_length=1, max_length=120, required=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(RECIPIENT_KINDS))
    email = ma.fields.Email(validate=validate.Length(max=254))
    endpoint = ma.fields.Url(
        schemes={"https"},
        validate=validate.Length(max=500),
        metadata={"description": "Open311 GeoReport v2 base URL"},
    )
    service_code = TrimmedText(min_length=1, max_length=64)
    api_key = TrimmedText(
        min_length=1, max_length=200, load_only=True, metadata={"description": "Never read back"}
    )
    level = ma.fields.String(
        required=True,
        validate=validate.OneOf(RECIPIENT_LEVELS),
        metadata={
            "description": "full: the police or the municipality's own office read the text "
            "as written; masked: personal data masked"
        },
    )
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))
    category = ma.fields.String(
        allow_none=True,
        validate=validate.Length(1, 32),
        metadata={"description": "null: every category of the area"},
    )


class RecipientSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id", required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(RECIPIENT_KINDS))
    email = ma.fields.String(allow_none=True)
    endpoint = ma.fields.String(allow_none=True)
    service_code = ma.fields.String(allow_none=True)
    level = ma.fields.String(required=True, validate=validate.OneOf(RECIPIENT_LEVELS))
    area = ma.fields.Function(lambda recipient: recipient.area.code, required=True)
    category = ma.fields.String(allow_none=True)


class RecipientListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(RecipientSchema), required=True)


class HandoverCreateSchema(ma.Schema):
    recipient = ma.fields.String(
        required=True, validate=validate.Length(1, 32), metadata={"description": "Recipient id"}
    )
    note = TrimmedText(
        min_length=1,
        max_length=NOTE_MAX,
        required=True,
        metadata={"description": "What the analyst tells the recipient"},
    )
    include_photos = ma.fields.Boolean(load_default=False)


class HandoverSchema(ma.Schema):
    """One handover as the item's history shows it: to whom, when, and how delivery goes."""

    id = ma.fields.String(attribute="public_id", required=True)
    recipient = ma.fields.String(attribute="recipient_name", required=True)
    at = ma.fields.DateTime(required=True)
    state = ma.fields.String(
        required=True,
        validate=validate.OneOf(EVENT_STATES),
        metadata={"description": "pending (on its way or retrying), delivered, or dead"},
    )
    delivery_id = ma.fields.String(required=True)
    service_request_id = ma.fields.String(
        allow_none=True,
        metadata={"description": "An Open311 recipient's id for the request it filed"},
    )
    include_photos = ma.fields.Boolean(required=True)
    note = ma.fields.String(required=True)
