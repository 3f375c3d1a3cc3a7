"""What the public follow-up and the statements accept and answer."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.fields import TrimmedText
from tipsapp.i18n import LANGUAGES
from tipsapp.public.models import PROMISE_LANGUAGES
from tipsapp.public.periods import GRANULARITIES


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


class PublicPeriodSchema(ma.Schema):
    key = ma.fields.String(metadata={"example": "2026-Q4", "description": "2026-03, 2026-Q1, 2026"})
    start = ma.fields.String(metadata={"format": "date"})
    last_day = ma.fields.String(metadata={"format": "date"})
    current = ma.fields.Boolean(metadata={"description": "Still running: figures may grow"})


class PublicEarlierPromiseSchema(ma.Schema):
    year = ma.fields.Integer()
    language = ma.fields.String()
    title = ma.fields.String()


class PublicFollowupSchema(ma.Schema):
    """The public follow-up: the area, the period and when it was made, the current promise and
    the earlier ones, counts per category and per district and period (suppressed under 5, no
    totals), the published actions with their status, and the statements.

    The periods are whole calendar months, quarters or years (``granularity``), newest first,
    none before the first published report: months when at least half of the category cells
    (of categories with any item) would show a figure, else quarters by the same test, else
    years. The cells of each table row are in the order of ``periods``; the tables' ``months``
    is the old name of their ``periods``."""

    area = ma.fields.Dict()
    language = ma.fields.String()
    period = ma.fields.Dict()
    generated_at = ma.fields.DateTime()
    last_report = ma.fields.Dict(allow_none=True)
    promise = ma.fields.Dict(
        allow_none=True,
        metadata={"description": "The newest year, as staff wrote it (language says which)"},
    )
    earlier_promises = ma.fields.List(ma.fields.Nested(PublicEarlierPromiseSchema))
    suppression = ma.fields.Dict()
    granularity = ma.fields.String(validate=validate.OneOf(GRANULARITIES))
    periods = ma.fields.List(ma.fields.Nested(PublicPeriodSchema))
    categories = ma.fields.Dict()
    districts = ma.fields.Dict()
    actions = ma.fields.List(ma.fields.Dict())
    fixed = ma.fields.Dict(
        allow_none=True,
        metadata={
            "description": "Is it fixed? Of the published actions: `done`, `asked` (residents "
            "were asked about it) and the answers `yes`, `partly`, `no`, each a cell like the "
            "tables' (under 5: suppressed), and `lines`, the same in plain words. Null when no "
            "action is published"
        },
    )
    statements = ma.fields.List(ma.fields.Nested(PublicStatementSchema))


# --- the promise (medborgarlöfte), managed by admins ------------------------------------------


class PromiseQuerySchema(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))


class PromiseSetSchema(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))
    year = ma.fields.Integer(required=True, validate=validate.Range(2000, 2100))
    language = ma.fields.String(
        load_default="sv",
        validate=validate.OneOf(PROMISE_LANGUAGES),
        metadata={"description": "Swedish is the promise; an English version is optional"},
    )
    title = TrimmedText(required=True, min_length=1, max_length=200)
    text = TrimmedText(required=True, min_length=1, max_length=10_000)
    focus_areas = ma.fields.List(
        TrimmedText(min_length=1, max_length=300),
        load_default=list,
        validate=validate.Length(max=12),
    )


class PromiseSchema(ma.Schema):
    id = ma.fields.String()
    area = ma.fields.String()
    year = ma.fields.Integer()
    language = ma.fields.String()
    title = ma.fields.String()
    text = ma.fields.String()
    focus_areas = ma.fields.List(ma.fields.String())
    created_at = ma.fields.DateTime()


class PromiseListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PromiseSchema))
