"""Report requests; the report body itself is documented as a free-form object."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.fields import TrimmedText
from tipsapp.triage.schemas import CommaList


class AreasQuerySchema(ma.Schema):
    area = CommaList(
        ma.fields.String(validate=validate.Length(1, 32)),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "One or more area codes (a joint report covers several)"},
    )


class ReportListQuerySchema(ma.Schema):
    area = CommaList(ma.fields.String(validate=validate.Length(1, 32)))


class DecisionsSchema(ma.Schema):
    decisions = TrimmedText(required=True, min_length=1, max_length=10_000)


class ReportSummarySchema(ma.Schema):
    id = ma.fields.String(attribute="public_id")
    number = ma.fields.String()
    status = ma.fields.String()
    areas = ma.fields.Function(lambda report: sorted(a.code for a in report.areas))
    period_start = ma.fields.DateTime()
    period_end = ma.fields.DateTime()
    meeting_on = ma.fields.Date()
    published_at = ma.fields.DateTime(allow_none=True)


class ReportListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ReportSummarySchema))


class ReportContentSchema(ma.Schema):
    """The report: period, counts and trends per focus area and category, hotspots, walks,
    actions, last meeting's decisions, notable items and the items. Staff: item texts with the
    kinds pii knows masked; partners and viewers (`level: partner`): no item text or place, the
    analysts' summaries for partners instead."""

    class Meta:
        unknown = ma.INCLUDE

    report = ma.fields.Dict()
    level = ma.fields.String(metadata={"description": "internal or partner"})
    focus_areas = ma.fields.List(ma.fields.Dict())
    hotspots = ma.fields.List(ma.fields.Dict())
    walks = ma.fields.List(ma.fields.Dict())
    actions = ma.fields.List(ma.fields.Dict())
    fixed = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={
            "description": "Is it fixed? `done` (actions marked done in the period), `asked` "
            "(of those, the ones on an environment tip or a walk, whose residents are asked) "
            "and the answers given in the period: `yes`, `no`, `partly`"
        },
    )
    sources = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={
            "description": "Items received in the period per source, counted as `received` "
            "is (they add up to it): `tip` (residents), `observation` (safety walks) and "
            "`report` (EST reporters)"
        },
    )
    reporting_organisations = ma.fields.List(
        ma.fields.Dict(),
        metadata={
            "description": "The organisations whose EST reporters reported in the period: "
            "`organisation` (name) and `reports`, most first"
        },
    )
    last_meeting_decisions = ma.fields.String(allow_none=True)
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={
            "description": "Totals, each the sum of what it lists: `received` (items received "
            "in the period, as the focus areas count them), `queued` (the items queued for "
            "this report, whenever received) and `notable` (those of them in `notable`)"
        },
    )
    notable = ma.fields.List(
        ma.fields.Dict(),
        metadata={
            "description": "Items of the report that are urgent, of the highest priority or "
            "marked notable by an analyst (`notable_for` says which)"
        },
    )
    items = ma.fields.List(ma.fields.Dict())
