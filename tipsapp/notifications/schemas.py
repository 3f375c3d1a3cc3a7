"""A staff member's own notification settings, as read and replaced through the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.notifications.models import NOTIFICATION_KINDS


class SubscriptionSchema(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))
    kind = ma.fields.String(required=True, validate=validate.OneOf(NOTIFICATION_KINDS))


class NotificationSettingsUpdateSchema(ma.Schema):
    subscriptions = ma.fields.List(
        ma.fields.Nested(SubscriptionSchema),
        required=True,
        validate=validate.Length(max=200),
        metadata={"description": "Every opt-in wanted; the ones left out are removed"},
    )
    quiet_from = ma.fields.Time(
        allow_none=True,
        load_default=None,
        metadata={"description": "Start of quiet hours, Europe/Stockholm (e.g. 22:00)"},
    )
    quiet_until = ma.fields.Time(
        allow_none=True,
        load_default=None,
        metadata={"description": "End of quiet hours; mail held meanwhile goes out then"},
    )


class AreaNameSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class NotificationSettingsSchema(NotificationSettingsUpdateSchema):
    areas = ma.fields.List(
        ma.fields.Nested(AreaNameSchema),
        required=True,
        metadata={"description": "The areas one may subscribe to (the organisation's)"},
    )
    kinds = ma.fields.List(ma.fields.String(), required=True)


class AreaPolicySchema(ma.Schema):
    area = ma.fields.String(dump_only=True)
    overdue_after_hours = ma.fields.Integer(
        required=True,
        validate=validate.Range(1, 24 * 30),
        metadata={"description": "Hours an item may stay new before subscribers are told"},
    )
