"""The migrations are the schema: `flask db upgrade` gives exactly what the models say."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tipsapp.common.types import render_item
from tipsapp.triage.search import is_index_table


def _outside_the_models(name: str | None, type_: str, _parents: Any) -> bool:
    """Skip only the queue's search index: an FTS5 virtual table (and its shadow tables) on
    SQLite, a tsvector table on PostgreSQL, written by triggers and never by a model, so it is
    not in the metadata (tipsapp/triage/search.py). Everything else is compared."""
    return not (type_ == "table" and is_index_table(name))


def test_migrated_schema_matches_the_models(app: Any) -> None:
    from tipsapp.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_item": render_item,
                "include_name": _outside_the_models,
            },
        )
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_migrations_have_one_head(app: Any) -> None:
    from alembic.script import ScriptDirectory
    from flask_migrate import Config

    with app.app_context():
        migrate = app.extensions["migrate"]
        config = Config(f"{migrate.directory}/alembic.ini")
        config.set_main_option("script_location", migrate.directory)
        heads = ScriptDirectory.from_config(config).get_heads()

    assert len(heads) == 1


QUEUE_TRIGGERS = {
    "queue_status_counts_insert",
    "queue_status_counts_update",
    "queue_status_counts_delete",
    "triage_search_tip_text",
    "triage_search_observation_text",
}


def test_the_queue_counters_and_search_index_have_their_triggers(app: Any) -> None:
    """A later SQLite batch rebuild of triage_items, tips or observations would drop them."""
    from sqlalchemy import text

    from tipsapp.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        names = set(connection.execute(text(query)).scalars())

    assert names >= QUEUE_TRIGGERS


def test_the_search_index_and_counters_are_rebuilt_from_existing_rows(
    app: Any, client: Any
) -> None:
    """Down to the revision before them and up again: the upgrade fills both from the rows."""
    from flask_migrate import downgrade, upgrade

    from tests.factories import as_role, send_tip
    from tipsapp.extensions import db

    reference = send_tip(client, text="Flera mopeder kör på gångvägen.").get_json()["reference"]
    analyst = as_role(app, client, "analyst")
    before = client.get("/api/v1/queue", headers=analyst).get_json()["counts"]

    with app.app_context():
        db.session.remove()
        downgrade(revision="a7c3e9d14b20")
        upgrade()
        db.engine.dispose()
    page = client.get("/api/v1/queue", query_string={"q": "moped"}, headers=analyst).get_json()
    after = client.get("/api/v1/queue", headers=analyst).get_json()["counts"]

    assert [item["reference"] for item in page["items"]] == [reference]
    assert before["new"] == 1
    assert after == before
