"""queue search index and status counts

The queue's free-text search reads a full-text index (``triage_search``) and its counts per
status read a counter table (``queue_status_counts``), both kept by triggers so that every
write path (ORM, Core INSERTs, bulk UPDATE/DELETE, cascades) keeps them exact in its own
transaction. Both are filled here from the existing rows. Why and how: tipsapp/triage/search.py
and the QueueStatusCount model.

- SQLite: ``triage_search`` is an FTS5 table (rowid = item id) of Swedish stems computed by the
  SQL function ``tipsapp_search_terms`` (registered on every connection by tipsapp/extensions.py,
  and here); row triggers keep both tables.
- PostgreSQL: ``triage_search`` is a table of tsvectors with a GIN index, written by row
  triggers; the counters by statement triggers with transition tables, which add up a bulk
  change per filter combination (one counter row write per combination, in key order, so two
  bulk changes cannot deadlock on them) and skip updates that move no item between counters.

Note for later migrations on SQLite: a batch rebuild of ``triage_items``, ``tips`` or
``observations`` drops that table, and with it these triggers (and a rename may refuse while a
trigger names a missing table): drop the triggers first and create them again after, as here.
tests/test_migrations.py checks they exist.

Revision ID: e5b8f2a0c611
Revises: a7c3e9d14b20
Create Date: 2026-12-02 17:45:00.000000

"""

# The SQL below is built from this file's own constant names, never from input.
# ruff: noqa: S608

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5b8f2a0c611"
down_revision = "a7c3e9d14b20"
branch_labels = None
depends_on = None

DIMENSIONS = (
    "area_id",
    "status",
    "effective_category",
    "kind",
    "urgent",
    "attention",
    "text_language",
    "needs_translation",
)
COLUMNS = ", ".join(DIMENSIONS)
# The item's searchable text as a trigger sees it: the redaction, else the source's text.
SOURCE_TEXT = (
    "coalesce({row}.redacted_text,"
    " (SELECT text FROM tips WHERE tips.id = {row}.tip_id),"
    " (SELECT text FROM observations WHERE observations.id = {row}.observation_id))"
)
SEARCH_COLUMNS = "redacted_text, content_erased_at, text_language, tip_id, observation_id"


def _row(prefix: str) -> str:
    return ", ".join(f"{prefix}.{name}" for name in DIMENSIONS)


def _same_as(prefix: str) -> str:
    return " AND ".join(f"{name} = {prefix}.{name}" for name in DIMENSIONS)


SQLITE_TRIGGERS = {
    "queue_status_counts_insert": f"""
        CREATE TRIGGER queue_status_counts_insert AFTER INSERT ON triage_items
        BEGIN
            INSERT INTO queue_status_counts ({COLUMNS}, items) VALUES ({_row("new")}, 1)
            ON CONFLICT ({COLUMNS}) DO UPDATE SET items = items + 1;
        END""",
    "queue_status_counts_update": f"""
        CREATE TRIGGER queue_status_counts_update AFTER UPDATE OF {COLUMNS} ON triage_items
        WHEN {" OR ".join(f"old.{name} IS NOT new.{name}" for name in DIMENSIONS)}
        BEGIN
            UPDATE queue_status_counts SET items = items - 1 WHERE {_same_as("old")};
            INSERT INTO queue_status_counts ({COLUMNS}, items) VALUES ({_row("new")}, 1)
            ON CONFLICT ({COLUMNS}) DO UPDATE SET items = items + 1;
        END""",
    "queue_status_counts_delete": f"""
        CREATE TRIGGER queue_status_counts_delete AFTER DELETE ON triage_items
        BEGIN
            UPDATE queue_status_counts SET items = items - 1 WHERE {_same_as("old")};
        END""",
    "triage_search_insert": f"""
        CREATE TRIGGER triage_search_insert AFTER INSERT ON triage_items
        WHEN new.content_erased_at IS NULL
        BEGIN
            INSERT INTO triage_search (rowid, terms)
            VALUES (new.id, tipsapp_search_terms({SOURCE_TEXT.format(row="new")},
                                                 new.text_language));
        END""",
    "triage_search_update": f"""
        CREATE TRIGGER triage_search_update AFTER UPDATE OF {SEARCH_COLUMNS} ON triage_items
        BEGIN
            DELETE FROM triage_search WHERE rowid = old.id;
            INSERT INTO triage_search (rowid, terms)
            SELECT new.id, tipsapp_search_terms({SOURCE_TEXT.format(row="new")},
                                                new.text_language)
            WHERE new.content_erased_at IS NULL;
        END""",
    "triage_search_delete": """
        CREATE TRIGGER triage_search_delete AFTER DELETE ON triage_items
        BEGIN
            DELETE FROM triage_search WHERE rowid = old.id;
        END""",
    "triage_search_tip_text": """
        CREATE TRIGGER triage_search_tip_text AFTER UPDATE OF text ON tips
        BEGIN
            DELETE FROM triage_search
            WHERE rowid IN (SELECT id FROM triage_items WHERE tip_id = new.id);
            INSERT INTO triage_search (rowid, terms)
            SELECT id, tipsapp_search_terms(coalesce(redacted_text, new.text), text_language)
            FROM triage_items WHERE tip_id = new.id AND content_erased_at IS NULL;
        END""",
    "triage_search_observation_text": """
        CREATE TRIGGER triage_search_observation_text AFTER UPDATE OF text ON observations
        BEGIN
            DELETE FROM triage_search
            WHERE rowid IN (SELECT id FROM triage_items WHERE observation_id = new.id);
            INSERT INTO triage_search (rowid, terms)
            SELECT id, tipsapp_search_terms(coalesce(redacted_text, new.text), text_language)
            FROM triage_items WHERE observation_id = new.id AND content_erased_at IS NULL;
        END""",
}


def _pg_counter_change(source: str) -> str:
    """Rows of (dimensions, change) from the transition tables named in ``source``."""
    return f"""
        INSERT INTO queue_status_counts AS counter ({COLUMNS}, items)
        SELECT {COLUMNS}, sum(change) FROM ({source}) AS changes
        GROUP BY {COLUMNS} HAVING sum(change) <> 0
        ORDER BY {COLUMNS}
        ON CONFLICT ({COLUMNS}) DO UPDATE SET items = counter.items + excluded.items;
    """


PG_FUNCTIONS = {
    "queue_status_counts_inserted": _pg_counter_change(
        f"SELECT {COLUMNS}, 1 AS change FROM new_rows"
    ),
    "queue_status_counts_updated": _pg_counter_change(
        f"SELECT {COLUMNS}, 1 AS change FROM new_rows"
        f" UNION ALL SELECT {COLUMNS}, -1 AS change FROM old_rows"
    ),
    "queue_status_counts_deleted": _pg_counter_change(
        f"SELECT {COLUMNS}, -1 AS change FROM old_rows"
    ),
    "triage_search_index_item": f"""
        IF NEW.content_erased_at IS NULL THEN
            INSERT INTO triage_search (item_id, document)
            VALUES (NEW.id, triage_search_document({SOURCE_TEXT.format(row="NEW")},
                                                   NEW.text_language))
            ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        ELSE
            DELETE FROM triage_search WHERE item_id = NEW.id;
        END IF;
    """,
    "triage_search_index_tip": """
        UPDATE triage_search SET document =
            triage_search_document(coalesce(triage_items.redacted_text, NEW.text),
                                   triage_items.text_language)
        FROM triage_items
        WHERE triage_search.item_id = triage_items.id AND triage_items.tip_id = NEW.id;
    """,
    "triage_search_index_observation": """
        UPDATE triage_search SET document =
            triage_search_document(coalesce(triage_items.redacted_text, NEW.text),
                                   triage_items.text_language)
        FROM triage_items
        WHERE triage_search.item_id = triage_items.id AND triage_items.observation_id = NEW.id;
    """,
}
PG_TRIGGERS = {
    "queue_status_counts_insert": (
        "AFTER INSERT ON triage_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
        "queue_status_counts_inserted",
    ),
    "queue_status_counts_update": (
        "AFTER UPDATE ON triage_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        " FOR EACH STATEMENT",
        "queue_status_counts_updated",
    ),
    "queue_status_counts_delete": (
        "AFTER DELETE ON triage_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
        "queue_status_counts_deleted",
    ),
    "triage_search_item": (
        f"AFTER INSERT OR UPDATE OF {SEARCH_COLUMNS} ON triage_items FOR EACH ROW",
        "triage_search_index_item",
    ),
    "triage_search_tip_text": (
        "AFTER UPDATE OF text ON tips FOR EACH ROW",
        "triage_search_index_tip",
    ),
    "triage_search_observation_text": (
        "AFTER UPDATE OF text ON observations FOR EACH ROW",
        "triage_search_index_observation",
    ),
}
TRIGGER_TABLES = {
    "queue_status_counts_insert": "triage_items",
    "queue_status_counts_update": "triage_items",
    "queue_status_counts_delete": "triage_items",
    "triage_search_item": "triage_items",
    "triage_search_tip_text": "tips",
    "triage_search_observation_text": "observations",
}


def _register_sqlite_function(bind):
    """The stemming function the SQLite triggers and the backfill call (same as the app's)."""
    from tipsapp.triage.search import register_sqlite_function

    register_sqlite_function(bind.connection.driver_connection)


def upgrade():
    op.create_table(
        "queue_status_counts",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("effective_category", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("attention", sa.Boolean(), nullable=False),
        sa.Column("text_language", sa.String(length=8), nullable=False),
        sa.Column("needs_translation", sa.Boolean(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*DIMENSIONS, name=op.f("pk_queue_status_counts")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _register_sqlite_function(bind)
        op.execute(
            "CREATE VIRTUAL TABLE triage_search USING fts5("
            "terms, tokenize = 'unicode61 remove_diacritics 0')"
        )
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)
        op.execute(
            "INSERT INTO triage_search (rowid, terms) SELECT triage_items.id,"
            " tipsapp_search_terms(coalesce(triage_items.redacted_text, tips.text,"
            " observations.text), triage_items.text_language)"
            " FROM triage_items"
            " LEFT JOIN tips ON tips.id = triage_items.tip_id"
            " LEFT JOIN observations ON observations.id = triage_items.observation_id"
            " WHERE triage_items.content_erased_at IS NULL"
        )
    else:
        op.execute(
            "CREATE TABLE triage_search ("
            " item_id integer PRIMARY KEY REFERENCES triage_items (id) ON DELETE CASCADE,"
            " document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_triage_search_document ON triage_search USING gin (document)")
        op.execute(
            "CREATE FUNCTION triage_search_document(body text, language text)"
            " RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$"
            " SELECT to_tsvector(CASE WHEN language IN ('sv', 'und')"
            " THEN 'swedish'::regconfig ELSE 'simple'::regconfig END, coalesce(body, ''))"
            " $$"
        )
        for name, body in PG_FUNCTIONS.items():
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {body} RETURN NULL; END $$"
            )
        for name, (when, function) in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}()")
        op.execute(
            "INSERT INTO triage_search (item_id, document) SELECT triage_items.id,"
            " triage_search_document(coalesce(triage_items.redacted_text, tips.text,"
            " observations.text), triage_items.text_language)"
            " FROM triage_items"
            " LEFT JOIN tips ON tips.id = triage_items.tip_id"
            " LEFT JOIN observations ON observations.id = triage_items.observation_id"
            " WHERE triage_items.content_erased_at IS NULL"
        )
    op.execute(
        f"INSERT INTO queue_status_counts ({COLUMNS}, items)"
        f" SELECT {COLUMNS}, count(*) FROM triage_items GROUP BY {COLUMNS}"
    )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, table in TRIGGER_TABLES.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TABLE IF EXISTS triage_search")
    if bind.dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS triage_search_document(text, text)")
    op.drop_table("queue_status_counts")
