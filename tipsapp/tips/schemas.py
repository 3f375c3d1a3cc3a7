"""Schemas per audience: what a resident sends, and what a resident gets back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from flask import current_app
from marshmallow import validate

from tipsapp.actions.schemas import fix_answer_field
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.fields import TrimmedText, offered_language

# A box around Sweden with a margin: a point outside it is a typo or a wrong sign.
LATITUDE_RANGE = (55.0, 69.5)
LONGITUDE_RANGE = (10.5, 24.5)
EARLIEST_OCCURRED_AT = datetime(2000, 1, 1, tzinfo=STOCKHOLM)


# The longest tip text; the form's counter reads the same number.
TEXT_MAX_LENGTH = 5000


class LocationSchema(ma.Schema):
    lat = ma.fields.Float(
        required=True,
        validate=validate.Range(*LATITUDE_RANGE, error="Latitude must be within Sweden."),
        metadata={"example": 57.3048},
    )
    lon = ma.fields.Float(
        required=True,
        validate=validate.Range(*LONGITUDE_RANGE, error="Longitude must be within Sweden."),
        metadata={"example": 13.5413},
    )
    accuracy_m = ma.fields.Float(
        allow_none=True,
        validate=validate.Range(0, 50_000),
        metadata={"description": "The phone's stated accuracy in metres"},
    )


class TipSubmitSchema(ma.Schema):
    area = ma.fields.String(
        required=True, validate=validate.Length(1, 32), metadata={"example": "gislaved"}
    )
    text = TrimmedText(
        required=True,
        min_length=10,
        max_length=TEXT_MAX_LENGTH,
        metadata={"description": "What happened, 10-5000 characters after trimming"},
    )
    category = ma.fields.String(
        allow_none=True,
        validate=validate.Length(1, 32),
        metadata={"description": "The resident's own choice of category code"},
    )
    occurred_at = ma.fields.AwareDateTime(
        allow_none=True,
        default_timezone=STOCKHOLM,
        metadata={"description": "ISO 8601; without an offset it is read as Swedish time"},
    )
    place = TrimmedText(allow_none=True, max_length=200)
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    language = offered_language(
        "The form's language (sv-x-ll: easy-to-read Swedish); the answer's "
        "note on when to call 112 follows the language the text is written in"
    )

    @ma.validates("occurred_at")
    def _not_in_future(self, value: datetime | None, **_: Any) -> None:
        if value is None:
            return
        skew = timedelta(seconds=int(current_app.config["CLOCK_SKEW_SECONDS"]))
        if value > utcnow() + skew:
            raise ma.ValidationError("Must not be in the future.")
        if value < EARLIEST_OCCURRED_AT:
            raise ma.ValidationError("Must be after 2000-01-01.")


class IdempotencyHeaderSchema(ma.Schema):
    idempotency_key = ma.fields.UUID(
        data_key="Idempotency-Key",
        metadata={
            "description": "A UUID made by the client; a retry with it returns the "
            "first answer. Kept (hashed) for 14 days."
        },
    )


class TipReceiptSchema(ma.Schema):
    reference = ma.fields.String(required=True, metadata={"example": "T-7K3Q-9XPA"})
    receipt = ma.fields.String(
        required=True,
        metadata={
            "description": "Secret shown only now; with the reference it opens the "
            "follow-up. Save it."
        },
    )
    status = ma.fields.String(required=True, metadata={"example": "received"})
    status_label = ma.fields.String(required=True)
    urgent = ma.fields.Boolean(
        required=True, metadata={"description": "The text sounds like it is happening now"}
    )
    emergency_note = ma.fields.String(
        required=True, metadata={"description": "When to call 112; plain advice if urgent"}
    )


class TipStatusRequestSchema(ma.Schema):
    reference = ma.fields.String(required=True, validate=validate.Length(1, 32))
    receipt = ma.fields.String(required=True, validate=validate.Length(1, 64))


class ResidentReplySchema(TipStatusRequestSchema):
    body = TrimmedText(required=True, min_length=1, max_length=2000)
    language = offered_language(
        "The page's language; the answer's own language is detected, and "
        "this one stands in when the text is too short to tell"
    )


class TipFixAnswerSchema(TipStatusRequestSchema):
    action = ma.fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"description": "The id of a done action on the tip, from `fixed`"},
    )
    answer = fix_answer_field()


class TipFixQuestionSchema(ma.Schema):
    action = ma.fields.String(required=True, metadata={"description": "The action's id"})
    done_on = ma.fields.Date(required=True, metadata={"description": "When it was marked done"})
    answer = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "yes, no, partly or null"}
    )


class ResidentMessageSchema(ma.Schema):
    sender = ma.fields.String(required=True, metadata={"description": "staff or resident"})
    body = ma.fields.String(required=True)
    sent_at = ma.fields.DateTime(required=True)


class TipStatusSchema(ma.Schema):
    reference = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    status_label = ma.fields.String(required=True)
    handed_over = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "Handed over to the body responsible (delivered or on its way); "
            "never to whom"
        },
    )
    messages = ma.fields.List(ma.fields.Nested(ResidentMessageSchema), required=True)
    fixed = ma.fields.List(
        ma.fields.Nested(TipFixQuestionSchema),
        required=True,
        metadata={
            "description": "Is it fixed? One question per done action on an environment tip "
            "(lighting, vegetation, litter, graffiti, damage, traffic environment); else empty"
        },
    )
