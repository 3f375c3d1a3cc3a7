"""Throughput of tip intake (``POST /api/v1/tips``) against a Flask hello-world baseline.

Usage: python bench/intake.py [--seconds 10] [--connections 16] [--skip-postgres]

What it measures. For each backend (SQLite always; PostgreSQL + Redis when reachable) it makes a
fresh database, migrates and seeds it, and serves ``wsgi:app`` with gunicorn exactly as
``gunicorn.conf.py`` does (2 sync workers, preload), on a free port on 127.0.0.1. After a
~1 s warm-up it drives ``POST /api/v1/tips`` for a fixed time with a load generator on loopback
(``wrk`` if installed, else a slower Python client), each request with a fresh Idempotency-Key.
Then it serves ``bench/hello_app.py`` under identical gunicorn settings and drives ``POST /hello``
with the same generator, body, headers, connections and time.

Everything in the tip path stays on: validation, idempotency keys, keyed hashing of the key and
the receipt, the rate limiter (with its storage: memory:// for SQLite, Redis for PostgreSQL)
and the security headers. Only the tips limit is raised (TIPSAPP_RATELIMIT_TIPS, printed),
because all the load comes from one address and would otherwise meet 429 after 10 requests.

How to read the figures.
- ``2xx/s`` is the throughput of successful answers; the ratio tips/hello uses it, so an
  endpoint that failed fast could not look quick. ``req/s`` counts every answer.
- p50/p99 are per-request latencies (ms) as the client saw them. gunicorn's sync workers close
  the connection after each answer, so each request includes a TCP connect on loopback, for
  both apps alike. With 16 connections and 2 workers most of the latency is queueing:
  latency ~ connections / throughput.
- The absolute numbers depend on the machine (the generator shares its CPUs); the ratio is the
  figure to compare with the targets (>= 0.30 on SQLite, >= 0.20 on PostgreSQL).
- The integrity line compares the tips stored in the database with the 201 answers gunicorn
  logged (warm-up included): they must be equal, nothing lost, nothing doubled. The client's own
  count of 201s can be lower by at most the requests still in flight when the clock stopped.
- The script prints; it does not assert. Exit code 0 also when below target.

Only 127.0.0.1 is contacted. Every run is bounded in time, every server is stopped, the temp
folders and the PostgreSQL bench database are removed at the end. Rate-limit keys left in Redis
db 15 expire within a minute.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "bench"
HOST = "127.0.0.1"
WORKERS = 2
WARMUP_SECONDS = 1
TIPS_PATH = "/api/v1/tips"
HELLO_PATH = "/hello"
RATELIMIT_TIPS = "1000000 per minute"
PG_ADMIN_URL = f"postgresql://postgres@{HOST}:5432/postgres"
PG_BENCH_DB = "tipsapp_bench"
PG_FALLBACK_DB = "test"
REDIS_URL = f"redis://{HOST}:6379/15"
TARGETS = {"SQLite": 0.30, "PostgreSQL": 0.20}

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


def sqlite_backend(instance: Path) -> Backend:
    env = base_env(instance)
    db_file = instance / "tipsapp.sqlite3"

    def count() -> int:
        with contextlib.closing(sqlite3.connect(db_file)) as conn:
            return int(conn.execute("SELECT count(*) FROM tips").fetchone()[0])

    return Backend("SQLite", env, count, lambda: None, note="rate limiter storage memory://")


def postgres_backend(instance: Path) -> Backend | str:
    """A fresh ``tipsapp_bench`` database (or a schema in ``test``); a str says why not."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc})"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        return f"cannot connect to {PG_ADMIN_URL}: {str(exc).strip()}"
    with admin:
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
        env["TIPSAPP_RATELIMIT_STORAGE_URI"] = REDIS_URL
    note = (
        f"rate limiter storage {REDIS_URL}"
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


def bench_backend(backend: Backend, seconds: int, connections: int, workdir: Path) -> None:
    print(f"\n== {backend.name} ({backend.note}) ==")
    migrate_and_seed(backend.env)
    hello_env = dict(backend.env)

    with serving("wsgi:app", backend.env, workdir, f"tips-{backend.name}") as server:
        warm_tips = drive(server.port, TIPS_PATH, WARMUP_SECONDS, connections, workdir)
        tips = drive(server.port, TIPS_PATH, seconds, connections, workdir)
    tips_server = server  # stopped: every in-flight request has finished

    with serving("hello_app:app", hello_env, workdir, f"hello-{backend.name}") as server:
        drive(server.port, HELLO_PATH, WARMUP_SECONDS, connections, workdir)
        hello = drive(server.port, HELLO_PATH, seconds, connections, workdir)

    print(
        f"  generator: {tips.generator}, {connections} connections, {seconds} s per app, "
        f"{WORKERS} sync workers each, body {len(TIP_BODY)} bytes"
    )
    print(
        f"  {'app':<6} {'req/s':>9} {'2xx/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}"
        f"  socket errors"
    )
    print(result_row("tips", tips))
    print(result_row("hello", hello))
    print_statuses("tips", tips)
    print_statuses("hello", hello)

    ratio = tips.per_second(tips.ok) / hello.per_second(hello.ok) if hello.ok else 0.0
    target = TARGETS[backend.name]
    verdict = "PASS" if ratio >= target else "BELOW"
    print(f"  ratio tips/hello (2xx/s): {ratio:.3f}   target >= {target:.2f}   {verdict}")

    stored = backend.count_tips()
    logged = logged_statuses(tips_server.access_log, TIPS_PATH)
    client_201 = warm_tips.statuses.get(201, 0) + tips.statuses.get(201, 0)
    print_integrity(stored, logged, client_201, warm_tips.unanswered + tips.unanswered)
    if tips.non_2xx or warm_tips.non_2xx or stored != logged.get(201, 0):
        print("  tip server logs:\n" + tips_server.log_tail())


def print_header(seconds: int, connections: int) -> None:
    print("tipsapp intake benchmark: POST /api/v1/tips vs a Flask hello-world (POST /hello)")
    print(
        f"  TIPSAPP_RATELIMIT_TIPS raised to {RATELIMIT_TIPS!r} (all load comes from one "
        "address); the limiter itself, validation, idempotency, hashing and security "
        "headers stay on"
    )
    if shutil.which("wrk"):
        print("  load generator: wrk")
    else:
        print(
            "  load generator: Python (wrk not on PATH). A Python client is slow itself and "
            "shares the CPUs: it can understate both apps' throughput, and the ratio with it"
        )
    print(
        f"  {seconds} s per app after a {WARMUP_SECONDS} s warm-up, {connections} connections, "
        f"{os.cpu_count()} CPUs shared by client and server"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per app (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections")
    parser.add_argument("--skip-postgres", action="store_true", help="only the SQLite run")
    args = parser.parse_args(argv)
    if args.seconds < 1 or args.connections < 1:
        parser.error("--seconds and --connections must be at least 1")
    return args


def run_one(kind: str, seconds: int, connections: int) -> None:
    """Set up one backend in its own temp folder, bench it, and clean everything up."""
    workdir = Path(tempfile.mkdtemp(prefix=f"tipsapp-bench-{kind}-"))
    backend: Backend | str | None = None
    try:
        instance = workdir / "instance"
        instance.mkdir()
        backend = sqlite_backend(instance) if kind == "sqlite" else postgres_backend(instance)
        if isinstance(backend, str):
            print(f"\n== PostgreSQL: skipped ({backend}) ==")
            return
        bench_backend(backend, seconds, connections, workdir)
    finally:
        if isinstance(backend, Backend):
            try:
                backend.cleanup()
            except Exception as exc:  # report and go on cleaning
                print(f"  cleanup of {backend.name} failed: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_header(args.seconds, args.connections)
    kinds = ["sqlite"] if args.skip_postgres else ["sqlite", "postgres"]
    for kind in kinds:
        try:
            run_one(kind, args.seconds, args.connections)
        except Exception as exc:  # one failing must not hide the other
            print(f"\n  {kind} run failed: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
