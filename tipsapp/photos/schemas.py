"""What an uploader sends besides the bytes, and what staff and uploaders get back."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class ReceiptHeaderSchema(ma.Schema):
    receipt = ma.fields.String(
        required=True,
        data_key="X-Tip-Receipt",
        validate=validate.Length(1, 64),
        metadata={
            "description": "The tip's receipt. In a header, never the URL: URLs end up in "
            "logs and browser histories."
        },
    )


class PhotoSchema(ma.Schema):
    """The answer to an upload: enough to show the photo was kept, nothing of the original."""

    id = ma.fields.String(required=True, attribute="public_id")
    media_type = ma.fields.String(required=True, metadata={"example": "image/jpeg"})
    width = ma.fields.Integer(required=True)
    height = ma.fields.Integer(required=True)
    byte_size = ma.fields.Integer(
        required=True, metadata={"description": "Size of the stored (re-encoded) photo"}
    )


class StaffPhotoSchema(PhotoSchema):
    created_at = ma.fields.DateTime(required=True, metadata={"description": "To the minute"})
    url = ma.fields.String(required=True)
    thumbnail_url = ma.fields.String(required=True)


class PhotoListSchema(ma.Schema):
    photos = ma.fields.List(ma.fields.Nested(StaffPhotoSchema), required=True)


# The upload body and the served bytes, for the OpenAPI document.
_BINARY = {"schema": {"type": "string", "format": "binary"}}
UPLOAD_BODY = {
    "required": True,
    "description": "The photo's bytes: JPEG, PNG or WebP, told apart by their content "
    "(not the Content-Type). Stored re-encoded as JPEG, without any metadata.",
    "content": {media: _BINARY for media in ("image/jpeg", "image/png", "image/webp")},
}
JPEG_CONTENT = {"image/jpeg": _BINARY}
