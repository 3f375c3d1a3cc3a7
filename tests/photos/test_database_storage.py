"""TIPSAPP_PHOTO_STORAGE=database: any host serves any photo; migrate, backup and retention.

Two "hosts" are two apps with their own instance folder and photo folder over one database.
"""

from __future__ import annotations

import tarfile
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.backup.conftest import make_target  # noqa: F401 - a fixture
from tests.factories import auth, login, make_user
from tests.photos import images
from tests.photos.conftest import Tip, stored_files
from tests.retention.conftest import World, run_retention
from tipsapp.config import ConfigError
from tipsapp.extensions import db
from tipsapp.photos.models import PhotoBlob

PICTURE = images.encoded(images.picture((320, 200)), "JPEG")
OTHER_PICTURE = images.encoded(images.picture((200, 320)), "JPEG")


@pytest.fixture
def host(make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Flask]:
    """An app host with its own instance and photo folder, over the shared test database."""

    def build(name: str, storage: str = "database", photos: Path | None = None) -> Flask:
        instance = tmp_path / name / "instance"
        instance.mkdir(parents=True, exist_ok=True)
        photos = photos if photos is not None else instance / "photos"
        with monkeypatch.context() as patch:
            patch.setenv("TIPSAPP_INSTANCE_PATH", str(instance))
            app = make_app(PHOTO_STORAGE=storage, PHOTO_DIR=str(photos))
        return app  # type: ignore[no-any-return]

    return build


def staff_headers(app: Flask, email: str, password: str) -> dict[str, str]:
    return auth(login(app.test_client(), email, password))


def served(app: Flask, headers: dict[str, str], photo_id: str, part: str = "") -> Any:
    return app.test_client().get(f"/api/v1/photos/{photo_id}{part}", headers=headers)


def blob_hashes(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(db.select(PhotoBlob.content_hash)))


def upload(app: Flask, data: bytes = PICTURE) -> tuple[Tip, str]:
    tip = Tip(app.test_client())
    response = tip.upload(data)
    assert response.status_code == 201, response.get_json()
    return tip, str(response.get_json()["id"])


def photo_dir(app: Flask) -> Path:
    return Path(app.config["PHOTO_DIR"])


# --- two hosts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["", "/thumbnail"])
def test_a_photo_uploaded_through_one_host_is_served_by_the_other(
    host: Callable[..., Flask], part: str
) -> None:
    first, second = host("first"), host("second")
    analyst = make_user(first, "analyst")
    _, photo_id = upload(first)

    from_first = served(
        first, staff_headers(first, analyst.email, analyst.password), photo_id, part
    )
    from_second = served(
        second, staff_headers(second, analyst.email, analyst.password), photo_id, part
    )

    assert from_second.status_code == 200
    assert from_second.mimetype == "image/jpeg"
    assert from_second.data == from_first.data
    assert stored_files(photo_dir(first)) == stored_files(photo_dir(second)) == []


def test_a_disk_host_cannot_serve_a_photo_that_lives_on_another_hosts_disk(
    host: Callable[..., Flask],
) -> None:
    """Why database storage exists: with disk storage the second host answers 404."""
    first, second = host("first", "disk"), host("second", "disk")
    analyst = make_user(first, "analyst")
    _, photo_id = upload(first)

    response = served(second, staff_headers(second, analyst.email, analyst.password), photo_id)

    assert response.status_code == 404


def test_the_same_picture_uploaded_twice_is_stored_once(host: Callable[..., Flask]) -> None:
    app = host("one")
    tip = Tip(app.test_client())
    client_uuid = str(uuid.uuid4())

    first = tip.upload(PICTURE, client_uuid=client_uuid)
    retry = tip.upload(PICTURE, client_uuid=client_uuid)
    another = tip.upload(PICTURE)

    assert (first.status_code, retry.status_code, another.status_code) == (201, 200, 201)
    assert retry.get_json()["id"] == first.get_json()["id"]
    assert len(blob_hashes(app)) == 2  # the photo and its thumbnail


def test_concurrent_uploads_of_one_picture_all_succeed_and_share_one_blob(
    host: Callable[..., Flask],
) -> None:
    app = host("one")
    tips = [Tip(app.test_client()) for _ in range(4)]
    statuses: list[int] = []
    barrier = threading.Barrier(len(tips))

    def send(tip: Tip) -> None:
        barrier.wait()
        statuses.append(tip.upload(PICTURE).status_code)

    threads = [threading.Thread(target=send, args=(tip,)) for tip in tips]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [201] * 4
    assert len(blob_hashes(app)) == 2


def test_an_unknown_photo_storage_is_refused_at_start(make_app: Any) -> None:
    with pytest.raises(ConfigError, match="TIPSAPP_PHOTO_STORAGE"):
        make_app(PHOTO_STORAGE="s3")


# --- flask photos migrate ----------------------------------------------------------------------


def migrate(app: Flask, *args: str) -> dict[str, int]:
    result = app.test_cli_runner().invoke(args=["photos", "migrate", *args])
    assert result.exit_code == 0, result.output
    counts = {}
    for line in result.output.splitlines():
        label, _, number = line.rpartition(": ")
        if number.isdigit():
            counts[label] = int(number)
    return counts


def test_migrate_moves_photos_to_the_database_and_back_and_each_host_serves_them(
    host: Callable[..., Flask],
) -> None:
    disk = host("disk", "disk")
    analyst = make_user(disk, "analyst")
    photos = [upload(disk, PICTURE)[1], upload(disk, OTHER_PICTURE)[1]]
    headers = analyst_headers(disk, analyst)
    expected = {photo_id: served(disk, headers, photo_id).data for photo_id in photos}
    files = stored_files(photo_dir(disk))
    assert len(files) == 4

    copied = migrate(disk, "--to", "database")
    again = migrate(disk, "--to", "database", "--remove-source")

    assert copied["referenced"] == 4 and copied["copied"] == 4
    assert copied["removed from source"] == 0
    assert again["copied"] == 0 and again["already there"] == 4
    assert again["removed from source"] == 4
    assert stored_files(photo_dir(disk)) == []
    assert blob_hashes(disk) == {path.stem for path in files}
    database = host("database")
    for photo_id, data in expected.items():
        assert served(database, analyst_headers(database, analyst), photo_id).data == data

    back = migrate(database, "--to", "disk", "--remove-source")

    assert back["copied"] == 4 and back["removed from source"] == 4
    assert blob_hashes(database) == set()
    assert [path.name for path in stored_files(photo_dir(database))] == [f.name for f in files]
    disk_again = host("disk-again", "disk", photo_dir(database))
    for photo_id, data in expected.items():
        assert served(disk_again, analyst_headers(disk_again, analyst), photo_id).data == data


def analyst_headers(app: Flask, analyst: Any) -> dict[str, str]:
    return staff_headers(app, analyst.email, analyst.password)


def test_migrate_leaves_a_damaged_file_where_it_is_and_says_so(
    host: Callable[..., Flask],
) -> None:
    disk = host("disk", "disk")
    upload(disk)
    [damaged, intact] = stored_files(photo_dir(disk))
    damaged.write_bytes(b"not the photo any more")

    result = disk.test_cli_runner().invoke(
        args=["photos", "migrate", "--to", "database", "--remove-source"]
    )

    assert result.exit_code == 0, result.output
    assert "copied: 1" in result.output
    assert "damaged: 1" in result.output
    assert f"warning: damaged: {damaged.stem}" in result.output
    assert stored_files(photo_dir(disk)) == [damaged]
    assert blob_hashes(disk) == {intact.stem}


# --- backup and restore ------------------------------------------------------------------------


def backup(app: Flask, path: Path) -> Any:
    result = app.test_cli_runner().invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    return result


def restore(app: Flask, path: Path) -> Any:
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(path)])
    assert result.exit_code == 0, result.output
    return result


def target_with(
    factory: Callable[[], Flask], monkeypatch: pytest.MonkeyPatch, storage: str
) -> Flask:
    with monkeypatch.context() as patch:
        patch.setenv("TIPSAPP_PHOTO_STORAGE", storage)
        return factory()


@pytest.mark.parametrize(
    ("source_storage", "target_storage"),
    [("database", "database"), ("database", "disk"), ("disk", "database")],
)
def test_a_photo_is_served_after_restore_whichever_store_made_the_backup(
    host: Callable[..., Flask],
    make_target: Callable[[], Flask],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    source_storage: str,
    target_storage: str,
) -> None:
    source = host("source", source_storage)
    analyst = make_user(source, "analyst")
    _, photo_id = upload(source)
    expected = served(source, analyst_headers(source, analyst), photo_id).data
    archive = tmp_path / "backup.tar.gz"

    created = backup(source, archive)
    target = target_with(make_target, monkeypatch, target_storage)
    restored = restore(target, archive)

    with tarfile.open(archive, "r:gz") as members:
        photo_parts = [name for name in members.getnames() if name.startswith("photos/")]
    assert len(photo_parts) == (0 if source_storage == "database" else 2)
    if source_storage == "database":
        assert "2 photos in the database part" in created.output
    assert "2 photo files" in restored.output
    assert served(target, analyst_headers(target, analyst), photo_id).data == expected
    on_disk = stored_files(photo_dir(target))
    assert len(on_disk) == (2 if target_storage == "disk" else 0)
    assert len(blob_hashes(target)) == (2 if target_storage == "database" else 0)


# --- retention and erasure ---------------------------------------------------------------------


@pytest.fixture
def world(host: Callable[..., Flask]) -> World:
    from tests.retention.conftest import with_districts

    app = with_districts(host("one"))
    client: FlaskClient = app.test_client()
    world = World(client, analyst_headers(app, make_user(app, "analyst")))
    world.app = app  # type: ignore[attr-defined]
    return world


def test_erasing_an_item_deletes_its_photo_blobs_but_not_one_another_tip_shares(
    world: World,
) -> None:
    app: Flask = world.app  # type: ignore[attr-defined]
    erased, erased_receipt = world.tip()
    world.photo(erased, erased_receipt, PICTURE)
    world.photo(erased, erased_receipt, OTHER_PICTURE)
    kept, kept_receipt = world.tip("Samma bild skickad igen om klottret vid torget.")
    world.photo(kept, kept_receipt, PICTURE)
    assert len(blob_hashes(app)) == 4

    response = world.client.post(
        f"/api/v1/queue/{erased}/erase", json={"reason": "Begäran."}, headers=world.analyst
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["removed"]["photo_files"] == 2
    assert len(blob_hashes(app)) == 2
    [photo] = world.photos(kept)
    assert world.client.get(photo["url"], headers=world.analyst).status_code == 200


def test_the_retention_run_deletes_the_blobs_of_photos_past_their_months(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from tipsapp.common.clock import utcnow

    app: Flask = world.app  # type: ignore[attr-defined]
    reference, receipt = world.tip()
    world.photo(reference, receipt)
    world.act(reference, "queue")
    world.publish()
    later = utcnow() + timedelta(days=31 * 7)
    monkeypatch.setattr("tipsapp.common.clock.utcnow", lambda: later)

    counts = run_retention(app)

    assert counts["photos removed"] == 1
    assert counts["photo files deleted"] == 2
    assert blob_hashes(app) == set()
