"""Anonymous tips from residents: intake, receipts and the resident's follow-up."""

from flask_smorest import Blueprint

blp = Blueprint("tips", __name__, url_prefix="/api/v1/tips", description="Anonymous tips")

from tipsapp.tips import routes  # noqa: E402,F401
