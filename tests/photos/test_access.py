"""Photos are served only to staff who may see their item, and never cached."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from tests.factories import as_role
from tests.photos import images
from tests.photos.conftest import BOTH_STORES, Tip


@pytest.fixture
def photo(tip: Tip) -> dict[str, Any]:
    response = tip.upload(images.encoded(images.picture((1200, 800)), "JPEG"))
    assert response.status_code == 201
    return {**response.get_json(), "reference": tip.reference}


def get_photo(client: Any, photo: dict[str, Any], headers: dict[str, str], part: str = "") -> Any:
    return client.get(f"/api/v1/photos/{photo['id']}{part}", headers=headers)


def audit_actions(app: Any) -> list[tuple[str, str | None]]:
    from tipsapp.audit.models import AuditEntry
    from tipsapp.extensions import db

    with app.app_context():
        return [
            (entry.action, entry.target_ref)
            for entry in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))
        ]


def share(client: Any, analyst: dict[str, str], reference: str) -> None:
    response = client.post(
        f"/api/v1/queue/{reference}/share",
        json={"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."},
        headers=analyst,
    )
    assert response.status_code == 200, response.get_json()


@BOTH_STORES
@pytest.mark.parametrize("part", ["", "/thumbnail"])
def test_analyst_of_the_area_gets_the_photo_as_uncached_jpeg(
    photo_app: Any, photo_client: Any, photo: dict[str, Any], part: str
) -> None:
    analyst = as_role(photo_app, photo_client, "analyst")

    response = get_photo(photo_client, photo, analyst, part)

    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(response.data)).format == "JPEG"


def test_thumbnail_is_smaller_than_the_photo(
    photo_app: Any, photo_client: Any, photo: dict[str, Any]
) -> None:
    from tipsapp.photos.processing import THUMBNAIL_LONG_SIDE

    analyst = as_role(photo_app, photo_client, "analyst")

    full = get_photo(photo_client, photo, analyst)
    thumbnail = get_photo(photo_client, photo, analyst, "/thumbnail")

    assert len(thumbnail.data) < len(full.data)
    assert Image.open(io.BytesIO(full.data)).size == (1200, 800)
    assert max(Image.open(io.BytesIO(thumbnail.data)).size) == THUMBNAIL_LONG_SIDE


def test_full_photo_read_is_audited_and_thumbnail_read_is_not(
    photo_app: Any, photo_client: Any, photo: dict[str, Any]
) -> None:
    analyst = as_role(photo_app, photo_client, "analyst")

    get_photo(photo_client, photo, analyst, "/thumbnail")
    assert ("photo.read", photo["id"]) not in audit_actions(photo_app)
    get_photo(photo_client, photo, analyst)

    assert audit_actions(photo_app).count(("photo.read", photo["id"])) == 1


@pytest.mark.parametrize("part", ["", "/thumbnail"])
def test_analyst_of_another_area_gets_404(
    photo_app: Any, photo_client: Any, photo: dict[str, Any], part: str
) -> None:
    elsewhere = as_role(photo_app, photo_client, "analyst", areas=("varnamo",))

    response = get_photo(photo_client, photo, elsewhere, part)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("part", ["", "/thumbnail"])
def test_partner_never_gets_a_photo_even_of_a_shared_item(
    photo_app: Any, photo_client: Any, photo: dict[str, Any], part: str
) -> None:
    partner = as_role(photo_app, photo_client, "partner")
    analyst = as_role(photo_app, photo_client, "analyst")
    share(photo_client, analyst, photo["reference"])

    response = get_photo(photo_client, photo, partner, part)
    listed = photo_client.get(f"/api/v1/queue/{photo['reference']}/photos", headers=partner)

    assert response.status_code == 403
    assert listed.status_code == 403


def test_admin_sees_every_photo(photo_app: Any, photo_client: Any, photo: dict[str, Any]) -> None:
    admin = as_role(photo_app, photo_client, "admin", areas=("varnamo",))

    assert get_photo(photo_client, photo, admin).status_code == 200


@pytest.mark.parametrize("part", ["", "/thumbnail"])
def test_viewer_gets_403_and_no_token_401(
    photo_app: Any, photo_client: Any, photo: dict[str, Any], part: str
) -> None:
    viewer = as_role(photo_app, photo_client, "viewer")

    as_viewer = get_photo(photo_client, photo, viewer, part)
    anonymous = get_photo(photo_client, photo, {}, part)

    assert (as_viewer.status_code, as_viewer.get_json()["error"]["code"]) == (403, "forbidden")
    assert (anonymous.status_code, anonymous.get_json()["error"]["code"]) == (401, "unauthorized")


def test_unknown_photo_is_404(photo_app: Any, photo_client: Any) -> None:
    admin = as_role(photo_app, photo_client, "admin")

    response = photo_client.get("/api/v1/photos/no-such-photo", headers=admin)

    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")


def test_queue_item_lists_its_photos_with_their_addresses(
    photo_app: Any, photo_client: Any, photo: dict[str, Any], tip: Tip
) -> None:
    other_tip = Tip(photo_client)
    assert other_tip.upload(images.encoded(images.picture(), "PNG")).status_code == 201
    analyst = as_role(photo_app, photo_client, "analyst")

    response = photo_client.get(f"/api/v1/queue/{tip.reference}/photos", headers=analyst)

    assert response.status_code == 200
    (listed,) = response.get_json()["photos"]
    assert listed["id"] == photo["id"]
    assert (listed["width"], listed["height"]) == (1200, 800)
    assert listed["byte_size"] == photo["byte_size"]
    assert listed["url"] == f"/api/v1/photos/{photo['id']}"
    thumbnail = photo_client.get(listed["thumbnail_url"], headers=analyst)
    assert thumbnail.status_code == 200
    assert thumbnail.mimetype == "image/jpeg"


def test_photo_list_follows_the_item_rules(
    photo_app: Any, photo_client: Any, photo: dict[str, Any]
) -> None:
    path = f"/api/v1/queue/{photo['reference']}/photos"
    elsewhere = as_role(photo_app, photo_client, "analyst", areas=("varnamo",))
    partner = as_role(photo_app, photo_client, "partner")
    viewer = as_role(photo_app, photo_client, "viewer")

    assert photo_client.get(path, headers=elsewhere).status_code == 404
    assert photo_client.get(path, headers=partner).status_code == 403
    assert photo_client.get(path, headers=viewer).status_code == 403
    assert photo_client.get(path).status_code == 401


@BOTH_STORES
def test_missing_file_answers_404_not_500(
    photo_app: Any, photo_client: Any, photo: dict[str, Any], photo_dir: Any
) -> None:
    from tipsapp.extensions import db
    from tipsapp.photos.models import PhotoBlob

    for path in photo_dir.rglob("*.jpg"):
        path.unlink()
    with photo_app.app_context():
        db.session.execute(db.delete(PhotoBlob))
        db.session.commit()
    analyst = as_role(photo_app, photo_client, "analyst")

    response = get_photo(photo_client, photo, analyst)

    assert response.status_code == 404
    assert ("photo.read", photo["id"]) not in audit_actions(photo_app)


def test_openapi_documents_the_photo_endpoints(photo_client: Any) -> None:
    paths = photo_client.get("/api/v1/openapi.json").get_json()["paths"]

    upload = paths["/api/v1/tips/{reference}/photos/{client_uuid}"]["put"]
    assert "X-Tip-Receipt" in {parameter["name"] for parameter in upload["parameters"]}
    assert {"image/jpeg", "image/png", "image/webp"} <= set(upload["requestBody"]["content"])
    assert {"200", "201", "404", "409", "413", "415", "422", "429"} <= set(upload["responses"])
    assert "/api/v1/observations/{observation_client_uuid}/photos/{client_uuid}" in paths
    assert "image/jpeg" in paths["/api/v1/photos/{public_id}"]["get"]["responses"]["200"]["content"]
    assert "/api/v1/queue/{reference}/photos" in paths
