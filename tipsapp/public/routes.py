"""/api/v1/public: the follow-up anyone may read, and the statements staff publish on it.

The public views read nothing about the visitor and write nothing: no session, no cookie, no
row. Their only trace is the rate limiter's counter under a keyed hash of the network.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.i18n import negotiate_language
from tipsapp.public import service
from tipsapp.public.schemas import (
    PromiseListSchema,
    PromiseQuerySchema,
    PromiseSchema,
    PromiseSetSchema,
    PublicFollowupQuerySchema,
    PublicFollowupSchema,
    PublicStatementCreateSchema,
    PublicStatementListSchema,
    PublicStatementQuerySchema,
    PublicStatementSchema,
)
from tipsapp.security.ratelimits import rate_limited
from tipsapp.staff.auth import current_user, require_roles
from tipsapp.staff.models import ROLES

blp = Blueprint(
    "public", __name__, url_prefix="/api/v1/public", description="Public follow-up (no login)"
)
promises_blp = Blueprint(
    "promises",
    __name__,
    url_prefix="/api/v1/promises",
    description="The citizen promise (medborgarlöfte) of each area, by year",
)
EDITORS = ("admin", "analyst")


@blp.route("/followup")
@rate_limited("RATELIMIT_PUBLIC")
class Followup(MethodView):
    @blp.arguments(PublicFollowupQuerySchema, location="query")
    @blp.response(200, PublicFollowupSchema)
    @blp.alt_response(404, description="Unknown area")
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """What the promise said, what came in and what was done, for anyone to read.

        Counts of published items per category and per district and month (last 12 months,
        Swedish time); under 5 shown as "fewer than 5", no totals, complementary suppression
        across the two tables. No text, place name or coordinate of a tip.
        """
        area = service.area_or_404(query["area"])
        return service.followup(area, negotiate_language(query.get("lang")))


@blp.route("/statements")
@rate_limited("RATELIMIT_PUBLIC")
class Statements(MethodView):
    @blp.arguments(PublicStatementQuerySchema, location="query")
    @blp.response(200, PublicStatementListSchema)
    @blp.alt_response(404, description="Unknown area")
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The area's statements, newest first (no login)."""
        return {"items": service.statements_for(service.area_or_404(query["area"]))}

    @require_roles(*EDITORS)
    @blp.arguments(PublicStatementCreateSchema)
    @blp.response(201, PublicStatementSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Publish a statement on the actual situation, optionally about a published report."""
        return service.statement_view(service.create_statement(current_user(), data))


@blp.route("/statements/<string:statement_id>")
class StatementById(MethodView):
    @require_roles(*EDITORS)
    @blp.response(204)
    def delete(self, statement_id: str) -> None:
        """Take a statement down (audited)."""
        service.delete_statement(current_user(), statement_id)


@promises_blp.route("")
class Promises(MethodView):
    @require_roles(*ROLES)
    @promises_blp.arguments(PromiseQuerySchema, location="query")
    @promises_blp.response(200, PromiseListSchema)
    @promises_blp.alt_response(404, description="Unknown area")
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The area's promise, every year and language, newest year first.

        One row per year and language, so the list stays short and is not paged.
        """
        area = service.area_or_404(query["area"])
        return {"items": [service.promise_view(p) for p in service.promises_of(area)]}

    @require_roles("admin")
    @promises_blp.arguments(PromiseSetSchema)
    @promises_blp.response(201, PromiseSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Set the area's promise of a year (audited); the newest year is the current one.

        Setting a year and language again replaces that text; earlier years stay as history.
        """
        return service.promise_view(service.set_promise(current_user(), data))
