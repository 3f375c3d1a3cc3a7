"""What staff send and see about accounts and organisations."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.fields import TrimmedText
from tipsapp.staff import second_factor
from tipsapp.staff.models import ORGANISATION_KINDS, ROLES


class LoginSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(required=True, validate=validate.Length(1, 1024), load_only=True)
    otp = ma.fields.String(
        validate=validate.Length(1, 16),
        load_only=True,
        metadata={"description": "The authenticator's 6-digit code, when the account has one"},
    )
    recovery_code = ma.fields.String(
        validate=validate.Length(1, 64),
        load_only=True,
        metadata={"description": "One of the ten recovery codes, instead of otp"},
    )


class OrganisationSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id", dump_only=True)
    name = TrimmedText(required=True, min_length=1, max_length=120)
    kind = ma.fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))
    areas = ma.fields.List(
        ma.fields.String(validate=validate.Length(1, 32)),
        attribute="area_codes",
        data_key="areas",
        required=True,
        metadata={"description": "Area codes the organisation's agreement covers"},
    )
    require_2fa = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Every member needs a second factor (when 2FA is enforced)"},
    )


class OrganisationAreasSchema(ma.Schema):
    areas = ma.fields.List(ma.fields.String(validate=validate.Length(1, 32)), required=True)
    require_2fa = ma.fields.Boolean()


class UserSchema(ma.Schema):
    id = ma.fields.String(attribute="public_id", dump_only=True)
    email = ma.fields.Email(required=True)
    display_name = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    organisation = ma.fields.Function(lambda user: user.organisation.name)
    organisation_kind = ma.fields.Function(lambda user: user.organisation.kind)
    areas = ma.fields.Function(lambda user: user.organisation.area_codes)
    active = ma.fields.Boolean(dump_only=True)
    second_factor = ma.fields.Function(
        lambda user: {
            "enrolled": second_factor.enrolled(user),
            "required": second_factor.required_for(user),
        },
        metadata={"description": "Whether a TOTP second factor is set up, and required"},
    )


class UserCreateSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    display_name = TrimmedText(required=True, min_length=1, max_length=120)
    password = ma.fields.String(required=True, validate=validate.Length(1, 1024), load_only=True)
    role = ma.fields.String(required=True, validate=validate.OneOf(ROLES))
    organisation = ma.fields.String(
        required=True, metadata={"description": "The organisation's id"}
    )


class UserUpdateSchema(ma.Schema):
    role = ma.fields.String(validate=validate.OneOf(ROLES))
    disabled = ma.fields.Boolean()
    reason = TrimmedText(max_length=500)


class UserListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(UserSchema), required=True)


class OrganisationListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(OrganisationSchema), required=True)


class TokenSchema(ma.Schema):
    token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(required=True, metadata={"description": "Seconds"})
    user = ma.fields.Nested(UserSchema, required=True)


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(required=True, validate=validate.Length(1, 1024))
    new_password = ma.fields.String(required=True, validate=validate.Length(1, 1024))


class TotpEnrolmentSchema(ma.Schema):
    secret = ma.fields.String(required=True, metadata={"description": "Base32; shown only now"})
    otpauth_uri = ma.fields.String(required=True)
    qr_svg = ma.fields.String(required=True, metadata={"description": "The URI as a QR (SVG)"})


class TotpConfirmSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=validate.Length(1, 16))


class RecoveryCodesSchema(ma.Schema):
    recovery_codes = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "Each works once; shown once"}
    )


class SessionSchema(ma.Schema):
    id = ma.fields.String(required=True)
    device_kind = ma.fields.String(
        required=True, metadata={"description": "Kind and browser family, e.g. mobile/firefox"}
    )
    via = ma.fields.String(required=True, metadata={"description": "console or api"})
    created_at = ma.fields.DateTime(required=True)
    last_used_at = ma.fields.DateTime(required=True, metadata={"description": "To the minute"})
    current = ma.fields.Boolean(required=True)


class SessionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SessionSchema), required=True)


class SessionsEndedSchema(ma.Schema):
    ended = ma.fields.Integer(required=True)
