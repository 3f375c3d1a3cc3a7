"""/api/v1/queue: the list, one item, and each analyst action (all audited)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.blueprints import BlueprintSetupState
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from tipsapp.errors import ApiError
from tipsapp.handover.service import handovers_of
from tipsapp.reference.service import DistrictNames
from tipsapp.reporters.service import reporter_of
from tipsapp.retention import service as retention
from tipsapp.retention.schemas import EraseSchema, ErasureSchema
from tipsapp.staff.auth import current_user, require_roles
from tipsapp.staff.models import StaffUser
from tipsapp.triage import service
from tipsapp.triage.models import TriageItem
from tipsapp.triage.schemas import (
    BULK_OUTCOMES,
    BulkActionSchema,
    BulkAnswerSchema,
    DuplicateSchema,
    IfMatchHeaderSchema,
    ItemDetailSchema,
    ItemUpdateSchema,
    MessageCreateSchema,
    MessageSchema,
    NoteCreateSchema,
    NoteSchema,
    PartnerItemSchema,
    QueuePageSchema,
    QueueQuerySchema,
    ReasonSchema,
    RedactSchema,
    RequiredReasonSchema,
    ShareSchema,
    SimilarListSchema,
)
from tipsapp.triage.similarity import find_similar


class _CustomMethodState(BlueprintSetupState):
    """Rules starting with ``:`` are custom methods on the collection: ``/api/v1/queue:bulk``.

    Flask joins a blueprint's prefix and a rule with ``/``, which would make it
    ``/api/v1/queue/:bulk``, a path that reads as one item's.
    """

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: Any = None, **options: Any
    ) -> None:
        if not rule.startswith(":") or self.url_prefix is None:
            super().add_url_rule(rule, endpoint, view_func, **options)
            return
        prefix = self.url_prefix
        self.url_prefix = prefix.rstrip("/") + rule
        try:
            super().add_url_rule("", endpoint, view_func, **options)
        finally:
            self.url_prefix = prefix


class QueueBlueprint(Blueprint):
    def make_setup_state(
        self, app: Any, options: dict[str, Any], first_registration: bool = False
    ) -> BlueprintSetupState:
        return _CustomMethodState(self, app, options, first_registration)


blp = QueueBlueprint("queue", __name__, url_prefix="/api/v1/queue", description="The triage queue")

ANALYSTS = ("admin", "analyst")


def _filters(query: dict[str, Any]) -> service.QueueFilters:
    return service.QueueFilters(
        statuses=tuple(query.get("status") or ()),
        categories=tuple(query.get("category") or ()),
        focus_areas=tuple(query.get("focus_area") or ()),
        areas=tuple(query.get("area") or ()),
        kinds=tuple(query.get("kind") or ()),
        urgent=query.get("urgent"),
        attention=query.get("attention"),
        language=query.get("language"),
        needs_translation=query.get("needs_translation"),
        since=query.get("since"),
        until=query.get("until"),
        text=query.get("q"),
    )


class ItemView:
    """An item as one reader may see it: what ``shown`` names, else the item's own attributes.

    The response schema dumps this object once; its summary fields read the item itself.
    """

    def __init__(self, item: TriageItem, shown: dict[str, Any]) -> None:
        self._item = item
        self.__dict__.update(shown)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)


def detail_view(user: StaffUser, item: TriageItem) -> ItemView:
    tip = item.tip
    source = item.source
    shown: dict[str, Any] = {
        "excerpt": service.excerpt_for(item),
        "text": service.text_for(user, item),
        "redacted": item.redacted_text is not None,
        "occurred_at": tip.occurred_at if tip else getattr(source, "seen_at", None),
        "location": (
            {"lat": source.latitude, "lon": source.longitude, "accuracy_m": source.accuracy_m}
            if source is not None and source.latitude is not None
            else None
        ),
        "rejection_reason": item.rejection_reason,
        "duplicate_of": item.duplicate_of.reference if item.duplicate_of else None,
        "notes": item.notes,
        "messages": tip.messages if tip else [],
        "handovers": handovers_of(item),
        "reporter": reporter_of(item),
        "version": item.version,
    }
    if user.role == "admin" and item.redacted_text is not None:
        shown["original_text"] = item.source_text
    return ItemView(item, shown)


def _answer(user: StaffUser, item: TriageItem) -> tuple[ItemView, int, dict[str, str]]:
    return detail_view(user, item), 200, {"ETag": item.etag}


@blp.route("")
class Queue(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(QueueQuerySchema, location="query")
    @blp.response(200, QueuePageSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List the queue: urgent and answered items first, then by priority and age.

        Filters combine; `counts` gives items per status under the same filters.
        """
        user = current_user()
        filters = _filters(query)
        items, next_cursor = service.list_queue(
            user, filters, query["sort"], query.get("cursor"), query["limit"]
        )
        for item in items:
            item.excerpt = service.excerpt_for(item)
        # Counting costs more than the page itself: the first page carries it, later ones don't.
        counts = None if query.get("cursor") else service.status_counts(user, filters)
        return {"items": items, "next": next_cursor, "counts": counts}


@blp.route(":bulk")
class QueueBulk(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(BulkActionSchema)
    @blp.response(200, BulkAnswerSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """One action on up to 200 items: categorise, queue, unqueue, reject or archive.

        Each item is done as its single action would be, in its own transaction, with its
        `etag` as If-Match, and audited the same way; one item's failure never undoes another's.
        Answered per item in request order: `done` (with the new ETag), `changed` (the ETag
        was stale: nothing done; the current ETag), `not_allowed` (`code` says why, e.g.
        `invalid_transition`) or `not_found` (also for items that are not yours). The whole
        request counts once against the rate limit.
        """
        results = service.bulk_action(
            current_user(),
            data["action"],
            [(item["reference"], item["etag"]) for item in data["items"]],
            data.get("reason"),
            data.get("category"),
        )
        summary = dict.fromkeys(BULK_OUTCOMES, 0)
        for result in results:
            summary[result.outcome] += 1
        return {"results": results, "summary": summary}


class PartnerPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PartnerItemSchema), required=True)
    next = ma.fields.String(allow_none=True)


class PartnerQuerySchema(ma.Schema):
    cursor = ma.fields.String(validate=validate.Length(max=500))
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))


def _partner_view(item: TriageItem, districts: DistrictNames) -> dict[str, Any]:
    """The analyst's summary and the item's facts: nothing the resident or walker wrote.

    Not even masked: masking misses what it was not built for (a name, a description of
    someone), so partners read what an analyst chose to tell them.
    """
    source = item.source
    return {
        "reference": item.reference,
        "area": item.area.code,
        # The district, not the place typed or the position: a place can name a home.
        "district": districts.name(
            item.area_id,
            source.latitude if source is not None else None,
            source.longitude if source is not None else None,
        ),
        "status": item.status,
        "effective_category": item.effective_category,
        "partner_summary": item.partner_summary,
        "received_at": item.received_at,
    }


@blp.route("/shared")
class SharedQueue(MethodView):
    @require_roles("partner")
    @blp.arguments(PartnerQuerySchema, location="query")
    @blp.response(200, PartnerPageSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Items analysts shared with partners (partners): the analyst's summary, never text.

        Category, area, district and time of each, with the summary the sharing analyst wrote;
        no text, place, photos, notes or messages of the resident. No sensitive categories.
        """
        user = current_user()
        items, next_cursor = service.list_queue(
            user, service.QueueFilters(), "newest", query.get("cursor"), query["limit"]
        )
        service.record_partner_reads(user, items)
        districts = DistrictNames()
        return {"items": [_partner_view(item, districts) for item in items], "next": next_cursor}


@blp.route("/<string:reference>")
class QueueItem(MethodView):
    @require_roles(*ANALYSTS)
    @blp.response(200, ItemDetailSchema)
    def get(self, reference: str) -> Any:
        """Read one item with its full text (the read is audited)."""
        user = current_user()
        item = service.read_item(user, service.item_for(user, reference))
        return _answer(user, item)

    @require_roles(*ANALYSTS)
    @blp.arguments(ItemUpdateSchema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(200, ItemDetailSchema)
    @blp.alt_response(412, description="The item changed since your ETag")
    def patch(self, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        """Set the category (a new item becomes triaged) or the priority (null: automatic)."""
        user = current_user()
        item = service.update_item(user, service.item_for(user, reference), data, if_match)
        return _answer(user, item)


@blp.route("/<string:reference>/notes")
class ItemNotes(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(NoteCreateSchema)
    @blp.response(201, NoteSchema)
    def post(self, data: dict[str, Any], reference: str) -> Any:
        """Add an internal note (never shown to the resident or partners).

        The answer's `ETag` is the item's new one (a note changes its version).
        """
        user = current_user()
        item = service.item_for(user, reference)
        return service.add_note(user, item, data["body"]), 201, {"ETag": item.etag}


@blp.route("/<string:reference>/messages")
class ItemMessages(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(MessageCreateSchema)
    @blp.response(201, MessageSchema)
    @blp.alt_response(409, description="A walk observation has no sender to write to")
    def post(self, data: dict[str, Any], reference: str) -> Any:
        """Write to the anonymous tipster; they read it with their reference and receipt.

        The answer's `ETag` is the item's new one (a message changes its version).
        """
        user = current_user()
        item = service.item_for(user, reference)
        return service.write_to_tipster(user, item, data["body"]), 201, {"ETag": item.etag}


@blp.route("/<string:reference>/similar")
class SimilarItems(MethodView):
    @require_roles(*ANALYSTS)
    @blp.response(200, SimilarListSchema)
    def get(self, reference: str) -> dict[str, Any]:
        """Near-duplicates to consider merging: same area, close in time, place or words."""
        user = current_user()
        return {"items": find_similar(user, service.item_for(user, reference))}


def _status_action(path: str, action: str, to: str, schema: type[ma.Schema], doc: str) -> None:
    """Register POST /queue/<ref>/<path>: one status move, with its audit entry."""

    @require_roles(*ANALYSTS)
    @blp.arguments(schema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(200, ItemDetailSchema)
    @blp.alt_response(409, description="Not allowed from the item's status")
    @blp.alt_response(412, description="The item changed since your ETag")
    def post(self: Any, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        user = current_user()
        item = service.item_for(user, reference)
        item = service.set_status(user, item, to, action, if_match, data.get("reason"))
        return _answer(user, item)

    post.__doc__ = doc
    view = type(f"Item{action.title()}", (MethodView,), {"post": post})
    blp.route(f"/<string:reference>/{path}")(view)


_status_action("queue", "queue", "queued", ReasonSchema, "Queue for the next situation report.")
_status_action("unqueue", "unqueue", "triaged", ReasonSchema, "Take out of the next report.")
_status_action(
    "reject",
    "reject",
    "rejected",
    RequiredReasonSchema,
    "Reject as spam or not actionable, with a reason.",
)
_status_action(
    "reopen", "reopen", "triaged", ReasonSchema, "Reopen a rejected item or undo a merge."
)

_status_action("archive", "archive", "archived", ReasonSchema, "Archive a handled item.")


@blp.route("/<string:reference>/duplicate")
class ItemDuplicate(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(DuplicateSchema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(200, ItemDetailSchema)
    @blp.alt_response(409, description="Not allowed from the item's status")
    @blp.alt_response(412, description="The item changed since your ETag")
    def post(self, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        """Merge into another item, which counts this one as a supporting report."""
        user = current_user()
        item = service.item_for(user, reference)
        try:
            target = service.item_for(user, data["of"])
        except ApiError as exc:
            raise ApiError(422, "validation_failed", fields={"of": ["Unknown item."]}) from exc
        return _answer(user, service.merge_duplicate(user, item, target, if_match))


@blp.route("/<string:reference>/share")
class ItemShare(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(ShareSchema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(200, ItemDetailSchema)
    @blp.alt_response(409, description="Sensitive items are never shared")
    @blp.alt_response(412, description="The item changed since your ETag")
    def post(self, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        """Share with partners with a summary for them (`partner_summary`), or stop sharing.

        Partners read only the summary and the item's category, area, district and time, never
        the resident's text. Sharing again replaces the summary; stopping clears it.
        """
        user = current_user()
        item = service.item_for(user, reference)
        item = service.share_with_partners(
            user, item, data["shared"], if_match, data.get("partner_summary")
        )
        return _answer(user, item)


@blp.route("/<string:reference>/redact")
class ItemRedact(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(RedactSchema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(200, ItemDetailSchema)
    @blp.alt_response(409, description="The item's content has been erased")
    @blp.alt_response(412, description="The item changed since your ETag")
    def post(self, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        """Replace the text everyone reads; the original is kept for admins only."""
        user = current_user()
        item = service.item_for(user, reference)
        return _answer(user, service.redact(user, item, data["text"], data["reason"], if_match))


@blp.route("/<string:reference>/erase")
class ItemErase(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(EraseSchema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(200, ErasureSchema)
    @blp.alt_response(412, description="The item changed since your ETag")
    def post(self, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        """Erase the item's personal content now: text, place, position, notes, photos, messages.

        Category, area, period and status stay, so published figures do not change. The
        erasure is audited with its reason; earlier audit reasons of the item are cleared.
        """
        user = current_user()
        item = service.item_for(user, reference)
        erasure = retention.erase_item(user, item, data["reason"], if_match)
        return erasure, 200, {"ETag": item.etag}
