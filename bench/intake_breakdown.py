"""Where a tip's milliseconds go: each part of ``POST /api/v1/tips`` timed where it runs.

Usage: .venv/bin/python bench/intake_breakdown.py [--tips 1000] [--database sqlite|postgres|both]
       [--redis-url redis://127.0.0.1:6379/15]

cProfile's own cost falls unevenly on small Python calls, and taking a part out and measuring
again drowns a tenth of a millisecond in the run-to-run noise of a shared machine. So this
script times the parts in place: in one process, on a fresh database (SQLite in a temporary
folder; PostgreSQL as ``bench/intake.py`` makes it, when reachable), it
wraps each part of intake in a clock (two ``perf_counter`` calls, well under a microsecond),
posts the tip of ``bench/intake.py`` ``--tips`` times through Flask's test client with a fresh
Idempotency-Key each, production settings (limiter counting in Redis, headers, security
headers), and prints the mean wall milliseconds per tip of each part, nested as the calls are.
"the rest" of a line is what its own code and the calls not listed took.

Wall time, not CPU time: a Redis or PostgreSQL round trip is part of the cost. The figures are
per tip in one sequential process; gunicorn adds HTTP parsing and a connection per request.
The script prints; it does not assert. The clocks exist only in this process.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The same tip, and the same fresh databases, as bench/intake.py.
from intake import HEADERS, REDIS_URL, TIP_BODY, Backend, postgres_backend, sqlite_backend


@dataclass
class Part:
    """One timed part: where it lives, its label, and the parts it calls (nested)."""

    owner: Any
    attribute: str
    label: str
    children: list[Part] = field(default_factory=list)
    seconds: float = 0.0
    calls: int = 0


class AfterHook:
    """A hook in ``app.after_request_funcs`` as an attribute, so it can be wrapped like the rest
    (flask-limiter registers its header hook as a bound partial, not through its class)."""

    def __init__(self, app: Any, name_part: str) -> None:
        self.funcs = app.after_request_funcs[None]
        self.index = next(
            index
            for index, hook in enumerate(self.funcs)
            if name_part in getattr(getattr(hook, "func", hook), "__qualname__", "")
        )

    @property
    def hook(self) -> Any:
        return self.funcs[self.index]

    @hook.setter
    def hook(self, value: Any) -> None:
        self.funcs[self.index] = value


def parts(app: Any) -> list[Part]:
    """The parts of a tip's intake, as the calls nest."""
    from flask import Flask
    from flask_limiter import Limiter
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session
    from webargs.core import Parser

    from tipsapp.tips import service as tips
    from tipsapp.triage import language, suggester
    from tipsapp.triage import service as triage
    from tipsapp.webhooks import service as webhooks

    submit = Part(
        tips,
        "submit_tip",
        "submit_tip",
        [
            Part(tips, "_validate_references", "area and category exist"),
            Part(tips.idempotency, "request_fingerprint", "idempotency: request fingerprint"),
            Part(tips.idempotency, "key_hash", "idempotency: keyed hash of the key"),
            Part(tips, "receipt_for_key", "receipt derived from the key (keyed hash)"),
            Part(tips, "_build_tip", "build the tip (reference, position, hashes)"),
            Part(
                tips,
                "new_item_for_tip",
                "triage: the queue item",
                [
                    Part(language, "detect_language", "language detection (py3langid)"),
                    Part(suggester, "suggest", "category suggestion and urgency (lexicons)"),
                    Part(triage, "mask_pii", "masking for the excerpt (names, addresses, ...)"),
                ],
            ),
            Part(tips, "row_values", "rows from the ORM objects"),
            Part(webhooks, "notify", "webhooks.notify (SELECT of active webhooks)"),
            Part(Connection, "execute", "SQL statements (3 INSERTs, and notify's SELECT)"),
            Part(Session, "commit", "commit"),
        ],
    )
    return [
        Part(Flask, "preprocess_request", "before-request hooks (limits, JSON rules, CSP nonce)"),
        Part(
            Flask,
            "dispatch_request",
            "the view",
            [
                Part(Limiter, "_check_request_limit", "rate limiter: count the tip (Redis)"),
                Part(Parser, "parse", "parse and validate the body and headers (webargs)"),
                submit,
            ],
        ),
        Part(
            Flask,
            "process_response",
            "after-request hooks",
            [
                Part(
                    AfterHook(app, "inject_headers"),
                    "hook",
                    "rate limiter: RateLimit headers (Redis)",
                )
            ],
        ),
    ]


def install(part: Part) -> Callable[[], None]:
    """Wrap the part in a clock; returns the function that puts the original back."""
    original = getattr(part.owner, part.attribute)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            part.seconds += time.perf_counter() - started
            part.calls += 1

    setattr(part.owner, part.attribute, timed)
    return lambda: setattr(part.owner, part.attribute, original)


def walk(tree: list[Part]) -> list[Part]:
    return [node for part in tree for node in (part, *walk(part.children))]


def make_app(database_url: str, redis_url: str) -> Any:
    from tipsapp import create_app

    return create_app(
        {
            "TIPSAPP_ENV": "production",
            "SECRET_KEY": "breakdown-" + "k" * 40,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "RATELIMIT_TIPS": "1000000 per minute",
            "RATELIMIT_DEFAULT": "1000000 per minute",
        }
    )


def post_tips(client: Any, count: int) -> None:
    for _ in range(count):
        headers = {**HEADERS, "Idempotency-Key": str(uuid.uuid4())}
        response = client.post("/api/v1/tips", data=TIP_BODY, headers=headers)
        if response.status_code != 201:
            raise SystemExit(f"tip answered {response.status_code}: {response.get_data()[:200]!r}")


def measure(label: str, database_url: str, redis_url: str, tips: int) -> None:
    from flask_migrate import upgrade

    app = make_app(database_url, redis_url)
    with app.app_context():
        upgrade()
    if app.test_cli_runner().invoke(args=["seed"]).exit_code != 0:
        raise SystemExit("flask seed failed")
    client = app.test_client()
    post_tips(client, max(100, tips // 5))  # warm-up: pools, caches, the language model
    tree = parts(app)
    restore = [install(part) for part in walk(tree)]
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        post_tips(client, tips)
        total = (time.perf_counter() - started) * 1000 / tips
        cpu = (time.process_time() - cpu_started) * 1000 / tips
    finally:
        for undo in reversed(restore):
            undo()
    print(f"\n== {label}: mean wall ms per tip over {tips} tips (CPU {cpu:.2f} ms per tip)")
    print(f"  {'whole request (Flask test client)':<66}{total:>7.2f}")
    show(tree, tips, total, depth=1)


def show(tree: list[Part], tips: int, whole: float, depth: int) -> None:
    listed = 0.0
    for part in tree:
        ms = part.seconds * 1000 / tips
        listed += ms
        calls = f"  ({part.calls / tips:g} calls)" if part.calls != tips else ""
        print(f"  {'  ' * depth}{part.label:<{66 - 2 * depth}}{ms:>7.2f}{calls}")
        if part.children:
            show(part.children, tips, ms, depth + 1)
    rest = "the rest: WSGI, request and response objects" if depth == 1 else "the rest"
    print(f"  {'  ' * depth}{rest:<{66 - 2 * depth}}{whole - listed:>7.2f}")


def database_url(backend: Backend, instance: Path) -> str:
    """The backend's database: its DATABASE_URL, or the SQLite file in the instance folder."""
    return backend.env.get("DATABASE_URL", f"sqlite:///{instance / 'tipsapp.sqlite3'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tips", type=int, default=1000)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--redis-url", default=REDIS_URL)
    args = parser.parse_args()
    os.environ.setdefault("TIPSAPP_LOG_LEVEL", "WARNING")
    print(f"tip intake breakdown; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="tipsapp-breakdown-") as folder:
        instance = Path(folder)
        os.environ["TIPSAPP_INSTANCE_PATH"] = folder
        backends: list[Backend] = []
        if args.database in ("sqlite", "both"):
            backends.append(sqlite_backend(instance, args.redis_url))
        if args.database in ("postgres", "both"):
            postgres = postgres_backend(instance, redis_url=args.redis_url)
            if isinstance(postgres, str):
                print(f"PostgreSQL skipped: {postgres}")
            else:
                backends.append(postgres)
        for backend in backends:
            try:
                print(f"\n{backend.name}: {backend.note}")
                limiter = backend.env["TIPSAPP_RATELIMIT_STORAGE_URI"]
                measure(backend.name, database_url(backend, instance), limiter, args.tips)
            finally:
                backend.cleanup()


if __name__ == "__main__":
    main()
