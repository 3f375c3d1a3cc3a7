"""The triage queue: automatic suggestions on intake, who sees what, and every analyst action.

Each action checks the status rule, writes its audit entry in the same transaction, and bumps
the item's version (its ETag), so two analysts never overwrite each other silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    false,
    func,
    select,
    update,
)
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.pagination import SortKey, keyset_page
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.notifications.service import notify_tipster_answered
from tipsapp.reference.data import CATEGORIES
from tipsapp.staff.models import StaffUser
from tipsapp.tips.models import Tip, TipMessage
from tipsapp.triage import language, search, suggester
from tipsapp.triage.classifier import Suggestion
from tipsapp.triage.models import (
    ACTION_SOURCES,
    TRANSITIONS,
    ItemNote,
    QueueStatusCount,
    TriageItem,
)
from tipsapp.triage.pii import mask_pii
from tipsapp.triage.scoring import priority_score, queue_rank
from tipsapp.walks.models import Observation
from tipsapp.webhooks import service as webhooks

CATEGORY_BY_CODE = {category.code: category for category in CATEGORIES}
SENSITIVE_CATEGORIES = frozenset(c.code for c in CATEGORIES if c.sensitive)
EXCERPT_LENGTH = 160

QUEUE_ORDERS: dict[str, tuple[SortKey, ...]] = {
    "priority": (
        SortKey(TriageItem.queue_key, False, lambda item: item.queue_key),
        SortKey(TriageItem.received_at, False, lambda item: item.received_at, "datetime"),
        SortKey(TriageItem.id, False, lambda item: item.id),
    ),
    "newest": (
        SortKey(TriageItem.received_at, True, lambda item: item.received_at, "datetime"),
        SortKey(TriageItem.id, True, lambda item: item.id),
    ),
    "oldest": (
        SortKey(TriageItem.received_at, False, lambda item: item.received_at, "datetime"),
        SortKey(TriageItem.id, False, lambda item: item.id),
    ),
}


# --- deriving the computed fields -------------------------------------------------------------


def refresh_derived(item: TriageItem) -> None:
    """Recompute what follows from the decisions: category in force, focus, priority, rank."""
    item.effective_category = item.category or item.suggested_category
    item.focus_area = CATEGORY_BY_CODE[item.effective_category].focus_area
    named = {item.category, item.suggested_category, item.resident_category} - {None}
    item.sensitive = bool(named & SENSITIVE_CATEGORIES)
    if not item.priority_set_by_analyst:
        item.priority = priority_score(
            item.effective_category,
            item.focus_area,
            item.urgent,
            item.supporting_count,
            awaiting_translation=awaiting_translation(item),
        )
    item.queue_key = -queue_rank(item.priority, item.attention)


def awaiting_translation(item: TriageItem) -> bool:
    """Whether the translation floor holds: flagged, and no analyst has named a category yet.

    The flag itself stays after that (it says the text is in a language the triage does not
    read, which a colleague reading it later needs to know); the floor is there only to get
    the text read, and a category decision shows someone has read it.
    """
    return bool(item.needs_translation) and item.category is None


def _new_item(
    reference: str,
    kind: str,
    area_id: int,
    own_category: str | None,
    suggestion: Suggestion,
    received_at: datetime,
    text_language: str,
    translate: bool,
    text: str,
) -> TriageItem:
    """A new queue item with the automatic triage: a suggestion, never a decision."""
    item = TriageItem(
        reference=reference,
        kind=kind,
        area_id=area_id,
        status="new",
        resident_category=own_category,
        suggested_category=suggestion.category,
        suggestion_confidence=round(suggestion.confidence, 3),
        suggestion_words=list(suggestion.words),
        urgent=suggestion.urgent,
        urgency_words=list(suggestion.urgency_words),
        text_language=text_language,
        needs_translation=translate,
        supporting_count=0,
        attention=False,
        notable=False,
        priority_set_by_analyst=False,
        shared_with_partners=False,
        received_at=received_at,
        updated_at=utcnow(),
        version=1,
    )
    refresh_derived(item)
    refresh_excerpt(item, text)
    return item


def _lexicon_language(text_language: str, form_language: str | None) -> str | None:
    """The language to read the text in: the detected one, else the form's (sv-x-ll is sv)."""
    if text_language != language.UNDETERMINED:
        return text_language
    return language.base_language(form_language)


def new_item_for_tip(tip: Tip, kind: str = "tip") -> TriageItem:
    """The queue item for a new tip; not added to the session, since intake writes both rows
    with single INSERTs (tips/service.py). An EST reporter's report is a tip row of ``kind``
    ``report`` (tipsapp/reporters/)."""
    text_language = language.detect_language(tip.text)
    suggestion = suggester.suggest(tip.text, _lexicon_language(text_language, tip.language))
    return _new_item(
        tip.reference,
        kind,
        tip.area_id,
        tip.resident_category,
        suggestion,
        tip.received_at,
        text_language,
        language.needs_translation(text_language, suggestion.confidence),
        tip.text,
    )


def new_item_for_observation(
    observation: Observation, form_language: str | None = None
) -> TriageItem:
    """The queue item for a walk observation; the walker's category counts as theirs.

    A note too short to tell its language is not flagged for translation: the ticked issue
    already says what it is about. A note in a language the triage cannot read is.
    """
    text_language = language.detect_language(observation.text)
    if observation.text:
        suggestion = suggester.suggest(
            observation.text, _lexicon_language(text_language, form_language)
        )
        translate = text_language != language.UNDETERMINED and language.needs_translation(
            text_language, suggestion.confidence
        )
    else:
        # Only an issue was ticked: the category it implies is all there is to go on.
        suggestion = Suggestion(observation.category, 1.0, (), False, ())
        translate = False
    item = _new_item(
        observation.reference,
        "observation",
        observation.area_id,
        observation.category,
        suggestion,
        observation.received_at,
        text_language,
        translate,
        observation.text or "",
    )
    item.observation = observation
    return item


# --- who sees what ---------------------------------------------------------------------------


def _area_ids(user: StaffUser) -> list[int]:
    return [area.id for area in user.organisation.areas]


def visible_items(user: StaffUser) -> Select[Any]:
    """Items the user may see: admins all; analysts their agreement's areas; partners only
    what an analyst shared, never a sensitive category, in their areas."""
    query = select(TriageItem)
    if user.role == "admin":
        return query
    if user.role == "analyst":
        return query.where(TriageItem.area_id.in_(_area_ids(user)))
    if user.role == "partner":
        return query.where(
            TriageItem.area_id.in_(_area_ids(user)),
            TriageItem.shared_with_partners.is_(True),
            TriageItem.sensitive.is_(False),
        )
    raise ApiError(403, "forbidden")


def item_for(user: StaffUser, reference: str) -> TriageItem:
    """The item if the user may see it; 404 also for 'exists but not yours'."""
    item = db.session.scalars(
        visible_items(user).where(TriageItem.reference == reference.strip().upper())
    ).first()
    if item is None:
        raise ApiError(404, "not_found")
    return item


# --- the queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    urgent: bool | None = None
    attention: bool | None = None
    language: str | None = None
    needs_translation: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None


def _filtered(
    query: Select[Any], filters: QueueFilters, with_status: bool = True, page: bool = False
) -> Select[Any]:
    """The filters as WHERE clauses; ``page`` when the query reads one page in queue order."""
    from tipsapp.reference.models import Area

    if with_status and filters.statuses:
        query = query.where(TriageItem.status.in_(filters.statuses))
    if filters.categories:
        query = query.where(TriageItem.effective_category.in_(filters.categories))
    if filters.focus_areas:
        query = query.where(TriageItem.focus_area.in_(filters.focus_areas))
    if filters.areas:
        area_ids = select(Area.id).where(Area.code.in_(filters.areas))
        query = query.where(TriageItem.area_id.in_(area_ids))
    if filters.kinds:
        query = query.where(TriageItem.kind.in_(filters.kinds))
    if filters.urgent is not None:
        query = query.where(TriageItem.urgent.is_(filters.urgent))
    if filters.attention is not None:
        query = query.where(TriageItem.attention.is_(filters.attention))
    if filters.language is not None:
        query = query.where(TriageItem.text_language == filters.language)
    if filters.needs_translation is not None:
        # The bare column is the partial index's own condition, so the planner can use it.
        flagged = TriageItem.needs_translation
        query = query.where(flagged if filters.needs_translation else ~flagged)
    if filters.since is not None:
        query = query.where(TriageItem.received_at >= filters.since)
    if filters.until is not None:
        query = query.where(TriageItem.received_at < filters.until)
    if filters.text:
        query = query.where(_search_condition(filters.text, page))
    return query


def _search_condition(words: str, page: bool) -> ColumnElement[bool]:
    """The item whose reference this is, else the items whose searchable text holds every word
    (tipsapp/triage/search.py: the redacted text where there is one, nothing of an erased item).

    Either one or the other, never an OR of both: with an OR (or a UNION) the planner can no
    longer estimate the matches, and PostgreSQL fetched and sorted all 20,000 matches of
    q=moped at 100k items for one page (80 ms) where walking the queue order takes 1.5 ms.
    """
    reference = words.strip().upper()
    found = db.session.scalar(select(TriageItem.id).where(TriageItem.reference == reference))
    if found is not None:
        return TriageItem.id == found
    dialect = db.session.get_bind().dialect.name
    ids = search.matching_ids(words, dialect)
    if ids is None:
        return false()
    few = search.few_matches(ids)
    if few is not None:
        return TriageItem.id.in_(few)
    if page and dialect == "sqlite":
        # Many matches: SQLite would still start from them all, fetching and sorting 20,000
        # rows for 50 (23 ms at 100k items). "id + 0" takes the id's index away, so it walks
        # the queue order and stops at the page's last match (3 ms). PostgreSQL estimates
        # frequent words from its statistics and walks by itself.
        return (TriageItem.id + 0).in_(ids)
    return TriageItem.id.in_(ids)


def list_queue(
    user: StaffUser, filters: QueueFilters, sort: str, cursor: str | None, limit: int
) -> tuple[list[TriageItem], str | None]:
    query = _filtered(visible_items(user), filters, page=True).options(
        # One query each for the page's tips and observations, not one lazy load per row.
        # The excerpt is stored on the item: only the typed place comes from the source.
        selectinload(TriageItem.tip).load_only(Tip.place),
        selectinload(TriageItem.observation).load_only(Observation.place),
    )
    return keyset_page(query, QUEUE_ORDERS[sort], cursor, limit)


def status_counts(user: StaffUser, filters: QueueFilters) -> dict[str, int]:
    """Items per status under the same filters, except the status filter itself.

    Read from the counter table the triggers keep (QueueStatusCount) when it can answer: a
    sum over a few hundred rows instead of grouping every item. A time window, a search or a
    partner's view (shared, not sensitive) is counted from the items themselves.
    """
    counted = _counter_query(user, filters)
    query = (
        counted
        if counted is not None
        else _filtered(visible_items(user), filters, with_status=False)
        .with_only_columns(TriageItem.status, func.count())
        .group_by(TriageItem.status)
    )
    counts = dict.fromkeys(TRANSITIONS, 0)
    for status, count in db.session.execute(query):
        counts[status] += int(count or 0)
    return counts


def _counter_query(user: StaffUser, filters: QueueFilters) -> Select[str, int] | None:
    """Items per status from the counter table, or None when it cannot answer these filters."""
    from tipsapp.reference.models import Area

    counter = QueueStatusCount
    if user.role not in {"admin", "analyst"} or filters.since or filters.until or filters.text:
        return None
    query = select(counter.status, func.sum(counter.items)).group_by(counter.status)
    if user.role == "analyst":
        query = query.where(counter.area_id.in_(_area_ids(user)))
    if filters.categories:
        query = query.where(counter.effective_category.in_(filters.categories))
    if filters.focus_areas:
        # An item's focus area is its category's (refresh_derived).
        in_focus = [c.code for c in CATEGORIES if c.focus_area in filters.focus_areas]
        query = query.where(counter.effective_category.in_(in_focus))
    if filters.areas:
        query = query.where(
            counter.area_id.in_(select(Area.id).where(Area.code.in_(filters.areas)))
        )
    if filters.kinds:
        query = query.where(counter.kind.in_(filters.kinds))
    if filters.urgent is not None:
        query = query.where(counter.urgent.is_(filters.urgent))
    if filters.attention is not None:
        query = query.where(counter.attention.is_(filters.attention))
    if filters.language is not None:
        query = query.where(counter.text_language == filters.language)
    if filters.needs_translation is not None:
        query = query.where(counter.needs_translation.is_(filters.needs_translation))
    return query


# --- what each audience reads ----------------------------------------------------------------


def text_for(user: StaffUser, item: TriageItem) -> str:
    """Analysts and admins read the (redacted) text; partners and viewers never read it."""
    if user.role not in {"admin", "analyst"}:
        return ""
    return item.redacted_text if item.redacted_text is not None else item.source_text


def masked_excerpt(text: str) -> str:
    """The first EXCERPT_LENGTH characters of ``text`` with personal data masked.

    Masked whole, then cut: a cut first could halve a phone number and leave the rest unmasked.
    """
    masked = mask_pii(text)
    return masked if len(masked) <= EXCERPT_LENGTH else masked[: EXCERPT_LENGTH - 1] + "…"


def refresh_excerpt(item: TriageItem, source_text: str | None = None) -> None:
    """Store the item's excerpt from what analysts read: the redacted text, else the source's.

    Called wherever that text is written (intake, a walk observation, a redaction, an erasure),
    in the same transaction; ``flask triage remask`` rewrites them all when masking changes.
    """
    if item.redacted_text is not None:
        shown = item.redacted_text
    else:
        shown = source_text if source_text is not None else item.source_text
    item.masked_excerpt = masked_excerpt(shown or "")


def remask_excerpts(connection: Connection, batch: int = 2_000) -> int:
    """Rewrite every item's stored excerpt with today's masking; the number of items.

    On a plain connection (the migration's, or the CLI's) in batches by id, so 100,000 items
    neither hold one long transaction's memory nor go through the ORM one by one. Items whose
    content was erased keep their empty excerpt.
    """
    items = TriageItem.__table__
    shown = func.coalesce(items.c.redacted_text, Tip.text, Observation.text, "")
    last_id, done = 0, 0
    while True:
        rows = connection.execute(
            select(items.c.id, shown)
            .select_from(
                items.outerjoin(Tip, Tip.id == items.c.tip_id).outerjoin(
                    Observation, Observation.id == items.c.observation_id
                )
            )
            .where(items.c.id > last_id)
            .order_by(items.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return done
        connection.execute(
            update(items).where(items.c.id == bindparam("item_id")),
            [{"item_id": row[0], "masked_excerpt": masked_excerpt(row[1])} for row in rows],
        )
        last_id, done = rows[-1][0], done + len(rows)


def excerpt_for(item: TriageItem) -> str:
    """The stored masked excerpt (refresh_excerpt keeps it with the text)."""
    return item.masked_excerpt


def read_item(user: StaffUser, item: TriageItem) -> TriageItem:
    """Reading the full text is audited."""
    record(user, "item.read", "item", item.reference)
    db.session.commit()
    return item


# --- actions ---------------------------------------------------------------------------------


def check_version(item: TriageItem, if_match: str | None) -> None:
    if if_match is not None and if_match.strip() not in {item.etag, "*"}:
        raise ApiError(412, "precondition_failed", headers={"ETag": item.etag})


def _check_action(item: TriageItem, action: str) -> None:
    sources = ACTION_SOURCES[action]
    if item.status not in sources:
        raise ApiError(
            409,
            "invalid_transition",
            message=f"Cannot {action} an item that is '{item.status}'.",
            fields={"status": [f"'{action}' applies to: {sorted(sources)}"]},
        )


def _transition(item: TriageItem, to: str) -> None:
    if to not in TRANSITIONS[item.status]:
        raise ApiError(
            409,
            "invalid_transition",
            message=f"Cannot go from '{item.status}' to '{to}'.",
            fields={
                "status": [f"Allowed from '{item.status}': {sorted(TRANSITIONS[item.status])}"]
            },
        )
    before = item.status
    item.status = to
    # Every status move passes here (set_status, merge, a first category, the bulk path):
    # subscribed webhooks hear of it in the same commit.
    webhooks.notify("item.status_changed", webhooks.item_data(item, before, to))


def _commit(item: TriageItem) -> TriageItem:
    item.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise ApiError(412, "precondition_failed") from exc
    return item


def update_item(
    user: StaffUser, item: TriageItem, changes: dict[str, Any], if_match: str | None
) -> TriageItem:
    """Set the category, the priority or the notable mark. A first category triages a new item."""
    check_version(item, if_match)
    detail: dict[str, Any] = {}
    if "category" in changes and changes["category"] != item.category:
        if changes["category"] not in CATEGORY_BY_CODE:
            raise ApiError(422, "validation_failed", fields={"category": ["Unknown category."]})
        detail["category"] = {"before": item.category, "after": changes["category"]}
        item.category = changes["category"]
        if item.status == "new":
            _transition(item, "triaged")
    if "priority" in changes:
        detail["priority"] = {"before": item.priority, "after": changes["priority"]}
        if changes["priority"] is None:
            item.priority_set_by_analyst = False
        else:
            item.priority = changes["priority"]
            item.priority_set_by_analyst = True
    if "notable" in changes and changes["notable"] != item.notable:
        # A mark for the report's notable list, not a decision on the item: a new one stays new.
        detail["notable"] = {"before": item.notable, "after": changes["notable"]}
        item.notable = changes["notable"]
    refresh_derived(item)
    if detail:
        record(
            user, "item.update", "item", item.reference, reason=changes.get("reason"), detail=detail
        )
    return _commit(item)


def add_note(user: StaffUser, item: TriageItem, body: str) -> ItemNote:
    note = ItemNote(item=item, author=user, body=body, created_at=utcnow())
    db.session.add(note)
    record(user, "item.note", "item", item.reference)
    _commit(item)
    return note


def set_status(
    user: StaffUser,
    item: TriageItem,
    to: str,
    action: str,
    if_match: str | None,
    reason: str | None = None,
) -> TriageItem:
    """Queue, unqueue, reject, reopen, archive: a status move with its audit entry."""
    check_version(item, if_match)
    before = item.status
    _check_action(item, action)
    _transition(item, to)
    if to == "rejected":
        item.rejection_reason = reason
    if to == "triaged" and before == "duplicate":
        _unmerge(item)
    record(
        user,
        f"item.{action}",
        "item",
        item.reference,
        reason=reason,
        detail={"status": {"before": before, "after": to}},
    )
    return _commit(item)


def merge_duplicate(
    user: StaffUser, item: TriageItem, target: TriageItem, if_match: str | None
) -> TriageItem:
    """Mark ``item`` a duplicate of ``target``; the target counts it as support."""
    check_version(item, if_match)
    if target.id == item.id:
        raise ApiError(
            422, "validation_failed", fields={"of": ["An item cannot duplicate itself."]}
        )
    if target.status == "duplicate" and target.duplicate_of is not None:
        target = target.duplicate_of
    before = item.status
    _check_action(item, "duplicate")
    _transition(item, "duplicate")
    item.duplicate_of = target
    target.supporting_count += 1 + item.supporting_count
    refresh_derived(target)
    target.updated_at = utcnow()
    record(
        user,
        "item.merge",
        "item",
        item.reference,
        detail={"into": target.reference, "status": {"before": before, "after": "duplicate"}},
    )
    return _commit(item)


def _unmerge(item: TriageItem) -> None:
    target = item.duplicate_of
    if target is not None:
        target.supporting_count = max(0, target.supporting_count - 1 - item.supporting_count)
        refresh_derived(target)
    item.duplicate_of = None


def share_with_partners(
    user: StaffUser,
    item: TriageItem,
    shared: bool,
    if_match: str | None,
    summary: str | None = None,
) -> TriageItem:
    """Share with the summary partners will read (sharing again replaces it), or stop sharing.

    Partners read the summary, never the resident's text. Stopping clears the summary: what
    partners may no longer read is not kept for them, and the audit entry of the share still
    says what they were told.
    """
    check_version(item, if_match)
    if shared and item.sensitive:
        raise ApiError(
            409, "conflict", message="Items in sensitive categories are never shared with partners."
        )
    if shared and not summary:
        raise ApiError(
            422,
            "validation_failed",
            fields={"partner_summary": ["Write the summary partners will read."]},
        )
    # Masked like every view but the analyst's own: a name written by habit stays inside.
    summary = mask_pii(summary) if shared and summary else None
    detail = {"partner_summary": {"before": item.partner_summary, "after": summary}}
    item.shared_with_partners = shared
    item.partner_summary = summary
    record(user, "item.share" if shared else "item.unshare", "item", item.reference, detail=detail)
    return _commit(item)


def redact(
    user: StaffUser, item: TriageItem, text: str, reason: str, if_match: str | None
) -> TriageItem:
    """Replace the text everyone else reads; the original stays for admins only.

    An erased item has no text left to redact, and a redaction must not bring text back.
    """
    check_version(item, if_match)
    if item.content_erased_at is not None:
        raise ApiError(
            409,
            "content_erased",
            message="The item's content was erased; there is nothing to redact.",
        )
    item.redacted_text = text
    refresh_excerpt(item)
    record(user, "item.redact", "item", item.reference, reason=reason)
    return _commit(item)


def write_to_tipster(user: StaffUser, item: TriageItem, body: str) -> TipMessage:
    if item.tip is None or item.kind != "tip":
        # A reporter's report has an author with an account: they are reached there.
        raise ApiError(409, "conflict", message="Only tips have a sender to write to.")
    message = TipMessage(
        tip=item.tip,
        author_kind="staff",
        staff_author_id=user.id,
        body=body,
        text_language=language.detect_language(body),
        created_at=utcnow(),
    )
    db.session.add(message)
    item.attention = False
    refresh_derived(item)
    record(user, "item.message", "item", item.reference)
    _commit(item)
    return message


def resident_replied(tip: Tip, body: str, form_language: str | None = None) -> TipMessage:
    """A resident's answer: stored on the tip and puts the item back to attention.

    Its language is the text's; a reply too short to tell ("ja", "Storgatan") takes the page's,
    so the analyst still knows which language to answer in.
    """
    detected = language.detect_language(body)
    if detected == language.UNDETERMINED and form_language:
        detected = language.base_language(form_language) or detected
    message = TipMessage(
        tip=tip,
        author_kind="resident",
        body=body,
        text_language=detected,
        created_at=utcnow(),
    )
    db.session.add(message)
    item = tip.item
    item.attention = True
    refresh_derived(item)
    item.updated_at = utcnow()
    # Staff who opted in hear of it (reference only), committed with the reply.
    notify_tipster_answered(item.reference, item.area.code)
    db.session.commit()
    return message


def confirmed_examples() -> list[tuple[str, str]]:
    """(text, category) pairs analysts decided, for `flask triage train`."""
    rows = db.session.execute(
        select(func.coalesce(TriageItem.redacted_text, Tip.text), TriageItem.category)
        .join(Tip, Tip.id == TriageItem.tip_id)
        # An erased item has no text left to learn from (tipsapp/retention/).
        .where(TriageItem.category.is_not(None), TriageItem.content_erased_at.is_(None))
    ).all()
    return [(str(text), str(category)) for text, category in rows]


def record_partner_reads(user: StaffUser, items: list[TriageItem]) -> None:
    """Each row of a partner's list is recorded as a read (of the summary, not the text)."""
    for item in items:
        record(user, "item.read", "item", item.reference, detail={"view": "partner"})
    db.session.commit()


# --- one action on many items ----------------------------------------------------------------

# Each bulk status action and where it leads, as the single actions (triage/routes.py).
BULK_MOVES = {"queue": "queued", "unqueue": "triaged", "reject": "rejected", "archive": "archived"}


@dataclass(frozen=True)
class BulkResult:
    reference: str
    outcome: str  # done, changed, not_allowed, not_found
    etag: str | None
    status: str | None
    code: str | None


def bulk_action(
    user: StaffUser,
    action: str,
    items: list[tuple[str, str]],
    reason: str | None = None,
    category: str | None = None,
) -> list[BulkResult]:
    """One action on many (reference, ETag) pairs, each as its single action would do it.

    Every item goes through the single action's own function in its own transaction, with its
    ETag as If-Match, so each change is checked and audited exactly as one at a time, and one
    item's failure never undoes another's. Answered per item, in the order asked.
    """
    return [_bulk_one(user, action, ref, etag, reason, category) for ref, etag in items]


def _bulk_one(
    user: StaffUser,
    action: str,
    reference: str,
    etag: str,
    reason: str | None,
    category: str | None,
) -> BulkResult:
    try:
        item = item_for(user, reference)
    except ApiError:
        # Not there, or not the user's: the same answer, as for a single action.
        return BulkResult(reference, "not_found", None, None, "not_found")
    try:
        if action == "categorise":
            changes: dict[str, Any] = {"category": category}
            if reason:
                changes["reason"] = reason
            update_item(user, item, changes, etag)
        else:
            set_status(user, item, BULK_MOVES[action], action, etag, reason)
    except ApiError as error:
        # Nothing of this item stays half-done in the session for the next item's commit;
        # the item is read again so its answer says how it stands now.
        db.session.rollback()
        try:
            etag, status = item.etag, item.status
        except ObjectDeletedError:  # deleted meanwhile: nothing left to report on
            return BulkResult(reference, "not_found", None, None, "not_found")
        if error.code == "precondition_failed":
            return BulkResult(reference, "changed", etag, status, error.code)
        return BulkResult(reference, "not_allowed", None, status, error.code)
    return BulkResult(reference, "done", item.etag, item.status, None)
