"""What a reporter's phone sends (one report, alone or in a sync batch) and what it reads back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from flask import current_app
from marshmallow import validate

from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.fields import TrimmedText, offered_language
from tipsapp.tips.schemas import EARLIEST_OCCURRED_AT, LocationSchema
from tipsapp.walks.checklist import CHECKLIST_CODES, RATING_RANGE
from tipsapp.walks.schemas import CATEGORY_CODES, MAX_SYNC_BATCH

# A round's note is short; the form's counter reads the same number.
REPORT_TEXT_MAX_LENGTH = 2000


class EstReportSchema(ma.Schema):
    """One report: what, where, when, category, the checklist ratings that fit."""

    client_uuid = ma.fields.UUID(required=True)
    area = ma.fields.String(
        required=True, validate=validate.Length(1, 32), metadata={"example": "gislaved"}
    )
    category = ma.fields.String(required=True, validate=validate.OneOf(CATEGORY_CODES))
    text = TrimmedText(
        required=True,
        min_length=3,
        max_length=REPORT_TEXT_MAX_LENGTH,
        metadata={"description": "What was seen, 3-2000 characters after trimming"},
    )
    place = TrimmedText(allow_none=True, max_length=200)
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    ratings = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.OneOf(CHECKLIST_CODES)),
        values=ma.fields.Integer(strict=True, validate=validate.Range(*RATING_RANGE)),
        allow_none=True,
        metadata={"description": "Checklist point -> 0 (poor) .. 3 (good), where they fit"},
    )
    seen_at = ma.fields.AwareDateTime(
        required=True,
        default_timezone=STOCKHOLM,
        metadata={"description": "When it was seen (the phone's clock)"},
    )
    language = offered_language(
        "The form's language; the text's own language is detected, and this is the guess "
        "when the text is too short to tell"
    )

    @ma.validates("seen_at")
    def _not_in_future(self, value: datetime, **_: Any) -> None:
        skew = timedelta(seconds=int(current_app.config["CLOCK_SKEW_SECONDS"]))
        if value > utcnow() + skew:
            raise ma.ValidationError("Must not be in the future.")
        if value < EARLIEST_OCCURRED_AT:
            raise ma.ValidationError("Must be after 2000-01-01.")


class EstReportSyncSchema(ma.Schema):
    reports = ma.fields.List(
        # Checked one by one by the service: a malformed item is answered `invalid` on its
        # own and never rejects the batch (as a walk's sync).
        ma.fields.Raw(allow_none=True),
        required=True,
        validate=validate.Length(1, MAX_SYNC_BATCH),
    )


class EstReportAnswerSchema(ma.Schema):
    client_uuid = ma.fields.String()
    status = ma.fields.String(metadata={"description": "created, duplicate or invalid"})
    reference = ma.fields.String(allow_none=True)
    errors = ma.fields.Dict(
        data_key="fields", allow_none=True, metadata={"description": "Errors of this item"}
    )


class EstReportSyncAnswerSchema(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(EstReportAnswerSchema))
    created = ma.fields.Integer()
    duplicate = ma.fields.Integer()
    invalid = ma.fields.Integer()


class OwnReportSchema(ma.Schema):
    """A report as its author reads it back: their own words, and where it stands."""

    client_uuid = ma.fields.String()
    reference = ma.fields.String(attribute="tip.reference")
    area = ma.fields.String(attribute="tip.area.code")
    category = ma.fields.String(attribute="tip.resident_category")
    text = ma.fields.String(attribute="tip.text")
    place = ma.fields.String(attribute="tip.place", allow_none=True)
    seen_at = ma.fields.DateTime(attribute="tip.occurred_at", allow_none=True)
    received_at = ma.fields.DateTime(attribute="tip.received_at")
    status = ma.fields.String(
        attribute="tip.item.resident_status",
        metadata={"description": "received, in_progress, reported or closed"},
    )


class OwnReportListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(OwnReportSchema))
    next = ma.fields.String(allow_none=True)


class OwnReportQuerySchema(ma.Schema):
    cursor = ma.fields.String()
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))
