"""A stored photo is the pixels and nothing else: no EXIF, GPS, comment, XMP or ICC profile.

Threat: a resident's photo with its GPS tags gives away where they stood (often their home);
camera serials and editing history identify the device and its owner.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from tests.photos import images
from tests.photos.conftest import photo_rows, stored_files


def stored_photo(app: Any, photo_dir: Path) -> tuple[bytes, Image.Image]:
    from tipsapp.photos.storage import path_for

    (row,) = photo_rows(app)
    raw = path_for(row.content_hash, photo_dir).read_bytes()
    return raw, Image.open(io.BytesIO(raw))


def assert_no_metadata(raw: bytes, image: Image.Image) -> None:
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    for key in ("exif", "comment", "icc_profile", "xmp", "XML:com.adobe.xmp"):
        assert key not in image.info
    assert not image.applist or all(marker == "APP0" for marker, _ in image.applist)
    for trace in (b"Exif", images.SECRET_COMMENT, images.SECRET_XMP, images.CAMERA.encode()):
        assert trace not in raw


def test_photo_with_gps_exif_and_comment_is_stored_without_them(
    photo_app: Any, tip: Any, photo_dir: Path
) -> None:
    upload = images.jpeg_with_gps_and_comment()
    # The test image does carry what must go.
    original = Image.open(io.BytesIO(upload))
    assert original.getexif().get_ifd(0x8825)
    assert original.info["comment"] == images.SECRET_COMMENT
    assert any(pattern in upload for pattern in images.gps_number_patterns())

    response = tip.upload(upload)

    assert response.status_code == 201, response.get_json()
    raw, stored = stored_photo(photo_app, photo_dir)
    assert_no_metadata(raw, stored)
    for pattern in images.gps_number_patterns():
        assert pattern not in raw


def test_photo_with_icc_profile_and_xmp_is_stored_without_them(
    photo_app: Any, tip: Any, photo_dir: Path
) -> None:
    upload = images.jpeg_with_icc_and_xmp()
    original = Image.open(io.BytesIO(upload))
    assert "icc_profile" in original.info and "xmp" in original.info

    assert tip.upload(upload).status_code == 201

    raw, stored = stored_photo(photo_app, photo_dir)
    assert_no_metadata(raw, stored)
    assert b"ICC_PROFILE" not in raw
    assert b"adobe:ns:meta" not in raw


def test_png_text_chunks_are_not_carried_over(photo_app: Any, tip: Any, photo_dir: Path) -> None:
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Sven Svensson")
    upload = images.encoded(images.picture(), "PNG", pnginfo=text, exif=images.exif_with_gps())

    assert tip.upload(upload, content_type="image/png").status_code == 201

    raw, stored = stored_photo(photo_app, photo_dir)
    assert_no_metadata(raw, stored)
    assert b"Sven" not in raw


def test_exif_orientation_is_applied_before_the_exif_is_dropped(
    photo_app: Any, tip: Any, photo_dir: Path
) -> None:
    response = tip.upload(images.rotated_jpeg((80, 40)))

    assert response.status_code == 201
    assert (response.get_json()["width"], response.get_json()["height"]) == (40, 80)
    raw, stored = stored_photo(photo_app, photo_dir)
    assert stored.size == (40, 80)
    assert_no_metadata(raw, stored)


def test_large_photo_is_scaled_down_to_the_long_side_limit(
    photo_app: Any, tip: Any, photo_dir: Path
) -> None:
    from tipsapp.photos.processing import MAX_LONG_SIDE

    response = tip.upload(images.encoded(images.picture((4000, 1000)), "JPEG"))

    assert response.status_code == 201
    _raw, stored = stored_photo(photo_app, photo_dir)
    assert stored.size == (MAX_LONG_SIDE, MAX_LONG_SIDE // 4)


def test_only_the_reencoded_photo_and_thumbnail_are_on_disk(
    photo_app: Any, tip: Any, photo_dir: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    upload = images.jpeg_with_gps_and_comment()

    assert tip.upload(upload).status_code == 201

    assert list(scratch.iterdir()) == []  # no spooled copy of the upload left behind

    (row,) = photo_rows(photo_app)
    names = {path.name for path in stored_files(photo_dir)}
    assert names == {f"{row.content_hash}.jpg", f"{row.thumbnail_hash}.jpg"}
    for path in stored_files(photo_dir):
        contents = path.read_bytes()
        assert contents != upload
        assert images.SECRET_COMMENT not in contents
        assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_photo_with_transparency_is_laid_on_white(
    photo_app: Any, tip: Any, photo_dir: Path
) -> None:
    see_through = Image.new("RGBA", (20, 20), (0, 0, 0, 0))

    assert tip.upload(images.encoded(see_through, "PNG")).status_code == 201

    _raw, stored = stored_photo(photo_app, photo_dir)
    assert stored.mode == "RGB"
    red, green, blue = stored.getpixel((10, 10))  # type: ignore[misc]
    assert min(red, green, blue) > 245
