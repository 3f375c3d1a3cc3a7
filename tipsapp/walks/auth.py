"""Who may act on a walk: a participant with that walk's token, or staff of its area.

Participant tokens start with ``wp_`` so one Authorization header serves both kinds; a
participant token is good for its own walk only (any other walk, and every tip, answers 404).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from tipsapp.common.clock import utcnow
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.staff.auth import authenticate, bearer_token
from tipsapp.staff.models import StaffUser
from tipsapp.walks.models import Walk, WalkParticipant

PARTICIPANT_PREFIX = "wp_"
WALK_STAFF_ROLES = ("admin", "analyst", "partner")


@dataclass(frozen=True)
class WalkActor:
    participant: WalkParticipant | None = None
    staff: StaffUser | None = None


def new_participant_token() -> str:
    return PARTICIPANT_PREFIX + secrets.token_urlsafe(32)


def hash_participant_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def participant_for_token(token: str) -> WalkParticipant | None:
    participant = db.session.scalars(
        select(WalkParticipant).where(WalkParticipant.token_hash == hash_participant_token(token))
    ).first()
    if participant is None or participant.expires_at <= utcnow():
        return None
    return participant


def staff_may_see_walk(user: StaffUser, walk: Walk) -> bool:
    if user.role == "admin":
        return True
    if user.role not in WALK_STAFF_ROLES:
        return False
    return walk.area_id in {area.id for area in user.organisation.areas}


def actor_for_walk(walk: Walk, staff_roles: tuple[str, ...] = WALK_STAFF_ROLES) -> WalkActor:
    """The caller, if allowed on this walk; 401 without a valid token, 404 for another walk."""
    token = bearer_token()
    if token is not None and token.startswith(PARTICIPANT_PREFIX):
        participant = participant_for_token(token)
        if participant is None:
            raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
        if participant.walk_id != walk.id:
            raise ApiError(404, "not_found")
        return WalkActor(participant=participant)
    user = authenticate()
    if user.role not in staff_roles:
        raise ApiError(403, "forbidden")
    if not staff_may_see_walk(user, walk):
        raise ApiError(404, "not_found")
    return WalkActor(staff=user)
