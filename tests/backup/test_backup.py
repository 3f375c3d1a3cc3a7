"""`flask backup create` and `flask backup restore`: what goes in comes back, or nothing does."""

from __future__ import annotations

import io
import json
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade

from tests.backup.conftest import Source, counts
from tests.factories import login_response, send_tip
from tests.photos import images
from tests.photos.conftest import Tip
from tipsapp.backup.service import SETUP_TABLES
from tipsapp.extensions import db
from tipsapp.reference.service import seed_reference_data
from tipsapp.triage.search import is_index_table

OLDER_REVISION = "fd3fc6f2d1e7"  # before the districts migration


def backup(app: Flask, path: Path) -> Any:
    return app.test_cli_runner().invoke(args=["backup", "create", str(path)])


def restore(app: Flask, path: Path, *flags: str) -> Any:
    return app.test_cli_runner().invoke(args=["backup", "restore", str(path), *flags])


def staff_headers(app: Flask, source: Source) -> dict[str, str]:
    response = login_response(app.test_client(), source.analyst_email, source.analyst_password)
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def photo_bytes(app: Flask, headers: dict[str, str], photo_id: str, part: str = "") -> bytes:
    response = app.test_client().get(f"/api/v1/photos/{photo_id}{part}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return bytes(response.data)


def head_revision(app: Flask) -> str:
    from sqlalchemy import text

    with app.app_context():
        return str(db.session.scalar(text("SELECT version_num FROM alembic_version")))


def rewrite(archive: Path, out: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Copy a backup, passing every member's bytes through ``change``."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            handle = source.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def manifest_of(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as source:
        handle = source.extractfile("manifest.json")
        assert handle is not None
        return json.loads(handle.read())


@pytest.fixture
def archive(source: Source, tmp_path: Path) -> Path:
    path = tmp_path / "backup.tar.gz"
    result = backup(source.app, path)
    assert result.exit_code == 0, result.output
    return path


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("prepared", ["blank", "migrated and seeded"])
def test_restore_into_a_fresh_instance_gives_the_same_rows_items_and_photos(
    source: Source, archive: Path, make_target: Callable[[], Flask], prepared: str
) -> None:
    target = make_target()
    if prepared != "blank":
        with target.app_context():
            upgrade()
            seed_reference_data()
    expected = counts(source.app)

    result = restore(target, archive)

    assert result.exit_code == 0, result.output
    assert counts(target) == expected
    assert list(Path(target.instance_path).glob(".tipsapp-restore-*")) == []
    assert head_revision(target) == head_revision(source.app)
    source_staff, target_staff = staff_headers(source.app, source), staff_headers(target, source)
    for tip in source.tips:
        path = f"/api/v1/queue/{tip.reference}"
        before = source.app.test_client().get(path, headers=source_staff)
        after = target.test_client().get(path, headers=target_staff)
        assert after.status_code == 200
        assert after.get_json() == before.get_json()
    for photo_id in source.photo_ids:
        for part in ("", "/thumbnail"):
            assert photo_bytes(target, target_staff, photo_id, part) == photo_bytes(
                source.app, source_staff, photo_id, part
            )


def test_a_resident_receipt_still_works_after_restore(
    source: Source, archive: Path, make_target: Callable[[], Flask]
) -> None:
    target = make_target()
    assert restore(target, archive).exit_code == 0
    tip = source.tips[1]

    response = target.test_client().post(
        "/api/v1/tips/status", json={"reference": tip.reference, "receipt": tip.receipt}
    )

    assert response.status_code == 200
    assert response.get_json()["reference"] == tip.reference


# --- the archive -----------------------------------------------------------------------------


def test_backup_is_one_private_archive_with_a_manifest_of_its_parts(
    source: Source, archive: Path
) -> None:
    manifest = manifest_of(archive)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert manifest["format"] == "tipsapp-backup"
    assert manifest["database"]["kind"] in {"sqlite", "postgresql"}
    assert manifest["database"]["alembic_revision"] == head_revision(source.app)
    assert manifest["counts"] == counts(source.app)
    assert manifest["counts"]["tips"] == 3
    assert manifest["counts"]["photos"] == 2
    photo_parts = [name for name in manifest["parts"] if name.startswith("photos/")]
    assert len(photo_parts) == 4  # two photos, two thumbnails
    assert all(len(part["sha256"]) == 64 for part in manifest["parts"].values())
    assert manifest["missing_photos"] == []
    # The manifest itself names nothing personal.
    assert source.tips[0].reference not in json.dumps(manifest)


def test_backup_refuses_to_overwrite_an_existing_file(source: Source, archive: Path) -> None:
    before = archive.read_bytes()

    result = backup(source.app, archive)

    assert result.exit_code != 0
    assert "already exists" in result.output
    assert archive.read_bytes() == before


def test_backup_leaves_no_scratch_files_beside_it(source: Source, archive: Path) -> None:
    assert sorted(path.name for path in archive.parent.iterdir() if path.name.startswith(".")) == []


# --- refusing --------------------------------------------------------------------------------


def test_restore_refuses_an_instance_that_holds_data(source: Source, archive: Path) -> None:
    send_tip(source.app.test_client())
    before = counts(source.app)

    result = restore(source.app, archive)

    assert result.exit_code != 0
    assert "already holds data" in result.output
    assert "tips (4 rows)" in result.output
    assert "--force" in result.output
    assert counts(source.app) == before


def test_restore_refuses_an_instance_with_only_photo_files(
    archive: Path, make_target: Callable[[], Flask]
) -> None:
    target = make_target()
    stray = Path(target.config["PHOTO_DIR"]) / "ab" / "cd" / ("abcd" + "0" * 60 + ".jpg")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"old photo")

    result = restore(target, archive)

    assert result.exit_code != 0
    assert "photo files in" in result.output


def test_force_replaces_the_rows_and_photos_of_a_used_instance(
    source: Source, archive: Path, make_target: Callable[[], Flask]
) -> None:
    target = make_target()
    with target.app_context():
        upgrade()
        seed_reference_data()
    other = Tip(target.test_client())
    assert other.upload(images.encoded(images.picture((150, 150)), "JPEG")).status_code == 201
    old_files = set(Path(target.config["PHOTO_DIR"]).rglob("*.jpg"))

    result = restore(target, archive, "--force")

    assert result.exit_code == 0, result.output
    assert "removed 2 photo files" in result.output
    assert counts(target) == counts(source.app)
    assert not any(path.exists() for path in old_files)
    status = target.test_client().post(
        "/api/v1/tips/status", json={"reference": other.reference, "receipt": other.receipt}
    )
    assert status.status_code == 404


def test_damaged_backup_is_refused_before_anything_is_written(
    archive: Path, make_target: Callable[[], Flask], tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.tar.gz"

    def flip_a_photo_byte(name: str, data: bytes) -> bytes:
        return (
            data[:100] + bytes([data[100] ^ 1]) + data[101:] if name.startswith("photos/") else data
        )

    rewrite(archive, damaged, flip_a_photo_byte)
    target = make_target()

    result = restore(target, damaged)

    assert result.exit_code != 0
    assert "does not match its sha256" in result.output
    assert counts(target) == {}
    assert not Path(target.config["PHOTO_DIR"]).exists()


def test_archive_with_an_unexpected_entry_is_refused(
    archive: Path, make_target: Callable[[], Flask], tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.tar.gz"
    rewrite(archive, hostile, lambda name, data: data)
    with tarfile.open(hostile, "r:gz") as source:
        members = [(member, source.extractfile(member).read()) for member in source.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(hostile, "w:gz") as target_archive:
        for member, data in members:
            target_archive.addfile(member, io.BytesIO(data))
        escape = tarfile.TarInfo("../../escaped.txt")
        escape.size = 4
        target_archive.addfile(escape, io.BytesIO(b"evil"))
    target = make_target()

    result = restore(target, hostile)

    assert result.exit_code != 0
    assert "unexpected entry '../../escaped.txt'" in result.output
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert counts(target) == {}


def test_backup_from_a_newer_tipsapp_is_refused(
    archive: Path, make_target: Callable[[], Flask], tmp_path: Path
) -> None:
    newer = tmp_path / "newer.tar.gz"

    def future_revision(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["alembic_revision"] = "ffffffffffff"
        return json.dumps(manifest).encode()

    rewrite(archive, newer, future_revision)
    target = make_target()

    result = restore(target, newer)

    assert result.exit_code != 0
    assert "revision ffffffffffff, which this tipsapp does not know" in result.output
    assert counts(target) == {}


def test_backup_at_an_older_revision_is_upgraded_after_restore(
    make_target: Callable[[], Flask], tmp_path: Path
) -> None:
    old = make_target()
    with old.app_context():
        upgrade(revision=OLDER_REVISION)
    path = tmp_path / "old.tar.gz"
    assert backup(old, path).exit_code == 0
    assert manifest_of(path)["database"]["alembic_revision"] == OLDER_REVISION
    target = make_target()

    result = restore(target, path)

    assert result.exit_code == 0, result.output
    assert "upgraded the schema to" in result.output
    assert "districts" in counts(target)
    assert head_revision(target) != OLDER_REVISION


def test_setup_tables_are_the_only_ones_a_fresh_instance_fills(
    make_target: Callable[[], Flask],
) -> None:
    """`flask db upgrade` and `flask seed` may have run on a target that still counts as empty."""
    target = make_target()
    with target.app_context():
        upgrade()
        seed_reference_data()

    # SQLite's FTS5 search index keeps its own bookkeeping rows even when empty.
    filled = {name for name, rows in counts(target).items() if rows and not is_index_table(name)}

    assert filled <= SETUP_TABLES


def test_photo_files_no_row_refers_to_stay_out_of_the_backup(
    source: Source, tmp_path: Path
) -> None:
    """A file whose rows were erased (or never committed) is not personal data to keep."""
    orphan_hash = "ab" * 32
    orphan = Path(source.app.config["PHOTO_DIR"]) / "ab" / "ab" / f"{orphan_hash}.jpg"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"a photo whose tip was erased")
    path = tmp_path / "without-orphans.tar.gz"

    assert backup(source.app, path).exit_code == 0

    parts = manifest_of(path)["parts"]
    assert len([name for name in parts if name.startswith("photos/")]) == 4
    assert not [name for name in parts if orphan_hash in name]


def test_backup_into_a_missing_folder_says_so(source: Source, tmp_path: Path) -> None:
    result = backup(source.app, tmp_path / "no-such-folder" / "backup.tar.gz")

    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output
