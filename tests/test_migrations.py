"""The migrations are the schema: `flask db upgrade` gives exactly what the models say."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tipsapp.common.types import render_item


def test_migrated_schema_matches_the_models(app: Any) -> None:
    from tipsapp.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_item": render_item},
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
