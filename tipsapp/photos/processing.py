"""Turning uploaded bytes into a clean JPEG and a thumbnail, or refusing them.

Threat: a phone photo carries who took it and where. EXIF holds GPS coordinates, the
camera's serial number and the exact time; XMP and JPEG comments hold editing history and
sometimes names; an ICC profile can fingerprint the device. A resident's photo with its GPS
tags would give away the home they took it from. So nothing of the upload is kept but its
pixels: they are copied into a brand-new image (which has no ``info`` to leak) and encoded
afresh. The upload itself only ever lives in memory.

Threat: a small file can declare enormous dimensions (a decompression bomb) and exhaust memory
when decoded; dimensions are checked against ``PHOTO_MAX_PIXELS`` before any pixel is decoded.
"""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Stored photos are bounded on their long side: enough to read a number plate or graffiti,
# small enough that a sheet of 40 megapixels does not cost 15 MB of disk each.
MAX_LONG_SIDE = 2560
THUMBNAIL_LONG_SIDE = 320
PHOTO_QUALITY = 85
THUMBNAIL_QUALITY = 75
STORED_MEDIA_TYPE = "image/jpeg"

# Leading bytes of the formats we accept. The declared Content-Type is never trusted.
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Pillow's format names per sniffed type; phone cameras' multi-picture JPEGs open as "MPO".
_PILLOW_FORMATS = {
    "image/jpeg": frozenset({"JPEG", "MPO"}),
    "image/png": frozenset({"PNG"}),
    "image/webp": frozenset({"WEBP"}),
}
_PLUGINS = ("JPEG", "PNG", "WEBP")

# Pillow's bomb guard is one module-wide number and the warning filter is process-wide, so
# decoding is done one image at a time per process. That also bounds memory: at most one
# full-size decode (up to PHOTO_MAX_PIXELS x 4 bytes) is held at once.
_decode_lock = threading.Lock()


class PhotoRejectedError(Exception):
    """The bytes are not a photo we keep; ``reason`` names why (the service maps it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProcessedPhoto:
    """The re-encoded photo and thumbnail (JPEG bytes) with their sha256 hex digests."""

    data: bytes
    content_hash: str
    width: int
    height: int
    thumbnail: bytes
    thumbnail_hash: str
    media_type: str = STORED_MEDIA_TYPE


def sniff_media_type(data: bytes) -> str | None:
    """The media type the bytes themselves announce (magic numbers), or None."""
    if data.startswith(_JPEG_MAGIC):
        return "image/jpeg"
    if data.startswith(_PNG_MAGIC):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


@contextmanager
def _bomb_guard(max_pixels: int) -> Iterator[None]:
    """Pillow's decompression-bomb check at our limit, its warning raised as an error.

    The previous limit and the warning filters are restored on the way out.
    """
    with _decode_lock:
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                yield
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def _decode(data: bytes, media_type: str, max_pixels: int) -> Image.Image:
    """Decode the first frame, checked to be what the magic number said and not too large."""
    try:
        with _bomb_guard(max_pixels):
            image = Image.open(io.BytesIO(data), formats=_PLUGINS)
            if image.format not in _PILLOW_FORMATS[media_type]:
                raise PhotoRejectedError("unsupported_media_type")
            width, height = image.size
            if width * height > max_pixels:
                raise PhotoRejectedError("image_too_large")
            # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale directly: cheaper, same result
            # after the resize below.
            image.draft("RGB", (MAX_LONG_SIDE, MAX_LONG_SIDE))
            image.load()
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejectedError("image_too_large") from exc
    except UnidentifiedImageError as exc:
        raise PhotoRejectedError("unsupported_media_type") from exc
    except (OSError, SyntaxError, ValueError, struct.error) as exc:
        # Truncated or corrupt data behind a valid signature.
        raise PhotoRejectedError("image_unreadable") from exc


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, so the pixels stand right once the EXIF is gone."""
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError, struct.error):
        # Broken EXIF: keep the pixels as they are; the EXIF is dropped either way.
        return image


def _rgb_pixels_only(image: Image.Image) -> Image.Image:
    """A new RGB image holding only the pixels: no info, EXIF, XMP, ICC profile or comment.

    Transparency is laid on white (a JPEG has none; black would hide dark detail).
    """
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        rgba = image.convert("RGBA")
        clean = Image.new("RGB", rgba.size, (255, 255, 255))
        clean.paste(rgba, mask=rgba.getchannel("A"))
        return clean
    rgb = image.convert("RGB")
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    return clean


def _encode(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # Nothing but pixels: explicitly no EXIF, no ICC profile, no comment; ``image`` has no info.
    image.save(buffer, "JPEG", quality=quality, optimize=True, exif=b"", comment=b"")
    return buffer.getvalue()


def process(data: bytes, max_pixels: int) -> ProcessedPhoto:
    """Check and re-encode an upload; raises PhotoRejectedError with the reason otherwise.

    Deterministic for the same bytes (and Pillow version), so a repeated upload yields the
    same content hash: that is how a retry is recognised without keeping the original.
    """
    media_type = sniff_media_type(data)
    if media_type is None:
        raise PhotoRejectedError("unsupported_media_type")
    decoded = _decode(data, media_type, max_pixels)
    clean = _rgb_pixels_only(_upright(decoded))
    decoded.close()
    clean.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    photo_bytes = _encode(clean, PHOTO_QUALITY)
    small = clean.copy()
    small.thumbnail((THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE), Image.Resampling.LANCZOS)
    thumbnail_bytes = _encode(small, THUMBNAIL_QUALITY)
    return ProcessedPhoto(
        data=photo_bytes,
        content_hash=hashlib.sha256(photo_bytes).hexdigest(),
        width=clean.width,
        height=clean.height,
        thumbnail=thumbnail_bytes,
        thumbnail_hash=hashlib.sha256(thumbnail_bytes).hexdigest(),
    )
