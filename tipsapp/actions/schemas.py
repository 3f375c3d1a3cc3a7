"""What analysts send about actions (insatser), and what staff and walk participants read."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.actions.models import ACTION_STATUSES, FIX_ANSWERS
from tipsapp.common.fields import TrimmedText
from tipsapp.i18n import LANGUAGES


class ActionCreateSchema(ma.Schema):
    title = TrimmedText(required=True, min_length=3, max_length=200)
    description = TrimmedText(allow_none=True, max_length=5000)
    owner = ma.fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"description": "Id of the organisation that does the work"},
    )
    due_date = ma.fields.Date(allow_none=True)
    item = ma.fields.String(
        validate=validate.Length(1, 32),
        metadata={"description": "A queue reference (O-... or T-...): the action's area is its"},
    )
    walk = ma.fields.String(
        validate=validate.Length(1, 64),
        metadata={"description": "A walk id; set by itself when `item` is a walk observation"},
    )
    area = ma.fields.String(
        validate=validate.Length(1, 32),
        metadata={"description": "Needed only when neither `item` nor `walk` is given"},
    )


class ActionUpdateSchema(ma.Schema):
    title = TrimmedText(min_length=3, max_length=200)
    description = TrimmedText(allow_none=True, max_length=5000)
    owner = ma.fields.String(validate=validate.Length(1, 64))
    due_date = ma.fields.Date(allow_none=True)


class ActionStatusSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=validate.OneOf(ACTION_STATUSES))
    reason = TrimmedText(
        allow_none=True,
        max_length=2000,
        metadata={"description": "Required for wont_do; shown to the walk's participants"},
    )


class ActionQuerySchema(ma.Schema):
    area = ma.fields.String(validate=validate.Length(1, 32))
    status = ma.fields.String(validate=validate.OneOf(ACTION_STATUSES))
    owner = ma.fields.String(validate=validate.Length(1, 64))
    walk = ma.fields.String(validate=validate.Length(1, 64))


class OwnerSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id")
    name = ma.fields.String()


class ActionSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id")
    area = ma.fields.Function(lambda action: action.area.code)
    title = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    owner = ma.fields.Nested(OwnerSchema)
    due_date = ma.fields.Date(allow_none=True)
    status = ma.fields.String()
    status_reason = ma.fields.String(allow_none=True)
    item = ma.fields.Function(
        lambda action: action.item.reference if action.item is not None else None,
        allow_none=True,
    )
    walk = ma.fields.Function(
        lambda action: action.walk.public_id if action.walk is not None else None,
        allow_none=True,
    )
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class ActionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ActionSchema))


# --- the follow-up a walk's participants read ------------------------------------------------


class FollowupQuerySchema(ma.Schema):
    lang = ma.fields.String(validate=validate.OneOf(LANGUAGES))


class FollowupActionSchema(ma.Schema):
    id = ma.fields.String()
    title = ma.fields.String()
    owner = ma.fields.String(metadata={"description": "The organisation doing it"})
    due_date = ma.fields.Date(allow_none=True)
    status = ma.fields.String()
    status_label = ma.fields.String()
    reason = ma.fields.String(
        allow_none=True, metadata={"description": "Why it will not be done (wont_do only)"}
    )
    observations = ma.fields.List(ma.fields.String(), metadata={"description": "References"})
    fixed = ma.fields.Nested(
        "FollowupFixedSchema",
        allow_none=True,
        metadata={"description": "Is it fixed? Asked once the action is done, else null"},
    )


class FollowupObservationSchema(ma.Schema):
    reference = ma.fields.String()
    issue = ma.fields.String()
    issue_label = ma.fields.String()
    place = ma.fields.String(allow_none=True)
    seen_at = ma.fields.DateTime()
    status = ma.fields.String(metadata={"description": "received, in_progress, reported, closed"})
    status_label = ma.fields.String()
    actions = ma.fields.List(ma.fields.String(), metadata={"description": "Ids of its actions"})


class FollowupWalkSchema(ma.Schema):
    id = ma.fields.String()
    title = ma.fields.String()
    area = ma.fields.String()
    starts_at = ma.fields.DateTime()


class FollowupSchema(ma.Schema):
    language = ma.fields.String()
    heading = ma.fields.String()
    intro = ma.fields.String()
    walk = ma.fields.Nested(FollowupWalkSchema)
    actions = ma.fields.List(ma.fields.Nested(FollowupActionSchema))
    no_actions = ma.fields.String(allow_none=True)
    observations = ma.fields.List(ma.fields.Nested(FollowupObservationSchema))
    fixed_question = ma.fields.String(metadata={"description": "“Is it fixed?” in the language"})
    fixed_choices = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "The answers yes, no, partly, each in words"},
    )


# --- is it fixed? ------------------------------------------------------------------------------


class FollowupFixedSchema(ma.Schema):
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "The walk's participants' answers: yes, no, partly"},
    )
    yours = ma.fields.String(
        allow_none=True,
        metadata={"description": "This participant's answer (null: none yet, or staff)"},
    )


def fix_answer_field() -> ma.fields.String:
    return ma.fields.String(
        required=True,
        validate=validate.OneOf(FIX_ANSWERS),
        metadata={"description": "yes, no or partly; answering again changes it"},
    )


class WalkFixAnswerSchema(ma.Schema):
    action = ma.fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"description": "The id of one of the walk's actions, done"},
    )
    answer = fix_answer_field()


class FixAnswerResultSchema(ma.Schema):
    action = ma.fields.String(required=True)
    answer = ma.fields.String(required=True)
    answered_on = ma.fields.Date(
        required=True, metadata={"description": "The date only: no answer keeps a time"}
    )
