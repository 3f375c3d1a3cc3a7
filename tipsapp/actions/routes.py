"""/api/v1/actions: what is done about items and walk findings, by whom, by when (all audited)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.actions import service
from tipsapp.actions.models import Action
from tipsapp.actions.schemas import (
    ActionCreateSchema,
    ActionListSchema,
    ActionQuerySchema,
    ActionSchema,
    ActionStatusSchema,
    ActionUpdateSchema,
)
from tipsapp.staff.auth import current_user, require_roles

blp = Blueprint("actions", __name__, url_prefix="/api/v1/actions", description="Actions (insatser)")

ANALYSTS = ("admin", "analyst")
READERS = ("admin", "analyst", "partner")


@blp.route("")
class Actions(MethodView):
    @require_roles(*READERS)
    @blp.arguments(ActionQuerySchema, location="query")
    @blp.response(200, ActionListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List actions: staff of your areas; partners the ones their organisation owns.

        Filters `area`, `status`, `owner` (organisation id), `walk` (walk id); undated last.
        """
        return {"items": service.list_actions(current_user(), query)}

    @require_roles(*ANALYSTS)
    @blp.arguments(ActionCreateSchema)
    @blp.response(201, ActionSchema)
    @blp.alt_response(422, description="Unknown item, walk, area or owner")
    def post(self, data: dict[str, Any]) -> Action:
        """Create an action, e.g. from a walk observation (`item: "O-..."`): it starts planned."""
        return service.create_action(current_user(), data)


@blp.route("/<string:action_id>")
class ActionById(MethodView):
    @require_roles(*READERS)
    @blp.response(200, ActionSchema)
    def get(self, action_id: str) -> Action:
        """One action (partners: only their organisation's)."""
        return service.action_for(current_user(), action_id)

    @require_roles(*ANALYSTS)
    @blp.arguments(ActionUpdateSchema)
    @blp.response(200, ActionSchema)
    def patch(self, data: dict[str, Any], action_id: str) -> Action:
        """Change title, description, due date or owner; the status has its own endpoint."""
        user = current_user()
        return service.update_action(user, service.action_for(user, action_id), data)


@blp.route("/<string:action_id>/status")
class ActionStatus(MethodView):
    @require_roles(*READERS)
    @blp.arguments(ActionStatusSchema)
    @blp.response(200, ActionSchema)
    @blp.alt_response(409, description="Not allowed from the action's status")
    @blp.alt_response(422, description="wont_do without a reason")
    def post(self, data: dict[str, Any], action_id: str) -> Action:
        """Move the status: planned → in_progress → done, or wont_do with a reason.

        The owning partner organisation may do this too: it is their work.
        """
        user = current_user()
        action = service.action_for(user, action_id)
        return service.set_action_status(user, action, data["status"], data.get("reason"))
