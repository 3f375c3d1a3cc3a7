"""``TIPSAPP_DATABASE_PGBOUNCER``: no server-side prepared statements, so pgbouncer in transaction
pooling mode may hand each transaction to another server connection (bench/scaleout.py runs the
app that way under load). PostgreSQL only: SQLite has no such thing.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tipsapp.extensions import db
from tipsapp.tips.models import Tip

REPEATS = 8  # psycopg prepares a statement on its 6th run by default


def _prepared_after_repeated_transactions(app: Any) -> int:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are a PostgreSQL matter")
        with db.engine.connect() as connection:
            for _ in range(REPEATS):
                connection.execute(select(Tip.id).where(Tip.reference == "none").limit(1))
                connection.commit()
            found = connection.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements")
            return int(found.scalar_one())


def test_pgbouncer_mode_prepares_no_statement_on_the_server(make_app: Any) -> None:
    assert _prepared_after_repeated_transactions(make_app(DATABASE_PGBOUNCER=True)) == 0


def test_without_pgbouncer_mode_psycopg_prepares_repeated_statements(make_app: Any) -> None:
    # The control: the setting, not chance, is what keeps the server free of them.
    assert _prepared_after_repeated_transactions(make_app(DATABASE_PGBOUNCER=False)) > 0
