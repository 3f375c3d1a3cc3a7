"""GET /api/v1/audit: the log, newest first, filtered, by cursor."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.audit.models import AuditEntry
from tipsapp.audit.schemas import AuditPageSchema, AuditQuerySchema
from tipsapp.audit.service import audit_query
from tipsapp.common.pagination import SortKey, keyset_page
from tipsapp.staff.auth import require_roles

AUDIT_ORDER = (
    SortKey(AuditEntry.at, True, lambda entry: entry.at, "datetime"),
    SortKey(AuditEntry.id, True, lambda entry: entry.id),
)

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="Audit log (admins)")


@blp.route("")
class Audit(MethodView):
    @require_roles("admin")
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Read the audit log (admins), newest first, with filters."""
        select_entries = audit_query(
            actor_email=query.get("actor"),
            action=query.get("action"),
            target_kind=query.get("target_kind"),
            target_ref=query.get("target"),
            since=query.get("since"),
            until=query.get("until"),
        )
        items, next_cursor = keyset_page(
            select_entries, AUDIT_ORDER, query.get("cursor"), query["limit"]
        )
        return {"items": items, "next": next_cursor}
