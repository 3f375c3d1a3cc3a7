"""Handing an item over (/api/v1/queue/<ref>/handover) and the recipients (/api/v1/recipients)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.errors import ApiError
from tipsapp.handover import mail, open311, service  # noqa: F401  (mail, open311: handlers)
from tipsapp.handover.schemas import (
    HandoverCreateSchema,
    HandoverSchema,
    RecipientCreateSchema,
    RecipientListSchema,
    RecipientQuerySchema,
    RecipientSchema,
)
from tipsapp.staff.auth import current_user, require_roles
from tipsapp.triage import service as triage
from tipsapp.triage.schemas import IfMatchHeaderSchema

ANALYSTS = ("admin", "analyst")

blp = Blueprint(
    "handover",
    __name__,
    url_prefix="/api/v1/queue",
    description="Handing an item over to the body responsible",
)
recipients_blp = Blueprint(
    "recipients",
    __name__,
    url_prefix="/api/v1/recipients",
    description="Who items are handed over to, per area and category",
)


@blp.route("/<string:reference>/handover")
class ItemHandover(MethodView):
    @require_roles(*ANALYSTS)
    @blp.arguments(HandoverCreateSchema)
    @blp.arguments(IfMatchHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(201, HandoverSchema)
    @blp.alt_response(
        409,
        description="The recipient is not responsible for the item's area and category, the "
        "content was erased, it is already on its way to (or delivered to) that recipient, "
        "or it is an e-mail recipient and no mail server is set",
    )
    @blp.alt_response(412, description="The item changed since your ETag")
    def post(self, data: dict[str, Any], reference: str, if_match: str | None = None) -> Any:
        """Hand the item over to the body responsible (audited); delivered in the background.

        The recipient gets the text at its level (masked unless it is the police or the
        municipality's own office), the note, photos only if `include_photos`, and nothing
        about the tipster. The answer's `ETag` is the item's new one; the item's `handovers`
        show the delivery state.
        """
        user = current_user()
        item = triage.item_for(user, reference)
        handover = service.hand_over(
            user, item, data["recipient"], data["note"], data["include_photos"], if_match
        )
        return handover, 201, {"ETag": item.etag}


@recipients_blp.route("")
class Recipients(MethodView):
    @require_roles(*ANALYSTS)
    @recipients_blp.arguments(RecipientQuerySchema, location="query")
    @recipients_blp.response(200, RecipientListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List recipients: every one for admins, those of their areas for analysts."""
        return {"items": service.visible_recipients(current_user(), query.get("area"))}

    @require_roles("admin")
    @recipients_blp.arguments(RecipientCreateSchema)
    @recipients_blp.response(201, RecipientSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a recipient for an area and a category (or every category) (admins; audited)."""
        return service.add_recipient(current_user(), data), 201


@recipients_blp.route("/<string:recipient_id>")
class RecipientItem(MethodView):
    @require_roles("admin")
    @recipients_blp.response(204)
    def delete(self, recipient_id: str) -> None:
        """Remove a recipient (admins; audited). Earlier handovers keep its name."""
        recipient = service.recipient_by_public_id(recipient_id)
        if recipient is None:
            raise ApiError(404, "not_found")
        service.remove_recipient(current_user(), recipient)
