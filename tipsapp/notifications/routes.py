"""``/api/v1/staff/me/notifications``: each analyst's and admin's own opt-ins and quiet hours."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.notifications import mail, service  # noqa: F401  (mail: the outbox handlers)
from tipsapp.notifications.schemas import (
    AreaPolicySchema,
    NotificationSettingsSchema,
    NotificationSettingsUpdateSchema,
)
from tipsapp.staff.auth import current_user, require_roles

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1",
    description="E-mail notices to staff (reference, kind, area and link; never content)",
)


@blp.route("/staff/me/notifications")
class MyNotifications(MethodView):
    @require_roles("admin", "analyst")
    @blp.response(200, NotificationSettingsSchema)
    def get(self) -> dict[str, Any]:
        """My opt-ins per area and kind, and my quiet hours."""
        return service.settings_of(current_user())

    @require_roles("admin", "analyst")
    @blp.arguments(NotificationSettingsUpdateSchema)
    @blp.response(200, NotificationSettingsSchema)
    @blp.alt_response(422, description="An area outside my organisation, or half quiet hours")
    def put(self, data: dict[str, Any]) -> dict[str, Any]:
        """Replace my opt-ins and quiet hours (mail held in quiet hours goes out at their end)."""
        return service.replace_settings(current_user(), data)


@blp.route("/areas/<string:code>/notification-policy")
class AreaNotificationPolicy(MethodView):
    @require_roles("admin")
    @blp.arguments(AreaPolicySchema)
    @blp.response(200, AreaPolicySchema)
    @blp.alt_response(404, description="No such area")
    def put(self, data: dict[str, Any], code: str) -> dict[str, Any]:
        """Set how long the area's items may stay new before "overdue" notices go out."""
        return service.set_area_policy(code, data["overdue_after_hours"])
