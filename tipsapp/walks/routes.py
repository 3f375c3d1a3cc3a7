"""/api/v1/walks: plan a walk, join it, log and sync observations, the QR poster."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import segno
from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.common.i18n import (
    field_message_language,
    localize_field_messages,
    negotiate_language,
)
from tipsapp.common.strictjson import judges_each_item, sync_sized_body
from tipsapp.errors import ApiError
from tipsapp.security.ratelimits import rate_limited
from tipsapp.staff.auth import AUTH_RESPONSES, current_user, require_roles
from tipsapp.walks import service
from tipsapp.walks.auth import actor_for_walk
from tipsapp.walks.schemas import (
    JoinAnswerSchema,
    JoinSchema,
    ObservationAnswerSchema,
    ObservationSchema,
    SyncAnswerSchema,
    SyncSchema,
    WalkCreateSchema,
    WalkListSchema,
    WalkQuerySchema,
    WalkSchema,
    WalkStatusSchema,
)

blp = Blueprint("walks", __name__, url_prefix="/api/v1/walks", description="Safety walks")
ORGANISERS = ("admin", "analyst")
# A walk participant's token (``wp_...``) or a staff token: the same header, the same answers.
PARTICIPANT_OR_STAFF = {"security": [{"bearerAuth": []}], "responses": AUTH_RESPONSES}


@blp.route("")
class Walks(MethodView):
    @require_roles("admin", "analyst", "partner")
    @blp.arguments(WalkQuerySchema, location="query")
    @blp.response(200, WalkListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List the walks in your areas, newest first."""
        user = current_user()
        walks = service.list_walks(user, query.get("area"), query.get("status"))
        language = negotiate_language()
        return {"items": [service.walk_view(walk, language, True) for walk in walks]}

    @require_roles(*ORGANISERS)
    @blp.arguments(WalkCreateSchema)
    @blp.response(201, WalkSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Plan a walk: area, title, start, meeting point, optional route and checklist."""
        walk = service.create_walk(current_user(), data)
        return service.walk_view(walk, negotiate_language(), True)


@blp.route("/join")
@rate_limited("RATELIMIT_WALK_JOIN")
class Join(MethodView):
    @blp.arguments(JoinSchema)
    @blp.response(201, JoinAnswerSchema)
    @blp.alt_response(404, description="No walk open for that code now")
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Join a walk with its code; the token works for this walk only. No name is asked."""
        token, participant = service.join(data["code"])
        walk = service.walk_view(participant.walk, negotiate_language(), False)
        return {"token": token, "expires_at": participant.expires_at, "walk": walk}


@blp.route("/<string:walk_id>")
class WalkById(MethodView):
    @blp.doc(**PARTICIPANT_OR_STAFF)
    @blp.response(200, WalkSchema)
    def get(self, walk_id: str) -> dict[str, Any]:
        """A walk, for its participants (token; no join code) and staff of its area."""
        walk = service.walk_by_public_id(walk_id)
        actor = actor_for_walk(walk)
        return service.walk_view(walk, negotiate_language(), actor.staff is not None)

    @require_roles(*ORGANISERS)
    @blp.arguments(WalkStatusSchema)
    @blp.response(200, WalkSchema)
    @blp.alt_response(409, description="Not allowed from the walk's status")
    def patch(self, data: dict[str, Any], walk_id: str) -> dict[str, Any]:
        """Move the walk on: planned → active → completed → followed_up."""
        user = current_user()
        walk = service.set_walk_status(user, service.walk_for_staff(user, walk_id), data["status"])
        return service.walk_view(walk, negotiate_language(), True)


@blp.route("/<string:walk_id>/qr.svg")
class WalkQr(MethodView):
    @require_roles("admin", "analyst", "partner")
    @blp.response(200, description="An SVG QR code of the join link, for the poster")
    def get(self, walk_id: str) -> Response:
        """The join link as a QR code (SVG), to print on the poster."""
        walk = service.walk_for_staff(current_user(), walk_id)
        link = f"{current_app.config['PUBLIC_URL']}/w/{walk.join_code}"
        svg = segno.make(link, error="m").svg_inline(scale=8, title=walk.title)
        return Response(svg, mimetype="image/svg+xml")


@blp.route("/<string:walk_id>/observations")
class Observations(MethodView):
    @blp.doc(**PARTICIPANT_OR_STAFF)
    @blp.arguments(ObservationSchema)
    @blp.response(201, ObservationAnswerSchema)
    @blp.alt_response(200, description="Already stored (the same client_uuid)")
    @blp.alt_response(409, description="The walk no longer takes observations")
    def post(self, _data: dict[str, Any], walk_id: str) -> Any:
        """Log one observation; sending the same client_uuid again stores nothing new."""
        walk = service.walk_by_public_id(walk_id)
        actor = actor_for_walk(walk)
        # The service validates each observation itself, as in a sync batch.
        (result,) = service.store_observations(walk, actor, [request.get_json()])
        if result.status == "invalid":
            raise ApiError(422, "validation_failed", fields=result.errors or {})
        status = 201 if result.status == "created" else 200
        return result, status


@blp.route("/<string:walk_id>/observations:sync")
@judges_each_item
class ObservationSync(MethodView):
    @sync_sized_body
    @blp.doc(**PARTICIPANT_OR_STAFF)
    @blp.arguments(SyncSchema)
    @blp.response(200, SyncAnswerSchema)
    @blp.alt_response(409, description="The walk no longer takes observations")
    def post(self, data: dict[str, Any], walk_id: str) -> dict[str, Any]:
        """Send up to 200 observations kept offline; each is answered on its own.

        `created`, `duplicate` (already stored: a retry) or `invalid` with that item's field
        errors; one bad item never rejects the rest.
        """
        walk = service.walk_by_public_id(walk_id)
        actor = actor_for_walk(walk)
        language = field_message_language()
        results = [
            replace(r, errors=localize_field_messages(r.errors, language)) if r.errors else r
            for r in service.store_observations(walk, actor, data["observations"])
        ]
        counts = {
            kind: sum(r.status == kind for r in results)
            for kind in ("created", "duplicate", "invalid")
        }
        return {"results": results, **counts}


# --- after the walk: summary, map and follow-up ----------------------------------------------
# (Imported here so this block stays self-contained below the routes above.)

from tipsapp.actions import service as actions_service  # noqa: E402
from tipsapp.actions.schemas import (  # noqa: E402
    FixAnswerResultSchema,
    FollowupQuerySchema,
    FollowupSchema,
    WalkFixAnswerSchema,
)
from tipsapp.walks import summary as walk_summary  # noqa: E402
from tipsapp.walks.mapsvg import render_map  # noqa: E402


@blp.route("/<string:walk_id>/summary")
class WalkSummary(MethodView):
    @require_roles("admin", "analyst", "partner")
    @blp.arguments(walk_summary.SummaryQuerySchema, location="query")
    @blp.response(200, walk_summary.SummarySchema)
    @blp.alt_response(422, description="`compare` is not an earlier walk in the same area")
    def get(self, query: dict[str, Any], walk_id: str) -> dict[str, Any]:
        """After the walk: counts per issue and category, scores per place, the items.

        With `compare=<earlier walk id>`: per place and issue what was fixed, remains or is
        new, and how the mean ratings moved.
        """
        user = current_user()
        walk = service.walk_for_staff(user, walk_id)
        earlier = None
        if query.get("compare"):
            try:
                other = service.walk_by_public_id(query["compare"])
            except ApiError:
                other = None
            earlier = walk_summary.check_comparable(walk, other)
        return walk_summary.summarise(user, walk, earlier)


@blp.route("/<string:walk_id>/map.svg")
class WalkMap(MethodView):
    @require_roles("admin", "analyst", "partner")
    @blp.response(200, description="An SVG map: route, numbered observations, legend")
    def get(self, walk_id: str) -> Response:
        """The walk as a printable SVG map (no tiles, no scripts); numbers match the summary."""
        user = current_user()
        walk = service.walk_for_staff(user, walk_id)
        observations = walk_summary.walk_observations(walk)
        language = negotiate_language(request.args.get("lang"))
        # Partners read no place a walker typed (see walks/summary.py).
        named = user.role in walk_summary.STAFF_READERS
        svg = render_map(walk, observations, language, place_names=named)
        return Response(svg, mimetype="image/svg+xml")


@blp.route("/<string:walk_id>/followup")
class WalkFollowup(MethodView):
    @blp.doc(**PARTICIPANT_OR_STAFF)
    @blp.arguments(FollowupQuerySchema, location="query")
    @blp.response(200, FollowupSchema)
    def get(self, query: dict[str, Any], walk_id: str) -> dict[str, Any]:
        """What became of the walk, for its participants (their token) and staff of its area.

        Actions with organisation, due date and status, and each observation's status in plain
        words; Swedish unless `lang=en` or `Accept-Language` says otherwise.
        """
        language = negotiate_language(query.get("lang"))
        return actions_service.followup(walk_id, language)


@blp.route("/<string:walk_id>/fixed")
class WalkFixed(MethodView):
    @blp.doc(**PARTICIPANT_OR_STAFF)
    @blp.arguments(WalkFixAnswerSchema)
    @blp.response(200, FixAnswerResultSchema)
    @blp.alt_response(403, description="Staff read the answers; only participants answer")
    @blp.alt_response(404, description="Not one of the walk's actions")
    @blp.alt_response(409, description="Not asked: the action is not done")
    def post(self, data: dict[str, Any], walk_id: str) -> dict[str, Any]:
        """Say whether one of the walk's done actions fixed it: yes, no or partly.

        With the participant's token, as for the follow-up; answering again changes the
        answer. Only the date is kept.
        """
        return actions_service.answer_fixed(walk_id, data["action"], data["answer"])
