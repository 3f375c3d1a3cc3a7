"""GET /api/v1/areas and /api/v1/categories."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.i18n import negotiate_language
from tipsapp.reference import service
from tipsapp.reference.schemas import (
    AreaListSchema,
    CategoryListSchema,
    LanguageQuerySchema,
    category_view,
)

blp = Blueprint("reference", __name__, url_prefix="/api/v1", description="Areas and categories")


@blp.route("/areas")
class Areas(MethodView):
    @blp.response(200, AreaListSchema)
    def get(self) -> dict[str, Any]:
        """List the areas (municipalities) a tip can belong to."""
        return {"items": service.list_areas()}


@blp.route("/categories")
class Categories(MethodView):
    @blp.arguments(LanguageQuerySchema, location="query")
    @blp.response(200, CategoryListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List the categories with labels in Swedish (default) or English."""
        language = negotiate_language(query.get("lang"))
        items = [
            category_view(category, language, service.FOCUS_LABELS)
            for category in service.list_categories()
        ]
        return {"language": language, "items": items}
