"""Test images built with Pillow: clean ones, ones full of metadata, and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms

SECRET_COMMENT = b"secret comment"
SECRET_XMP = b"secret-xmp-author-Sven"
CAMERA = "SecretCam-4711"
# Distinctive GPS rationals (degrees, minutes, seconds*1000): their packed bytes must not survive.
GPS_LATITUDE = ((57, 1), (18, 1), (17_331_247, 1_000_000))
GPS_LONGITUDE = ((13, 1), (32, 1), (28_904_613, 1_000_000))


def picture(size: tuple[int, int] = (96, 64), mode: str = "RGB") -> Image.Image:
    """A picture with some structure (a gradient), so encoders have something to encode."""
    image = Image.linear_gradient("L").resize(size)
    if mode == "L":
        return image
    return Image.merge("RGB", (image, image.transpose(Image.Transpose.FLIP_LEFT_RIGHT), image))


def encoded(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps[1] = "N"
    gps[2] = tuple(numerator / denominator for numerator, denominator in GPS_LATITUDE)
    gps[3] = "E"
    gps[4] = tuple(numerator / denominator for numerator, denominator in GPS_LONGITUDE)
    return exif


def jpeg_with_gps_and_comment() -> bytes:
    return encoded(picture(), "JPEG", exif=exif_with_gps(), comment=SECRET_COMMENT)


def jpeg_with_icc_and_xmp() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SECRET_XMP + b"</x:xmpmeta>"
    return encoded(picture(), "JPEG", icc_profile=profile, xmp=xmp)


def rotated_jpeg(size: tuple[int, int] = (80, 40)) -> bytes:
    """Stored landscape, with EXIF Orientation 6 (rotate 90° clockwise to view)."""
    return encoded(picture(size), "JPEG", exif=exif_with_gps(orientation=6))


def gps_number_patterns() -> list[bytes]:
    """The GPS rationals as TIFF stores them, in both byte orders."""
    patterns = []
    for numerator, denominator in (*GPS_LATITUDE[2:], *GPS_LONGITUDE[2:]):
        for order in "<>":
            patterns.append(struct.pack(f"{order}II", numerator, denominator))
            patterns.append(struct.pack(f"{order}I", numerator))
    return patterns


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress (random pixels): a big body for its size."""
    import os

    return encoded(Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), "PNG")


def png_declaring(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header claims ``width`` x ``height``: tiny file, enormous image."""
    data = bytearray(encoded(Image.new("RGB", (1, 1)), "PNG"))
    # Signature (8) + length (4) + b"IHDR" (4), then width and height; the CRC follows the
    # 13 bytes of IHDR data and covers the chunk type and data.
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


GIF = encoded(picture(), "GIF")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = b"Det h\xc3\xa4r \xc3\xa4r ingen bild."
