"""Open311 fixtures: apps whose districts are seeded (tests empty that table after each), and
a real second tipsapp served over HTTPS as the Open311 server handovers go to."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

from tests.handover.test_tls import self_signed_certificate
from tipsapp import create_app
from tipsapp.extensions import db as _db
from tipsapp.reference.service import seed_reference_data
from tipsapp.tips.models import Tip


def with_districts(app: Flask) -> Flask:
    """The seed districts: a request's position finds its area through them."""
    with app.app_context():
        seed_reference_data()
    return app


@pytest.fixture
def app(make_app: Any) -> Flask:
    return with_districts(make_app())


class Receiver:
    """A second tipsapp instance, served over HTTPS on 127.0.0.1 with its own SQLite file:
    the Open311 server a handover is delivered to. It can go down and come back on its port."""

    def __init__(self, app: Flask, cert: Path, key: Path) -> None:
        self.app = app
        self.cert, self.key = cert, key
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}/open311/v2"

    def start(self) -> None:
        self._server = make_server(
            "127.0.0.1",
            self.port,
            self.app,
            threaded=True,
            ssl_context=(str(self.cert), str(self.key)),
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def tips(self) -> list[Tip]:
        with self.app.app_context():
            tips = list(_db.session.scalars(select(Tip).order_by(Tip.id)))
            _db.session.expunge_all()
            return tips


@pytest.fixture(scope="module")
def receiver(
    migrated_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Receiver]:
    folder = tmp_path_factory.mktemp("receiver")
    cert, key = self_signed_certificate(folder)
    app = create_app(
        {
            "TIPSAPP_ENV": "testing",
            "SECRET_KEY": "receiver-secret-key-that-is-long-enough-for-hmac",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'receiver.sqlite3'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_TIPS": "1000 per minute",
        }
    )
    with app.app_context():
        upgrade()
        seed_reference_data()
    server = Receiver(app, cert, key)
    server.start()
    yield server
    server.stop()
    with app.app_context():
        _db.engine.dispose()
