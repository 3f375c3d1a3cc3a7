"""A source instance with data and photos, and fresh target instances to restore into.

On SQLite a target is a second database file; on PostgreSQL (``TEST_DATABASE_URL``) it is a
database of its own, ``tipsapp_backup_restore_<random>``, created on the same server and
dropped afterwards: the shared test database is never a restore target.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, make_url, text

from tests.factories import make_user
from tests.photos import images
from tests.photos.conftest import Tip
from tipsapp import create_app
from tipsapp.backup.service import table_counts
from tipsapp.extensions import db


@dataclass
class Source:
    app: Flask
    tips: list[Tip]
    photo_ids: list[str]
    analyst_email: str
    analyst_password: str


@pytest.fixture
def source(make_app: Any, tmp_path: Path) -> Source:
    """Three tips (one with two photos), an analyst, and the audit rows their work leaves."""
    app = make_app(PHOTO_DIR=str(tmp_path / "source-photos"))
    client = app.test_client()
    tips = [Tip(client) for _ in range(3)]
    photo_ids = []
    for size in ((320, 200), (200, 320)):
        response = tips[0].upload(images.encoded(images.picture(size), "JPEG"))
        assert response.status_code == 201, response.get_json()
        photo_ids.append(response.get_json()["id"])
    analyst = make_user(app, "analyst")
    return Source(app, tips, photo_ids, analyst.email, analyst.password)


def counts(app: Flask) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as connection:
        return table_counts(connection)


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


@pytest.fixture
def make_target(
    base_config: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], Flask]]:
    """Build fresh instances: their own database, instance folder and photo folder."""
    created: list[tuple[Flask, str | None]] = []
    server = base_config["SQLALCHEMY_DATABASE_URI"]

    def factory() -> Flask:
        name = f"target{len(created)}"
        database = None
        if is_postgres(server):
            database = f"tipsapp_backup_restore_{uuid.uuid4().hex[:12]}"
            _admin(server, f'CREATE DATABASE "{database}"')
            url = make_url(server).set(database=database).render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{tmp_path / name / 'tipsapp.sqlite3'}"
        instance = tmp_path / name / "instance"
        instance.mkdir(parents=True)
        with monkeypatch.context() as patch:
            patch.setenv("TIPSAPP_INSTANCE_PATH", str(instance))
            app = create_app(
                {
                    **base_config,
                    "SQLALCHEMY_DATABASE_URI": url,
                    "PHOTO_DIR": str(instance / "photos"),
                }
            )
        created.append((app, database))
        return app

    yield factory
    for app, database in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if database:
            _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _admin(server_url: str, statement: str) -> None:
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
