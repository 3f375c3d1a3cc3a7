"""Latency of the triage queue (``GET /api/v1/queue``) against the same 50 rows served bare.

Usage: python bench/queue_page.py [--items 100000] [--repeats 50] [--depth 25000]
                             [--database sqlite|postgres|both] [--profile]

What it measures. For each database (SQLite by default; PostgreSQL at 127.0.0.1:5432 with
``--database postgres|both``, skipped with a reason when unreachable) it migrates a fresh
database with the real migrations, seeds the reference data and bulk-fills ``--items`` tips,
each with its triage item (2 areas, all 12 categories, the usual statuses, ~2 % urgent,
priorities from ``triage.scoring``, received over a year), then runs ANALYZE. The fill is Core
INSERTs, as intake writes; the search index and the counts per status are filled by the
database triggers the migration created, the same SQL that keeps them for the app. An analyst
of an organisation covering both areas logs in, and the queue is read in-process with Flask's
test client (no HTTP server, no socket: only the app's own cost is timed). Cases (every first
page carries the counts per status, as the API sends them; deep pages do not):

- first page, default sort (priority), no filter, and a deep page (``--depth`` rows in,
  page ~500) reached with the API's own cursor;
- the same with ``status=new,triaged&area=gislaved&focus_area=trygghet`` (the deep page is
  capped at 80 % of the matching rows);
- free-text search: ``q=moped`` (about a fifth of the items hold the word), ``q=mopeder``
  (found by its Swedish stem), a deep page of that, and the filter with ``q=mopeder``.

Targets, per case (the final table, PASS or ABOVE): the API's p99 under 100 ms, and the API's
p50 within 3x of ``served``: the same rows served by a one-route Flask app (rows to dicts,
``jsonify``, the same test client and JSON decoding, no auth, validation, schema or counts),
the floor of any Flask answer carrying these rows.

The baseline, in the same run and on the same database: a bare SQL query (``text()`` on a plain
connection, rows fetched as tuples) for the same 50 rows, with the same ORDER BY
(queue_key, received_at, id), the same filters (the search through the same index, per
database) and, for deep pages, the same keyset WHERE as ``common/pagination.py`` builds. The
deep cursor is taken once with an OFFSET query and the API's first row on that page is checked
against the bare one.

How to read the figures.
- p50/p99 are milliseconds over ``--repeats`` calls after a short warm-up (with 50 repeats p99
  is about the slowest call). Other work on the machine shows in p99 first.
- ``API/bare`` = API p50 / bare p50; ``API/served`` = API p50 / served p50 (the target).
- ``deep/first`` is the p50 of the deep page over the p50 of the first page, for the API and
  the bare query: ~1.0 means no growth with depth, the point of keyset pagination. ``seek`` is
  the bare deep page written as a row-value comparison ``(queue_key, received_at, id) >
  (k, r, i)``, as the app writes it for one sort direction; the OR chain is shown beside it.
- ``where the time goes`` takes the API's own page and counts statements, as recorded from the
  engine during one request, and times them again on the bare connection; ``rest`` is the API
  p50 minus both (other queries, ORM loads, masking the excerpts, marshmallow, Flask).
  ``its counts`` is the counter-table sum (``queue_status_counts``, kept by triggers) or, for a
  search, the count of the matches; ``bare counts`` is counting the items with a plain GROUP BY,
  what the counts cost before the counter table. ``stmts`` is how many SQL statements one API
  request sends (a number near 50 means one lazy load per row).
- EXPLAIN (QUERY PLAN) shows the index each filtered bare query uses, and the plans of the
  API's own page query for the filtered deep page and for a search.
- ``search alternatives`` counts the matches of q=moped and q=mopeder through the app's index,
  through ``LIKE '%word%'`` over every text (the search before the index) and, on PostgreSQL,
  through a ``pg_trgm`` GIN index: why the index is what it is (tipsapp/triage/search.py).
- ``--profile`` adds a cProfile of 10 API requests per case (top functions by cumulative time).
- The script prints; it does not assert. Exit code 0 also when above target.

Only 127.0.0.1 is contacted; the temp folder and the PostgreSQL bench database
(``tipsapp_queue_bench``) are removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import io
import json
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, jsonify
from sqlalchemy import Connection, Engine, bindparam, event, insert, select, text
from sqlalchemy.sql.elements import TextClause

from tipsapp import create_app
from tipsapp.common.pagination import encode_cursor
from tipsapp.common.types import UTCDateTime
from tipsapp.extensions import db
from tipsapp.reference.data import CATEGORIES
from tipsapp.reference.models import Area
from tipsapp.security.secrets import READABLE_ALPHABET, group
from tipsapp.tips.models import Tip
from tipsapp.triage import search
from tipsapp.triage.models import TriageItem
from tipsapp.triage.scoring import priority_score, queue_rank
from tipsapp.triage.service import QUEUE_ORDERS, masked_excerpt

HOST = "127.0.0.1"
PG_ADMIN_URL = f"postgresql://postgres@{HOST}:5432/postgres"
PG_BENCH_DB = "tipsapp_queue_bench"
PAGE = 50
BATCH = 5_000
WARMUP = 3
DECOMPOSE_REPEATS = 10  # the "where the time goes" timings: p50 of this many runs
TARGET_RATIO = 3.0  # API p50 / served p50
TARGET_P99_MS = 100.0
# Where the app's counts come from: the counter table, or counting the items (a search).
COUNTS_TABLES = ("triage_items", "queue_status_counts")
QUEUE_PATH = "/api/v1/queue"
ANALYST_EMAIL = "bench.analyst@example.se"
ANALYST_PASSWORD = "grumliga ekorrar räknar kön 1"
SEARCH_WORD = "moped"

# How often each category comes in (weights, not percentages).
CATEGORY_WEIGHTS = {
    "vandalism": 15,
    "disorder": 15,
    "traffic": 14,
    "unsafe_environment": 12,
    "burglary_theft": 10,
    "drugs": 8,
    "other": 8,
    "violence": 6,
    "fraud": 5,
    "online_abuse": 3,
    "domestic_violence": 2,
    "sexual_offence": 2,
}
STATUS_WEIGHTS = {
    "new": 30,
    "triaged": 20,
    "queued": 10,
    "reported": 15,
    "archived": 22,
    "rejected": 2,
    "duplicate": 1,
}
CATEGORY_PHRASES = {
    "vandalism": "Någon har sprejat klotter på busskuren och krossat en glasruta.",
    "disorder": "Ett gäng stökar och skriker utanför affären varje kväll.",
    "traffic": "Bilarna kör alldeles för fort förbi skolan, ingen håller trettio.",
    "unsafe_environment": "Belysningen i gångtunneln är trasig och buskarna har växt igen.",
    "burglary_theft": "Det har varit flera inbrott i förråden och cyklar har stulits.",
    "drugs": "Ungdomar verkar langa narkotika bakom idrottshallen på kvällarna.",
    "other": "Jag vet inte vart jag ska vända mig men vill berätta om det här.",
    "violence": "Två personer bråkade och en blev slagen vid busstationen.",
    "fraud": "Min mamma fick samtal från någon som låtsades vara från banken.",
    "online_abuse": "Någon sprider kränkande bilder på en elev i en chattgrupp.",
    "domestic_violence": "Det hörs skrik och slag från lägenheten bredvid nästan varje natt.",
    "sexual_offence": "En man har följt efter och tafsat på tjejer vid badplatsen.",
}
GENERIC_PHRASES = (
    "Det har hänt flera gånger den senaste månaden.",
    "Oftast sent på fredagskvällar.",
    "Barnen går förbi där på väg till skolan.",
    "Grannarna är oroliga och vågar inte gå ut på kvällen.",
    f"En {SEARCH_WORD} kör fram och tillbaka på gång- och cykelvägen.",
    "Jag har sett samma personer där flera gånger.",
    "Det ligger glas och skräp överallt på morgonen.",
    "Ingen verkar bry sig om att det blivit så här.",
    "Kan polisen eller kommunen titta på det?",
    "Jag vill vara anonym men hoppas att någon gör något.",
)
PII_PHRASES = ("Bilen hade regnummer ABC 123.", "Ring mig gärna på 070-123 45 67.")
PLACES = {
    "gislaved": (
        "Torget",
        "Stationsgatan",
        "Gislaved Park",
        "Anderstorp centrum",
        "Smålandsstenar",
    ),
    "varnamo": ("Storgatan", "Resecentrum", "Apladalen", "Rydaholm", "Bredaryd"),
}
COORDINATES = {"gislaved": (57.30, 13.54), "varnamo": (57.18, 14.04)}

# Repeated, not comma-separated: see comma_form_note().
FILTER_PARAMS = {"status": ["new", "triaged"], "area": ["gislaved"], "focus_area": ["trygghet"]}
FILTER_SQL = (
    "triage_items.status IN ('new', 'triaged') AND triage_items.area_id = :area_id "
    "AND triage_items.focus_area = 'trygghet'"
)
# The search index as the app queries it (tipsapp/triage/search.py), written per database.
SEARCH_SQL = "triage_items.id IN ({matching})"
MATCHING_SQL = {
    "sqlite": "SELECT rowid FROM triage_search WHERE triage_search MATCH :match",
    "postgresql": (
        "SELECT item_id FROM triage_search WHERE document @@"
        " (plainto_tsquery('swedish', :words) || plainto_tsquery('simple', :words))"
    ),
}
INFLECTED_WORD = "mopeder"  # finds SEARCH_WORD by its Swedish stem
ORDER_SQL = "ORDER BY triage_items.queue_key, triage_items.received_at, triage_items.id"
# The WHERE common/pagination.py builds for "after (k, r, i)" in the priority order.
KEYSET_OR_SQL = (
    "triage_items.queue_key >= :k AND (triage_items.queue_key > :k "
    "OR (triage_items.queue_key = :k AND triage_items.received_at > :r) "
    "OR (triage_items.queue_key = :k AND triage_items.received_at = :r "
    "AND triage_items.id > :i))"
)
KEYSET_ROW_SQL = (
    "(triage_items.queue_key, triage_items.received_at, triage_items.id) > (:k, :r, :i)"
)


@dataclass(frozen=True)
class Case:
    """One queue read: API query parameters and the bare SQL WHERE that selects the same rows."""

    label: str
    params: dict[str, list[str]]
    where: str = ""
    deep: bool = False
    search: str | None = None  # the q= word


def where_of(case: Case, dialect: str) -> str:
    """The case's bare WHERE for this database (the search index differs per database)."""
    return case.where.replace("{matching}", MATCHING_SQL[dialect])


CASES = (
    Case("first, no filter", {}),
    Case("deep, no filter", {}, deep=True),
    Case("first, filtered", FILTER_PARAMS, FILTER_SQL),
    Case("deep, filtered", FILTER_PARAMS, FILTER_SQL, deep=True),
    Case(f"first, q={SEARCH_WORD}", {"q": [SEARCH_WORD]}, SEARCH_SQL, search=SEARCH_WORD),
    Case(
        f"first, q={INFLECTED_WORD}",
        {"q": [INFLECTED_WORD]},
        SEARCH_SQL,
        search=INFLECTED_WORD,
    ),
    Case(
        f"deep, q={INFLECTED_WORD}",
        {"q": [INFLECTED_WORD]},
        SEARCH_SQL,
        deep=True,
        search=INFLECTED_WORD,
    ),
    Case(
        "first, filtered+q",
        {**FILTER_PARAMS, "q": [INFLECTED_WORD]},
        f"{FILTER_SQL} AND {SEARCH_SQL}",
        search=INFLECTED_WORD,
    ),
)


@dataclass(frozen=True)
class Timing:
    p50: float
    p99: float


@dataclass
class Result:
    case: Case
    api: Timing
    bare: Timing
    served: Timing
    counts: Timing
    api_page_sql: Timing
    api_counts_sql: Timing
    statements: int
    depth: int = 0
    seek: Timing | None = None
    same_rows: bool | None = None


@dataclass
class Target:
    """One database: its URL and how to remove it."""

    name: str
    url: str
    cleanup: Callable[[], None] = field(default=lambda: None)


# --------------------------------------------------------------------------- databases


def sqlite_target(workdir: Path) -> Target:
    return Target("SQLite", f"sqlite:///{workdir / 'queue-bench.sqlite3'}")


def postgres_target() -> Target | str:
    """A fresh ``tipsapp_queue_bench`` database; a str says why there is none."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc})"

    def admin(statement: str) -> None:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(statement)  # type: ignore[call-overload]

    try:
        admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        admin(f"CREATE DATABASE {PG_BENCH_DB}")
    except psycopg.Error as exc:
        return f"cannot create {PG_BENCH_DB} at {PG_ADMIN_URL}: {str(exc).strip()}"
    url = f"postgresql+psycopg://postgres@{HOST}:5432/{PG_BENCH_DB}"
    return Target(
        "PostgreSQL", url, lambda: admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
    )


def make_app(url: str, instance: Path) -> Flask:
    """The real app on ``url``, migrated with the real migrations and seeded."""
    import flask_migrate

    from tipsapp.reference.service import seed_reference_data

    os.environ["TIPSAPP_INSTANCE_PATH"] = str(instance)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TIPSAPP_ENV": "testing",
            "SECRET_KEY": "queue-bench-" + "x" * 40,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        seed_reference_data()
    return app


# --------------------------------------------------------------------------- the fill


@functools.cache
def category_facts() -> tuple[dict[str, str | None], frozenset[str]]:
    """Each category's focus area, and the sensitive categories (reference/data.py)."""
    focus_of = {category.code: category.focus_area for category in CATEGORIES}
    return focus_of, frozenset(category.code for category in CATEGORIES if category.sensitive)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def new_reference(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "".join(rng.choices(READABLE_ALPHABET, k=8))
        if code not in used:
            used.add(code)
            return "T-" + group(code)


def tip_text(rng: random.Random, category: str) -> str:
    parts = [CATEGORY_PHRASES[category], *rng.sample(GENERIC_PHRASES, rng.randint(1, 3))]
    if rng.random() < 0.05:
        parts.append(rng.choice(PII_PHRASES))
    return " ".join(parts)


def fake_rows(
    rng: random.Random, row_id: int, area: tuple[str, int], now: datetime, used: set[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One tip and its triage item, consistent with reference/data.py and triage/scoring.py."""
    area_code, area_id = area
    focus_of, sensitive = category_facts()
    reported = weighted(rng, CATEGORY_WEIGHTS)
    suggested = reported if rng.random() < 0.7 else weighted(rng, CATEGORY_WEIGHTS)
    resident = reported if rng.random() < 0.4 else None
    status = weighted(rng, STATUS_WEIGHTS)
    category = None
    if status != "new":
        category = suggested if rng.random() < 0.8 else weighted(rng, CATEGORY_WEIGHTS)
    effective = category or suggested
    focus = focus_of[effective]
    urgent = rng.random() < 0.02
    attention = status in {"triaged", "queued"} and rng.random() < 0.01
    supporting = rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3))
    by_analyst = status != "new" and rng.random() < 0.03
    priority = (
        rng.randint(0, 200) if by_analyst else priority_score(effective, focus, urgent, supporting)
    )
    received = (now - timedelta(seconds=rng.randint(0, 365 * 24 * 3600))).replace(
        second=0, microsecond=0
    )
    text_value = tip_text(rng, reported)
    lat, lon = COORDINATES[area_code]
    reference = new_reference(rng, used)
    tip = {
        "id": row_id,
        "reference": reference,
        "receipt_hash": f"{rng.getrandbits(256):064x}",
        "area_id": area_id,
        "text": text_value,
        "resident_category": resident,
        "occurred_at": received - timedelta(hours=rng.randint(0, 48)),
        "place": rng.choice(PLACES[area_code]) if rng.random() < 0.8 else None,
        "latitude": lat + rng.uniform(-0.05, 0.05) if rng.random() < 0.6 else None,
        "longitude": lon + rng.uniform(-0.05, 0.05),
        "accuracy_m": rng.choice((10.0, 25.0, 100.0)),
        "language": "sv",
        "received_at": received,
    }
    if tip["latitude"] is None:
        tip["longitude"] = tip["accuracy_m"] = None
    item = {
        "id": row_id,
        "reference": reference,
        "kind": "tip",
        "tip_id": row_id,
        "area_id": area_id,
        "status": status,
        "category": category,
        "resident_category": resident,
        "suggested_category": suggested,
        "suggestion_confidence": round(rng.uniform(0.3, 0.95), 3),
        "suggestion_words": rng.sample(text_value.lower().split(), 2),
        "urgent": urgent,
        "urgency_words": ["nu"] if urgent else [],
        "effective_category": effective,
        "focus_area": focus,
        "sensitive": bool({category, suggested, resident} & sensitive),
        "priority": priority,
        "priority_set_by_analyst": by_analyst,
        "attention": attention,
        "queue_key": -queue_rank(priority, attention),
        "shared_with_partners": False,
        "redacted_text": None,
        "rejection_reason": "Inte polisiärt." if status == "rejected" else None,
        "duplicate_of_id": max(1, row_id - rng.randint(1, 500)) if status == "duplicate" else None,
        "supporting_count": supporting,
        "received_at": received,
        "updated_at": received + timedelta(hours=rng.randint(0, 72)),
        "version": 1,
    }
    if status in {"triaged", "queued", "reported"} and not item["sensitive"]:
        item["shared_with_partners"] = rng.random() < 0.05
    if status != "new" and rng.random() < 0.03:
        item["redacted_text"] = text_value.replace("070-123 45 67", "[borttaget]")
    if row_id == 1 and status == "duplicate":
        item["status"], item["duplicate_of_id"] = "triaged", None
    # Masked as intake masks it (triage/service.py refresh_excerpt): the app's own work, done once.
    item["masked_excerpt"] = masked_excerpt(item["redacted_text"] or text_value)
    return tip, item


def fill(app: Flask, count: int, seed: int) -> float:
    """Bulk-insert ``count`` tips and items with Core, in batches; returns the seconds taken."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    used: set[str] = set()
    started = time.perf_counter()
    with app.app_context():
        areas = [(a.code, a.id) for a in db.session.scalars(select(Area).order_by(Area.code))]
        for start in range(1, count + 1, BATCH):
            rows = [
                fake_rows(rng, row_id, rng.choice(areas), now, used)
                for row_id in range(start, min(start + BATCH, count + 1))
            ]
            db.session.execute(insert(Tip.__table__), [tip for tip, _ in rows])
            db.session.execute(insert(TriageItem.__table__), [item for _, item in rows])
        db.session.commit()
    return time.perf_counter() - started


def analyze(engine: Engine) -> None:
    """Planner statistics, as a database in service would have them."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def analyst_token(app: Flask) -> str:
    """An analyst of an organisation whose agreement covers both areas; a bearer token."""
    from tipsapp.staff import service

    with app.app_context():
        organisation = service.create_organisation(
            "Bench kommun", "municipality", ["gislaved", "varnamo"]
        )
        service.create_user(
            ANALYST_EMAIL, "Bench Analyst", ANALYST_PASSWORD, "analyst", organisation
        )
        return service.login(ANALYST_EMAIL, ANALYST_PASSWORD).token


# --------------------------------------------------------------------------- measuring


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def timed(call: Callable[[], Any], repeats: int) -> Timing:
    """p50/p99 in ms of ``call`` after a short warm-up."""
    for _ in range(WARMUP):
        call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return Timing(statistics.median(samples), percentile(samples, 99))


def api_caller(
    app: Flask, token: str, params: dict[str, list[str]]
) -> Callable[[], dict[str, Any]]:
    client = app.test_client()
    url = f"{QUEUE_PATH}?{urlencode(params, doseq=True)}" if params else QUEUE_PATH
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def call() -> dict[str, Any]:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text}")
        # Decoded as a browser would (plain JSON), not by the app's strict request-body reader.
        return dict(json.loads(response.get_data()))

    return call


def served_bare_caller(
    conn: Connection, page: TextClause, params: dict[str, Any]
) -> Callable[[], Any]:
    """The bare page served the plainest way Flask can: one route, the same SQL on the same
    connection, rows as dicts through ``jsonify``, read back through a test client and decoded
    like the API's answer. No auth, validation, schema or counts: the floor an API answer of
    these 50 rows could reach on this stack."""
    bare_app = Flask("bare_queue_page")

    @bare_app.get("/page")
    def bare_page() -> Any:
        rows = conn.execute(page, params).mappings().all()
        return jsonify({"items": [dict(row) for row in rows]})

    client = bare_app.test_client()

    def call() -> dict[str, Any]:
        return dict(json.loads(client.get("/page").get_data()))

    return call


@contextlib.contextmanager
def recording_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement (with its parameters) sent to ``engine`` inside the block."""
    seen: list[tuple[str, Any]] = []

    def listener(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def bare_sql(case: Case, dialect: str, keyset: str | None = None, limit: str = str(PAGE)) -> str:
    where = [part for part in (where_of(case, dialect), keyset) if part]
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT triage_items.* FROM triage_items{clause} {ORDER_SQL} LIMIT {limit}"


def typed(sql: str) -> TextClause:
    """``text(sql)`` with the datetime parameter converted as the app converts it."""
    statement = text(sql)
    if ":r" in sql:
        statement = statement.bindparams(bindparam("r", type_=UTCDateTime()))
    return statement


def counts_sql(case: Case, dialect: str) -> str:
    """The counts written as counting the items (what the counter table saves)."""
    # Same filters as the page except the status filter, as service.status_counts does.
    where = where_of(case, dialect).replace("triage_items.status IN ('new', 'triaged') AND ", "")
    clause = f" WHERE {where}" if where else ""
    return f"SELECT triage_items.status, count(*) FROM triage_items{clause} GROUP BY 1"


def base_params(conn: Connection, case: Case) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if ":area_id" in case.where:
        params["area_id"] = conn.execute(
            text("SELECT id FROM areas WHERE code = 'gislaved'")
        ).scalar()
    if case.search:
        # The app's own translation of the words (tipsapp/triage/search.py).
        params["match"] = search.fts5_match(case.search)
        params["words"] = " ".join(search.words(case.search))
    return params


def deep_position(conn: Connection, case: Case, depth: int, params: dict[str, Any]) -> int:
    """How deep this case's deep page goes: ``depth`` rows, at most 80 % of the matching rows."""
    where = f" WHERE {where_of(case, conn.dialect.name)}" if case.where else ""
    matching = conn.execute(text(f"SELECT count(*) FROM triage_items{where}"), params).scalar()
    capped = min(depth, int(int(matching or 0) * 0.8))
    return max(PAGE, capped - capped % PAGE)


def cursor_row(conn: Connection, case: Case, depth: int, params: dict[str, Any]) -> dict[str, Any]:
    """(k, r, i) of the last row before the deep page: what the API's cursor names."""
    sql = bare_sql(case, conn.dialect.name, limit=f"1 OFFSET {depth - 1}").replace(
        "SELECT triage_items.*",
        "SELECT triage_items.queue_key, triage_items.received_at, triage_items.id",
    )
    row = conn.execute(text(sql).columns(received_at=UTCDateTime()), params).one()
    return {"k": row[0], "r": row[1], "i": row[2]}


def explain(conn: Connection, sql: str, params: Any, driver: bool = False) -> list[str]:
    """The query plan as lines (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""
    sqlite = conn.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    if driver:
        rows = conn.exec_driver_sql(prefix + sql, params).all()
    else:
        rows = conn.execute(typed(prefix + sql), params).all()
    if sqlite:  # (id, parent, notused, detail)
        depth_of: dict[int, int] = {0: -1}
        lines = []
        for node, parent, _unused, detail in rows:
            depth_of[node] = depth_of.get(parent, -1) + 1
            lines.append("  " * depth_of[node] + str(detail))
        return lines
    return [str(row[0]) for row in rows]


@dataclass(frozen=True)
class Request:
    """What one case sends: the API's query parameters and the bare query's parameters."""

    api: dict[str, list[str]]
    bare: dict[str, Any]
    depth: int = 0


def request_for(conn: Connection, case: Case, depth: int) -> Request:
    """The parameters of ``case``; for a deep page, the API's cursor after ``depth`` rows."""
    params = base_params(conn, case)
    if not case.deep:
        return Request(dict(case.params), params)
    depth = deep_position(conn, case, depth, params)
    after = cursor_row(conn, case, depth, params)
    cursor = encode_cursor([after["k"], after["r"], after["i"]], QUEUE_ORDERS["priority"])
    return Request({**case.params, "cursor": [cursor]}, {**params, **after}, depth)


def find_statement(
    statements: list[tuple[str, Any]], marker: str, tables: tuple[str, ...] = ("triage_items",)
) -> tuple[str, Any] | None:
    """The first recorded statement from one of ``tables`` containing ``marker``."""
    return next(
        (s for s in statements if marker in s[0] and any(f"FROM {t}" in s[0] for t in tables)),
        None,
    )


def time_statement(conn: Connection, statement: tuple[str, Any] | None, repeats: int) -> Timing:
    """The app's own SQL, as recorded, sent again on the bare connection."""
    if statement is None:
        return Timing(0.0, 0.0)
    sql, params = statement
    return timed(lambda: conn.exec_driver_sql(sql, params).all(), repeats)


def measure_case(
    app: Flask, conn: Connection, token: str, case: Case, repeats: int, depth: int
) -> Result:
    request = request_for(conn, case, depth)
    dialect = conn.dialect.name
    page = typed(bare_sql(case, dialect, KEYSET_OR_SQL if case.deep else None))
    api = api_caller(app, token, request.api)

    with recording_statements(db.engine) as statements:
        answer = api()
    bare_rows = conn.execute(page, request.bare).all()
    first_api = answer["items"][0]["reference"] if answer["items"] else None
    same = first_api == (bare_rows[0].reference if bare_rows else None)
    same = same and len(answer["items"]) == len(bare_rows)

    few = min(repeats, DECOMPOSE_REPEATS)
    result = Result(
        case=case,
        api=timed(api, repeats),
        bare=timed(lambda: conn.execute(page, request.bare).all(), repeats),
        served=timed(served_bare_caller(conn, page, request.bare), repeats),
        counts=timed(
            lambda: conn.execute(text(counts_sql(case, dialect)), request.bare).all(), few
        ),
        api_page_sql=time_statement(conn, find_statement(statements, "LIMIT"), few),
        api_counts_sql=time_statement(
            conn, find_statement(statements, "GROUP BY", COUNTS_TABLES), few
        ),
        statements=len(statements),
        depth=request.depth,
        same_rows=same,
    )
    if case.deep:
        seek_page = typed(bare_sql(case, dialect, KEYSET_ROW_SQL))
        result.seek = timed(lambda: conn.execute(seek_page, request.bare).all(), repeats)
    conn.rollback()
    return result


PROFILE_FILTER = r"tipsapp|marshmallow.schema|fetch|'execute'|psycopg.cursor"


def profile_case(app: Flask, token: str, conn: Connection, case: Case, depth: int) -> str:
    """cProfile of 10 API requests of ``case``: the app's, marshmallow's and the driver's
    functions, by cumulative time (the Flask/werkzeug wrappers around them are left out)."""
    request = request_for(conn, case, depth)
    conn.rollback()
    api = api_caller(app, token, request.api)
    api()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        api()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(PROFILE_FILTER, 25)
    return out.getvalue()


def api_page_plan(app: Flask, token: str, conn: Connection, case: Case, depth: int) -> list[str]:
    """The plan of the page query the API itself sends for ``case`` (captured from the engine)."""
    request = request_for(conn, case, depth)
    with recording_statements(db.engine) as statements:
        api_caller(app, token, request.api)()
    page = find_statement(statements, "LIMIT")
    if page is None:
        return ["(page query not found)"]
    plan = explain(conn, page[0], page[1], driver=True)
    conn.rollback()
    return plan


def comma_form_note(app: Flask, token: str) -> str:
    """Whether ``status=new,triaged`` (the comma form the schema's CommaList documents) works."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{QUEUE_PATH}?status=new,triaged&limit=1"
    status = app.test_client().get(url, headers=headers).status_code
    if status == 200:
        return f"  GET {url} -> 200: the comma form works (the bench sends repeated parameters)"
    return (
        f"  NOTE: GET {url} -> {status}: the comma form of a list filter is rejected, so the"
        " bench sends status=new&status=triaged (webargs hands CommaList a list, not the string)"
    )


# --------------------------------------------------------------------------- reporting


def verdict(passed: bool) -> str:
    return "PASS" if passed else "ABOVE"


def served_ratio(r: Result) -> float:
    return r.api.p50 / r.served.p50 if r.served.p50 else float("inf")


def print_results(results: list[Result]) -> None:
    print(
        f"\n  {'case':<20} {'depth':>6} {'API p50':>8} {'p99':>7} {'bare p50':>9} {'p99':>7}"
        f" {'API/bare':>8}  {'served p50':>10} {'API/served':>10}"
    )
    for r in results:
        ratio = r.api.p50 / r.bare.p50 if r.bare.p50 else float("inf")
        print(
            f"  {r.case.label:<20} {r.depth:>6} {r.api.p50:>8.2f} {r.api.p99:>7.2f}"
            f" {r.bare.p50:>9.3f} {r.bare.p99:>7.3f} {ratio:>7.1f}x"
            f"  {r.served.p50:>10.2f} {served_ratio(r):>9.1f}x"
        )
    by_label = {r.case.label: r for r in results}
    print("\n  growth with depth (p50 deep / p50 first; ~1.0 is good):")
    print(f"  {'filter':<12} {'API':>7} {'bare':>7} {'bare seek':>10}  deep page")
    for name in ("no filter", "filtered"):
        first, deep = by_label.get(f"first, {name}"), by_label.get(f"deep, {name}")
        if first is None or deep is None:
            continue
        seek = deep.seek.p50 / first.bare.p50 if deep.seek else 0.0
        print(
            f"  {name:<12} {deep.api.p50 / first.api.p50:>7.2f}"
            f" {deep.bare.p50 / first.bare.p50:>7.2f} {seek:>10.2f}"
            f"  row {deep.depth + 1} (page {deep.depth // PAGE + 1}); seek p50"
            f" {deep.seek.p50 if deep.seek else 0:.3f} ms; API = bare rows:"
            f" {'yes' if deep.same_rows else 'NO'}"
        )
    print(
        "\n  where the time goes (p50 ms): the API's own page and counts SQL, as recorded from"
        " the engine and sent again on the bare connection; rest = API - both"
    )
    print(
        f"  {'case':<20} {'API':>8} {'its page':>9} {'its counts':>11} {'rest':>8}"
        f" {'stmts':>6} {'bare counts':>12}"
    )
    for r in results:
        rest = r.api.p50 - r.api_page_sql.p50 - r.api_counts_sql.p50
        print(
            f"  {r.case.label:<20} {r.api.p50:>8.2f} {r.api_page_sql.p50:>9.2f}"
            f" {r.api_counts_sql.p50:>11.2f} {rest:>8.2f} {r.statements:>6d}"
            f" {r.counts.p50:>12.2f}"
        )


def print_plans(app: Flask, token: str, conn: Connection, depth: int) -> None:
    first, deep = CASES[2], CASES[3]
    dialect = conn.dialect.name
    title = "EXPLAIN QUERY PLAN" if conn.dialect.name == "sqlite" else "EXPLAIN"
    plans = (
        (
            "bare first page, filtered",
            bare_sql(first, dialect),
            request_for(conn, first, depth),
        ),
        (
            "bare deep page, filtered (keyset OR chain, as the app writes it)",
            bare_sql(deep, dialect, KEYSET_OR_SQL),
            request_for(conn, deep, depth),
        ),
        (
            "bare deep page, filtered (row-value seek)",
            bare_sql(deep, dialect, KEYSET_ROW_SQL),
            request_for(conn, deep, depth),
        ),
    )
    for label, sql, request in plans:
        print(f"\n  {title}, {label}:")
        for line in explain(conn, sql, request.bare):
            print(f"    {line}")
    conn.rollback()
    print(f"\n  {title}, the API's own page query, deep page, filtered:")
    for line in api_page_plan(app, token, conn, deep, depth):
        print(f"    {line}")
    searched = next(case for case in CASES if case.label == f"first, q={INFLECTED_WORD}")
    print(f"\n  {title}, the API's own page query, {searched.label}:")
    for line in api_page_plan(app, token, conn, searched, depth):
        print(f"    {line}")


def print_search_alternatives(conn: Connection, repeats: int) -> None:
    """What the search index buys: counting the matches of q=moped and q=mopeder through the
    app's index, against a substring search (``LIKE '%word%'`` over every text, as the queue
    searched before) and, on PostgreSQL, the same substring search with a ``pg_trgm`` GIN index
    (on a temporary copy of the texts; the app does not create the extension)."""
    dialect = conn.dialect.name
    source = (
        "SELECT triage_items.id, lower(coalesce(triage_items.redacted_text, tips.text)) AS body"
        " FROM triage_items JOIN tips ON tips.id = triage_items.tip_id"
    )
    ways = {
        "index (the app's)": f"SELECT count(*) FROM ({MATCHING_SQL[dialect]}) AS found",
        "LIKE, every text": f"SELECT count(*) FROM ({source}) AS texts WHERE body LIKE :needle",
    }
    if dialect == "postgresql":
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.exec_driver_sql(f"CREATE TEMP TABLE search_texts AS {source}")
        started = time.perf_counter()
        conn.exec_driver_sql("CREATE INDEX ON search_texts USING gin (body gin_trgm_ops)")
        built = (time.perf_counter() - started) * 1000
        conn.exec_driver_sql("ANALYZE search_texts")
        ways[f"pg_trgm GIN (built in {built:.0f} ms)"] = (
            "SELECT count(*) FROM search_texts WHERE body LIKE :needle"
        )
    print(f"\n  search alternatives, {dialect}: matches and p50 ms of counting them")
    print(f"  {'way':<32} {'q':<9} {'matches':>8} {'p50':>8} {'p99':>8}")
    for label, sql in ways.items():
        for word in (SEARCH_WORD, INFLECTED_WORD):
            params = {
                "match": search.fts5_match(word),
                "words": word,
                "needle": f"%{word}%",
            }
            statement = text(sql)
            matches = conn.execute(statement, params).scalar()
            timing = timed(lambda s=statement, p=params: conn.execute(s, p).scalar(), repeats)
            print(f"  {label:<32} {word:<9} {matches:>8} {timing.p50:>8.2f} {timing.p99:>8.2f}")
    conn.rollback()


def print_targets(name: str, results: list[Result]) -> None:
    """The verdict per case: p99 under TARGET_P99_MS, and API p50 within TARGET_RATIO of the
    same rows served by the one-route Flask app."""
    print(
        f"\n  targets, {name}: p99 < {TARGET_P99_MS:.0f} ms; API p50 <= {TARGET_RATIO:.0f}x"
        " served p50 (first pages carry the counts)"
    )
    print(
        f"  {'case':<20} {'API p50':>8} {'API p99':>8} {'p99':<6} {'served p50':>10}"
        f" {'API/served':>10} {'ratio':<6}"
    )
    for r in results:
        print(
            f"  {r.case.label:<20} {r.api.p50:>8.2f} {r.api.p99:>8.2f}"
            f" {verdict(r.api.p99 < TARGET_P99_MS):<6} {r.served.p50:>10.2f}"
            f" {served_ratio(r):>9.1f}x {verdict(served_ratio(r) <= TARGET_RATIO):<6}"
        )


def bench_target(target: Target, args: argparse.Namespace, workdir: Path) -> None:
    print(f"\n== {target.name} ==")
    app = make_app(target.url, workdir / "instance")
    seconds = fill(app, args.items, args.seed)
    print(f"  filled {args.items} tips + items in {seconds:.1f} s ({args.items / seconds:,.0f}/s)")
    with app.app_context():
        started = time.perf_counter()
        analyze(db.engine)
        print(f"  ANALYZE in {time.perf_counter() - started:.1f} s")
    token = analyst_token(app)
    try:
        print(comma_form_note(app, token))
        with app.app_context(), db.engine.connect() as conn:
            results = [
                measure_case(app, conn, token, case, args.repeats, args.depth) for case in CASES
            ]
            print_results(results)
            print_plans(app, token, conn, args.depth)
            print_search_alternatives(conn, min(args.repeats, DECOMPOSE_REPEATS))
            if args.profile:
                for case in CASES:
                    print(f"\n  cProfile, 10 API requests, {case.label}:")
                    print(profile_case(app, token, conn, case, args.depth))
            print_targets(target.name, results)
            print(f"  load average at the end: {load_average()}")
    finally:
        with app.app_context():
            db.engine.dispose()


def run_one(kind: str, args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"tipsapp-queue-bench-{kind}-"))
    target: Target | str | None = None
    try:
        (workdir / "instance").mkdir()
        target = sqlite_target(workdir) if kind == "sqlite" else postgres_target()
        if isinstance(target, str):
            print(f"\n== PostgreSQL: skipped ({target}) ==")
            return
        bench_target(target, args, workdir)
    finally:
        if isinstance(target, Target):
            try:
                target.cleanup()
            except Exception as exc:  # report and go on cleaning
                print(f"  cleanup of {target.name} failed: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="tips/items (default 100000)")
    parser.add_argument("--repeats", type=int, default=50, help="timed calls per case")
    parser.add_argument("--depth", type=int, default=25_000, help="rows before the deep page")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--seed", type=int, default=20240501, help="random seed of the fill")
    parser.add_argument("--profile", action="store_true", help="cProfile 10 requests per case")
    args = parser.parse_args(argv)
    if args.items < 10 * PAGE or args.repeats < 1 or args.depth < PAGE:
        parser.error(f"--items >= {10 * PAGE}, --repeats >= 1, --depth >= {PAGE}")
    return args


def load_average() -> str:
    """The machine's 1/5/15-minute load: other work there shows in every figure, p99 first."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def print_header(args: argparse.Namespace) -> None:
    print(
        "tipsapp queue benchmark: GET /api/v1/queue vs the same 50 rows served bare"
        f" (load average {load_average()})"
    )
    print(
        "  in-process: Flask test client, no HTTP server or socket (auth, validation, the"
        " queries, the counts, excerpts and JSON are all included)"
    )
    print(
        f"  {args.items} items, {args.repeats} timed calls per case after {WARMUP} warm-up"
        f" calls, page {PAGE}, deep page after {args.depth} rows (filtered: at most 80 % of"
        f" the matches); times in ms; {os.cpu_count()} CPUs"
    )
    print(f"  filter: {urlencode(FILTER_PARAMS, doseq=True)}; search: q={SEARCH_WORD}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header(args)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    for kind in kinds:
        try:
            run_one(kind, args)
        except Exception as exc:  # one failing must not hide the other
            print(f"\n  {kind} run failed: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
