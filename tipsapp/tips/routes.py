"""POST /api/v1/tips, /api/v1/tips/status, /api/v1/tips/messages and /api/v1/tips/fixed
(the resident side)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.actions import fixed
from tipsapp.actions.schemas import FixAnswerResultSchema
from tipsapp.common.i18n import negotiate_language
from tipsapp.security.ratelimits import rate_limited
from tipsapp.tips import service
from tipsapp.tips.schemas import (
    IdempotencyHeaderSchema,
    ResidentMessageSchema,
    ResidentReplySchema,
    TipFixAnswerSchema,
    TipReceiptSchema,
    TipStatusRequestSchema,
    TipStatusSchema,
    TipSubmitSchema,
)
from tipsapp.triage.service import resident_replied

blp = Blueprint("tips", __name__, url_prefix="/api/v1/tips", description="Anonymous tips")


@blp.route("")
@rate_limited("RATELIMIT_TIPS")
class Tips(MethodView):
    # Instances, not classes: webargs builds a class's schema anew on every request.
    @blp.arguments(TipSubmitSchema())
    @blp.arguments(IdempotencyHeaderSchema(), location="headers", as_kwargs=True)
    @blp.response(201, TipReceiptSchema)
    @blp.alt_response(422, description="Invalid fields, or an Idempotency-Key reused")
    @blp.alt_response(429, description="Too many tips from this network; see Retry-After")
    def post(self, data: dict[str, Any], idempotency_key: Any = None) -> Any:
        """Send an anonymous tip.

        Nothing about the sender's device or address is stored. The answer holds a reference
        and a receipt; with both the sender can follow the tip up.
        """
        receipt = service.submit_tip(data, idempotency_key)
        language = negotiate_language(data.get("language"))
        headers = {"Idempotent-Replayed": "true"} if receipt.replayed else {}
        return service.receipt_view(receipt, language), 201, headers


@blp.route("/status")
@rate_limited("RATELIMIT_TIP_STATUS")
class TipStatus(MethodView):
    @blp.arguments(TipStatusRequestSchema)
    @blp.response(200, TipStatusSchema)
    @blp.alt_response(404, description="Unknown reference or wrong receipt (the same answer)")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Follow up a tip with its reference and receipt (sent in the body, never the URL)."""
        tip = service.find_tip_for_resident(data["reference"], data["receipt"])
        return service.resident_view(tip, negotiate_language())


@blp.route("/messages")
@rate_limited("RATELIMIT_TIP_STATUS")
class TipReply(MethodView):
    @blp.arguments(ResidentReplySchema)
    @blp.response(201, ResidentMessageSchema)
    @blp.alt_response(404, description="Unknown reference or wrong receipt (the same answer)")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Answer the staff about a tip, with its reference and receipt. Stays anonymous."""
        tip = service.find_tip_for_resident(data["reference"], data["receipt"])
        message = resident_replied(tip, data["body"], data.get("language"))
        return {"sender": "resident", "body": message.body, "sent_at": message.created_at}


@blp.route("/fixed")
@rate_limited("RATELIMIT_TIP_STATUS")
class TipFixed(MethodView):
    @blp.arguments(TipFixAnswerSchema)
    @blp.response(200, FixAnswerResultSchema)
    @blp.alt_response(404, description="Unknown reference, wrong receipt or an action not on it")
    @blp.alt_response(
        409, description="Not asked: the action is not done, or not about the environment"
    )
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Say whether a done action fixed what the tip was about: yes, no or partly.

        With the tip's reference and receipt; answering again changes the answer. Only the
        date is kept.
        """
        tip = service.find_tip_for_resident(data["reference"], data["receipt"])
        return fixed.answer_as_tipster(tip, data["action"], data["answer"])
