"""Photos of walk observations: the walks service decides who may add one, as for tips."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.factories import as_role, auth, login_as, make_user
from tests.photos import images
from tests.photos.conftest import Tip, photo_rows, stored_files


class Walk:
    """A walk in Gislaved started now, joined by one participant, with one observation.

    Built through the walks service layer, so these tests exercise the photo side and the
    walks service's upload check, not the walks endpoints.
    """

    def __init__(self, app: Any, client: FlaskClient) -> None:
        from tipsapp.extensions import db
        from tipsapp.staff.models import StaffUser
        from tipsapp.walks import service
        from tipsapp.walks.auth import WalkActor

        self.client = client
        organiser = make_user(app, "analyst")
        self.analyst = login_as(client, organiser)
        self.observation_uuid = str(uuid.uuid4())
        now = datetime.now(UTC)
        with app.app_context():
            user = db.session.scalars(
                db.select(StaffUser).where(StaffUser.public_id == organiser.id)
            ).one()
            walk = service.create_walk(
                user,
                {
                    "area": "gislaved",
                    "title": "Trygghetsvandring centrum",
                    "starts_at": now,
                    "meeting_point": "Torget",
                },
            )
            token, participant = service.join(walk.join_code)
            (stored,) = service.store_observations(
                walk,
                WalkActor(participant=participant),
                [
                    {
                        "client_uuid": self.observation_uuid,
                        "issue": "lighting",
                        "text": "Lampan vid gångtunneln är trasig.",
                        "seen_at": now.isoformat(),
                    }
                ],
            )
            assert stored.status == "created", stored
            self.reference = stored.reference
        self.participant = auth(token)

    def upload(self, data: bytes, headers: dict[str, str], client_uuid: str | None = None) -> Any:
        path = f"/api/v1/observations/{self.observation_uuid}/photos/{client_uuid or uuid.uuid4()}"
        return self.client.put(path, data=data, headers={"Content-Type": "image/jpeg", **headers})


@pytest.fixture
def walk(photo_app: Any, photo_client: FlaskClient) -> Walk:
    return Walk(photo_app, photo_client)


def test_participant_attaches_a_photo_without_its_metadata(
    photo_app: Any, walk: Walk, photo_dir: Path
) -> None:
    client_uuid = str(uuid.uuid4())
    data = images.jpeg_with_gps_and_comment()

    first = walk.upload(data, walk.participant, client_uuid)
    again = walk.upload(data, walk.participant, client_uuid)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    (row,) = photo_rows(photo_app)
    assert (row.tip_id, row.observation_id is not None) == (None, True)
    for path in stored_files(photo_dir):
        assert b"Exif" not in path.read_bytes()
        assert images.SECRET_COMMENT not in path.read_bytes()


def test_staff_of_the_walks_area_may_attach_a_photo(walk: Walk) -> None:
    response = walk.upload(images.encoded(images.picture(), "PNG"), walk.analyst)

    assert response.status_code == 201


def test_no_token_other_walk_or_other_area_stores_nothing(
    photo_app: Any, photo_client: FlaskClient, walk: Walk, photo_dir: Path
) -> None:
    other_walk = Walk(photo_app, photo_client)
    elsewhere = as_role(photo_app, photo_client, "analyst", areas=("varnamo",))
    data = images.encoded(images.picture(), "JPEG")

    assert walk.upload(data, {}).status_code == 401
    assert walk.upload(data, other_walk.participant).status_code == 404
    assert walk.upload(data, elsewhere).status_code == 404
    assert photo_rows(photo_app) == []
    assert stored_files(photo_dir) == []


def test_unknown_observation_is_404(walk: Walk) -> None:
    walk.observation_uuid = str(uuid.uuid4())

    response = walk.upload(images.encoded(images.picture(), "JPEG"), walk.participant)

    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")


def test_observation_upload_checks_the_bytes_like_a_tip_upload(walk: Walk) -> None:
    response = walk.upload(images.GIF, walk.participant)

    assert (response.status_code, response.get_json()["error"]["code"]) == (
        415,
        "unsupported_media_type",
    )


def test_uuid_of_a_tip_photo_is_a_conflict_on_an_observation(
    photo_client: FlaskClient, walk: Walk
) -> None:
    client_uuid = str(uuid.uuid4())
    data = images.encoded(images.picture(), "JPEG")
    assert Tip(photo_client).upload(data, client_uuid).status_code == 201

    response = walk.upload(data, walk.participant, client_uuid)

    assert response.status_code == 409


def test_staff_who_see_the_observation_get_its_photos(
    photo_app: Any, photo_client: FlaskClient, walk: Walk
) -> None:
    uploaded = walk.upload(images.encoded(images.picture(), "JPEG"), walk.participant)
    elsewhere = as_role(photo_app, photo_client, "analyst", areas=("varnamo",))

    listed = photo_client.get(f"/api/v1/queue/{walk.reference}/photos", headers=walk.analyst)
    (photo,) = listed.get_json()["photos"]

    assert photo["id"] == uploaded.get_json()["id"]
    assert photo_client.get(photo["url"], headers=walk.analyst).mimetype == "image/jpeg"
    assert photo_client.get(photo["url"], headers=elsewhere).status_code == 404
    # A participant token is no staff token: the photo is not served back to the phone.
    assert photo_client.get(photo["url"], headers=walk.participant).status_code == 401
