"""Reference data: areas (municipalities) and the shared category codes."""

from flask_smorest import Blueprint

blp = Blueprint("reference", __name__, url_prefix="/api/v1", description="Areas and categories")

from tipsapp.reference import routes  # noqa: E402,F401
