"""Planning a walk, joining it, and storing what participants observe (exactly once each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.i18n import CHECKLIST_LABELS
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.i18n import LANGUAGES
from tipsapp.reference import service as reference
from tipsapp.reference.models import Area
from tipsapp.security.secrets import group, readable_code
from tipsapp.staff.auth import authenticate, bearer_token
from tipsapp.staff.models import Organisation, StaffUser
from tipsapp.staff.service import organisation_by_public_id
from tipsapp.triage.service import new_item_for_observation
from tipsapp.walks.auth import (
    PARTICIPANT_PREFIX,
    WalkActor,
    actor_for_walk,
    hash_participant_token,
    new_participant_token,
    participant_for_token,
    staff_may_see_walk,
)
from tipsapp.walks.checklist import CHECKLIST_CODES, ISSUES
from tipsapp.walks.models import WALK_TRANSITIONS, Observation, Walk, WalkParticipant
from tipsapp.walks.schemas import ObservationSchema
from tipsapp.webhooks import service as webhooks

JOIN_CODE_LENGTH = 8
# The join code works from an hour before the start until a day after it.
JOIN_OPENS_BEFORE = timedelta(hours=1)
JOIN_CLOSES_AFTER = timedelta(hours=24)
OBSERVATION_REFERENCE_LENGTH = 8


@dataclass(frozen=True)
class StoredObservation:
    client_uuid: str
    status: str  # "created", "duplicate" or "invalid"
    reference: str | None = None
    errors: dict[str, Any] | None = None


def join_window(walk: Walk) -> tuple[datetime, datetime]:
    return walk.starts_at - JOIN_OPENS_BEFORE, walk.starts_at + JOIN_CLOSES_AFTER


def sync_deadline(walk: Walk) -> datetime:
    """Phones that were offline may sync until the grace window after the join window ends."""
    grace = timedelta(hours=int(current_app.config["WALK_SYNC_GRACE_HOURS"]))
    return join_window(walk)[1] + grace


def checklist_view(codes: list[str], language: str) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "label": CHECKLIST_LABELS.get(code, language),
            "labels": {other: CHECKLIST_LABELS.get(code, other) for other in LANGUAGES},
        }
        for code in codes
    ]


def walk_view(walk: Walk, language: str, for_staff: bool) -> dict[str, Any]:
    opens, closes = join_window(walk)
    view = {
        "public_id": walk.public_id,
        "area": walk.area.code,
        "organisation": walk.organisation.name,
        "title": walk.title,
        "starts_at": walk.starts_at,
        "meeting_point": walk.meeting_point,
        "route": walk.route,
        "checklist": checklist_view(walk.checklist, language),
        "status": walk.status,
        "join_valid_from": opens,
        "join_valid_until": closes,
    }
    if for_staff:
        view["join_code"] = group(walk.join_code)
    return view


# --- walks -----------------------------------------------------------------------------------


def walk_by_public_id(public_id: str) -> Walk:
    walk = db.session.scalars(select(Walk).where(Walk.public_id == public_id)).first()
    if walk is None:
        raise ApiError(404, "not_found")
    return walk


def walk_for_staff(user: StaffUser, public_id: str) -> Walk:
    walk = walk_by_public_id(public_id)
    if not staff_may_see_walk(user, walk):
        raise ApiError(404, "not_found")
    return walk


def list_walks(user: StaffUser, area: str | None, status: str | None) -> list[Walk]:
    query = select(Walk).order_by(Walk.starts_at.desc())
    if user.role != "admin":
        query = query.where(Walk.area_id.in_([a.id for a in user.organisation.areas]))
    if area:
        query = query.where(Walk.area_id == reference.area_id_for_code(area))
    if status:
        query = query.where(Walk.status == status)
    return list(db.session.scalars(query.limit(500)))


def create_walk(user: StaffUser, data: dict[str, Any]) -> Walk:
    area_id = reference.area_id_for_code(data["area"])
    if area_id is None or (
        user.role != "admin" and area_id not in {a.id for a in user.organisation.areas}
    ):
        raise ApiError(422, "validation_failed", fields={"area": ["Unknown area."]})
    organisation: Organisation | None = user.organisation
    if data.get("organisation"):
        organisation = organisation_by_public_id(data["organisation"])
        if organisation is None:
            raise ApiError(
                422, "validation_failed", fields={"organisation": ["Unknown organisation."]}
            )
    for _ in range(3):
        walk = Walk(
            area_id=area_id,
            organisation=organisation,
            title=data["title"],
            starts_at=data["starts_at"],
            meeting_point=data["meeting_point"],
            route=data.get("route"),
            checklist=list(data.get("checklist") or CHECKLIST_CODES),
            status="planned",
            join_code=readable_code(JOIN_CODE_LENGTH),
            created_by_id=user.id,
            created_at=utcnow(),
        )
        db.session.add(walk)
        try:
            db.session.flush()
        except IntegrityError:  # a join code collided: draw another
            db.session.rollback()
            continue
        record(user, "walk.create", "walk", walk.public_id, detail={"title": walk.title})
        db.session.commit()
        return walk
    raise ApiError(409, "conflict")


def set_walk_status(user: StaffUser, walk: Walk, status: str) -> Walk:
    if status != walk.status and status not in WALK_TRANSITIONS[walk.status]:
        raise ApiError(
            409,
            "invalid_transition",
            message=f"Cannot go from '{walk.status}' to '{status}'.",
            fields={"status": [f"Allowed: {sorted(WALK_TRANSITIONS[walk.status])}"]},
        )
    before = walk.status
    walk.status = status
    if status == "completed" and walk.completed_at is None:
        walk.completed_at = utcnow()
    record(
        user,
        "walk.status",
        "walk",
        walk.public_id,
        detail={"status": {"before": before, "after": status}},
    )
    db.session.commit()
    return walk


def join(code: str) -> tuple[str, WalkParticipant]:
    """Exchange a join code for a participant token; no name or contact is asked."""
    normalised = "".join(code.upper().split()).replace("-", "")
    walk = db.session.scalars(select(Walk).where(Walk.join_code == normalised)).first()
    now = utcnow()
    if walk is None:
        raise ApiError(404, "walk_not_found")
    opens, closes = join_window(walk)
    if not (opens <= now <= closes) or walk.status == "followed_up":
        raise ApiError(404, "walk_not_found")
    token = new_participant_token()
    participant = WalkParticipant(
        walk=walk,
        token_hash=hash_participant_token(token),
        created_at=now,
        expires_at=sync_deadline(walk),
    )
    db.session.add(participant)
    db.session.commit()
    return token, participant


# --- observations ----------------------------------------------------------------------------


def _check_open_for(walk: Walk, actor: WalkActor) -> None:
    if walk.status == "followed_up":
        raise ApiError(409, "walk_closed", message="The walk has been followed up and is closed.")
    if actor.participant is not None and utcnow() > sync_deadline(walk):
        raise ApiError(409, "walk_closed", message="The time for sending observations is over.")


def new_observation_reference() -> str:
    return "O-" + group(readable_code(OBSERVATION_REFERENCE_LENGTH))


def _build(walk: Walk, actor: WalkActor, data: dict[str, Any]) -> Observation:
    location = data.get("location") or {}
    ratings = data.get("ratings") or None
    if ratings:
        unknown = set(ratings) - set(walk.checklist)
        if unknown:
            raise ma.ValidationError(
                {"ratings": [f"Not on this walk's checklist: {sorted(unknown)}"]}
            )
    observation = Observation(
        client_uuid=str(data["client_uuid"]),
        reference=new_observation_reference(),
        walk=walk,
        area_id=walk.area_id,
        category=data.get("category") or ISSUES[data["issue"]],
        issue=data["issue"],
        text=data.get("text") or "",
        place=data.get("place") or None,
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        accuracy_m=location.get("accuracy_m"),
        ratings=ratings,
        seen_at=data["seen_at"],
        received_at=utcnow().replace(second=0, microsecond=0),
        participant_id=actor.participant.id if actor.participant else None,
        staff_author_id=actor.staff.id if actor.staff else None,
    )
    return observation


def store_observations(
    walk: Walk, actor: WalkActor, raw_items: list[Any]
) -> list[StoredObservation]:
    """Validate each item alone and store the new ones once; one bad item rejects nothing else.

    A retry of the same batch (or a concurrent one) finds its client UUIDs stored and answers
    ``duplicate`` for them.
    """
    _check_open_for(walk, actor)
    schema = ObservationSchema()
    for _ in range(2):
        results: list[StoredObservation] = []
        valid: list[tuple[int, dict[str, Any]]] = []
        for index, raw in enumerate(raw_items):
            client_uuid = str(raw.get("client_uuid", "")) if isinstance(raw, dict) else ""
            try:
                data = schema.load(raw) if isinstance(raw, dict) else schema.load({"_": raw})
            except ma.ValidationError as error:
                messages = error.messages if isinstance(error.messages, dict) else {}
                results.append(StoredObservation(client_uuid, "invalid", errors=messages))
                continue
            results.append(StoredObservation(str(data["client_uuid"]), "pending"))
            valid.append((index, data))
        known = _stored_by_uuid([str(data["client_uuid"]) for _, data in valid])
        created_in_batch: dict[str, str] = {}
        for index, data in valid:
            client_uuid = str(data["client_uuid"])
            sent_as = _as_sent(raw_items[index], client_uuid)
            stored = known.get(client_uuid)
            if stored is not None and stored.walk_id != walk.id:
                results[index] = StoredObservation(
                    sent_as, "invalid", errors={"client_uuid": ["Already used on another walk."]}
                )
                continue
            if stored is not None or client_uuid in created_in_batch:
                reference_value = (
                    stored.reference if stored is not None else created_in_batch[client_uuid]
                )
                results[index] = StoredObservation(sent_as, "duplicate", reference_value)
                continue
            try:
                observation = _build(walk, actor, data)
            except ma.ValidationError as error:
                messages = error.messages if isinstance(error.messages, dict) else {}
                results[index] = StoredObservation(sent_as, "invalid", errors=messages)
                continue
            db.session.add(observation)
            item = new_item_for_observation(observation, data.get("language"))
            db.session.add(item)
            # Subscribed webhooks hear of it in the same commit: names and states only.
            area = db.session.get(Area, observation.area_id)
            webhooks.notify(
                "item.created", webhooks.item_data(item, area=area.code if area else None)
            )
            created_in_batch[client_uuid] = observation.reference
            results[index] = StoredObservation(sent_as, "created", observation.reference)
        try:
            db.session.commit()
        except IntegrityError:
            # A concurrent sync stored some of these first: the next round sees them stored.
            db.session.rollback()
            continue
        return results
    raise ApiError(409, "conflict")


def _as_sent(raw: Any, fallback: str) -> str:
    """The client UUID exactly as the phone sent it, so it can match its own answers."""
    sent = raw.get("client_uuid") if isinstance(raw, dict) else None
    return sent if isinstance(sent, str) else fallback


def _stored_by_uuid(client_uuids: list[str]) -> dict[str, Observation]:
    if not client_uuids:
        return {}
    rows = db.session.scalars(select(Observation).where(Observation.client_uuid.in_(client_uuids)))
    return {row.client_uuid: row for row in rows}


def observation_for_upload(observation_client_uuid: str) -> Observation:
    """The observation a photo is for, if the caller may add to it (used by photo uploads)."""
    observation = db.session.scalars(
        select(Observation).where(Observation.client_uuid == observation_client_uuid.lower())
    ).first()
    if observation is None:
        # Check the caller first, so an unknown id and a forbidden one look alike.
        token = bearer_token()
        if token is not None and token.startswith(PARTICIPANT_PREFIX):
            if participant_for_token(token) is None:
                raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
        else:
            authenticate()
        raise ApiError(404, "not_found")
    actor = actor_for_walk(observation.walk)
    _check_open_for(observation.walk, actor)
    return observation
