"""/api/v1/deliveries: what the outbox holds, and retrying a dead delivery (admins)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.pagination import SortKey, keyset_page
from tipsapp.outbox import service
from tipsapp.outbox.models import OutboxEvent
from tipsapp.outbox.schemas import DeliveryPageSchema, DeliveryQuerySchema, DeliverySchema
from tipsapp.staff.auth import current_user, require_roles

DELIVERY_ORDER = (
    SortKey(OutboxEvent.created_at, True, lambda event: event.created_at, "datetime"),
    SortKey(OutboxEvent.id, True, lambda event: event.id),
)

blp = Blueprint(
    "deliveries",
    __name__,
    url_prefix="/api/v1/deliveries",
    description="Background deliveries: handovers on their way, and the dead-letter list",
)


@blp.route("")
class Deliveries(MethodView):
    @require_roles("admin")
    @blp.arguments(DeliveryQuerySchema, location="query")
    @blp.response(200, DeliveryPageSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List deliveries (admins), newest first; `state=dead` is the dead-letter list.

        Each says what it delivers (the item's reference and the recipient, for handovers),
        its attempts and the kind of its last error, never the content sent.
        """
        items, next_cursor = keyset_page(
            service.events_query(query.get("state")),
            DELIVERY_ORDER,
            query.get("cursor"),
            query["limit"],
        )
        return {"items": service.described(items), "next": next_cursor}


@blp.route("/<string:delivery_id>/retry")
class DeliveryRetry(MethodView):
    @require_roles("admin")
    @blp.response(200, DeliverySchema)
    @blp.alt_response(409, description="Delivered already, or being attempted right now")
    def post(self, delivery_id: str) -> Any:
        """Send a dead delivery again (admins; audited): due now, attempts counted afresh.

        It keeps its delivery id, so a receiver that did get it can drop the repeat.
        """
        event = service.event_by_delivery_id(delivery_id)
        return service.retry(current_user(), event)
