"""Photo uploads (residents, walk participants, staff) and photo reads (analysts of the item).

PUT /api/v1/tips/<reference>/photos/<client_uuid>
PUT /api/v1/observations/<observation_client_uuid>/photos/<client_uuid>
PUT /api/v1/est-reports/<report_client_uuid>/photos/<client_uuid>
GET /api/v1/photos/<id>, GET /api/v1/photos/<id>/thumbnail, GET /api/v1/queue/<ref>/photos
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from tipsapp.errors import ApiError
from tipsapp.photos import service
from tipsapp.photos.models import Photo
from tipsapp.photos.schemas import (
    JPEG_CONTENT,
    UPLOAD_BODY,
    PhotoListSchema,
    PhotoSchema,
    ReceiptHeaderSchema,
)
from tipsapp.security.ratelimits import rate_limited
from tipsapp.staff.auth import current_user, require_roles
from tipsapp.tips.service import find_tip_for_resident
from tipsapp.triage.service import item_for

blp = Blueprint("photos", __name__, url_prefix="/api/v1", description="Photos")

# Partners never see photos: a photo shows what the resident saw (faces, plates, a door), and
# nothing masks it. They read the analyst's summary of a shared item instead.
STAFF_READERS = ("admin", "analyst")
# Photos are personal data: no shared cache, no copy on the analyst's disk.
SERVE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


class RawBodyView(MethodView):
    """A view whose body is the raw image, not JSON: ``require_json_bodies`` lets it through.

    The app's check looks the attribute up on the registered view function, which is what
    ``as_view`` returns (the rate limiter's wrapper copies it along).
    """

    @classmethod
    def as_view(cls, name: str, *class_args: Any, **class_kwargs: Any) -> Any:
        view: Any = super().as_view(name, *class_args, **class_kwargs)
        view.accepts_raw_body = True
        return view


def _uploaded(photo: Photo, created: bool) -> tuple[Photo, int]:
    return photo, 201 if created else 200


def _client_uuid(value: str, name: str = "client_uuid") -> str:
    """The canonical form of a UUID from the path; 422 naming the part otherwise.

    (With werkzeug's ``uuid`` converter a malformed one would match no route, and the app's
    JSON-body rule would answer a confusing 415 before the 404.)
    """
    try:
        return str(UUID(value))
    except ValueError:
        raise ApiError(422, "validation_failed", fields={name: ["Not a valid UUID."]}) from None


@blp.route("/tips/<string:reference>/photos/<string:client_uuid>")
@rate_limited("RATELIMIT_PHOTOS")
class TipPhotoUpload(RawBodyView):
    @blp.arguments(ReceiptHeaderSchema, location="headers", as_kwargs=True)
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, PhotoSchema, description="Stored")
    @blp.alt_response(200, schema=PhotoSchema, description="Already stored: the same photo")
    @blp.alt_response(404, description="Unknown reference or wrong receipt (the same answer)")
    @blp.alt_response(409, description="This client UUID holds another photo or another tip's")
    @blp.alt_response(413, description="Larger than PHOTO_MAX_BYTES")
    @blp.alt_response(415, description="Not a JPEG, PNG or WebP (judged by the bytes)")
    @blp.alt_response(422, description="Too many pixels, or an unreadable image")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def put(self, reference: str, client_uuid: str, receipt: str) -> Any:
        """Attach a photo to your tip, with the receipt in `X-Tip-Receipt`.

        Idempotent by the client's UUID. Only the pixels are kept: EXIF (GPS, camera, time),
        XMP, comments and colour profiles are removed, and the original is not stored.
        """
        photo_uuid = _client_uuid(client_uuid)
        tip = find_tip_for_resident(reference, receipt)
        owner = service.Owner(tip_id=tip.id)
        return _uploaded(*service.attach(owner, photo_uuid, service.read_upload()))


@blp.route("/observations/<string:observation_client_uuid>/photos/<string:client_uuid>")
class ObservationPhotoUpload(RawBodyView):
    @blp.doc(requestBody=UPLOAD_BODY, security=[{"bearerAuth": []}])
    @blp.response(201, PhotoSchema, description="Stored")
    @blp.alt_response(200, schema=PhotoSchema, description="Already stored: the same photo")
    @blp.alt_response(401, description="No valid participant or staff token")
    @blp.alt_response(403, description="The role may not add to walks")
    @blp.alt_response(404, description="No such observation for this token")
    @blp.alt_response(409, description="This client UUID holds another photo or another's")
    @blp.alt_response(413, description="Larger than PHOTO_MAX_BYTES")
    @blp.alt_response(415, description="Not a JPEG, PNG or WebP (judged by the bytes)")
    @blp.alt_response(422, description="Too many pixels, or an unreadable image")
    def put(self, observation_client_uuid: str, client_uuid: str) -> Any:
        """Attach a photo to an observation (a walk participant's or a staff token).

        Idempotent by the client's UUID; stored without any metadata, as for tips.
        """
        # The walks package decides who may add to an observation; imported here so the
        # photo routes do not depend on it at import time.
        from tipsapp.walks.service import observation_for_upload

        photo_uuid = _client_uuid(client_uuid)
        observation_uuid = _client_uuid(observation_client_uuid, "observation_client_uuid")
        observation = observation_for_upload(observation_uuid)
        owner = service.Owner(observation_id=observation.id)
        return _uploaded(*service.attach(owner, photo_uuid, service.read_upload()))


@blp.route("/est-reports/<string:report_client_uuid>/photos/<string:client_uuid>")
class EstReportPhotoUpload(RawBodyView):
    @require_roles("reporter")
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, PhotoSchema, description="Stored")
    @blp.alt_response(200, schema=PhotoSchema, description="Already stored: the same photo")
    @blp.alt_response(404, description="No such report of yours")
    @blp.alt_response(409, description="This client UUID holds another photo or another's")
    @blp.alt_response(413, description="Larger than PHOTO_MAX_BYTES")
    @blp.alt_response(415, description="Not a JPEG, PNG or WebP (judged by the bytes)")
    @blp.alt_response(422, description="Too many pixels, or an unreadable image")
    def put(self, report_client_uuid: str, client_uuid: str) -> Any:
        """Attach a photo to your own EST report, once it is stored (by its client UUID).

        Idempotent by the photo's UUID; stored without any metadata, as for tips.
        """
        from tipsapp.reporters.service import report_for_upload

        photo_uuid = _client_uuid(client_uuid)
        report_uuid = _client_uuid(report_client_uuid, "report_client_uuid")
        report = report_for_upload(current_user(), report_uuid)
        owner = service.Owner(tip_id=report.tip_id)
        return _uploaded(*service.attach(owner, photo_uuid, service.read_upload()))


def _jpeg(data: bytes) -> Response:
    return Response(data, mimetype="image/jpeg", headers=SERVE_HEADERS)


@blp.route("/photos/<string:public_id>")
class PhotoFile(MethodView):
    @require_roles(*STAFF_READERS)
    @blp.doc(responses={"200": {"description": "The photo", "content": JPEG_CONTENT}})
    @blp.alt_response(404, description="No such photo, or its item is not yours to see")
    def get(self, public_id: str) -> Response:
        """The full-size photo (JPEG) for staff who may see its item; the read is audited."""
        user = current_user()
        return _jpeg(service.read_photo(user, service.photo_for(user, public_id)))


@blp.route("/photos/<string:public_id>/thumbnail")
class PhotoThumbnail(MethodView):
    @require_roles(*STAFF_READERS)
    @blp.doc(responses={"200": {"description": "The thumbnail", "content": JPEG_CONTENT}})
    @blp.alt_response(404, description="No such photo, or its item is not yours to see")
    def get(self, public_id: str) -> Response:
        """A small JPEG for the queue (not audited: the full photo is)."""
        photo = service.photo_for(current_user(), public_id)
        return _jpeg(service.file_bytes(photo.thumbnail_hash))


@blp.route("/queue/<string:reference>/photos")
class ItemPhotos(MethodView):
    @require_roles(*STAFF_READERS)
    @blp.response(200, PhotoListSchema)
    @blp.alt_response(404, description="No such item, or not yours to see")
    def get(self, reference: str) -> dict[str, Any]:
        """The photos of a queue item, with the addresses of each photo and thumbnail."""
        item = item_for(current_user(), reference)
        return {
            "photos": [
                {
                    "public_id": photo.public_id,
                    "media_type": photo.media_type,
                    "width": photo.width,
                    "height": photo.height,
                    "byte_size": photo.byte_size,
                    "created_at": photo.created_at,
                    "url": url_for("photos.PhotoFile", public_id=photo.public_id),
                    "thumbnail_url": url_for("photos.PhotoThumbnail", public_id=photo.public_id),
                }
                for photo in service.photos_of(item)
            ]
        }
