"""Retention fixtures: an app with its own photo folder, an analyst, a patched clock, and a
little world of items: reported, rejected and still in work."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import as_role, send_tip
from tests.photos import images
from tipsapp.common.clock import utcnow

SECRET_TEXT = "Grannen Kalle Svensson på Storgatan 7 langar till barnen varje kväll."
PICTURE = images.encoded(images.picture(), "JPEG")
OTHER_PICTURE = images.encoded(images.picture((120, 80)), "JPEG")


@pytest.fixture
def photo_dir(tmp_path: Path) -> Path:
    return tmp_path / "photos"


def with_districts(app: Flask) -> Flask:
    """The districts are emptied after every test with the other non-reference tables."""
    from tipsapp.reference.service import seed_reference_data

    with app.app_context():
        seed_reference_data()
    return app


@pytest.fixture
def app(make_app: Any, photo_dir: Path) -> Flask:
    return with_districts(make_app(PHOTO_DIR=str(photo_dir)))


@pytest.fixture
def analyst(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "analyst")


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> dict[str, str]:
    return as_role(app, client, "admin")


@pytest.fixture
def months_later(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], datetime]:
    """Move the app's clock ``months`` (of 31 days) into the future, for the retention run."""

    def move(months: int) -> datetime:
        moment = utcnow() + timedelta(days=31 * months)
        monkeypatch.setattr("tipsapp.common.clock.utcnow", lambda: moment)
        return moment

    return move


class World:
    """Tips as a resident and an analyst made them, through the API."""

    def __init__(self, client: FlaskClient, analyst: dict[str, str]) -> None:
        self.client = client
        self.analyst = analyst

    def tip(self, text: str = SECRET_TEXT, **overrides: Any) -> tuple[str, str]:
        response = send_tip(self.client, text=text, **overrides)
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        return body["reference"], body["receipt"]

    def act(self, reference: str, action: str, **body: Any) -> Any:
        response = self.client.post(
            f"/api/v1/queue/{reference}/{action}", json=body, headers=self.analyst
        )
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    def photo(self, reference: str, receipt: str, data: bytes = PICTURE) -> None:
        response = self.client.put(
            f"/api/v1/tips/{reference}/photos/{uuid.uuid4()}",
            data=data,
            headers={"Content-Type": "image/jpeg", "X-Tip-Receipt": receipt},
        )
        assert response.status_code == 201, response.get_json()

    def reply(self, reference: str, receipt: str, body: str) -> None:
        response = self.client.post(
            "/api/v1/tips/messages",
            json={"reference": reference, "receipt": receipt, "body": body},
        )
        assert response.status_code in (200, 201), response.get_json()

    def full_tip(self, text: str = SECRET_TEXT) -> tuple[str, str]:
        """A tip with a photo, a note, a redaction and messages both ways."""
        reference, receipt = self.tip(text)
        self.photo(reference, receipt)
        self.act(reference, "notes", body="Ringde Kalle Svensson, inget svar.")
        self.act(reference, "redact", text="Langning på Storgatan.", reason="Namnet Kalle Svensson")
        self.act(reference, "messages", body="Tack! Vilken tid brukar det ske?")
        self.reply(reference, receipt, "Runt nio, vid Kalles port.")
        return reference, receipt

    def publish(self) -> str:
        draft = self.client.get("/api/v1/reports/next?area=gislaved", headers=self.analyst)
        report_id = str(draft.get_json()["report"]["id"])
        published = self.client.post(f"/api/v1/reports/{report_id}/publish", headers=self.analyst)
        assert published.status_code == 200, published.get_json()
        return report_id

    def item(self, reference: str) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/queue/{reference}", headers=self.analyst)
        assert response.status_code == 200, response.get_json()
        return response.get_json()  # type: ignore[no-any-return]

    def photos(self, reference: str) -> list[dict[str, Any]]:
        response = self.client.get(f"/api/v1/queue/{reference}/photos", headers=self.analyst)
        return response.get_json()["photos"]  # type: ignore[no-any-return]

    def report(self, report_id: str) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/reports/{report_id}", headers=self.analyst)
        assert response.status_code == 200
        return response.get_json()  # type: ignore[no-any-return]

    def report_csv(self, report_id: str) -> list[list[str]]:
        response = self.client.get(f"/api/v1/reports/{report_id}/items.csv", headers=self.analyst)
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.fixture
def world(client: FlaskClient, analyst: dict[str, str]) -> World:
    return World(client, analyst)


def run_retention(app: Flask, *args: str) -> dict[str, int]:
    """``flask retention run`` as cron runs it; the counts it printed, per label."""
    result = app.test_cli_runner().invoke(args=["retention", "run", *args])
    assert result.exit_code == 0, result.output
    counts = {}
    for line in result.output.strip().splitlines():
        label, _, number = line.rpartition(": ")
        counts[label] = int(number)
    return counts


def stored_files(photo_dir: Path) -> list[Path]:
    return sorted(path for path in photo_dir.rglob("*.jpg")) if photo_dir.exists() else []
