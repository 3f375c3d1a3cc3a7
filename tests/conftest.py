"""Fixtures: one migrated database per test session, a fresh app per test, empty tables after.

The database is SQLite in a temporary folder, or the one in ``TEST_DATABASE_URL``
(PostgreSQL in CI). Each test gets an app built by ``create_app`` with its own overrides.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import MetaData, create_engine, inspect, text

from tipsapp import create_app
from tipsapp.extensions import db as _db
from tipsapp.reference.service import seed_reference_data

REFERENCE_TABLES = {"areas", "categories", "alembic_version"}
COUNTER_TABLE = "queue_status_counts"


def _drop_everything(url: str) -> None:
    """Start from nothing: a previous run may have left tables in a shared database."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            metadata = MetaData()
            metadata.reflect(connection)
            metadata.drop_all(connection)
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    _drop_everything(url.replace("postgresql://", "postgresql+psycopg://"))
    return url


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def base_config(database_url: str) -> dict[str, Any]:
    return {
        "TIPSAPP_ENV": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hmac",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Generous limits by default; the rate-limit tests set their own.
        "RATELIMIT_TIPS": "1000 per minute",
        "RATELIMIT_TIP_STATUS": "1000 per minute",
    }


@pytest.fixture(scope="session")
def migrated_database(base_config: dict[str, Any], instance_path: Path) -> str:
    """Run the real migrations once, as `flask db upgrade` does, then seed."""
    os.environ["TIPSAPP_INSTANCE_PATH"] = str(instance_path)
    app = create_app(base_config)
    with app.app_context():
        upgrade()
        seed_reference_data()
        _db.engine.dispose()
    return str(base_config["SQLALCHEMY_DATABASE_URI"])


@pytest.fixture
def make_app(base_config: dict[str, Any], migrated_database: str) -> Iterator[Any]:
    """Build an app with overrides; tables other than the reference data are emptied after."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app({**base_config, **overrides})
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            _db.session.remove()
            _empty_tables()
            _db.engine.dispose()


def _empty_tables() -> None:
    engine = _db.engine
    table_names = set(inspect(engine).get_table_names()) - REFERENCE_TABLES
    # Triggers keep the queue's counters (and search index) in step with the items as they are
    # deleted; the counter rows left at zero are removed after the items, so each test starts
    # from an empty table.
    with engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            if table.name in table_names:
                connection.execute(table.delete())
        if COUNTER_TABLE in table_names:
            connection.execute(_db.metadata.tables[COUNTER_TABLE].delete())


@pytest.fixture
def app(make_app: Any) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    with app.app_context():
        yield _db


@pytest.fixture
def captured_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog
