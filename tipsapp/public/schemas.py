"""What the public follow-up and the statements accept and answer."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.fields import TrimmedText
from tipsapp.i18n import LANGUAGES


class PublicFollowupQuerySchema(ma.Schema):
    area = ma.fields.String(
        required=True, validate=validate.Length(1, 32), metadata={"example": "gislaved"}
    )
    lang = ma.fields.String(
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "Language of the labels; else Accept-Language, else sv"},
    )


class PublicStatementQuerySchema(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))


class PublicStatementCreateSchema(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))
    title = TrimmedText(required=True, min_length=1, max_length=200)
    body = TrimmedText(required=True, min_length=1, max_length=5000)
    report = ma.fields.String(
        validate=validate.Length(1, 32),
        allow_none=True,
        metadata={"description": "A published report of the area the statement is about"},
    )


class PublicReportLinkSchema(ma.Schema):
    id = ma.fields.String()
    number = ma.fields.String(metadata={"example": "2026-W12"})
    period = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


class PublicStatementSchema(ma.Schema):
    id = ma.fields.String()
    area = ma.fields.String()
    title = ma.fields.String()
    body = ma.fields.String()
    published_at = ma.fields.DateTime()
    report = ma.fields.Nested(PublicReportLinkSchema, allow_none=True)


class PublicStatementListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PublicStatementSchema))


class PublicFollowupSchema(ma.Schema):
    """The public follow-up: the area, the period and when it was made, the promise, counts per
    category and per district and month (suppressed under 5, no totals), the published actions
    with their status, and the statements."""

    area = ma.fields.Dict()
    language = ma.fields.String()
    period = ma.fields.Dict()
    generated_at = ma.fields.DateTime()
    last_report = ma.fields.Dict(allow_none=True)
    promise = ma.fields.Dict(allow_none=True)
    suppression = ma.fields.Dict()
    categories = ma.fields.Dict()
    districts = ma.fields.Dict()
    actions = ma.fields.List(ma.fields.Dict())
    statements = ma.fields.List(ma.fields.Nested(PublicStatementSchema))
