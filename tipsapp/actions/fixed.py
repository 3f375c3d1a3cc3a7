"""Is it fixed? Residents say whether a done action fixed what they reported.

When an action on an environment tip (lighting, vegetation, litter, graffiti, damage, traffic
environment) or on a walk's observation (or the walk itself) is done, the tipster's follow-up
and the walk's follow-up ask "Is it fixed?" (yes, no, partly). Each tipster and each walk
participant has one answer per action, which they may change. The situation report and the
public follow-up count the answers.

Threat: an answer's exact time could be matched with a network's or a device's log and tie a
tipster to it, so only the date (Swedish time) is kept, and nothing about the device.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tipsapp.actions.models import FIX_ANSWERS, Action, FixAnswer
from tipsapp.common.clock import STOCKHOLM, utcnow
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.open311.catalogue import SERVICES
from tipsapp.reports.periods import local_midnight_utc
from tipsapp.tips.models import Tip
from tipsapp.triage.models import TriageItem
from tipsapp.walks.models import WalkParticipant

# The environment issues are those a GeoReport service files a tip under (open311/catalogue):
# lighting, vegetation, littering (unsafe_environment), graffiti, damage (vandalism) and the
# traffic environment (traffic). A crime or a disturbance is not "fixed" by an action.
ENVIRONMENT_CATEGORIES: frozenset[str] = frozenset(service.category for service in SERVICES)


def is_environment_category(code: str | None) -> bool:
    """Whether a tip of this category is about the physical environment, so may be 'fixed'."""
    return code in ENVIRONMENT_CATEGORIES


def _today() -> date:
    """The date in Sweden: the only time an answer keeps."""
    return utcnow().astimezone(STOCKHOLM).date()


def _not_asked() -> ApiError:
    return ApiError(
        409,
        "not_asked",
        message="The question is asked only when the action is done and about an environment "
        "tip or a walk.",
    )


def asks_tipster(action: Action, item: TriageItem | None) -> bool:
    """A done action on this tip's queue item, when the tip is about the environment."""
    return (
        action.status == "done"
        and item is not None
        and item.kind == "tip"
        and action.item_id == item.id
        and is_environment_category(item.effective_category)
    )


def asks_walk(action: Action) -> bool:
    """A done action of a walk (the caller knows it is the walk's): always about a finding."""
    return action.status == "done"


def _done_on(action: Action) -> date:
    return action.updated_at.astimezone(STOCKHOLM).date()


def _actions_of_item(item: TriageItem) -> list[Action]:
    return list(
        db.session.scalars(select(Action).where(Action.item_id == item.id).order_by(Action.id))
    )


def tipster_questions(tip: Tip) -> list[dict[str, Any]]:
    """The tip's done environment actions, each with the tipster's answer (or none yet)."""
    item = tip.item
    if item is None or not is_environment_category(item.effective_category):
        return []
    actions = [action for action in _actions_of_item(item) if asks_tipster(action, item)]
    if not actions:
        return []
    answers = dict(
        db.session.execute(
            select(FixAnswer.action_id, FixAnswer.answer).where(
                FixAnswer.tip_id == tip.id, FixAnswer.action_id.in_([a.id for a in actions])
            )
        ).all()
    )
    return [
        {"action": action.public_id, "done_on": _done_on(action), "answer": answers.get(action.id)}
        for action in actions
    ]


def _store(
    action: Action,
    item_id: int | None,
    kind: str,
    answer: str,
    tip_id: int | None = None,
    participant_id: int | None = None,
) -> FixAnswer:
    """Insert or change the one answer; the same answer again changes nothing (not its date)."""
    who = (
        FixAnswer.tip_id == tip_id
        if tip_id is not None
        else FixAnswer.participant_id == participant_id
    )
    query = select(FixAnswer).where(FixAnswer.action_id == action.id, who)
    for _attempt in range(2):
        row = db.session.scalars(query).first()
        if row is None:
            row = FixAnswer(
                action_id=action.id,
                item_id=item_id,
                answerer_kind=kind,
                tip_id=tip_id,
                participant_id=participant_id,
                answer=answer,
                answered_on=_today(),
            )
            db.session.add(row)
        elif row.answer != answer:
            row.answer = answer
            row.answered_on = _today()
        try:
            db.session.commit()
        except IntegrityError:
            # The same answerer's other request stored it first: change that one instead.
            db.session.rollback()
            continue
        return row
    raise ApiError(409, "conflict")


def answer_view(row: FixAnswer, action: Action) -> dict[str, Any]:
    return {"action": action.public_id, "answer": row.answer, "answered_on": row.answered_on}


def answer_as_tipster(tip: Tip, action_public_id: str, answer: str) -> dict[str, Any]:
    """The tipster's answer about one action on their tip; 404 for an action not on it."""
    item = tip.item
    action = db.session.scalars(select(Action).where(Action.public_id == action_public_id)).first()
    if action is None or item is None or action.item_id != item.id:
        raise ApiError(404, "not_found")
    if not asks_tipster(action, item):
        raise _not_asked()
    return answer_view(_store(action, item.id, "tipster", answer, tip_id=tip.id), action)


def answer_as_participant(
    participant: WalkParticipant, walk_actions: Iterable[Action], action_public_id: str, answer: str
) -> dict[str, Any]:
    """A walk participant's answer about one of the walk's actions; 404 for another action."""
    action = next((a for a in walk_actions if a.public_id == action_public_id), None)
    if action is None:
        raise ApiError(404, "not_found")
    if not asks_walk(action):
        raise _not_asked()
    return answer_view(
        _store(action, action.item_id, "walk_participant", answer, participant_id=participant.id),
        action,
    )


def walk_answers(actions: list[Action], participant: WalkParticipant | None) -> dict[int, Any]:
    """Per done action of a walk: the participants' answers counted, and this participant's."""
    done = [action.id for action in actions if asks_walk(action)]
    result: dict[int, Any] = {
        action_id: {"counts": dict.fromkeys(FIX_ANSWERS, 0), "yours": None} for action_id in done
    }
    if not done:
        return result
    rows = db.session.execute(
        select(FixAnswer.action_id, FixAnswer.answer, FixAnswer.participant_id).where(
            FixAnswer.action_id.in_(done), FixAnswer.answerer_kind == "walk_participant"
        )
    )
    for action_id, answer, participant_id in rows:
        result[action_id]["counts"][answer] += 1
        if participant is not None and participant_id == participant.id:
            result[action_id]["yours"] = answer
    return result


# --- counts for the situation report and the public follow-up --------------------------------


def _asked_clause() -> Any:
    """SQL for "the question is asked about this action" (done is checked by the caller)."""
    environment_tip = select(TriageItem.id).where(
        TriageItem.kind == "tip", TriageItem.effective_category.in_(sorted(ENVIRONMENT_CATEGORIES))
    )
    observation_item = select(TriageItem.id).where(TriageItem.observation_id.is_not(None))
    return (
        Action.walk_id.is_not(None)
        | Action.item_id.in_(environment_tip)
        | Action.item_id.in_(observation_item)
    )


def _answer_counts(query: Any) -> dict[str, int]:
    counts = dict.fromkeys(FIX_ANSWERS, 0)
    for answer, count in db.session.execute(query):
        counts[answer] = int(count)
    return counts


def period_counts(area_ids: list[int], first: date, end: date) -> dict[str, int]:
    """For a report: actions marked done from the day ``first`` to before ``end`` (Swedish
    time), how many of them were asked, and the answers given in those days (by date: no answer
    keeps a time), whichever action they are about."""
    start_utc, end_utc = local_midnight_utc(first), local_midnight_utc(end)
    done_in_period = (
        select(func.count())
        .select_from(Action)
        .where(
            Action.area_id.in_(area_ids),
            Action.status == "done",
            Action.updated_at >= start_utc,
            Action.updated_at < end_utc,
        )
    )
    done = int(db.session.scalar(done_in_period) or 0)
    asked = int(db.session.scalar(done_in_period.where(_asked_clause())) or 0)
    answers = _answer_counts(
        select(FixAnswer.answer, func.count())
        .join(Action, Action.id == FixAnswer.action_id)
        .where(
            Action.area_id.in_(area_ids),
            FixAnswer.answered_on >= first,
            FixAnswer.answered_on < end,
        )
        .group_by(FixAnswer.answer)
    )
    return {"done": done, "asked": asked, **answers}


def counts_of(action_ids: list[int]) -> dict[str, int]:
    """For the public follow-up: of these actions, how many are done, how many of those were
    asked, and every answer given about them."""
    if not action_ids:
        return {"done": 0, "asked": 0, **dict.fromkeys(FIX_ANSWERS, 0)}
    done_query = (
        select(func.count())
        .select_from(Action)
        .where(Action.id.in_(action_ids), Action.status == "done")
    )
    done = int(db.session.scalar(done_query) or 0)
    asked = int(db.session.scalar(done_query.where(_asked_clause())) or 0)
    answers = _answer_counts(
        select(FixAnswer.answer, func.count())
        .where(FixAnswer.action_id.in_(action_ids))
        .group_by(FixAnswer.answer)
    )
    return {"done": done, "asked": asked, **answers}
