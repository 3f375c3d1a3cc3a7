"""Extensions, created unbound here and bound to an app in ``create_app``.

The rate limiter is the exception: one per app, see ``security/ratelimits.py``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from tipsapp.common.openapi import CommonErrorResponses
from tipsapp.errors import JsonApi
from tipsapp.triage.search import register_sqlite_function

# Named constraints so Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects stay readable after commit: a request that just stored a tip answers from memory
# instead of reading the row back.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
api = JsonApi(spec_kwargs={"extra_plugins": [CommonErrorResponses()]})
talisman = Talisman()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while a tip is written; foreign keys are off by default in SQLite."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # SQLite's own lower() folds only A-Z; searches must find "ÖPPEN" when asked for "öppen".
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    # The queue's search index is written by triggers calling this (tipsapp/triage/search.py).
    register_sqlite_function(dbapi_connection)


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value
