"""/api/v1/webhooks: admins register endpoints for signed events and read their delivery log."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.pagination import SortKey, keyset_page
from tipsapp.staff.auth import current_user, require_roles
from tipsapp.webhooks import service
from tipsapp.webhooks.models import WebhookDelivery
from tipsapp.webhooks.schemas import (
    WebhookCreatedSchema,
    WebhookCreateSchema,
    WebhookDeliveryPageSchema,
    WebhookDeliveryQuerySchema,
    WebhookListSchema,
)

DELIVERY_ORDER = (
    SortKey(WebhookDelivery.created_at, True, lambda row: row.created_at, "datetime"),
    SortKey(WebhookDelivery.id, True, lambda row: row.id),
)

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description="Signed events for external systems (no content, nothing about tipsters)",
)


@blp.route("")
class Webhooks(MethodView):
    @require_roles("admin")
    @blp.response(200, WebhookListSchema)
    def get(self) -> dict[str, Any]:
        """List webhooks (admins); secrets are never listed."""
        return {"items": service.webhooks()}

    @require_roles("admin")
    @blp.arguments(WebhookCreateSchema)
    @blp.response(201, WebhookCreatedSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Register an HTTPS endpoint (admins; audited). The answer holds its secret, once."""
        return service.create_webhook(current_user(), data["url"], data["events"]), 201


@blp.route("/<string:webhook_id>")
class WebhookItem(MethodView):
    @require_roles("admin")
    @blp.response(204)
    def delete(self, webhook_id: str) -> None:
        """Remove a webhook and its log (admins; audited); deliveries on their way go dead."""
        service.delete_webhook(current_user(), service.webhook_by_public_id(webhook_id))


@blp.route("/<string:webhook_id>/deliveries")
class WebhookDeliveries(MethodView):
    @require_roles("admin")
    @blp.arguments(WebhookDeliveryQuerySchema, location="query")
    @blp.response(200, WebhookDeliveryPageSchema)
    def get(self, query: dict[str, Any], webhook_id: str) -> dict[str, Any]:
        """The delivery log (admins), newest first: event, delivery id, state, attempts, last
        HTTP status and times."""
        webhook = service.webhook_by_public_id(webhook_id)
        rows, next_cursor = keyset_page(
            service.deliveries_query(webhook), DELIVERY_ORDER, query.get("cursor"), query["limit"]
        )
        return {"items": [service.delivery_view(row) for row in rows], "next": next_cursor}
