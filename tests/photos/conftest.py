"""Photo fixtures: an app with its own PHOTO_DIR, a tip to attach to, and upload helpers."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import send_tip


@pytest.fixture
def photo_dir(tmp_path: Path) -> Path:
    return tmp_path / "photos"


@pytest.fixture
def photo_storage() -> str:
    """The disk store; a test parametrized over ``photo_storage`` runs on the database one too."""
    return "disk"


@pytest.fixture
def photo_app(make_app: Any, photo_dir: Path, photo_storage: str) -> Flask:
    return make_app(PHOTO_DIR=str(photo_dir), PHOTO_STORAGE=photo_storage)  # type: ignore[no-any-return]


@pytest.fixture
def photo_client(photo_app: Flask) -> FlaskClient:
    return photo_app.test_client()


class Tip:
    """A tip as its sender knows it: reference and receipt."""

    def __init__(self, client: FlaskClient) -> None:
        response = send_tip(client)
        assert response.status_code == 201, response.get_json()
        self.client = client
        self.reference: str = response.get_json()["reference"]
        self.receipt: str = response.get_json()["receipt"]

    def upload(
        self,
        data: bytes,
        client_uuid: str | None = None,
        content_type: str = "image/jpeg",
        receipt: str | None = None,
        **kwargs: Any,
    ) -> Any:
        headers = {"Content-Type": content_type, **kwargs.pop("headers", {})}
        receipt = self.receipt if receipt is None else receipt
        if receipt:
            headers["X-Tip-Receipt"] = receipt
        path = f"/api/v1/tips/{self.reference}/photos/{client_uuid or uuid.uuid4()}"
        return self.client.put(path, data=data, headers=headers, **kwargs)


@pytest.fixture
def tip(photo_client: FlaskClient) -> Tip:
    return Tip(photo_client)


def stored_files(photo_dir: Path) -> list[Path]:
    """Every file under PHOTO_DIR, temporary ones included."""
    if not photo_dir.exists():
        return []
    return sorted(path for path in photo_dir.rglob("*") if path.is_file())


def photo_rows(app: Flask) -> list[Any]:
    from tipsapp.extensions import db
    from tipsapp.photos.models import Photo

    with app.app_context():
        return list(db.session.scalars(db.select(Photo)))


BOTH_STORES = pytest.mark.parametrize("photo_storage", ["disk", "database"])


def stored_photos(app: Flask, photo_dir: Path) -> int:
    """Photos and thumbnails kept, in whichever store the app uses."""
    if app.config["PHOTO_STORAGE"] == "database":
        from tipsapp.extensions import db
        from tipsapp.photos.models import PhotoBlob

        with app.app_context():
            return len(list(db.session.scalars(db.select(PhotoBlob.content_hash))))
    return len(stored_files(photo_dir))
