"""The honest minimal intake for bench/intake.py: the least a correct tip endpoint does.

``gunicorn -c gunicorn.conf.py --pythonpath bench honest_app:app``, with the same
``DATABASE_URL`` as the tip app. ``POST /intake`` parses the same JSON body, validates it with a
marshmallow schema of the tip's fields (types, lengths, ranges, unknown fields refused), inserts
one row with SQLAlchemy Core and commits; 201 with the row's id, 422 on invalid input. No rate
limiter, idempotency, keyed hashing, triage, webhooks or security headers: it is the floor the
full tip is compared with, not an alternative to it.

The engine has tipsapp's settings (``hide_parameters``, ``pool_pre_ping`` on a server database,
the connect timeout) and the same SQLite pragmas (WAL, synchronous=NORMAL, foreign keys, busy
timeout), because importing ``tipsapp.extensions`` installs its connect listener. The row goes
into a table of its own, ``bench_intake``, created here if absent (a tip needs its triage item).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from flask import Flask, request
from marshmallow import validate
from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
)

import tipsapp.extensions  # noqa: F401  (the same SQLite connect pragmas as the tip app)
from tipsapp import _connect_args, _database_uri
from tipsapp.config import default_instance_path, settings_from_env

# The tip app's own database: DATABASE_URL, else tipsapp.sqlite3 in the instance folder.
DATABASE_URI = _database_uri(settings_from_env(default_instance_path())["SQLALCHEMY_DATABASE_URI"])

metadata = MetaData()
intake = Table(
    "bench_intake",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("category", String(32)),
    Column("occurred_at", DateTime(timezone=True)),
    Column("place", String(200)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("accuracy_m", Float),
    Column("language", String(8)),
    Column("received_at", DateTime(timezone=True), nullable=False),
)
INSERT = insert(intake).returning(intake.c.id)

engine = create_engine(
    DATABASE_URI,
    hide_parameters=True,
    pool_pre_ping=not DATABASE_URI.startswith("sqlite"),
    connect_args=_connect_args(DATABASE_URI),
)
metadata.create_all(engine, checkfirst=True)
# gunicorn preloads this module and forks: no pooled connection may be shared by workers.
engine.dispose()


class Location(ma.Schema):
    lat = ma.fields.Float(required=True, validate=validate.Range(55.0, 69.5))
    lon = ma.fields.Float(required=True, validate=validate.Range(10.5, 24.5))
    accuracy_m = ma.fields.Float(allow_none=True, validate=validate.Range(0, 50_000))


class Intake(ma.Schema):
    area = ma.fields.String(required=True, validate=validate.Length(1, 32))
    text = ma.fields.String(required=True, validate=validate.Length(10, 5000))
    category = ma.fields.String(allow_none=True, validate=validate.Length(1, 32))
    occurred_at = ma.fields.AwareDateTime(allow_none=True)
    place = ma.fields.String(allow_none=True, validate=validate.Length(max=200))
    location = ma.fields.Nested(Location, allow_none=True)
    language = ma.fields.String(allow_none=True, validate=validate.Length(1, 8))


SCHEMA = Intake()
app = Flask(__name__)


@app.post("/intake")
def intake_view() -> Any:
    """Validate, insert one row, commit."""
    try:
        data = SCHEMA.load(request.get_json())
    except ma.ValidationError as exc:
        return {"errors": exc.messages}, 422
    location = data.get("location") or {}
    row = {
        "area": data["area"],
        "text": data["text"],
        "category": data.get("category"),
        "occurred_at": data.get("occurred_at"),
        "place": data.get("place"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "accuracy_m": location.get("accuracy_m"),
        "language": data.get("language"),
        "received_at": datetime.now(UTC),
    }
    with engine.begin() as conn:
        row_id = conn.execute(INSERT, row).scalar_one()
    return {"id": row_id}, 201
