"""The erasure request and its answer."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class EraseSchema(ma.Schema):
    reason = ma.fields.String(
        required=True,
        validate=validate.Length(1, 500),
        metadata={"description": "Why it is erased now (kept in the audit log)"},
    )


class ErasureSchema(ma.Schema):
    reference = ma.fields.String()
    erased_at = ma.fields.DateTime()
    removed = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "What was removed, per kind (counts only)"},
    )
