"""The audit log as admins read it."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class AuditQuerySchema(ma.Schema):
    actor = ma.fields.String(metadata={"description": "The actor's e-mail"})
    action = ma.fields.String(metadata={"example": "item.read"})
    target_kind = ma.fields.String()
    target = ma.fields.String(metadata={"description": "The target's reference or id"})
    since = ma.fields.AwareDateTime()
    until = ma.fields.AwareDateTime()
    cursor = ma.fields.String(validate=validate.Length(max=500))
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))


class AuditEntrySchema(ma.Schema):
    at = ma.fields.DateTime(required=True)
    actor = ma.fields.String(attribute="actor_email", allow_none=True)
    actor_organisation = ma.fields.String(allow_none=True)
    action = ma.fields.String(required=True)
    target_kind = ma.fields.String(required=True)
    target = ma.fields.String(attribute="target_ref", allow_none=True)
    reason = ma.fields.String(allow_none=True)
    detail = ma.fields.Dict(allow_none=True)


class AuditPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AuditEntrySchema), required=True)
    next = ma.fields.String(allow_none=True, metadata={"description": "Cursor of the next page"})
