"""The reporter's API: send reports kept offline, read your own back.

POST /api/v1/est-reports (a batch, as a walk's sync), GET /api/v1/est-reports (your own).
The photo of a report is uploaded as a walk observation's is (tipsapp/photos/routes.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.i18n import field_message_language, localize_field_messages
from tipsapp.common.strictjson import judges_each_item, sync_sized_body
from tipsapp.reporters import service
from tipsapp.reporters.schemas import (
    EstReportSyncAnswerSchema,
    EstReportSyncSchema,
    OwnReportListSchema,
    OwnReportQuerySchema,
)
from tipsapp.staff.auth import current_user, require_roles

blp = Blueprint(
    "est_reports",
    __name__,
    url_prefix="/api/v1/est-reports",
    description="EST reporters: reports from partners' rounds",
)


@blp.route("")
class EstReports(MethodView):
    @require_roles(service.REPORTER_ROLE)
    @blp.arguments(OwnReportQuerySchema, location="query")
    @blp.response(200, OwnReportListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Your own reports, newest first, with where each stands; never anyone else's."""
        items, next_cursor = service.own_reports(
            current_user(), query.get("cursor"), query["limit"]
        )
        return {"items": items, "next": next_cursor}


@blp.route("/sync")
@judges_each_item
class EstReportSync(MethodView):
    @sync_sized_body
    @require_roles(service.REPORTER_ROLE)
    @blp.arguments(EstReportSyncSchema)
    @blp.response(200, EstReportSyncAnswerSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Send up to 200 reports kept on the phone; each is answered on its own.

        `created`, `duplicate` (already stored: a resend) or `invalid` with that report's field
        errors; one bad report never rejects the rest. The report enters the queue as kind
        `report`, with its author's account and organisation (reports are not anonymous).
        """
        language = field_message_language()
        results = [
            replace(r, errors=localize_field_messages(r.errors, language)) if r.errors else r
            for r in service.store_reports(current_user(), data["reports"])
        ]
        counts = {
            kind: sum(r.status == kind for r in results)
            for kind in ("created", "duplicate", "invalid")
        }
        return {"results": results, **counts}
