"""Cost of tip intake (``POST /api/v1/tips``) against an honest minimal intake and a hello-world.

Usage: python bench/intake.py [--mode both|in-process|gunicorn] [--seconds 10] [--repeats 3]
       [--requests 500] [--rounds 5] [--profile] [--skip-sqlite] [--skip-postgres]
       [--postgres-database NAME] [--redis-url redis://127.0.0.1:6379/15]

What it measures. For each backend (SQLite always; PostgreSQL + Redis when reachable) it makes a
fresh database (or, with ``--postgres-database``, a fresh schema ``tipsapp_bench`` inside that
existing database), migrates and seeds it, and measures three apps on it:
- ``tips``: ``wsgi:app``, ``POST /api/v1/tips`` with a fresh Idempotency-Key per request;
- ``honest``: ``bench/honest_app.py``, ``POST /intake``: the same body validated by a
  marshmallow schema of the same fields, one row inserted with SQLAlchemy Core, committed, on an
  engine with tipsapp's settings and SQLite pragmas (the least a correct intake does);
- ``hello``: ``bench/hello_app.py``, ``POST /hello``, which only reads the body.
Two modes. In-process: each app in a fresh process, Flask's test client, sequential requests,
the median of several rounds (wall time, and the process's CPU time, which a busy machine
disturbs less). Under gunicorn exactly as ``gunicorn.conf.py`` serves it (2 sync workers,
preload) on a free port on 127.0.0.1, driven for a fixed time by a load generator on loopback
(``wrk`` if installed, else a slower Python client) after a ~1 s warm-up, each app
``--repeats`` times in turn; the median 2xx/s. ``--profile`` adds a cProfile (CPU time) of the
in-process tips.

How to read the figures.
- ``2xx/s`` is the throughput of successful answers; the ratio tips/hello uses it, so an
  endpoint that failed fast could not look quick. ``req/s`` counts every answer.
- p50/p99 are per-request latencies (ms) as the client saw them. gunicorn's sync workers close
  the connection after each answer, so each request includes a TCP connect on loopback, for
  both apps alike. With 16 connections and 2 workers most of the latency is queueing:
  latency ~ connections / throughput.
- The absolute numbers depend on the machine (the generator shares its CPUs); the ratios are the
  figures to compare with the targets: tip/honest >= 0.5 (issue 16), and tip/hello >= 0.30 on
  SQLite, >= 0.20 on PostgreSQL (foundation issue), printed in one table per backend.
- The integrity line compares the tips stored in the database with the 201 answers gunicorn
  logged (warm-up included): they must be equal, nothing lost, nothing doubled. The client's own
  count of 201s can be lower by at most the requests still in flight when the clock stopped.
- The script prints; it does not assert. Exit code 0 also when below target.

Only 127.0.0.1 is contacted. Every run is bounded in time, every server is stopped, the temp
folders and the PostgreSQL bench database (or schema) are removed at the end. Rate-limit keys
left in Redis (db 15 unless ``--redis-url``) expire within a minute; the limiter counts in Redis
for SQLite too when Redis answers, since production refuses memory:// with two workers.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "bench"
HOST = "127.0.0.1"
WORKERS = 2
WARMUP_SECONDS = 1
TIPS_PATH = "/api/v1/tips"
HELLO_PATH = "/hello"
HONEST_PATH = "/intake"
RATELIMIT_TIPS = "1000000 per minute"
PG_ADMIN_URL = f"postgresql://postgres@{HOST}:5432/postgres"
PG_BENCH_DB = "tipsapp_bench"
PG_FALLBACK_DB = "test"
REDIS_URL = f"redis://{HOST}:6379/15"
TARGETS = {"SQLite": 0.30, "PostgreSQL": 0.20}
# The full tip against the honest minimal intake (bench/honest_app.py), both databases.
HONEST_TARGET = 0.5
# (label, gunicorn app, path): the three apps, in the order they are measured.
APPS = (
    ("tips", "wsgi:app", TIPS_PATH),
    ("honest", "honest_app:app", HONEST_PATH),
    ("hello", "hello_app:app", HELLO_PATH),
)

TIP_TEXT = (
    "Någon har sprejat klotter på busskuren vid Torget och krossat en av glasrutorna. "
    "Det ligger glassplitter på trottoaren där barnen går till skolan på morgonen. "
    "Det har hänt flera gånger den senaste månaden, oftast sent på fredagskvällar."
)
TIP_BODY = json.dumps(
    {
        "area": "gislaved",
        "text": TIP_TEXT,
        "category": "vandalism",
        "place": "Torget",
        "location": {"lat": 57.30, "lon": 13.54},
    },
    ensure_ascii=False,
).encode()
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


@dataclass
class LoadResult:
    """What one load run saw from the client side."""

    generator: str
    seconds: float
    sent: int
    statuses: Counter[int]
    p50_ms: float
    p99_ms: float
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def non_2xx(self) -> int:
        return self.answered - self.ok

    @property
    def unanswered(self) -> int:
        return max(0, self.sent - self.answered)

    def per_second(self, count: int) -> float:
        return count / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Backend:
    """One database setup: its environment for the app, how to count tips, how to clean up."""

    name: str
    env: dict[str, str]
    count_tips: Callable[[], int]
    cleanup: Callable[[], None]
    note: str = ""


# --------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def base_env(instance: Path) -> dict[str, str]:
    """The inherited environment without any tipsapp setting, then the bench's own."""
    dropped = ("TIPSAPP_", "DATABASE_URL", "SECRET_KEY", "WEB_CONCURRENCY", "PORT", "FLASK_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        {
            "FLASK_APP": "wsgi",
            "TIPSAPP_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "TIPSAPP_INSTANCE_PATH": str(instance),
            "TIPSAPP_RATELIMIT_TIPS": RATELIMIT_TIPS,
            "TIPSAPP_RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    return env


def run_flask(env: dict[str, str], *args: str) -> None:
    """``flask <args>`` in the repo, with a time bound; raises with its output on failure."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def migrate_and_seed(env: dict[str, str]) -> None:
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed")


def redis_reachable() -> bool:
    try:
        with socket.create_connection((HOST, 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# --------------------------------------------------------------------------- backends


def sqlite_backend(instance: Path, redis_url: str = REDIS_URL) -> Backend:
    env = base_env(instance)
    db_file = instance / "tipsapp.sqlite3"
    # Production refuses memory:// counts with two workers (gunicorn.conf.py): Redis if here.
    note = "rate limiter storage memory://"
    if redis_reachable():
        env["TIPSAPP_RATELIMIT_STORAGE_URI"] = redis_url
        note = f"rate limiter storage {redis_url}"

    def count() -> int:
        with contextlib.closing(sqlite3.connect(db_file)) as conn:
            return int(conn.execute("SELECT count(*) FROM tips").fetchone()[0])

    return Backend("SQLite", env, count, lambda: None, note=note)


def postgres_backend(
    instance: Path, in_database: str | None = None, redis_url: str = REDIS_URL
) -> Backend | str:
    """A fresh ``tipsapp_bench`` database (or a schema of that name in ``in_database``, else in
    ``test``); a str says why not."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc})"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        return f"cannot connect to {PG_ADMIN_URL}: {str(exc).strip()}"
    with admin:
        if in_database is not None:
            dbname, schema = in_database, PG_BENCH_DB
        else:
            try:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {PG_BENCH_DB}")
                dbname, schema = PG_BENCH_DB, None
            except psycopg.Error as exc:
                print(
                    f"  cannot create database {PG_BENCH_DB} ({str(exc).strip()}); "
                    f"using schema {PG_BENCH_DB} in database {PG_FALLBACK_DB}"
                )
                dbname, schema = PG_FALLBACK_DB, PG_BENCH_DB
    conninfo = f"postgresql://postgres@{HOST}:5432/{dbname}"
    if schema is not None:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA {schema}")
    options = f"?options=-csearch_path%3D{schema}" if schema else ""

    env = base_env(instance)
    env["DATABASE_URL"] = f"postgresql+psycopg://postgres@{HOST}:5432/{dbname}{options}"
    has_redis = redis_reachable()
    if has_redis:
        env["TIPSAPP_RATELIMIT_STORAGE_URI"] = redis_url
    note = (
        f"rate limiter storage {redis_url}"
        if has_redis
        else "Redis not reachable: rate limiter storage memory://"
    )

    def count() -> int:
        with psycopg.connect(conninfo, connect_timeout=3) as conn:
            table = f"{schema}.tips" if schema else "tips"
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            return int(row[0]) if row else 0

    def cleanup() -> None:
        if schema is not None:
            with psycopg.connect(conninfo, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            return
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")

    return Backend("PostgreSQL", env, count, cleanup, note=note)


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    access_log: Path
    error_log: Path
    console_log: Path

    def log_tail(self, lines: int = 25) -> str:
        parts = []
        for path in (self.error_log, self.console_log):
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                if text:
                    parts.append(f"--- {path.name} (last {len(text)} lines)\n" + "\n".join(text))
        return "\n".join(parts)


def start_gunicorn(app_spec: str, env: dict[str, str], logdir: Path, label: str) -> Server:
    """gunicorn with the repo's conf file, 2 sync workers, logs to files (not to a pipe)."""
    port = free_port()
    access_log = logdir / f"{label}-access.log"
    error_log = logdir / f"{label}-error.log"
    console_log = logdir / f"{label}-console.log"
    command = [
        sys.executable, "-m", "gunicorn",
        "-c", str(REPO_ROOT / "gunicorn.conf.py"),
        "--bind", f"{HOST}:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--access-logfile", str(access_log),
        "--error-logfile", str(error_log),
        "--pythonpath", f"{REPO_ROOT},{BENCH_DIR}",
        app_spec,
    ]  # fmt: skip
    with console_log.open("wb") as console:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=console, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return Server(process, port, access_log, error_log, console_log)


def wait_ready(server: Server, timeout: float = 30.0) -> None:
    """Until the server answers any HTTP request (a 404 will do)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up\n" + server.log_tail())
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn not ready after {timeout:.0f} s\n" + server.log_tail())


def stop(server: Server | None) -> None:
    """Graceful stop (in-flight requests finish), then kill the process group if it lingers."""
    if server is None or server.process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=5)


@contextlib.contextmanager
def serving(app_spec: str, env: dict[str, str], logdir: Path, label: str) -> Iterator[Server]:
    server = start_gunicorn(app_spec, env, logdir, label)
    try:
        wait_ready(server)
        yield server
    finally:
        stop(server)


def logged_statuses(access_log: Path, path: str) -> Counter[int]:
    """Statuses gunicorn logged for ``POST <path>`` (format in gunicorn.conf.py)."""
    pattern = re.compile(rf'"POST {re.escape(path)}" (\d{{3}}) ')
    counts: Counter[int] = Counter()
    if access_log.exists():
        for line in access_log.read_text(errors="replace").splitlines():
            match = pattern.search(line)
            if match:
                counts[int(match.group(1))] += 1
    return counts


# --------------------------------------------------------------------------- load: wrk

WRK_SCRIPT = r"""
-- Generated by bench/intake.py: POST with a fresh UUID-like Idempotency-Key per request.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  table.insert(threads, thread)
  next_id = next_id + 1
end

local path = "@PATH@"
local body = [==[@BODY@]==]
local headers = @HEADERS@

function init(args)
  math.randomseed((tonumber(args[1]) or os.time()) + id * 104729)
  sent = 0
  statuses = {}
end

local function r(n) return math.random(0, n) end

function request()
  sent = sent + 1
  -- random version-4 layout; the last 12 hex digits are (thread, counter): never repeated
  headers["Idempotency-Key"] = string.format("%04x%04x-%04x-4%03x-%x%03x-%04x%08x",
    r(0xffff), r(0xffff), r(0xffff), r(0xfff), 8 + r(3), r(0xfff), id, sent)
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, resp_body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total_sent = 0
  local counts = {}
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  io.write(string.format("BENCH duration_us %d\n", summary.duration))
  io.write(string.format("BENCH sent %d\n", total_sent))
  io.write(string.format("BENCH p50_us %d\n", latency:percentile(50)))
  io.write(string.format("BENCH p99_us %d\n", latency:percentile(99)))
  for _, kind in ipairs({"connect", "read", "write", "timeout"}) do
    io.write(string.format("BENCH error_%s %d\n", kind, summary.errors[kind]))
  end
  for status, n in pairs(counts) do
    io.write(string.format("BENCH status_%d %d\n", status, n))
  end
end
"""


def lua_table(mapping: dict[str, str]) -> str:
    return "{ " + ", ".join(f'["{k}"] = "{v}"' for k, v in mapping.items()) + " }"


def write_wrk_script(directory: Path, path: str) -> Path:
    body = TIP_BODY.decode()
    assert "]==]" not in body and '"' not in path
    script = (
        WRK_SCRIPT.replace("@PATH@", path)
        .replace("@BODY@", body)
        .replace("@HEADERS@", lua_table(HEADERS))
    )
    target = directory / f"load{path.replace('/', '_')}.lua"
    target.write_text(script)
    return target


def run_wrk(port: int, path: str, seconds: int, connections: int, workdir: Path) -> LoadResult:
    script = write_wrk_script(workdir, path)
    threads = max(1, min(os.cpu_count() or 1, connections, 4))
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", "10s", "-s", str(script), f"http://{HOST}:{port}{path}",
        "--", str(secrets.randbelow(2**31)),
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    values = dict(
        (m.group(1), int(m.group(2)))
        for m in re.finditer(r"^BENCH (\S+) (-?\d+)$", done.stdout, flags=re.MULTILINE)
    )
    if done.returncode != 0 or "duration_us" not in values:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    statuses: Counter[int] = Counter(
        {int(k.removeprefix("status_")): v for k, v in values.items() if k.startswith("status_")}
    )
    errors = {k.removeprefix("error_"): v for k, v in values.items() if k.startswith("error_")}
    return LoadResult(
        generator=f"wrk ({threads} threads)",
        seconds=values["duration_us"] / 1e6,
        sent=values["sent"],
        statuses=statuses,
        p50_ms=values["p50_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        socket_errors={k: v for k, v in errors.items() if v},
    )


# --------------------------------------------------------------------------- load: Python


def _python_client(job: tuple[int, str, float]) -> tuple[int, dict[int, int], list[float], int]:
    """One process, one connection at a time, until the deadline: (sent, statuses, ms, errors)."""
    port, path, deadline = job
    sent, errors = 0, 0
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    conn: http.client.HTTPConnection | None = None
    while time.time() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
        headers = {**HEADERS, "Idempotency-Key": str(uuid.uuid4())}
        started = time.perf_counter()
        sent += 1
        try:
            conn.request("POST", path, body=TIP_BODY, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = None
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        statuses[response.status] += 1
        if response.will_close:
            conn.close()
            conn = None
    if conn is not None:
        conn.close()
    return sent, dict(statuses), latencies, errors


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def run_python_load(port: int, path: str, seconds: int, connections: int) -> LoadResult:
    started = time.time()
    deadline = started + seconds
    jobs = [(port, path, deadline)] * connections
    with multiprocessing.get_context("fork").Pool(connections) as pool:
        results = pool.map_async(_python_client, jobs).get(timeout=seconds + 30)
    elapsed = time.time() - started
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    sent = errors = 0
    for job_sent, job_statuses, job_latencies, job_errors in results:
        sent += job_sent
        statuses.update(job_statuses)
        latencies.extend(job_latencies)
        errors += job_errors
    latencies.sort()
    return LoadResult(
        generator=f"python ({connections} processes, http.client)",
        seconds=elapsed,
        sent=sent - errors,
        statuses=statuses,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        socket_errors={"socket": errors} if errors else {},
    )


def drive(port: int, path: str, seconds: int, connections: int, workdir: Path) -> LoadResult:
    if shutil.which("wrk"):
        return run_wrk(port, path, seconds, connections, workdir)
    return run_python_load(port, path, seconds, connections)


# --------------------------------------------------------------------------- reporting


def result_row(label: str, result: LoadResult) -> str:
    errors = ",".join(f"{k}={v}" for k, v in result.socket_errors.items()) or "0"
    answered, ok = result.per_second(result.answered), result.per_second(result.ok)
    latency = f"{result.p50_ms:>8.1f} {result.p99_ms:>8.1f}"
    return f"  {label:<6} {answered:>9.1f} {ok:>9.1f} {latency} {result.non_2xx:>8d}  {errors}"


def print_statuses(label: str, result: LoadResult) -> None:
    if result.non_2xx:
        listing = ", ".join(f"{status}: {n}" for status, n in sorted(result.statuses.items()))
        print(f"  {label} statuses: {listing}")


def print_integrity(stored: int, logged: Counter[int], client_201: int, unanswered: int) -> None:
    server_201 = logged.get(201, 0)
    verdict = "OK" if stored == server_201 else "MISMATCH"
    print(
        f"  integrity: {stored} tips stored; gunicorn logged {server_201} answers 201 "
        f"(warm-up included) -> {'equal' if stored == server_201 else 'NOT equal'}  {verdict}"
    )
    in_range = client_201 <= stored <= client_201 + unanswered
    print(
        f"             the client read {client_201} of those 201s; at most {unanswered} "
        f"requests were sent without their answer being read when the clock stopped "
        f"({'consistent' if in_range else 'INCONSISTENT'})"
    )
    others = {status: n for status, n in logged.items() if status != 201}
    if others:
        print(f"             other statuses logged by gunicorn: {dict(sorted(others.items()))}")


# --------------------------------------------------------------------------- in-process


def _load_app(spec: str) -> Any:
    """``module:attribute`` from the repo or bench/, as gunicorn would import it."""
    for folder in (str(REPO_ROOT), str(BENCH_DIR)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def in_process_worker(spec: str, path: str, requests: int, rounds: int, profile: str) -> None:
    """Run in a child with the backend's environment: Flask's test client, no socket.

    Prints one JSON line: the per-request milliseconds of each round and the statuses. With
    ``profile`` (a file name) the last round runs under cProfile and its stats go there.
    """
    app = _load_app(spec)
    client = app.test_client()
    statuses: Counter[int] = Counter()

    def one() -> None:
        headers = {**HEADERS, "Idempotency-Key": str(uuid.uuid4())}
        statuses[client.post(path, data=TIP_BODY, headers=headers).status_code] += 1

    for _ in range(max(50, requests // 5)):  # warm-up: pools, caches, first compilations
        one()
    statuses.clear()
    per_request: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(requests):
            one()
        per_request.append((time.perf_counter() - started) * 1000 / requests)
        cpu.append((time.process_time() - cpu_started) * 1000 / requests)
    if profile:
        import cProfile

        # CPU time, not wall time: on a shared machine a preempted call would look slow.
        # (Waiting for PostgreSQL or Redis is then left out: the wall-clock figures hold it.)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(requests):
            one()
        profiler.disable()
        profiler.dump_stats(profile)
    print(json.dumps({"ms": per_request, "cpu_ms": cpu, "statuses": statuses}))


@dataclass
class InProcess:
    ms: float  # median over rounds of the mean per-request time
    spread: tuple[float, float]
    cpu_ms: float  # median over rounds of this process's CPU time per request
    statuses: Counter[int]

    @property
    def per_second(self) -> float:
        return 1000 / self.ms if self.ms else 0.0


def measure_in_process(
    spec: str, path: str, env: dict[str, str], requests: int, rounds: int, profile: str = ""
) -> InProcess:
    """One app in a fresh process (like a gunicorn worker), sequential requests."""
    done = subprocess.run(
        [
            sys.executable, str(Path(__file__).resolve()), "--in-process-worker", spec, path,
            str(requests), str(rounds), profile,
        ],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"in-process {spec} failed:\n{done.stdout}{done.stderr[-3000:]}")
    result = json.loads(lines[-1])
    values = sorted(result["ms"])
    statuses = Counter({int(k): v for k, v in result["statuses"].items()})
    cpu = statistics.median(result["cpu_ms"])
    return InProcess(statistics.median(values), (values[0], values[-1]), cpu, statuses)


def print_profile(path: str, limit: int = 45) -> None:
    import pstats

    stats = pstats.Stats(path)
    stats.sort_stats("cumulative").print_stats(limit)


# --------------------------------------------------------------------------- one backend


@dataclass
class Figures:
    """ms per request and req/s of each app, in one mode (in-process or gunicorn)."""

    mode: str
    ms: dict[str, float] = field(default_factory=dict)
    per_second: dict[str, float] = field(default_factory=dict)
    noise: dict[str, str] = field(default_factory=dict)

    def ratio(self, app: str, base: str) -> float:
        return self.per_second[app] / self.per_second[base] if self.per_second.get(base) else 0.0


def bench_in_process(
    backend: Backend, requests: int, rounds: int, workdir: Path, profile: bool
) -> Figures:
    figures = Figures("in-process")
    for label, spec, path in APPS:
        prof = str(workdir / f"{label}.prof") if profile and label == "tips" else ""
        result = measure_in_process(spec, path, backend.env, requests, rounds, prof)
        bad = {s: n for s, n in result.statuses.items() if not 200 <= s < 300}
        if bad:
            print(f"  in-process {label}: non-2xx answers {bad}")
        figures.ms[label] = result.ms
        figures.per_second[label] = result.per_second
        figures.noise[label] = (
            f"{result.spread[0]:.3f}-{result.spread[1]:.3f} (cpu {result.cpu_ms:.3f})"
        )
        if prof:
            print(f"\n  cProfile of {requests} in-process tips ({backend.name}):")
            print_profile(prof)
    return figures


def bench_gunicorn(
    backend: Backend, seconds: int, connections: int, repeats: int, workdir: Path
) -> Figures:
    """Each app under gunicorn, ``repeats`` times in turn; the median 2xx/s of each."""
    runs: dict[str, list[LoadResult]] = {label: [] for label, _, _ in APPS}
    stored_before = backend.count_tips()  # the in-process run's tips
    tips_logs: list[Path] = []
    warm_tips: list[LoadResult] = []
    for repeat in range(repeats):
        for label, spec, path in APPS:
            tag = f"{label}-{backend.name}-{repeat}"
            with serving(spec, backend.env, workdir, tag) as server:
                warm = drive(server.port, path, WARMUP_SECONDS, connections, workdir)
                runs[label].append(drive(server.port, path, seconds, connections, workdir))
            if label == "tips":
                tips_logs.append(server.access_log)
                warm_tips.append(warm)
    first = runs["tips"][0]
    print(
        f"  gunicorn: {first.generator}, {connections} connections, {seconds} s per app and "
        f"run, {repeats} run(s) each in turn, {WORKERS} sync workers, body {len(TIP_BODY)} bytes"
    )
    print(
        f"  {'app':<6} {'req/s':>9} {'2xx/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}"
        f"  socket errors"
    )
    figures = Figures("gunicorn")
    for label, results in runs.items():
        for result in results:
            print(result_row(label, result))
            print_statuses(label, result)
        rates = sorted(r.per_second(r.ok) for r in results)
        figures.per_second[label] = statistics.median(rates)
        figures.ms[label] = 1000 / figures.per_second[label] if figures.per_second[label] else 0
        figures.noise[label] = f"{rates[0]:.0f}-{rates[-1]:.0f}/s"

    stored = backend.count_tips() - stored_before
    logged: Counter[int] = Counter()
    for log in tips_logs:
        logged.update(logged_statuses(log, TIPS_PATH))
    client_201 = sum(r.statuses.get(201, 0) for r in [*runs["tips"], *warm_tips])
    unanswered = sum(r.unanswered for r in [*runs["tips"], *warm_tips])
    print_integrity(stored, logged, client_201, unanswered)
    return figures


def print_table(name: str, all_figures: list[Figures]) -> None:
    print(f"\n  {name}: ms per request and requests per second (medians)")
    print(
        f"  {'mode':<11} {'hello ms':>9} {'honest ms':>9} {'tip ms':>8} "
        f"{'hello/s':>8} {'honest/s':>8} {'tip/s':>7} {'tip/honest':>10} {'tip/hello':>9}"
    )
    for fig in all_figures:
        ms, rate = fig.ms, fig.per_second
        honest_ratio = fig.ratio("tips", "honest")
        verdict = "PASS" if honest_ratio >= HONEST_TARGET else "BELOW"
        print(
            f"  {fig.mode:<11} {ms['hello']:>9.3f} {ms['honest']:>9.3f} {ms['tips']:>8.3f} "
            f"{rate['hello']:>8.0f} {rate['honest']:>8.0f} {rate['tips']:>7.0f} "
            f"{honest_ratio:>10.3f} {fig.ratio('tips', 'hello'):>9.3f}  {verdict}"
        )
    for fig in all_figures:
        spread = ", ".join(f"{label} {fig.noise[label]}" for label, _, _ in APPS)
        unit = "ms/request" if fig.mode == "in-process" else "2xx/s"
        print(f"  noise {fig.mode}: min-max over runs ({unit}): {spread}")
    print(
        f"  targets: tip/honest >= {HONEST_TARGET:.2f}; tip/hello >= {TARGETS[name]:.2f} "
        "(foundation issue)"
    )


def bench_backend(backend: Backend, args: argparse.Namespace, workdir: Path) -> None:
    print(f"\n== {backend.name} ({backend.note}) ==")
    migrate_and_seed(backend.env)
    all_figures = []
    if args.mode in ("both", "in-process"):
        all_figures.append(
            bench_in_process(backend, args.requests, args.rounds, workdir, args.profile)
        )
    if args.mode in ("both", "gunicorn"):
        all_figures.append(
            bench_gunicorn(backend, args.seconds, args.connections, args.repeats, workdir)
        )
    print_table(backend.name, all_figures)


def print_header(args: argparse.Namespace) -> None:
    print(
        "tipsapp intake benchmark: POST /api/v1/tips vs the honest minimal intake "
        "(bench/honest_app.py, POST /intake) and a Flask hello-world (POST /hello)"
    )
    print(
        f"  TIPSAPP_RATELIMIT_TIPS raised to {RATELIMIT_TIPS!r} (all load comes from one "
        "address); the limiter itself, validation, idempotency, hashing, triage, webhooks and "
        "security headers stay on"
    )
    if args.mode in ("both", "in-process"):
        print(
            f"  in-process: Flask's test client in a fresh process per app, {args.rounds} "
            f"rounds of {args.requests} sequential requests after a warm-up; median round"
        )
    if args.mode in ("both", "gunicorn"):
        generator = "wrk" if shutil.which("wrk") else "Python (wrk not on PATH: understates)"
        print(
            f"  gunicorn: load generator {generator}, {args.seconds} s per app after a "
            f"{WARMUP_SECONDS} s warm-up, {args.connections} connections, {args.repeats} run(s)"
        )
    print(f"  {os.cpu_count()} CPUs shared by client and server")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per app (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections")
    parser.add_argument("--repeats", type=int, default=3, help="gunicorn runs per app")
    parser.add_argument("--requests", type=int, default=500, help="in-process requests a round")
    parser.add_argument("--rounds", type=int, default=5, help="in-process rounds per app")
    parser.add_argument(
        "--mode", choices=("both", "in-process", "gunicorn"), default="both", help="what to run"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the in-process tips")
    parser.add_argument("--skip-postgres", action="store_true", help="only the SQLite run")
    parser.add_argument("--skip-sqlite", action="store_true", help="only the PostgreSQL run")
    parser.add_argument(
        "--postgres-database",
        help="use a schema tipsapp_bench in this existing database instead of creating a database",
    )
    parser.add_argument("--redis-url", default=REDIS_URL, help=f"limiter storage ({REDIS_URL})")
    args = parser.parse_args(argv)
    if min(args.seconds, args.connections, args.repeats, args.requests, args.rounds) < 1:
        parser.error("--seconds, --connections, --repeats, --requests, --rounds must be >= 1")
    return args


def run_one(kind: str, args: argparse.Namespace) -> None:
    """Set up one backend in its own temp folder, bench it, and clean everything up."""
    workdir = Path(tempfile.mkdtemp(prefix=f"tipsapp-bench-{kind}-"))
    backend: Backend | str | None = None
    try:
        instance = workdir / "instance"
        instance.mkdir()
        backend = (
            sqlite_backend(instance, args.redis_url)
            if kind == "sqlite"
            else postgres_backend(instance, args.postgres_database, args.redis_url)
        )
        if isinstance(backend, str):
            print(f"\n== PostgreSQL: skipped ({backend}) ==")
            return
        bench_backend(backend, args, workdir)
    finally:
        if isinstance(backend, Backend):
            try:
                backend.cleanup()
            except Exception as exc:  # report and go on cleaning
                print(f"  cleanup of {backend.name} failed: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--in-process-worker"]:
        spec, path, requests, rounds, *rest = argv[1:]
        in_process_worker(spec, path, int(requests), int(rounds), rest[0] if rest else "")
        return 0
    args = parse_args(argv)
    print_header(args)
    kinds = [k for k in ("sqlite", "postgres") if not getattr(args, f"skip_{k}")]
    for kind in kinds:
        try:
            run_one(kind, args)
        except Exception as exc:  # one failing must not hide the other
            print(f"\n  {kind} run failed: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
