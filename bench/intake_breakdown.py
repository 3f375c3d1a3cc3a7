"""Where a tip's milliseconds go: the full tip, then the same with one part taken out at a time.

Usage: .venv/bin/python bench/intake_breakdown.py [--tips 300] [--rounds 3]
       [--database sqlite|postgres|both] [--redis-url redis://127.0.0.1:6379/15]

A profiler's own cost falls unevenly on small Python calls, so its shares mislead. This script
measures instead: in one process, on a fresh database (SQLite in a temporary folder; PostgreSQL
in a schema ``tipsapp_breakdown`` of the ``test`` database when reachable), it posts the same
tip as ``bench/intake.py`` through Flask's test client, ``--tips`` at a time, in these variants:

- ``full``: everything on, as production (limiter counting in Redis, headers, idempotency key);
- one part replaced by a stand-in that does nothing (language detection answers "sv", masking
  returns the text, the suggestion is empty, webhooks.notify returns), or switched off by its
  own setting (the limiter; only the limiter's response headers);
- ``bare``: all of those at once, to show what intake costs without them.

Variants run in turn, ``--rounds`` times, and the median CPU and wall milliseconds per tip are
printed with the difference from ``full``: what that part costs. Differences of parts do not
add up exactly to the whole (caches, and a variant's noise), so read them to ±0.1 ms. The
script prints; it does not assert. Stand-ins exist only in this process, for this measurement.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake import HEADERS, TIP_BODY  # the same tip as bench/intake.py

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "tipsapp_breakdown"


def stand_ins() -> dict[str, Callable[[], contextlib.AbstractContextManager[None]]]:
    """Each variant's stand-in, applied for the length of its run."""
    from tipsapp.triage import classifier, language, service, suggester
    from tipsapp.webhooks import service as webhooks

    def patched(owner: Any, name: str, value: Any) -> Callable[[], Any]:
        @contextlib.contextmanager
        def apply() -> Iterator[None]:
            original = getattr(owner, name)
            setattr(owner, name, value)
            try:
                yield
            finally:
                setattr(owner, name, original)

        return apply

    empty = classifier.Suggestion("other", 0.0, (), False, ())
    return {
        "language detection": patched(language, "detect_language", lambda text: "sv"),
        "masking (excerpt)": patched(service, "mask_pii", lambda text, *a, **k: text),
        "suggestion + urgency": patched(suggester, "suggest", lambda text, lang=None: empty),
        "webhooks.notify": patched(webhooks, "notify", lambda event, data: None),
    }


def make_app(database_url: str, redis_url: str, **overrides: Any) -> Any:
    from tipsapp import create_app

    return create_app(
        {
            "TIPSAPP_ENV": "production",
            "SECRET_KEY": "breakdown-" + "k" * 40,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "RATELIMIT_TIPS": "1000000 per minute",
            "REQUIRE_2FA": False,
            **overrides,
        }
    )


def prepare(database_url: str, redis_url: str) -> None:
    from flask_migrate import upgrade

    app = make_app(database_url, redis_url)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["seed"])
    if result.exit_code != 0:
        raise SystemExit(f"flask seed failed: {result.output}")


def run(app: Any, tips: int) -> tuple[float, float]:
    """(CPU ms, wall ms) per tip over ``tips`` tips, each with its own Idempotency-Key."""
    client = app.test_client()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(tips):
        headers = {**HEADERS, "Idempotency-Key": str(uuid.uuid4())}
        response = client.post("/api/v1/tips", data=TIP_BODY, headers=headers)
        if response.status_code != 201:
            raise SystemExit(f"tip answered {response.status_code}: {response.get_data()[:200]!r}")
    return (
        (time.process_time() - cpu_started) * 1000 / tips,
        (time.perf_counter() - started) * 1000 / tips,
    )


def measure(label: str, database_url: str, redis_url: str, tips: int, rounds: int) -> None:
    prepare(database_url, redis_url)
    apps = {
        "full": make_app(database_url, redis_url),
        "limiter off": make_app(database_url, redis_url, RATELIMIT_ENABLED=False),
        "limiter headers off": make_app(database_url, redis_url, RATELIMIT_HEADERS_ENABLED=False),
    }
    patches = stand_ins()
    variants: list[tuple[str, Any, list[str]]] = [
        ("full", apps["full"], []),
        ("limiter off", apps["limiter off"], []),
        ("limiter headers off", apps["limiter headers off"], []),
        *[(f"{name} out", apps["full"], [name]) for name in patches],
        ("bare", apps["limiter off"], list(patches)),
    ]
    for _, app, _ in variants:
        run(app, max(50, tips // 4))  # warm-up: pools, caches, first compilations
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in variants}
    for _ in range(rounds):
        for name, app, names in variants:
            with contextlib.ExitStack() as stack:
                for patch in names:
                    stack.enter_context(patches[patch]())
                figures[name].append(run(app, tips))
    full_cpu = statistics.median(cpu for cpu, _ in figures["full"])
    full_wall = statistics.median(wall for _, wall in figures["full"])
    print(f"\n== {label}: ms per tip, median of {rounds} rounds of {tips} tips")
    print(f"  {'variant':<28}{'cpu ms':>8}{'wall ms':>9}{'part cpu':>10}{'part wall':>11}")
    for name, _, _ in variants:
        cpu = statistics.median(c for c, _ in figures[name])
        wall = statistics.median(w for _, w in figures[name])
        part = "" if name == "full" else f"{full_cpu - cpu:>10.2f}{full_wall - wall:>11.2f}"
        print(f"  {name:<28}{cpu:>8.2f}{wall:>9.2f}{part}")
    print("  part = full minus the variant: what the part taken out costs per tip")


def postgres_schema_url() -> str | None:
    """A fresh schema in the test database, or None when PostgreSQL does not answer."""
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3, autocommit=True
        ) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
    except Exception as exc:  # any failure means: skip PostgreSQL, and say why
        print(f"PostgreSQL skipped: {type(exc).__name__}")
        return None
    return f"{POSTGRES_URL}?options=-csearch_path%3D{SCHEMA}"


def drop_postgres_schema() -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3, autocommit=True
    ) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tips", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    os.environ.setdefault("TIPSAPP_LOG_LEVEL", "WARNING")
    print(f"tip intake breakdown; limiter storage {args.redis_url}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="tipsapp-breakdown-") as folder:
        os.environ["TIPSAPP_INSTANCE_PATH"] = folder
        if args.database in ("sqlite", "both"):
            url = f"sqlite:///{Path(folder) / 'breakdown.sqlite3'}"
            measure("SQLite", url, args.redis_url, args.tips, args.rounds)
        if args.database in ("postgres", "both"):
            url = postgres_schema_url()
            if url is not None:
                try:
                    measure("PostgreSQL", url, args.redis_url, args.tips, args.rounds)
                finally:
                    drop_postgres_schema()


if __name__ == "__main__":
    main()
