"""Looking for device traces where an attacker would: every row, and the database files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, select


def database_dump(app: Any) -> str:
    """Every row of every table, as text: what someone holding the database would read."""
    from tipsapp.extensions import db

    with app.app_context():
        metadata = MetaData()
        metadata.reflect(db.engine)
        rows = []
        with db.engine.connect() as connection:
            for table in metadata.sorted_tables:
                rows.extend(str(tuple(row)) for row in connection.execute(select(table)))
        return "\n".join(rows)


def sqlite_files(app: Any) -> bytes:
    """The raw bytes of the SQLite database and its WAL (nothing on other databases)."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        return b""
    path = Path(uri.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
