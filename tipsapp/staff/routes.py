"""Login, logout, password change, and the admin endpoints for users and organisations."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from tipsapp.common.i18n import field_message_language
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.i18n import STAFF_LANGUAGES, negotiate_language
from tipsapp.security.ratelimits import rate_limited
from tipsapp.security.secrets import keyed_hash
from tipsapp.staff import second_factor, service, sessions
from tipsapp.staff.auth import bearer_token, current_user, require_roles
from tipsapp.staff.models import ROLES, Organisation, StaffUser
from tipsapp.staff.schemas import (
    LoginSchema,
    OrganisationAreasSchema,
    OrganisationListSchema,
    OrganisationSchema,
    PasswordChangeSchema,
    RecoveryCodesSchema,
    SessionListSchema,
    SessionsEndedSchema,
    TokenSchema,
    TotpConfirmSchema,
    TotpEnrolmentSchema,
    UserCreateSchema,
    UserListSchema,
    UserSchema,
    UserUpdateSchema,
)

blp = Blueprint("staff", __name__, url_prefix="/api/v1", description="Staff accounts and login")
# Every request a token authenticates (API and console) notes its use; written here, after.
blp.after_app_request(sessions.write_noted_use)


def _account_key() -> str:
    """Throttle key for one account: a keyed hash of the e-mail, so the store holds no address."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return "account:" + keyed_hash("login-account", str(email or "").strip().lower())[:32]


def _user_key() -> str:
    """Throttle key for wrong enrolment codes: the signed-in account (a keyed hash)."""
    return "user:" + keyed_hash("totp-confirm", bearer_token() or "")[:32]


def _rejected(response: Response) -> bool:
    return response.status_code == 422


def _staff_language() -> str:
    """The language of staff-only field messages: Swedish or English, chosen as field messages
    are (English unless the client names a language), since only those two are written."""
    named = field_message_language(request.args.get("lang"))
    if named in STAFF_LANGUAGES:
        return named
    return negotiate_language(request.args.get("lang"), STAFF_LANGUAGES)


def _failed(response: Response) -> bool:
    """A wrong password or code counts; "now send your code" (the password was right) not."""
    return response.status_code == 401 and not asks_for_second_factor(response)


def asks_for_second_factor(response: Response) -> bool:
    body = response.get_json(silent=True) if response.is_json else None
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and error.get("code") == "second_factor_required"


@blp.route("/auth/login")
@rate_limited(
    "RATELIMIT_LOGIN_ACCOUNT", key_func=_account_key, deduct_when=_failed, scope="login-account"
)
@rate_limited("RATELIMIT_LOGIN_CLIENT", deduct_when=_failed, scope="login-client")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.alt_response(
        401,
        description="Wrong e-mail or password, a disabled account; code "
        "`second_factor_required`: send the same request again with `otp` (or "
        "`recovery_code`); `invalid_second_factor`: a wrong or used code",
    )
    @blp.alt_response(429, description="Too many failed attempts; see Retry-After")
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Log in and get a bearer token.

        An account with a second factor needs `otp` or `recovery_code` too. Failed attempts
        (passwords and codes) are throttled per account and per client network.
        """
        issued = service.login(
            data["email"],
            data["password"],
            otp=data.get("otp"),
            recovery_code=data.get("recovery_code"),
            via="api",
            device=sessions.device_kind(request.user_agent.string),
        )
        return {
            "token": issued.token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "user": issued.user,
        }


@blp.route("/auth/logout")
class Logout(MethodView):
    @require_roles(*ROLES)
    @blp.response(204)
    def post(self) -> None:
        """Revoke the token used for this request."""
        service.logout(bearer_token() or "")


@blp.route("/auth/password")
class Password(MethodView):
    @require_roles(*ROLES)
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    def post(self, data: dict[str, Any]) -> None:
        """Change your password; every token you hold is revoked."""
        service.change_password(
            current_user(), data["current_password"], data["new_password"], _staff_language()
        )


@blp.route("/staff/me")
class Me(MethodView):
    @require_roles(*ROLES)
    @blp.response(200, UserSchema)
    def get(self) -> StaffUser:
        """Who you are logged in as, with your organisation's areas."""
        return current_user()


@blp.route("/staff/me/totp")
class Totp(MethodView):
    @require_roles(*ROLES)
    @blp.response(201, TotpEnrolmentSchema)
    @blp.alt_response(409, description="A second factor is already set up")
    def post(self) -> second_factor.Enrolment:
        """Start setting up a second factor: the secret, its otpauth URI and a QR code.

        Shown only now; confirm with a code to activate it. Starting again replaces the
        pending secret.
        """
        return second_factor.start_enrolment(current_user())


@blp.route("/staff/me/totp/confirm")
@rate_limited(
    "RATELIMIT_LOGIN_ACCOUNT", key_func=_user_key, deduct_when=_rejected, scope="totp-confirm"
)
class TotpConfirm(MethodView):
    @require_roles(*ROLES)
    @blp.arguments(TotpConfirmSchema)
    @blp.response(200, RecoveryCodesSchema)
    @blp.alt_response(409, description="No enrolment was started, or it is already active")
    @blp.alt_response(429, description="Too many wrong codes; see Retry-After")
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Activate the second factor with a code from the app; get ten recovery codes, once."""
        return {"recovery_codes": second_factor.confirm_enrolment(current_user(), data["code"])}


@blp.route("/staff/me/sessions")
class MySessions(MethodView):
    @require_roles(*ROLES)
    @blp.response(200, SessionListSchema)
    def get(self) -> dict[str, Any]:
        """Your live sessions: device kind, when started and last used; never an address."""
        token = bearer_token()
        current = service.hash_token(token) if token else None
        return {"items": sessions.sessions_of(current_user(), current)}


@blp.route("/staff/me/sessions/<string:login_id>")
class MySession(MethodView):
    @require_roles(*ROLES)
    @blp.response(204)
    @blp.alt_response(404, description="No such live session of yours")
    def delete(self, login_id: str) -> None:
        """End one of your sessions (the device is logged out at its next request)."""
        if not sessions.end_session(current_user(), login_id):
            raise ApiError(404, "not_found")


@blp.route("/staff/users/<string:user_id>/sessions")
class UserSessions(MethodView):
    @require_roles("admin")
    @blp.response(200, SessionsEndedSchema)
    @blp.alt_response(404, description="No such user")
    def delete(self, user_id: str) -> dict[str, Any]:
        """End every session of a user (admins): a lost phone, someone leaving."""
        user = service.user_by_public_id(user_id)
        if user is None:
            raise ApiError(404, "not_found")
        return {"ended": sessions.end_all_sessions(user, actor=current_user())}


@blp.route("/staff/users/<string:user_id>/totp")
class UserTotp(MethodView):
    @require_roles("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such user")
    def delete(self, user_id: str) -> None:
        """Remove a user's second factor and recovery codes and end their sessions (admins):
        a lost phone and lost codes. They set up a new one at their next login. Audited."""
        user = service.user_by_public_id(user_id)
        if user is None:
            raise ApiError(404, "not_found")
        second_factor.reset(user, actor=current_user())


@blp.route("/staff/users")
class Users(MethodView):
    @require_roles("admin")
    @blp.response(200, UserListSchema)
    def get(self) -> dict[str, Any]:
        """List staff accounts (admins)."""
        users = db.session.scalars(select(StaffUser).order_by(StaffUser.email))
        return {"items": list(users)}

    @require_roles("admin")
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    @blp.alt_response(409, description="An account has this e-mail")
    def post(self, data: dict[str, Any]) -> StaffUser:
        """Create a staff account (admins)."""
        organisation = service.organisation_by_public_id(data["organisation"])
        if organisation is None:
            raise ApiError(
                422, "validation_failed", fields={"organisation": ["Unknown organisation."]}
            )
        return service.create_user(
            data["email"],
            data["display_name"],
            data["password"],
            data["role"],
            organisation,
            actor=current_user(),
            language=_staff_language(),
        )


@blp.route("/staff/users/<string:user_id>")
class UserById(MethodView):
    @require_roles("admin")
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, data: dict[str, Any], user_id: str) -> StaffUser:
        """Change a user's role or disable/enable the account (admins)."""
        user = service.user_by_public_id(user_id)
        if user is None:
            raise ApiError(404, "not_found")
        if "role" in data and data["role"] != user.role:
            service.set_role(user, data["role"], actor=current_user())
        if "disabled" in data and data["disabled"] == user.active:
            service.set_disabled(
                user, data["disabled"], actor=current_user(), reason=data.get("reason")
            )
        return user


@blp.route("/staff/organisations")
class Organisations(MethodView):
    @require_roles("admin")
    @blp.response(200, OrganisationListSchema)
    def get(self) -> dict[str, Any]:
        """List organisations and the areas of their agreements (admins)."""
        rows = db.session.scalars(select(Organisation).order_by(Organisation.name))
        return {"items": list(rows)}

    @require_roles("admin")
    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    @blp.alt_response(409, description="An organisation has this name")
    def post(self, data: dict[str, Any]) -> Organisation:
        """Create an organisation with the areas its agreement covers (admins)."""
        return service.create_organisation(
            data["name"],
            data["kind"],
            data["area_codes"],
            actor=current_user(),
            require_2fa=data["require_2fa"],
        )


@blp.route("/staff/organisations/<string:organisation_id>")
class OrganisationById(MethodView):
    @require_roles("admin")
    @blp.arguments(OrganisationAreasSchema)
    @blp.response(200, OrganisationSchema)
    def patch(self, data: dict[str, Any], organisation_id: str) -> Organisation:
        """Set the areas an organisation's agreement covers (admins)."""
        organisation = service.organisation_by_public_id(organisation_id)
        if organisation is None:
            raise ApiError(404, "not_found")
        if "require_2fa" in data:
            service.set_organisation_2fa(organisation, data["require_2fa"], actor=current_user())
        return service.set_organisation_areas(organisation, data["areas"], actor=current_user())
