"""Who is calling: the bearer token check and role rules every staff endpoint uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import g, request
from flask_smorest import Blueprint

from tipsapp.errors import ApiError
from tipsapp.staff import second_factor
from tipsapp.staff.models import StaffUser
from tipsapp.staff.service import user_for_token

F = TypeVar("F", bound=Callable[..., Any])
# What a token may reach before its holder, required to, has set up a second factor.
ENROLMENT_ENDPOINTS = frozenset(
    {"staff.Me", "staff.Totp", "staff.TotpConfirm", "staff.Logout", "staff.MySessions"}
)

ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
AUTH_RESPONSES = {
    "401": {"description": "No valid bearer token", "content": ERROR_CONTENT},
    "403": {"description": "The role may not do this", "content": ERROR_CONTENT},
}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate() -> StaffUser:
    token = bearer_token()
    user = user_for_token(token) if token else None
    if user is None:
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    if request.endpoint not in ENROLMENT_ENDPOINTS and second_factor.needs_enrolment(user):
        # A password alone opens only the way to set up the second factor it lacks.
        raise ApiError(403, "second_factor_enrolment_required")
    g.staff_user = user
    return user


def current_user() -> StaffUser:
    return cast(StaffUser, g.staff_user)


def require_roles(*roles: str) -> Callable[[F], F]:
    """Allow the view method to the given roles only: 401 without a token, 403 for others."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = authenticate()
            if user.role not in roles:
                raise ApiError(403, "forbidden")
            return view(*args, **kwargs)

        documented = Blueprint.doc(security=[{"bearerAuth": []}], responses=AUTH_RESPONSES)
        return cast(F, documented(wrapper))

    return decorator
