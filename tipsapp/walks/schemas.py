"""What walk organisers, participants and phones send and see."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from flask import current_app
from marshmallow import validate

from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.common.fields import TrimmedText, offered_language
from tipsapp.reference.data import CATEGORIES
from tipsapp.tips.schemas import LATITUDE_RANGE, LONGITUDE_RANGE, LocationSchema
from tipsapp.walks.checklist import CHECKLIST_CODES, ISSUES, RATING_RANGE
from tipsapp.walks.models import WALK_STATUSES

CATEGORY_CODES = [category.code for category in CATEGORIES]
MAX_SYNC_BATCH = 200


class RouteSchema(ma.Schema):
    """A GeoJSON LineString: at least two [lon, lat] positions within Sweden."""

    type = ma.fields.String(required=True, validate=validate.Equal("LineString"))
    coordinates = ma.fields.List(
        ma.fields.List(ma.fields.Float(allow_nan=False), validate=validate.Length(2, 3)),
        required=True,
        validate=validate.Length(2, 2000),
    )

    @ma.validates_schema(skip_on_field_errors=True)
    def _within_sweden(self, data: dict[str, Any], **_: Any) -> None:
        # Runs only once every position is known to be two or three numbers.
        for lon, lat, *_rest in data["coordinates"]:
            if not (LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]) or not (
                LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
            ):
                raise ma.ValidationError(
                    "Every position must be [lon, lat] within Sweden.", "coordinates"
                )


class WalkCreateSchema(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))
    title = TrimmedText(required=True, min_length=3, max_length=200)
    starts_at = ma.fields.AwareDateTime(required=True, default_timezone=STOCKHOLM)
    meeting_point = TrimmedText(required=True, min_length=2, max_length=200)
    route = ma.fields.Nested(RouteSchema, allow_none=True)
    organisation = ma.fields.String(
        metadata={"description": "Organising organisation's id; default: your own"}
    )
    checklist = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(CHECKLIST_CODES)),
        validate=validate.Length(min=1),
        metadata={"description": "Checklist points to rate; default: all of them"},
    )


class WalkStatusSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=validate.OneOf(WALK_STATUSES))


class ChecklistPointSchema(ma.Schema):
    code = ma.fields.String()
    label = ma.fields.String()
    labels = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


class ParticipantWalkSchema(ma.Schema):
    """A walk as a participant sees it: no join code."""

    id = ma.fields.String(attribute="public_id")
    area = ma.fields.String()
    organisation = ma.fields.String()
    title = ma.fields.String()
    starts_at = ma.fields.DateTime()
    meeting_point = ma.fields.String()
    route = ma.fields.Dict(allow_none=True)
    checklist = ma.fields.List(ma.fields.Nested(ChecklistPointSchema))
    status = ma.fields.String()
    join_valid_from = ma.fields.DateTime()
    join_valid_until = ma.fields.DateTime()


class WalkSchema(ParticipantWalkSchema):
    """A walk as staff see it, with the join code for the poster."""

    join_code = ma.fields.String()


class WalkListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(WalkSchema))


class WalkQuerySchema(ma.Schema):
    area = ma.fields.String(validate=validate.Length(1, 32))
    status = ma.fields.String(validate=validate.OneOf(WALK_STATUSES))


class JoinSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=validate.Length(4, 32))


class JoinAnswerSchema(ma.Schema):
    token = ma.fields.String(
        required=True, metadata={"description": "Bearer token for this walk only"}
    )
    expires_at = ma.fields.DateTime(required=True)
    walk = ma.fields.Nested(ParticipantWalkSchema, required=True)


class ObservationSchema(ma.Schema):
    """One observation as a phone sends it, alone or in a sync batch."""

    client_uuid = ma.fields.UUID(required=True)
    issue = ma.fields.String(required=True, validate=validate.OneOf(list(ISSUES)))
    category = ma.fields.String(
        validate=validate.OneOf(CATEGORY_CODES),
        metadata={"description": "Default: the category the issue suggests"},
    )
    text = TrimmedText(load_default="", max_length=2000)
    language = offered_language(
        "The app's language; the note's own language is detected, and "
        "this is the guess when the note is too short to tell"
    )
    place = TrimmedText(allow_none=True, max_length=200)
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    ratings = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.OneOf(CHECKLIST_CODES)),
        values=ma.fields.Integer(strict=True, validate=validate.Range(*RATING_RANGE)),
        allow_none=True,
        metadata={"description": "Checklist point -> 0 (poor) .. 3 (good)"},
    )
    seen_at = ma.fields.AwareDateTime(
        required=True,
        default_timezone=STOCKHOLM,
        metadata={"description": "The phone's clock when it was seen"},
    )

    @ma.validates("seen_at")
    def _not_in_future(self, value: datetime, **_: Any) -> None:
        skew = timedelta(seconds=int(current_app.config["CLOCK_SKEW_SECONDS"]))
        if value > utcnow() + skew:
            raise ma.ValidationError("Must not be in the future.")


class ObservationAnswerSchema(ma.Schema):
    client_uuid = ma.fields.String()
    status = ma.fields.String(metadata={"description": "created, duplicate or invalid"})
    reference = ma.fields.String(allow_none=True)
    errors = ma.fields.Dict(
        data_key="fields", allow_none=True, metadata={"description": "Errors of this item"}
    )


class SyncSchema(ma.Schema):
    observations = ma.fields.List(
        # Items are checked one by one by the service: a null or malformed item is answered
        # `invalid` on its own and never rejects the batch.
        ma.fields.Raw(allow_none=True),
        required=True,
        validate=validate.Length(1, MAX_SYNC_BATCH),
    )


class SyncAnswerSchema(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(ObservationAnswerSchema))
    created = ma.fields.Integer()
    duplicate = ma.fields.Integer()
    invalid = ma.fields.Integer()
