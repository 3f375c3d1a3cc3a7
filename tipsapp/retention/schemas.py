"""The erasure request and its answer."""

from __future__ import annotations

import marshmallow as ma

from tipsapp.common.fields import TrimmedText


class EraseSchema(ma.Schema):
    reason = TrimmedText(
        required=True,
        min_length=1,
        max_length=500,
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
