"""The queue as staff read it: a summary per row, the whole item for those who may see it."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.fields import TrimmedText
from tipsapp.handover.schemas import HandoverSchema
from tipsapp.reference.data import CATEGORIES, FOCUS_AREAS
from tipsapp.triage.language import DETECTABLE_LANGUAGES
from tipsapp.triage.models import ITEM_STATUSES
from tipsapp.triage.privacy import PARTNER_SUMMARY_MAX

CATEGORY_CODES = [category.code for category in CATEGORIES]
FOCUS_CODES = [focus.code for focus in FOCUS_AREAS]


class CommaList(ma.fields.List):
    """A query list given as ``status=new,triaged`` or ``status=new&status=triaged``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        # webargs hands a query list over as a list of its values, each possibly "a,b".
        values = [value] if isinstance(value, str) else value
        if isinstance(values, list | tuple):
            value = [
                part.strip()
                for entry in values
                for part in (entry.split(",") if isinstance(entry, str) else [entry])
                if not isinstance(part, str) or part.strip()
            ]
        return super()._deserialize(value, attr, data, **kwargs)


class QueueQuerySchema(ma.Schema):
    status = CommaList(ma.fields.String(validate=validate.OneOf(ITEM_STATUSES)))
    category = CommaList(ma.fields.String(validate=validate.OneOf(CATEGORY_CODES)))
    focus_area = CommaList(ma.fields.String(validate=validate.OneOf(FOCUS_CODES)))
    area = CommaList(ma.fields.String(validate=validate.Length(1, 32)))
    kind = CommaList(ma.fields.String(validate=validate.OneOf(["tip", "observation", "report"])))
    urgent = ma.fields.Boolean()
    attention = ma.fields.Boolean()
    language = ma.fields.String(
        validate=validate.OneOf(DETECTABLE_LANGUAGES),
        metadata={"description": "The text's detected language (ISO 639-1; und: not known)"},
    )
    needs_translation = ma.fields.Boolean(
        metadata={"description": "Only items whose text must be translated first (or the rest)"}
    )
    since = ma.fields.AwareDateTime(metadata={"description": "Received at or after"})
    until = ma.fields.AwareDateTime(metadata={"description": "Received before"})
    q = ma.fields.String(
        validate=validate.Length(1, 200),
        metadata={
            "description": "Free text: items whose (redacted) text holds every word, in any"
            " Swedish inflection ('mopeder' finds 'moped'), or the item with this reference"
        },
    )
    sort = ma.fields.String(
        load_default="priority", validate=validate.OneOf(["priority", "newest", "oldest"])
    )
    cursor = ma.fields.String(validate=validate.Length(max=500))
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, 200))


class ItemSummarySchema(ma.Schema):
    reference = ma.fields.String()
    kind = ma.fields.String()
    area = ma.fields.Function(lambda item: item.area.code)
    status = ma.fields.String()
    category = ma.fields.String(allow_none=True, metadata={"description": "The analyst's"})
    effective_category = ma.fields.String()
    resident_category = ma.fields.String(allow_none=True)
    focus_area = ma.fields.String(allow_none=True)
    suggestion = ma.fields.Function(
        lambda item: {
            "category": item.suggested_category,
            "confidence": item.suggestion_confidence,
            "words": item.suggestion_words,
        },
        metadata={"description": "The automatic suggestion: category, confidence, words"},
    )
    urgent = ma.fields.Boolean()
    urgency_words = ma.fields.List(ma.fields.String())
    text_language = ma.fields.String(
        metadata={"description": "The text's detected language (ISO 639-1; und: not known)"}
    )
    needs_translation = ma.fields.Boolean(
        metadata={
            "description": "The text is in a language the triage does not read, or its "
            "suggestion is unsure: translate before triage"
        }
    )
    priority = ma.fields.Integer()
    attention = ma.fields.Boolean()
    notable = ma.fields.Boolean(
        metadata={"description": "Marked by an analyst for the report's notable items"}
    )
    shared_with_partners = ma.fields.Boolean()
    supporting_count = ma.fields.Integer()
    excerpt = ma.fields.String(metadata={"description": "Personal data masked"})
    place = ma.fields.String(allow_none=True)
    received_at = ma.fields.DateTime()
    erased_at = ma.fields.DateTime(
        attribute="content_erased_at",
        allow_none=True,
        metadata={"description": "When its text, place and photos were erased (retention)"},
    )
    etag = ma.fields.String(
        metadata={"description": "The item's ETag, for If-Match on actions from the list"}
    )


class QueuePageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ItemSummarySchema), required=True)
    next = ma.fields.String(allow_none=True)
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        allow_none=True,
        metadata={"description": "Items per status; on the first page only (null with a cursor)"},
    )


class NoteSchema(ma.Schema):
    body = ma.fields.String()
    author = ma.fields.Function(lambda note: note.author.display_name)
    created_at = ma.fields.DateTime()


class MessageSchema(ma.Schema):
    sender = ma.fields.String(attribute="author_kind")
    body = ma.fields.String()
    text_language = ma.fields.String(
        metadata={"description": "The body's detected language (ISO 639-1; und: not known)"}
    )
    sent_at = ma.fields.DateTime(attribute="created_at")


class LocationOutSchema(ma.Schema):
    lat = ma.fields.Float()
    lon = ma.fields.Float()
    accuracy_m = ma.fields.Float(allow_none=True)


class ReporterSchema(ma.Schema):
    name = ma.fields.String()
    organisation = ma.fields.String()
    ratings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), allow_none=True)


class ItemDetailSchema(ItemSummarySchema):
    text = ma.fields.String()
    redacted = ma.fields.Boolean()
    original_text = ma.fields.String(metadata={"description": "Admins only, when redacted"})
    occurred_at = ma.fields.DateTime(allow_none=True)
    location = ma.fields.Nested(LocationOutSchema, allow_none=True)
    rejection_reason = ma.fields.String(allow_none=True)
    duplicate_of = ma.fields.String(allow_none=True)
    notes = ma.fields.List(ma.fields.Nested(NoteSchema))
    messages = ma.fields.List(ma.fields.Nested(MessageSchema))
    partner_summary = ma.fields.String(
        allow_none=True, metadata={"description": "What partners read while it is shared"}
    )
    handovers = ma.fields.List(
        ma.fields.Nested(HandoverSchema),
        metadata={"description": "Handed over to: whom, when, and the delivery state"},
    )
    reporter = ma.fields.Nested(
        ReporterSchema,
        allow_none=True,
        metadata={"description": "Kind `report`: the EST reporter who sent it (not anonymous)"},
    )
    version = ma.fields.Integer()


class PartnerItemSchema(ma.Schema):
    """What a partner reads of an item an analyst shared: the analyst's summary, never text.

    No text, place, photos, notes, messages or coordinates of the resident or walker: the
    fields are ``privacy.PARTNER_ITEM_FIELDS`` (a test holds the two together).
    """

    reference = ma.fields.String()
    area = ma.fields.String()
    district = ma.fields.String(
        allow_none=True, metadata={"description": "The named district of its position, if any"}
    )
    status = ma.fields.String()
    effective_category = ma.fields.String()
    partner_summary = ma.fields.String(
        allow_none=True,
        metadata={"description": "What the sharing analyst wrote for partners (null: none yet)"},
    )
    received_at = ma.fields.DateTime()


class ItemUpdateSchema(ma.Schema):
    category = ma.fields.String(validate=validate.OneOf(CATEGORY_CODES))
    priority = ma.fields.Integer(allow_none=True, validate=validate.Range(0, 999))
    notable = ma.fields.Boolean(
        metadata={"description": "Point it out in the report's notable items (or stop)"}
    )
    reason = TrimmedText(max_length=500)


class NoteCreateSchema(ma.Schema):
    body = TrimmedText(required=True, min_length=1, max_length=5000)


class MessageCreateSchema(ma.Schema):
    body = TrimmedText(required=True, min_length=1, max_length=2000)


class ReasonSchema(ma.Schema):
    reason = TrimmedText(min_length=1, max_length=500)


class RequiredReasonSchema(ma.Schema):
    reason = TrimmedText(required=True, min_length=1, max_length=500)


class DuplicateSchema(ma.Schema):
    of = ma.fields.String(required=True, validate=validate.Length(1, 16))


class ShareSchema(ma.Schema):
    shared = ma.fields.Boolean(required=True)
    partner_summary = TrimmedText(
        min_length=1,
        max_length=PARTNER_SUMMARY_MAX,
        metadata={
            "description": "Required to share: all partners read of the item (never the "
            "resident's text). Not sent when stopping; stopping clears it."
        },
    )

    @ma.validates_schema
    def _summary_with_sharing(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("shared") and not data.get("partner_summary"):
            raise ma.ValidationError(
                "Write the summary partners will read.", field_name="partner_summary"
            )
        if data.get("shared") is False and "partner_summary" in data:
            raise ma.ValidationError(
                "Only sent when sharing: stopping clears the summary.",
                field_name="partner_summary",
            )


class RedactSchema(ma.Schema):
    text = TrimmedText(required=True, min_length=1, max_length=5000)
    reason = TrimmedText(required=True, min_length=1, max_length=500)


class SimilarSchema(ma.Schema):
    reference = ma.fields.String()
    score = ma.fields.Float()
    reasons = ma.fields.List(ma.fields.String())
    distance_m = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()
    excerpt = ma.fields.String()
    received_at = ma.fields.DateTime()


class SimilarListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SimilarSchema))


class IfMatchHeaderSchema(ma.Schema):
    if_match = ma.fields.String(
        data_key="If-Match", metadata={"description": "The item's ETag; 412 if it changed"}
    )


# --- one action on many items ----------------------------------------------------------------

BULK_ACTIONS = ("categorise", "queue", "unqueue", "reject", "archive")
BULK_MAX_ITEMS = 200
BULK_OUTCOMES = ("done", "changed", "not_allowed", "not_found")
MISSING = "Missing data for required field."


class BulkItemSchema(ma.Schema):
    reference = ma.fields.String(required=True, validate=validate.Length(1, 16))
    etag = ma.fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"description": "The item's ETag as the list showed it: its If-Match"},
    )


class BulkActionSchema(ma.Schema):
    action = ma.fields.String(required=True, validate=validate.OneOf(BULK_ACTIONS))
    items = ma.fields.List(
        ma.fields.Nested(BulkItemSchema),
        required=True,
        validate=validate.Length(1, BULK_MAX_ITEMS),
        metadata={"description": f"1 to {BULK_MAX_ITEMS} items, each reference once"},
    )
    reason = TrimmedText(
        min_length=1,
        max_length=500,
        metadata={"description": "Required to reject; kept in each item's audit entry"},
    )
    category = ma.fields.String(
        validate=validate.OneOf(CATEGORY_CODES),
        metadata={"description": "Required to categorise, and only sent then"},
    )

    @ma.validates_schema
    def _what_the_action_needs(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """The single actions' rules: a reason to reject, a category to categorise."""
        errors: dict[str, list[str]] = {}
        action = data.get("action")
        if action == "reject" and not data.get("reason"):
            errors["reason"] = [MISSING]
        if action == "categorise" and "category" not in data:
            errors["category"] = [MISSING]
        if action != "categorise" and "category" in data:
            errors["category"] = ["Only sent to categorise."]
        # item_for reads references trimmed and in capitals: "ab12" and "AB12" are one item.
        seen: set[str] = set()
        repeated: set[str] = set()
        for item in data.get("items", []):
            reference = item["reference"].strip().upper()
            (repeated if reference in seen else seen).add(reference)
        if repeated:
            errors["items"] = [f"Each item only once: {', '.join(sorted(repeated))}"]
        if errors:
            raise ma.ValidationError(errors)


class BulkResultSchema(ma.Schema):
    reference = ma.fields.String(metadata={"description": "As the request named it"})
    outcome = ma.fields.String(
        validate=validate.OneOf(BULK_OUTCOMES),
        metadata={
            "description": "done; changed (its ETag was stale: nothing done); not_allowed "
            "(e.g. from its status: see code); not_found (or not yours)"
        },
    )
    etag = ma.fields.String(
        allow_none=True,
        metadata={"description": "The new ETag (done) or the current one (changed); else null"},
    )
    status = ma.fields.String(
        allow_none=True, metadata={"description": "Its status after; null when not found"}
    )
    code = ma.fields.String(
        allow_none=True,
        metadata={
            "description": "null when done; precondition_failed, the error code (e.g. "
            "invalid_transition) or not_found"
        },
    )


class BulkSummarySchema(ma.Schema):
    done = ma.fields.Integer()
    changed = ma.fields.Integer()
    not_allowed = ma.fields.Integer()
    not_found = ma.fields.Integer()


class BulkAnswerSchema(ma.Schema):
    results = ma.fields.List(
        ma.fields.Nested(BulkResultSchema), metadata={"description": "In request order"}
    )
    summary = ma.fields.Nested(BulkSummarySchema)
