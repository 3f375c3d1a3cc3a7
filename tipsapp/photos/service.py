"""Attaching a photo to a tip or an observation once, and handing it to staff who may see it.

An upload is identified by the client's UUID: the same UUID with the same picture is a retry
(answered with the photo already stored), with another picture or for another tip or
observation it is a conflict. Nothing about the uploader is stored: no address, no user
agent, no file name, and the time only to the minute.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.common.i18n import negotiate_language
from tipsapp.common.writelock import serialized_write
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.i18n import Table
from tipsapp.photos import processing, storage
from tipsapp.photos.models import Photo
from tipsapp.staff.models import StaffUser
from tipsapp.triage.models import TriageItem
from tipsapp.triage.service import item_for

# Our own messages: the app-wide 415 text asks for JSON, which is wrong for a photo.
MESSAGES = Table(
    "photo",
    {
        "unsupported_media_type": "Send a JPEG, PNG or WebP image.",
        "image_too_large": "The image has too many pixels.",
        "image_unreadable": "The image cannot be read; it may be damaged.",
        "empty_body": "Send the image's bytes.",
        "photo_conflict": "This photo id is already used for another photo.",
    },
)
STATUS_FOR_REASON = {
    "unsupported_media_type": 415,
    "image_too_large": 422,
    "image_unreadable": 422,
}


def photo_error(status: int, code: str) -> ApiError:
    return ApiError(status, code, MESSAGES.get(code, negotiate_language(request.args.get("lang"))))


@dataclass(frozen=True)
class Owner:
    """The tip or the observation a photo belongs to (exactly one of the two ids)."""

    tip_id: int | None = None
    observation_id: int | None = None

    def owns(self, photo: Photo) -> bool:
        return (photo.tip_id, photo.observation_id) == (self.tip_id, self.observation_id)


def read_upload() -> bytes:
    """The request body, allowed up to ``PHOTO_MAX_BYTES`` for this request only.

    The app-wide ``MAX_CONTENT_LENGTH`` is sized for JSON; Flask (3.1+) lets a view raise its
    own request's limit before the body is first read. Past it werkzeug answers 413.
    """
    request.max_content_length = int(current_app.config["PHOTO_MAX_BYTES"])
    data = request.get_data(cache=False)
    if not data:
        raise photo_error(400, "empty_body")
    return data


def _by_client_uuid(client_uuid: str) -> Photo | None:
    return db.session.scalars(select(Photo).where(Photo.client_uuid == client_uuid)).first()


def _settle_repeat(existing: Photo, owner: Owner, content_hash: str | None) -> Photo:
    """A stored photo with this UUID: the same one again, or a conflict."""
    if not owner.owns(existing):
        raise photo_error(409, "photo_conflict")
    if content_hash is not None and existing.content_hash != content_hash:
        raise photo_error(409, "photo_conflict")
    return existing


def attach(owner: Owner, client_uuid: str, data: bytes) -> tuple[Photo, bool]:
    """Store the photo once; returns it and whether it was created by this call.

    A row never points at missing bytes: files are written before the row (a failed insert
    leaves at most an unreferenced re-encoded file, no metadata, no original); database blobs
    are written in the row's own transaction.
    """
    existing = _by_client_uuid(client_uuid)
    if existing is not None:
        # Another owner's UUID needs no decoding to be refused.
        _settle_repeat(existing, owner, None)
    try:
        processed = processing.process(data, int(current_app.config["PHOTO_MAX_PIXELS"]))
    except processing.PhotoRejectedError as rejected:
        raise photo_error(STATUS_FOR_REASON[rejected.reason], rejected.reason) from None
    if existing is not None:
        return _settle_repeat(existing, owner, processed.content_hash), False
    store = storage.current()
    blobs = [
        (processed.data, processed.content_hash),
        (processed.thumbnail, processed.thumbnail_hash),
    ]
    if not store.in_transaction:
        for blob in blobs:
            store.put(*blob)
    photo = Photo(
        client_uuid=client_uuid,
        tip_id=owner.tip_id,
        observation_id=owner.observation_id,
        content_hash=processed.content_hash,
        thumbnail_hash=processed.thumbnail_hash,
        media_type=processed.media_type,
        width=processed.width,
        height=processed.height,
        byte_size=len(processed.data),
        # To the minute, as tips: an exact time could be matched against network logs.
        created_at=utcnow().replace(second=0, microsecond=0),
    )
    with serialized_write():
        if store.in_transaction:
            for blob in blobs:
                store.put(*blob)
        db.session.add(photo)
        try:
            db.session.commit()
            return photo, True
        except IntegrityError:
            db.session.rollback()
    # A concurrent twin with the same UUID won the insert: answer as a repeat.
    winner = _by_client_uuid(client_uuid)
    if winner is None:
        raise ApiError(409, "conflict")
    return _settle_repeat(winner, owner, processed.content_hash), False


# --- staff -------------------------------------------------------------------------------------


def _item_reference(photo: Photo) -> str | None:
    """The queue reference of the tip or observation the photo belongs to."""
    if photo.tip_id is not None:
        owner_column = TriageItem.tip_id == photo.tip_id
    elif photo.observation_id is not None:
        owner_column = TriageItem.observation_id == photo.observation_id
    else:
        return None  # never compare with NULL: that would match every other kind of item
    return db.session.scalars(select(TriageItem.reference).where(owner_column)).first()


def photo_for(user: StaffUser, public_id: str) -> Photo:
    """The photo if the user may see its item; the same 404 for 'missing' and 'not yours'."""
    photo = db.session.scalars(select(Photo).where(Photo.public_id == public_id)).first()
    reference = _item_reference(photo) if photo is not None else None
    if photo is None or reference is None:
        raise ApiError(404, "not_found")
    item_for(user, reference)
    return photo


def photos_of(item: TriageItem) -> list[Photo]:
    if item.tip_id is not None:
        owner_column = Photo.tip_id == item.tip_id
    elif item.observation_id is not None:
        owner_column = Photo.observation_id == item.observation_id
    else:
        return []
    return list(db.session.scalars(select(Photo).where(owner_column).order_by(Photo.id)))


def file_bytes(content_hash: str) -> bytes:
    data = storage.read(content_hash)
    if data is None:
        # The row outlived its bytes (a restore without the photo folder, or PHOTO_STORAGE
        # switched before `flask photos migrate`): nothing to serve.
        raise ApiError(404, "not_found")
    return data


def read_photo(user: StaffUser, photo: Photo) -> bytes:
    """The full-size photo; reading it is audited like reading an item's full text."""
    data = file_bytes(photo.content_hash)
    record(user, "photo.read", "photo", photo.public_id)
    db.session.commit()
    return data
