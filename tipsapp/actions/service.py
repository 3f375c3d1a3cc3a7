"""Actions (insatser): who does what about an item or a walk finding, by when, and how it went.

Analysts create and edit actions in their areas; the organisation that owns an action moves
its status, since it is their work; every change is audited in the same transaction. The walk's
participants read the outcome as the follow-up, which is the feedback they rarely get.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Select, false, or_, select

from tipsapp.actions import fixed
from tipsapp.actions.models import ACTION_TRANSITIONS, FIX_ANSWERS, Action
from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.i18n import (
    ACTION_STATUS_LABELS,
    FIXED_TEXTS,
    ISSUE_LABELS,
    STATUS_LABELS,
    WALK_TEXTS,
    label,
)
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.reference import service as reference
from tipsapp.staff.auth import bearer_token
from tipsapp.staff.models import Organisation, StaffUser
from tipsapp.staff.service import organisation_by_public_id
from tipsapp.triage.models import TriageItem
from tipsapp.triage.service import item_for
from tipsapp.walks.auth import (
    PARTICIPANT_PREFIX,
    WalkActor,
    actor_for_walk,
    hash_participant_token,
    staff_may_see_walk,
)
from tipsapp.walks.models import Observation, Walk, WalkParticipant
from tipsapp.walks.service import walk_by_public_id
from tipsapp.walks.summary import walk_observations
from tipsapp.webhooks import service as webhooks

MAX_LIST = 500
# A participant token stops accepting observations a few days after the walk, but actions take
# months: the follow-up stays readable with it for this long after the walk started.
FOLLOWUP_READABLE_FOR = timedelta(days=400)


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "validation_failed", fields={field: [message]})


def _area_ids(user: StaffUser) -> set[int]:
    return {area.id for area in user.organisation.areas}


def _check_owner(public_id: str, area_id: int) -> Organisation:
    """The owner must exist and its agreement must cover the action's area."""
    owner = organisation_by_public_id(public_id)
    if owner is None:
        raise _invalid("owner", "Unknown organisation.")
    if area_id not in {area.id for area in owner.areas}:
        raise _invalid("owner", "The organisation's agreement does not cover this area.")
    return owner


# --- who sees what ---------------------------------------------------------------------------


def visible_actions(user: StaffUser) -> Select[Any]:
    """Admins all; analysts their areas; partners the actions their own organisation owns."""
    query = select(Action)
    if user.role == "admin":
        return query
    if user.role == "analyst":
        return query.where(Action.area_id.in_(_area_ids(user)))
    if user.role == "partner":
        return query.where(Action.owner_organisation_id == user.organisation_id)
    raise ApiError(403, "forbidden")


def action_for(user: StaffUser, public_id: str) -> Action:
    """The action if the user may see it; 404 also for 'exists but not yours'."""
    action = db.session.scalars(visible_actions(user).where(Action.public_id == public_id)).first()
    if action is None:
        raise ApiError(404, "not_found")
    return action


def list_actions(user: StaffUser, filters: dict[str, Any]) -> list[Action]:
    query = visible_actions(user)
    if filters.get("area"):
        query = query.where(Action.area_id == reference.area_id_for_code(filters["area"]))
    if filters.get("status"):
        query = query.where(Action.status == filters["status"])
    if filters.get("owner"):
        owner = organisation_by_public_id(filters["owner"])
        query = query.where(Action.owner_organisation_id == owner.id if owner else false())
    if filters.get("walk"):
        walk = db.session.scalars(select(Walk).where(Walk.public_id == filters["walk"])).first()
        query = query.where(Action.walk_id == walk.id if walk else false())
    # Undated last, in a way SQLite and PostgreSQL agree on.
    query = query.order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    return list(db.session.scalars(query.limit(MAX_LIST)))


# --- changes ---------------------------------------------------------------------------------


def _walk_for(user: StaffUser, public_id: str) -> Walk:
    walk = db.session.scalars(select(Walk).where(Walk.public_id == public_id)).first()
    if walk is None or not staff_may_see_walk(user, walk):
        raise _invalid("walk", "Unknown walk.")
    return walk


def create_action(user: StaffUser, data: dict[str, Any]) -> Action:
    """An action about a queue item, a walk, or just an area; its area follows what it is about."""
    item: TriageItem | None = None
    walk: Walk | None = None
    if data.get("item"):
        try:
            item = item_for(user, data["item"])
        except ApiError as exc:
            raise _invalid("item", "Unknown item.") from exc
    if data.get("walk"):
        walk = _walk_for(user, data["walk"])
    if item is not None and item.observation is not None:
        if walk is not None and item.observation.walk_id != walk.id:
            raise _invalid("walk", "The observation was made on another walk.")
        walk = item.observation.walk
    if item is not None:
        area_id = item.area_id
    elif walk is not None:
        area_id = walk.area_id
    elif data.get("area"):
        found = reference.area_id_for_code(data["area"])
        if found is None or (user.role != "admin" and found not in _area_ids(user)):
            raise _invalid("area", "Unknown area.")
        area_id = found
    else:
        raise _invalid("area", "Give an item, a walk or an area.")
    if walk is not None and walk.area_id != area_id:
        raise _invalid("walk", "The walk is in another area than the item.")
    if data.get("area") and reference.area_id_for_code(data["area"]) != area_id:
        raise _invalid("area", "Does not match the item's or the walk's area.")
    owner = _check_owner(data["owner"], area_id)
    now = utcnow()
    action = Action(
        area_id=area_id,
        item=item,
        walk=walk,
        title=data["title"],
        description=data.get("description"),
        owner=owner,
        due_date=data.get("due_date"),
        status="planned",
        created_by_id=user.id,
        created_at=now,
        updated_at=now,
    )
    db.session.add(action)
    db.session.flush()
    record(
        user,
        "action.create",
        "action",
        action.public_id,
        detail={
            "title": action.title,
            "owner": owner.public_id,
            "item": item.reference if item else None,
            "walk": walk.public_id if walk else None,
            "due_date": action.due_date.isoformat() if action.due_date else None,
        },
    )
    db.session.commit()
    return action


def update_action(user: StaffUser, action: Action, changes: dict[str, Any]) -> Action:
    """Title, description, due date, owner; each change is in the audit entry as before/after."""
    detail: dict[str, Any] = {}
    for name in ("title", "description", "due_date"):
        if name in changes and changes[name] != getattr(action, name):
            before, after = getattr(action, name), changes[name]
            setattr(action, name, after)
            if name == "due_date":
                before = before.isoformat() if before else None
                after = after.isoformat() if after else None
            detail[name] = {"before": before, "after": after}
    if "owner" in changes and changes["owner"] != action.owner.public_id:
        owner = _check_owner(changes["owner"], action.area_id)
        detail["owner"] = {"before": action.owner.public_id, "after": owner.public_id}
        action.owner = owner
    if detail:
        action.updated_at = utcnow()
        record(user, "action.update", "action", action.public_id, detail=detail)
    db.session.commit()
    return action


def may_set_status(user: StaffUser, action: Action) -> bool:
    """Analysts of the area and admins; a partner only when its organisation owns the action."""
    if user.role == "partner":
        return action.owner_organisation_id == user.organisation_id
    return user.role in {"admin", "analyst"}


def set_action_status(user: StaffUser, action: Action, status: str, reason: str | None) -> Action:
    """A status move by the table; ``wont_do`` must say why (the participants read it)."""
    if not may_set_status(user, action):
        raise ApiError(403, "forbidden")
    allowed = ACTION_TRANSITIONS[action.status]
    if status not in allowed:
        raise ApiError(
            409,
            "invalid_transition",
            message=f"Cannot go from '{action.status}' to '{status}'.",
            fields={"status": [f"Allowed from '{action.status}': {sorted(allowed)}"]},
        )
    if status == "wont_do" and not reason:
        raise _invalid("reason", "Say why the action will not be done.")
    before = action.status
    action.status = status
    action.status_reason = reason or None
    action.updated_at = utcnow()
    record(
        user,
        "action.status",
        "action",
        action.public_id,
        reason=reason,
        detail={"status": {"before": before, "after": status}},
    )
    # Subscribed webhooks hear of it in the same commit: no title, description or reason.
    webhooks.notify(
        "action.status_changed",
        {
            "action": action.public_id,
            "area": action.area.code,
            "item": action.item.reference if action.item is not None else None,
            "status": {"before": before, "after": status},
        },
    )
    db.session.commit()
    return action


# --- the follow-up for a walk's participants -------------------------------------------------


def followup_actor(walk: Walk) -> WalkActor:
    """As ``actor_for_walk``, but a participant's token still reads the follow-up after the
    time for sending observations is over (for ``FOLLOWUP_READABLE_FOR``)."""
    token = bearer_token()
    if token is None or not token.startswith(PARTICIPANT_PREFIX):
        return actor_for_walk(walk)
    participant = db.session.scalars(
        select(WalkParticipant).where(WalkParticipant.token_hash == hash_participant_token(token))
    ).first()
    if participant is None or utcnow() > participant.walk.starts_at + FOLLOWUP_READABLE_FOR:
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    if participant.walk_id != walk.id:
        raise ApiError(404, "not_found")
    return WalkActor(participant=participant)


def walk_actions(walk: Walk) -> list[Action]:
    """The walk's actions: made for the walk, or for one of its observations."""
    observation_items = (
        select(TriageItem.id)
        .join(Observation, Observation.id == TriageItem.observation_id)
        .where(Observation.walk_id == walk.id)
    )
    query = (
        select(Action)
        .where(or_(Action.walk_id == walk.id, Action.item_id.in_(observation_items)))
        .order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    )
    return list(db.session.scalars(query))


def followup(public_id: str, language: str) -> dict[str, Any]:
    """What became of the walk, in plain words: no notes, no staff names, no other walks.

    Only what the participants themselves could know or are meant to read: their walk, its
    actions (title, organisation, due date, status, and why not when it will not be done) and
    each observation's status as the resident sees it.
    """
    walk = walk_by_public_id(public_id)
    actor = followup_actor(walk)
    # The walk's own participants read the places they typed; a partner reads none (a typed
    # place can name a home), as in the walk summary.
    places = actor.staff is None or actor.staff.role in {"admin", "analyst"}
    observations = walk_observations(walk)
    references_by_item = {o.item.id: o.reference for o in observations if o.item is not None}
    actions = walk_actions(walk)
    # Is it fixed? Each participant sees their own answer and the walk's counts (no one's).
    answers = fixed.walk_answers(actions, actor.participant)
    action_ids_by_item: dict[int, list[str]] = {}
    for action in actions:
        if action.item_id is not None:
            action_ids_by_item.setdefault(action.item_id, []).append(action.public_id)
    action_views = [
        {
            "id": action.public_id,
            "title": action.title,
            "owner": action.owner.name,
            "due_date": action.due_date,
            "status": action.status,
            "status_label": label(ACTION_STATUS_LABELS, action.status, language),
            "reason": action.status_reason if action.status == "wont_do" else None,
            # Only this walk's observations; an action about a tip names no tip here.
            "observations": [references_by_item[action.item_id]]
            if action.item_id in references_by_item
            else [],
            "fixed": answers.get(action.id),
        }
        for action in actions
    ]
    observation_views = []
    for observation in observations:
        item = observation.item
        status = item.resident_status if item is not None else "received"
        observation_views.append(
            {
                "reference": observation.reference,
                "issue": observation.issue,
                "issue_label": label(ISSUE_LABELS, observation.issue, language),
                "place": observation.place if places else None,
                "seen_at": observation.seen_at,
                "status": status,
                "status_label": label(STATUS_LABELS, status, language),
                "actions": action_ids_by_item.get(item.id, []) if item is not None else [],
            }
        )
    return {
        "language": language,
        "heading": label(WALK_TEXTS, "followup_heading", language),
        "intro": label(WALK_TEXTS, "followup_intro", language),
        "walk": {
            "id": walk.public_id,
            "title": walk.title,
            "area": walk.area.name,
            "starts_at": walk.starts_at,
        },
        "actions": action_views,
        "no_actions": None if actions else label(WALK_TEXTS, "followup_no_actions", language),
        "observations": observation_views,
        "fixed_question": label(FIXED_TEXTS, "question", language),
        "fixed_choices": {answer: label(FIXED_TEXTS, answer, language) for answer in FIX_ANSWERS},
    }


def answer_fixed(public_id: str, action_public_id: str, answer: str) -> dict[str, Any]:
    """A participant of the walk says whether one of its done actions fixed it.

    Only the walk's own participants answer (their token, as for the follow-up); staff read.
    """
    walk = walk_by_public_id(public_id)
    actor = followup_actor(walk)
    if actor.participant is None:
        raise ApiError(403, "forbidden")
    return fixed.answer_as_participant(
        actor.participant, walk_actions(walk), action_public_id, answer
    )
