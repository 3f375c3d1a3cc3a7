"""Load with faults: tips and walk syncs under gunicorn, and the deliveries they cause, while
Redis, PostgreSQL, the SMTP server and a delivery worker are killed.

Usage: python bench/load.py [--seconds 60] [--tip-clients 6] [--sync-clients 2] [--down 3]
                            [--settle 300]

What it does. In a temporary folder it starts its own servers on spare ports of 127.0.0.1,
never the shared 5432/6379 ones: a PostgreSQL cluster made with the installed binaries
(``/usr/lib/postgresql/*/bin``; run as the ``postgres`` user when this runs as root, because
initdb refuses root) and a ``redis-server`` that keeps nothing on disk. It runs the flask
commands ``db upgrade``, ``seed``, ``orgs create`` and ``users create`` (an analyst) in this
process, and serves ``wsgi:app`` with gunicorn as ``gunicorn.conf.py`` does, with 4 workers, the
limiter counting in that Redis (the limits raised: all load comes from one address). Through
the API it plans a walk starting now and joins it once per sync client.

Deliveries. Two receivers run in processes of their own (``bench/receivers.py``), with a
self-signed certificate made by ``openssl``: an SMTP server (aiosmtpd) that takes mail only
after STARTTLS, and an HTTPS webhook endpoint. Each logs every arrival with its delivery id.
The admin (also created) registers the endpoint as a webhook for ``item.created``, and the
analyst opts in to urgent-item e-mail for the area; every fourth tip of a client is urgent.
So each stored tip and observation is one webhook event, and each urgent tip also a staff
e-mail (a cause event, fanned out to one ``notify.email`` event), all written in the outbox in
the tip's own transaction. Two ``flask worker`` processes run beside gunicorn with RQ on the
same Redis (db 1), with a 15 s lease and retries from 1 s (``OUTBOX_ENV``); a worker that
exits on its own is started again (as a service manager would) and counted.

Then, for ``--seconds``, phone-like clients (threads, ``http.client``) send:

- tips: ``POST /api/v1/tips`` with a fresh ``Idempotency-Key`` per tip; the key is also in the
  text (``[load <key>]``), so stored rows can be matched to keys afterwards;
- walk observations: ``POST /api/v1/walks/<id>/observations:sync`` in batches of
  ``--batch`` with fresh client UUIDs.

A client retries the same request (same key, same batch) after an error, a time-out
(``--timeout``) or a 503/429 until it is acknowledged: a 201 for a tip, a 200 where every
observation is ``created`` or ``duplicate``. It waits as a phone would, honouring Retry-After
but at most ``--max-wait`` seconds (1), with jitter: the cap keeps the recovery figures sharp to
about a second, where a phone waiting the whole 5 s a 503 asks for would add up to 5 s. For
``--drop`` (5 %) of the attempts it closes the connection right after sending and never reads
the answer, as a phone losing its network would: the retry then meets a request the server may
have stored already (a replay). When the time is up a client finishes (retries) what it has in
hand for at most ``--drain`` seconds and starts nothing new.

Faults, each a SIGKILL of the whole process group, restarted ``--down`` seconds later: Redis at
20 % of the run, the SMTP server at 35 % (on the same port), one delivery worker at 45 %,
PostgreSQL at 55 %. Neither gunicorn nor its workers are restarted. After the load the run
waits (at most ``--settle`` seconds) until no outbox event is pending, then stops the workers.

What it prints.
- tips and observations: sent (distinct keys / UUIDs), acknowledged, stored (rows matched to an
  acknowledged reference), lost (acknowledged, not stored: must be 0), duplicated (keys or
  UUIDs with more than one row: must be 0), and retries answered from the stored record;
- every HTTP attempt by status, socket errors and client time-outs (hangs), how many 503s
  lacked the JSON envelope or Retry-After and which Retry-After they gave; p50/p99 latency (ms)
  of all answers; tracebacks in gunicorn's logs and workers booted (more than 4: one died);
- per restart: seconds to the first 201 for a tip sent after the kill, counted from the
  restart, from the kill and from when the server accepted connections again (PostgreSQL's
  crash recovery takes seconds itself); for Redis also how soon the limiter counted in Redis
  again (workers connected to it: all 4 means every worker left its in-memory fallback);
- deliveries: events written (outbox rows, by kind), delivered, dead letters, still pending;
  arrivals at the receivers and distinct delivery ids among them; repeats of an id (the
  receiver drops them: a resend after a crash between the send and the mark); lost (an event
  marked delivered with no arrival, or an urgent tip whose e-mail event was never made: must
  be 0) and not delivered (still pending or dead after the wait); arrived under
  two ids (one item or notice under two delivery ids: must be 0); stored items without an
  event; webhook signatures that do not verify; latency from the event's writing (for e-mail,
  the urgent tip's) to its first arrival, p50/p99; the first mail after the SMTP restart;
  workers that died on their own, and the tracebacks in their logs.

The module is importable: ``run(seconds=...)`` returns a ``Figures``; tests/load uses it.
It prints; it never asserts. It exits 1 if the servers could not be started, 2 if a delivery
was lost or arrived under two ids, 3 if any other delivery figure is off (not drained within
``--settle``, a dead letter, a bad signature, an item without its event), else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import glob
import http.client
import json
import os
import pwd
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from intake import (  # noqa: E402
    HOST,
    REPO_ROOT,
    Server,
    base_env,
    free_port,
    percentile,
    wait_ready,
)

WORKERS = 4
RATELIMIT_HIGH = "1000000 per minute"
TIPS_PATH = "/api/v1/tips"
MARKER = re.compile(r"\[load ([0-9a-f-]{36})\]")
ANALYST_EMAIL = "lasttest@example.se"
ANALYST_PASSWORD = "sju tysta ekorrar mäter kön 2024"
ADMIN_EMAIL = "lasttest-admin@example.se"
ORGANISATION = "Lasttest polisen"
TIP_TEXT = (
    "Gatlyktorna längs gångvägen bakom skolan är släckta igen och det är helt mörkt på "
    "kvällarna. Ungdomar samlas där och det känns otryggt att gå förbi. [load {key}]"
)
# Every URGENT_EVERY-th tip of a client is urgent: a staff e-mail besides the webhook.
URGENT_TEXT = "Det pågår ett slagsmål just nu vid gångvägen bakom skolan, en har kniv. [load {key}]"
URGENT_EVERY = 4
WORKER_PROCESSES = 2
# Outbox settings of the run: a lease a little above the webhook's 10 s time-out, so a claim
# lost with Redis or a killed worker is due again within the run's settling time; retries from
# 1 s so a 3 s outage costs seconds, not the production 30 s back-off.
OUTBOX_ENV = {
    "TIPSAPP_OUTBOX_LEASE_SECONDS": "15",
    "TIPSAPP_OUTBOX_RETRY_SECONDS": "1",
    "TIPSAPP_OUTBOX_RETRY_MAX_SECONDS": "8",
    "TIPSAPP_SMTP_TIMEOUT_SECONDS": "5",
    "TIPSAPP_SMTP_FROM": "tipsapp@lasttest.example",
}
WEBHOOK_PATH = "/hooks/tipsapp"
ISSUES = ("lighting", "vegetation", "littering", "graffiti", "damage", "crossing")


class SetupError(RuntimeError):
    """A server or the app could not be started; the message says which and why."""


# --------------------------------------------------------------------------- private servers


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps them off PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(re.sub(r"\D", "", Path(p).parent.parent.name) or 0),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_servers() -> list[str]:
    """What this run needs and the machine lacks (empty when it can run)."""
    missing = []
    if postgres_bindir() is None:
        missing.append("PostgreSQL server binaries (initdb, postgres)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if shutil.which("openssl") is None:
        missing.append("openssl (for the receivers' certificate)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing.append("a 'postgres' OS user (initdb refuses to run as root)")
    return missing


def _kill_group(process: subprocess.Popen[bytes] | None) -> None:
    """SIGKILL the server and every child (postgres backends too): a crash, not a shutdown."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def tail(path: Path, lines: int = 20) -> str:
    """The last lines of a server's log, for an error message; "" before it exists."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def wait_started(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], name: str, seconds: float,
    log: Path, pause: float = 0.1,
) -> None:  # fmt: skip
    """Until ``ready()``; SetupError with the log's tail if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"{name} exited:\n" + tail(log))
        if ready():
            return
        time.sleep(pause)
    raise SetupError(f"{name} not ready after {seconds:.0f} s:\n" + tail(log))


class PrivateRedis:
    """A redis-server of our own on a spare port; it keeps nothing on disk."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
            "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.command("PING") == "+PONG":
                return
            time.sleep(0.05)
        raise SetupError(f"redis-server did not answer on port {self.port}")

    def kill(self) -> None:
        _kill_group(self.process)

    def command(self, *words: str) -> str | None:
        """One inline command; the first line of the answer, or None if Redis is down."""
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as sock:
                sock.sendall(" ".join(words).encode() + b"\r\n")
                data = b""
                while b"\r\n" not in data:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"$"):  # a bulk string: read its body too
                    size = int(data.split(b"\r\n", 1)[0][1:])
                    while len(data.split(b"\r\n", 1)[1]) < size:
                        chunk = sock.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    return data.split(b"\r\n", 1)[1][:size].decode(errors="replace")
                return data.split(b"\r\n", 1)[0].decode(errors="replace")
        except OSError:
            return None

    def client_count(self) -> int | None:
        """Connections of the limiter: one per gunicorn worker counting in Redis.

        Not this probe's, not the delivery workers' (they use db 1, see ``worker_env``), and
        not the connection each worker reads the limiter key's daily seed on (tipsapp/security/
        client_key.py): that one was last used when the worker started, while every limiter
        connection is used by each request. So: db 0, used within the last 2 s, last command
        not this probe's or the seed's SET. (Leaving out every connection whose last command was
        a GET, as this did, once missed a limiter connection: its last command can be a GET too.)
        The largest of three looks 0.3 s apart, as a worker may have been between requests.
        """
        counts: list[int] = []
        for look in range(3):
            if look:
                time.sleep(0.3)
            listing = self.command("CLIENT", "LIST")
            if listing is None or not listing.startswith("id="):
                return None
            counts.append(
                sum(
                    1
                    for line in listing.splitlines()
                    if " db=0 " in f" {line} "
                    and (idle := re.search(r"\bidle=(\d+)\b", line)) is not None
                    and int(idle.group(1)) <= 2
                    and not re.search(r"\bcmd=(client\|list|set|NULL)\b", line)
                )
            )
        return max(counts)


class PrivatePostgres:
    """A PostgreSQL cluster of our own in the temp folder, on a spare TCP port only."""

    def __init__(self, workdir: Path) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise SetupError("no PostgreSQL binaries found")
        self.bindir = bindir
        self.root = workdir / "pg"
        self.data = self.root / "data"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.user = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/tipsapp"

    def _as_owner(self) -> dict[str, Any]:
        return {"user": self.user, "group": self.user} if self.user else {}

    def init(self) -> None:
        self.root.mkdir(parents=True)
        if self.user:
            record = pwd.getpwnam(self.user)
            os.chown(self.root, record.pw_uid, record.pw_gid)
        done = subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"],
            cwd=self.root, capture_output=True, text=True, timeout=120, check=False,
            **self._as_owner(),
        )  # fmt: skip
        if done.returncode != 0:
            raise SetupError(f"initdb failed:\n{done.stdout}{done.stderr}")

    def start(self) -> None:
        log = (self.root / "postgres.log").open("ab")
        command = [
            str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
            "-c", f"listen_addresses={HOST}", "-c", "unix_socket_directories=",
            "-c", "max_connections=50",
        ]  # fmt: skip
        with log:
            self.process = subprocess.Popen(
                command, cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, **self._as_owner(),
            )  # fmt: skip
        wait_started(self.process, self.ready, "postgres", 60, self.root / "postgres.log")

    def ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.admin_url, connect_timeout=2).close()
            return True
        except psycopg.Error:
            return False

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/postgres"

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute("CREATE DATABASE tipsapp")

    def kill(self) -> None:
        _kill_group(self.process)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url, connect_timeout=5) as conn:
            return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]


def start_gunicorn(env: dict[str, str], logdir: Path, port: int | None = None) -> Server:
    """gunicorn with the repo's conf file and 4 sync workers; logs to files. ``port``: the one
    to bind (a restarted host keeps its own), else a spare one."""
    port = port or free_port()
    access_log, error_log = logdir / "access.log", logdir / "error.log"
    console_log = logdir / "console.log"
    command = [
        sys.executable, "-m", "gunicorn", "-c", str(REPO_ROOT / "gunicorn.conf.py"),
        "--bind", f"{HOST}:{port}", "--workers", str(WORKERS),
        "--access-logfile", str(access_log), "--error-logfile", str(error_log),
        "--log-level", "info", "wsgi:app",
    ]  # fmt: skip
    with console_log.open("wb") as console:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=console, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return Server(process, port, access_log, error_log, console_log)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, as tests/handover/test_tls.py makes one."""
    cert, key = folder / "receiver-cert.pem", folder / "receiver-key.pem"
    done = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SetupError(f"openssl failed:\n{done.stderr}")
    return cert, key


class Receiver:
    """bench/receivers.py in a process of its own (``smtp`` or ``webhook``), on a fixed port,
    so it can be SIGKILLed and started again where the workers send."""

    def __init__(self, kind: str, workdir: Path, cert: Path, key: Path) -> None:
        self.kind = kind
        self.port = free_port()
        self.cert, self.key = cert, key
        self.log = workdir / f"{kind}-arrivals.jsonl"
        self.console = workdir / f"{kind}-receiver.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable, str(BENCH_DIR / "receivers.py"), self.kind, "--port", str(self.port),
            "--cert", str(self.cert), "--key", str(self.key), "--log", str(self.log),
        ]  # fmt: skip
        with self.console.open("ab") as console:
            self.process = subprocess.Popen(
                command, stdout=console, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_started(
            self.process, self.listening, f"the {self.kind} receiver", 20, self.console, 0.05
        )

    def listening(self) -> bool:
        try:
            socket.create_connection((HOST, self.port), 0.5).close()
        except OSError:
            return False
        return True

    def kill(self) -> None:
        _kill_group(self.process)

    def arrivals(self) -> list[dict[str, Any]]:
        found = []
        if self.log.exists():
            for line in self.log.read_text(errors="replace").splitlines():
                with contextlib.suppress(ValueError):
                    found.append(json.loads(line))
        return found


class Workers:
    """``flask worker`` processes beside gunicorn; one that dies on its own is started again
    (as systemd or a container's restart policy would) and counted."""

    def __init__(self, env: dict[str, str], logdir: Path, count: int) -> None:
        self.env = env
        self.logs = [logdir / f"worker-{index}.log" for index in range(count)]
        self.processes: list[subprocess.Popen[bytes] | None] = [None] * count
        self.held: set[int] = set()  # killed on purpose, not to be revived yet
        self.exits: list[str] = []  # "worker N exited with code C"
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self._watch, daemon=True)

    def start_all(self) -> None:
        for index in range(len(self.processes)):
            self.start(index)
        self.watcher.start()

    def start(self, index: int) -> None:
        with self.lock:
            with self.logs[index].open("ab") as log:
                self.processes[index] = subprocess.Popen(
                    [sys.executable, "-m", "flask", "worker", "--interval", "0.5"],
                    cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            self.held.discard(index)

    def kill(self, index: int) -> None:
        """SIGKILL, mid-job or not: whatever it held is left to the lease."""
        with self.lock:
            self.held.add(index)
            _kill_group(self.processes[index])

    def _watch(self) -> None:
        while not self.stopping.wait(0.5):
            for index, process in enumerate(self.processes):
                if index in self.held or process is None or process.poll() is None:
                    continue
                if self.stopping.is_set():
                    return
                self.exits.append(f"worker {index} exited with code {process.returncode}")
                self.start(index)

    def stop(self) -> None:
        """SIGTERM (a worker finishes its round), then SIGKILL what is left after 15 s."""
        self.stopping.set()
        with self.lock:
            for process in self.processes:
                if process is not None and process.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGTERM)
            for process in self.processes:
                if process is None:
                    continue
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    _kill_group(process)

    def errors(self) -> list[str]:
        """Tracebacks in the workers' logs, each with its exception line."""
        found = []
        for path in self.logs:
            lines = path.read_text(errors="replace").splitlines() if path.exists() else []
            for index, line in enumerate(lines):
                if line.startswith("Traceback"):
                    last = next((n for n in lines[index + 1 :] if not n.startswith(" ")), "")
                    found.append(f"{path.name}: {last}")
        return found


# --------------------------------------------------------------------------- HTTP


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any
    seconds: float


class AnswerDroppedError(Exception):
    """The phone lost its network after sending: the server may have done it, or not."""


def request(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
    timeout: float = 10.0, drop_answer: bool = False,
) -> Answer:  # fmt: skip
    """One request on a new connection (gunicorn's sync workers close it after each answer).

    ``body`` goes as JSON; ``bytes`` go as they are (a photo), under the caller's Content-Type.
    ``drop_answer`` closes the connection as soon as the request is sent, unread.
    """
    sent_headers = {"Accept": "application/json", **(headers or {})}
    if isinstance(body, bytes):
        data: bytes | None = body
    else:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        if data is not None:
            sent_headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=sent_headers)
        if drop_answer:
            raise AnswerDroppedError
        response = conn.getresponse()
        raw = response.read()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw[:200]
    return Answer(response.status, answer_headers, parsed, time.perf_counter() - started)


def setup_walk(port: int, clients: int) -> tuple[str, list[str]]:
    """Log in as the analyst, plan a walk starting now, join it once per sync client."""
    staff = login(port, ANALYST_EMAIL)
    walk = request(
        port, "POST", "/api/v1/walks",
        {"area": "gislaved", "title": "Lasttest kvällsvandring", "meeting_point": "Torget",
         "starts_at": datetime.now(UTC).isoformat()},
        staff,
    )  # fmt: skip
    if walk.status != 201:
        raise SetupError(f"creating the walk answered {walk.status}: {walk.body}")
    tokens = []
    for _ in range(clients):
        joined = request(port, "POST", "/api/v1/walks/join", {"code": walk.body["join_code"]})
        if joined.status != 201:
            raise SetupError(f"joining the walk answered {joined.status}: {joined.body}")
        tokens.append(joined.body["token"])
    return walk.body["id"], tokens


def login(port: int, email: str) -> dict[str, str]:
    answer = request(
        port, "POST", "/api/v1/auth/login", {"email": email, "password": ANALYST_PASSWORD}
    )
    if answer.status != 200:
        raise SetupError(f"login of {email} answered {answer.status}: {answer.body}")
    return {"Authorization": f"Bearer {answer.body['token']}"}


def setup_deliveries(port: int, webhook_port: int) -> str:
    """Make every stored item an event: a webhook for ``item.created`` (the admin registers
    it), and the analyst opts in to urgent-item e-mail for the area. Answers the secret."""
    hook = request(
        port, "POST", "/api/v1/webhooks",
        {"url": f"https://{HOST}:{webhook_port}{WEBHOOK_PATH}", "events": ["item.created"]},
        login(port, ADMIN_EMAIL),
    )  # fmt: skip
    if hook.status != 201:
        raise SetupError(f"registering the webhook answered {hook.status}: {hook.body}")
    subscribed = request(
        port, "PUT", "/api/v1/staff/me/notifications",
        {"subscriptions": [{"area": "gislaved", "kind": "urgent_item"}]},
        login(port, ANALYST_EMAIL),
    )  # fmt: skip
    if subscribed.status != 200:
        raise SetupError(f"opting in answered {subscribed.status}: {subscribed.body}")
    return str(hook.body["secret"])


# --------------------------------------------------------------------------- the clients


@dataclass
class ClientLog:
    """What one client thread saw; merged after the run."""

    statuses: Counter[int] = field(default_factory=Counter)
    socket_errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    bad_503: int = 0
    dropped: int = 0
    retry_after_503: Counter[str] = field(default_factory=Counter)
    replayed: int = 0
    rejected: list[str] = field(default_factory=list)
    # (when the acknowledged attempt was sent, when its 201 came), monotonic
    tip_201_times: list[tuple[float, float]] = field(default_factory=list)
    failure_times: list[float] = field(default_factory=list)  # non-2xx and socket errors
    sent: dict[str, None] = field(default_factory=dict)  # keys or UUIDs, in order
    acked: dict[str, str] = field(default_factory=dict)  # key or UUID -> reference


class Phone:
    """Sends one thing until it is acknowledged, retrying the identical request."""

    def __init__(self, port: int, log: ClientLog, settings: LoadSettings, rng: random.Random):
        self.port = port
        self.log = log
        self.settings = settings
        self.rng = rng
        self.attempt_started = 0.0

    def wait(self, retry_after: str | None) -> None:
        try:
            advised = float(retry_after) if retry_after else 0.5
        except ValueError:
            advised = 0.5
        time.sleep(min(advised, self.settings.max_wait) * self.rng.uniform(0.5, 1.0))

    def send(
        self, path: str, body: Any, headers: dict[str, str], give_up_at: float,
        accept: Callable[[Answer], bool],
    ) -> Answer | None:  # fmt: skip
        """The acknowledged answer, or None if ``give_up_at`` (monotonic) passed first."""
        while time.monotonic() < give_up_at:
            self.attempt_started = time.monotonic()
            drop = self.rng.random() < self.settings.drop
            try:
                answer = request(
                    self.port, "POST", path, body, headers, self.settings.timeout, drop
                )
            except AnswerDroppedError:
                self.log.dropped += 1
                self.wait(None)
                continue
            except TimeoutError:
                self.log.socket_errors["timeout"] += 1
                self.log.failure_times.append(time.monotonic())
                self.wait(None)
                continue
            except (OSError, http.client.HTTPException) as error:
                self.log.socket_errors[type(error).__name__] += 1
                self.log.failure_times.append(time.monotonic())
                self.wait(None)
                continue
            self.log.statuses[answer.status] += 1
            self.log.latencies.append(answer.seconds * 1000)
            if answer.status == 503:
                self.log.retry_after_503[answer.headers.get("retry-after", "none")] += 1
            if answer.status == 503 and not (
                isinstance(answer.body, dict)
                and answer.body.get("error", {}).get("status") == 503
                and answer.headers.get("retry-after")
            ):
                self.log.bad_503 += 1
            if accept(answer):
                return answer
            self.log.failure_times.append(time.monotonic())
            if answer.status in (429, 503) or answer.status >= 500:
                self.wait(answer.headers.get("retry-after"))
                continue
            # Any other answer is final for this request: a phone would show it, not retry.
            self.log.rejected.append(f"{answer.status} {str(answer.body)[:160]}")
            return None
        return None


def tip_client(port: int, log: ClientLog, settings: LoadSettings, seed: int) -> None:
    phone = Phone(port, log, settings, random.Random(seed))
    while time.monotonic() < settings.stop_at:
        key = str(uuid.uuid4())
        text = URGENT_TEXT if len(log.sent) % URGENT_EVERY == URGENT_EVERY - 1 else TIP_TEXT
        body = {
            "area": "gislaved",
            "category": "unsafe_environment",
            "text": text.format(key=key),
            "place": "Gångvägen bakom skolan",
            "location": {"lat": 57.3048, "lon": 13.5413, "accuracy_m": 25},
            "language": "sv",
        }
        log.sent[key] = None
        answer = phone.send(
            TIPS_PATH, body, {"Idempotency-Key": key}, settings.give_up_at,
            accept=lambda a: a.status == 201,
        )  # fmt: skip
        if answer is not None:
            log.acked[key] = answer.body["reference"]
            log.tip_201_times.append((phone.attempt_started, time.monotonic()))
            if answer.headers.get("idempotent-replayed") == "true":
                log.replayed += 1


def batch_complete(answer: Answer, uuids: list[str]) -> bool:
    """Every observation of the batch answered, in order, as stored (now or before)."""
    if answer.status != 200 or not isinstance(answer.body, dict):
        return False
    results = answer.body.get("results") or []
    return [r.get("client_uuid") for r in results] == uuids and all(
        r.get("status") in ("created", "duplicate") for r in results
    )


def sync_client(
    port: int, walk_id: str, token: str, log: ClientLog, settings: LoadSettings, seed: int
) -> None:
    phone = Phone(port, log, settings, random.Random(seed))
    path = f"/api/v1/walks/{walk_id}/observations:sync"
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < settings.stop_at:
        uuids = [str(uuid.uuid4()) for _ in range(settings.batch)]
        seen_at = datetime.now(UTC).isoformat()
        batch = [
            {"client_uuid": client_uuid, "issue": phone.rng.choice(ISSUES),
             "text": "Mörkt och skräpigt vid tunneln.", "place": "Tunneln vid stationen",
             "location": {"lat": 57.30 + phone.rng.random() / 100, "lon": 13.54},
             "ratings": {"lighting": phone.rng.randint(0, 3)}, "seen_at": seen_at}
            for client_uuid in uuids
        ]  # fmt: skip
        for client_uuid in uuids:
            log.sent[client_uuid] = None

        answer = phone.send(
            path,
            {"observations": batch},
            headers,
            settings.give_up_at,
            accept=functools.partial(batch_complete, uuids=uuids),
        )
        if answer is not None:
            for result in answer.body["results"]:
                log.acked[result["client_uuid"]] = result["reference"]
            log.replayed += sum(r["status"] == "duplicate" for r in answer.body["results"])


# --------------------------------------------------------------------------- the run


@dataclass
class LoadSettings:
    stop_at: float = 0.0  # monotonic: start nothing new after this
    give_up_at: float = 0.0  # monotonic: stop retrying after this
    timeout: float = 10.0
    max_wait: float = 1.0
    batch: int = 10
    drop: float = 0.05  # share of attempts whose answer the phone never reads


@dataclass
class Fault:
    """One kill and restart, with what the service did after it (seconds, None if never)."""

    service: str
    killed_at: float
    restarted_at: float
    ready_at: float
    first_201_after_restart: float | None = None
    first_201_after_kill: float | None = None
    first_201_after_ready: float | None = None
    failures_while_down: int = 0  # answers other than success, and socket errors
    limiter_first_worker: float | None = None
    limiter_all_workers: float | None = None


@dataclass
class Kind:
    """Sent, acknowledged, stored, lost and duplicated for tips or observations."""

    sent: int
    acknowledged: int
    stored: int
    lost: int
    duplicated: int
    replayed: int
    stored_unacknowledged: int


@dataclass
class Figures:
    seconds: float
    tips: Kind
    observations: Kind
    statuses: dict[int, int]
    socket_errors: dict[str, int]
    timeouts: int
    bad_503: int
    dropped: int
    retry_after_503: dict[str, int]
    rejected: list[str]
    p50_ms: float
    p99_ms: float
    faults: list[Fault]
    workers_on_redis_before: int | None
    app_errors: list[str] = field(default_factory=list)
    workers_booted: int = 0
    delivery: Delivery | None = None

    @property
    def attempts(self) -> int:
        return sum(self.statuses.values()) + sum(self.socket_errors.values()) + self.dropped

    @property
    def server_errors_not_503(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)

    @property
    def lost(self) -> int:
        return self.tips.lost + self.observations.lost

    @property
    def duplicated(self) -> int:
        return self.tips.duplicated + self.observations.duplicated


@dataclass
class Outbox:
    """The delivery side of the run: receivers, ``flask worker`` processes, webhook secret."""

    smtp: Receiver
    hooks: Receiver
    workers: Workers
    secret: str
    settle: float  # longest wait (s) for the outbox to drain after the load
    smtp_restarted_at: float | None = None  # wall clock, as the arrivals are


@dataclass
class Delivery:
    """Events in the outbox against what arrived at the receivers, counted by delivery id."""

    events: dict[str, int]  # outbox rows by kind
    delivered: int  # rows marked delivered
    dead: int
    pending: int  # still pending after the settling wait
    arrivals: int  # every arrival at both receivers, repeats included
    distinct: int  # distinct delivery ids that arrived
    expected: int  # events that must arrive (webhooks, e-mails)
    duplicates: int  # arrivals of an id that had arrived before (the receiver dropped them)
    duplicates_kept: int  # repeats the receiver did not drop (must be 0)
    lost: int  # marked delivered, yet no arrival (nor, for an urgent tip, its e-mail event)
    undelivered: int  # still pending (or dead) and not arrived: not lost, not delivered either
    split: int  # one item or notice arriving under two ids (must be 0)
    unknown: int  # arrived ids no event has
    items_without_event: int  # stored tips and observations no webhook event names
    bad_signatures: int
    p50_s: float  # event written (for e-mail: the urgent tip's) -> first arrival
    p99_s: float
    rate: float  # distinct arrivals per second, from the first event written to the last arrival
    drained_after: float | None  # seconds after the load, None: not within the wait
    smtp_first_arrival_after_restart: float | None
    worker_exits: list[str] = field(default_factory=list)  # died on their own, restarted
    worker_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.undelivered == 0
            and self.split == 0
            and self.duplicates_kept == 0
            and self.unknown == 0
            and self.items_without_event == 0
            and self.bad_signatures == 0
            and self.pending == 0
            and self.dead == 0
        )


def wait_drained(postgres: PrivatePostgres, settle: float) -> float | None:
    """Seconds until no event is pending (None if ``settle`` passed first)."""
    import psycopg

    started = time.monotonic()
    while time.monotonic() - started < settle:
        with contextlib.suppress(psycopg.Error):
            pending = postgres.rows("SELECT count(*) FROM outbox_events WHERE state = 'pending'")
            if pending[0][0] == 0:
                return time.monotonic() - started
        time.sleep(0.5)
    return None


def count_deliveries(
    postgres: PrivatePostgres, outbox: Outbox, drained_after: float | None
) -> Delivery:
    """Match the outbox's rows to the receivers' arrival logs by delivery id."""
    import hashlib
    import hmac

    rows = postgres.rows("SELECT delivery_id, kind, state, payload, created_at FROM outbox_events")
    events = Counter(kind for _id, kind, _state, _payload, _created in rows)
    states = Counter(state for _id, _kind, state, _payload, _created in rows)
    # The urgent tip's cause event, by reference: an e-mail's latency counts from it.
    caused_at = {
        str(payload.get("reference")): created
        for _id, kind, _state, payload, created in rows
        if kind == "notify.urgent_item"
    }
    expected: dict[str, tuple[str, float]] = {}  # delivery id -> (item or notice, written at)
    state_of = {delivery_id: state for delivery_id, _kind, state, _payload, _created in rows}
    for delivery_id, kind, _state, payload, created in rows:
        if kind == "webhook":
            reference = str(payload["body"]["data"]["reference"])
            expected[delivery_id] = (f"webhook {reference}", created.timestamp())
        elif kind == "notify.email":
            reference = str(payload.get("reference"))
            written = caused_at.get(reference, created)
            expected[delivery_id] = (f"mail {reference} {payload.get('user')}", written.timestamp())
    emailed = {
        str(payload.get("reference"))
        for _id, kind, _state, payload, _created in rows
        if kind == "notify.email"
    }
    causes = [
        (str(p.get("reference")), st) for _i, k, st, p, _c in rows if k == "notify.urgent_item"
    ]
    causes_unmailed = Counter(state for reference, state in causes if reference not in emailed)

    arrivals = outbox.smtp.arrivals() + outbox.hooks.arrivals()
    first_at: dict[str, float] = {}
    seen: Counter[str] = Counter()
    kept_twice = 0
    for arrival in sorted(arrivals, key=lambda a: float(a["at"])):
        ident = str(arrival["id"])
        seen[ident] += 1
        first_at.setdefault(ident, float(arrival["at"]))
        if seen[ident] > 1 and not arrival.get("dropped"):
            kept_twice += 1
    ids_per_thing: dict[str, set[str]] = {}
    for ident in first_at:
        if ident in expected:
            ids_per_thing.setdefault(expected[ident][0], set()).add(ident)
    bad_signatures = 0
    for arrival in outbox.hooks.arrivals():
        digest = hmac.new(
            outbox.secret.encode(),
            f"{arrival.get('timestamp')}.{arrival.get('body')}".encode(),
            hashlib.sha256,
        )
        if arrival.get("signature") != "sha256=" + digest.hexdigest():
            bad_signatures += 1
    latencies = sorted(
        max(0.0, first_at[ident] - written)
        for ident, (_thing, written) in expected.items()
        if ident in first_at
    )
    named = {
        str(payload["body"]["data"]["reference"])
        for _id, kind, _state, payload, _created in rows
        if kind == "webhook"
    }
    stored = {r for (r,) in postgres.rows("SELECT reference FROM tips")} | {
        r for (r,) in postgres.rows("SELECT reference FROM observations")
    }
    smtp_fault_restart = outbox.smtp_restarted_at
    after_restart = [
        float(a["at"]) for a in outbox.smtp.arrivals() if smtp_fault_restart is not None
        and float(a["at"]) >= smtp_fault_restart
    ]  # fmt: skip
    return Delivery(
        events=dict(sorted(events.items())),
        delivered=states.get("delivered", 0),
        dead=states.get("dead", 0),
        pending=states.get("pending", 0),
        arrivals=len(arrivals),
        distinct=len(first_at),
        expected=len(expected),
        duplicates=len(arrivals) - len(first_at),
        duplicates_kept=kept_twice,
        lost=sum(
            1 for ident in expected if ident not in first_at and state_of[ident] == "delivered"
        )
        + causes_unmailed["delivered"],
        undelivered=sum(
            1 for ident in expected if ident not in first_at and state_of[ident] != "delivered"
        )
        + causes_unmailed["pending"]
        + causes_unmailed["dead"],
        split=sum(1 for ids in ids_per_thing.values() if len(ids) > 1),
        unknown=sum(1 for ident in first_at if ident not in expected),
        items_without_event=len(stored - named),
        bad_signatures=bad_signatures,
        p50_s=percentile(latencies, 50),
        p99_s=percentile(latencies, 99),
        rate=(
            len(first_at) / (max(first_at.values()) - min(w for _t, w in expected.values()))
            if first_at and expected
            else 0.0
        ),
        drained_after=drained_after,
        smtp_first_arrival_after_restart=(
            min(after_restart) - smtp_fault_restart
            if after_restart and smtp_fault_restart is not None
            else None
        ),
        worker_exits=list(outbox.workers.exits),
        worker_errors=outbox.workers.errors(),
    )


def tally(
    sent: list[str], acked: dict[str, str], rows: list[tuple[str, str]], replayed: int
) -> Kind:
    """Match stored (id, reference) rows to what clients sent and had acknowledged."""
    by_id: dict[str, list[str]] = {}
    for ident, reference in rows:
        by_id.setdefault(ident, []).append(reference)
    stored = sum(1 for ident, ref in acked.items() if ref in by_id.get(ident, []))
    return Kind(
        sent=len(sent),
        acknowledged=len(acked),
        stored=stored,
        lost=len(acked) - stored,
        duplicated=sum(1 for refs in by_id.values() if len(refs) > 1),
        replayed=replayed,
        stored_unacknowledged=sum(1 for ident in by_id if ident not in acked),
    )


def watch_limiter(redis: PrivateRedis, fault: Fault, until: float) -> None:
    """After Redis is back: when the first and then every worker count in it again."""
    while time.monotonic() < until:
        clients = redis.client_count() or 0
        if clients >= 1 and fault.limiter_first_worker is None:
            fault.limiter_first_worker = time.monotonic() - fault.restarted_at
        if clients >= WORKERS:
            fault.limiter_all_workers = time.monotonic() - fault.restarted_at
            return
        time.sleep(0.1)


def logged_errors(server: Server) -> list[str]:
    """Lines of gunicorn's logs that show an error the app did not handle, or a dead worker."""
    return logged_lines(
        server, re.compile(r"Traceback|unhandled|WORKER TIMEOUT|Worker .* (was sent|exited)")
    )


def logged_lines(server: Server, pattern: re.Pattern[str]) -> list[str]:
    """The matching lines; a traceback is followed by its exception line, so a failure says what."""
    found = []
    for path in (server.error_log, server.console_log):
        if not path.exists():
            continue
        lines = path.read_text(errors="replace").splitlines()
        for index, line in enumerate(lines):
            if not pattern.search(line):
                continue
            if line.startswith("Traceback"):
                rest = lines[index + 1 :]
                last = next((later for later in rest if not later.startswith(" ")), "")
                line = f"{line} ... {last}"
            found.append(line)
    return found


def crash(name: str, kill: Callable[[], None], start: Callable[[], None], down: float) -> Fault:
    killed_at = time.monotonic()
    kill()
    time.sleep(down)
    restarted_at = time.monotonic()
    start()
    return Fault(name, killed_at, restarted_at, time.monotonic())


def run(
    seconds: float = 60.0,
    tip_clients: int = 6,
    sync_clients: int = 2,
    down: float = 3.0,
    batch: int = 10,
    timeout: float = 10.0,
    max_wait: float = 1.0,
    drop: float = 0.05,
    drain: float = 20.0,
    settle: float = 300.0,
    progress: Callable[[str], None] = lambda _msg: None,
) -> Figures:
    """Set everything up, drive the load through the faults, count, and clean up."""
    missing = missing_servers()
    if missing:
        raise SetupError("missing: " + ", ".join(missing))
    workdir = Path(tempfile.mkdtemp(prefix="tipsapp-load-"))
    os.chmod(workdir, 0o755)  # the postgres user must reach its folder inside
    redis = PrivateRedis(workdir)
    postgres = PrivatePostgres(workdir)
    server: Server | None = None
    receivers: list[Receiver] = []
    workers: Workers | None = None
    try:
        progress(f"PostgreSQL {postgres.bindir} on port {postgres.port}, Redis on {redis.port}")
        postgres.init()
        postgres.start()
        postgres.create_database()
        redis.start()
        cert, key = make_certificate(workdir)
        smtp, hooks = (Receiver(kind, workdir, cert, key) for kind in ("smtp", "webhook"))
        receivers = [smtp, hooks]
        for receiver in receivers:
            receiver.start()
        env = app_env(workdir, postgres.url, redis.url, smtp.port, cert)
        # gunicorn opens no connection while it boots: let it boot while the database is made.
        server = start_gunicorn(env, workdir)
        prepare_database(env)
        wait_ready(server, timeout=120)
        walk_id, tokens = setup_walk(server.port, sync_clients)
        secret = setup_deliveries(server.port, hooks.port)
        workers = Workers(worker_env(env, redis, cert), workdir, WORKER_PROCESSES)
        workers.start_all()
        progress(
            f"gunicorn on port {server.port}, {WORKERS} workers; {WORKER_PROCESSES} flask "
            f"workers; SMTP on {smtp.port}, webhook on {hooks.port}; load for {seconds:.0f} s"
        )
        return drive(
            server, redis, postgres, walk_id, tokens,
            LoadSettings(timeout=timeout, max_wait=max_wait, batch=batch, drop=drop),
            seconds, tip_clients, down, drain, progress,
            Outbox(smtp, hooks, workers, secret, settle),
        )  # fmt: skip
    finally:
        # Everything is thrown away: a crash stop is as good as a clean one, and quicker.
        if workers is not None:
            workers.stopping.set()
            for process in workers.processes:
                _kill_group(process)
        for receiver in receivers:
            receiver.kill()
        _kill_group(server.process if server else None)
        redis.kill()
        postgres.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def prepare_database(env: dict[str, str]) -> None:
    """Migrate, seed and create the analyst with the flask commands, run in this process.

    Four ``flask`` processes would each import the app again: seconds each on a busy machine.
    """
    from tipsapp import create_app
    from tipsapp.extensions import db

    app = create_app(
        {
            "TIPSAPP_ENV": "production",
            "SECRET_KEY": env["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    runner = app.test_cli_runner()
    for args in (
        ["db", "upgrade"],
        ["seed"],
        ["orgs", "create", ORGANISATION, "--kind", "police", "--areas", "gislaved"],
        ["users", "create", ANALYST_EMAIL, "--name", "Lasttest", "--org", ORGANISATION,
         "--role", "analyst", "--password", ANALYST_PASSWORD],
        ["users", "create", ADMIN_EMAIL, "--name", "Lasttest admin", "--org", ORGANISATION,
         "--role", "admin", "--password", ANALYST_PASSWORD],
    ):  # fmt: skip
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SetupError(f"flask {' '.join(args[:2])} failed: {result.output}")
    with app.app_context():
        db.engine.dispose()


def app_env(
    workdir: Path, database_url: str, redis_url: str, smtp_port: int, cert: Path
) -> dict[str, str]:
    instance = workdir / "instance"
    instance.mkdir(exist_ok=True)
    env = base_env(instance)
    env.update(
        {
            "DATABASE_URL": database_url,
            "TIPSAPP_RATELIMIT_STORAGE_URI": redis_url,
            # All load comes from one address: raise the limits, keep the limiter counting.
            "TIPSAPP_RATELIMIT_TIPS": RATELIMIT_HIGH,
            "TIPSAPP_RATELIMIT_DEFAULT": RATELIMIT_HIGH,
            "TIPSAPP_LOG_LEVEL": "WARNING",
            # The bench's analyst logs in with a password alone; the second factor has its own
            # tests (tests/staff/test_totp.py) and would only add a code to every login here.
            "TIPSAPP_REQUIRE_2FA": "0",
            # Mail over STARTTLS to the bench's receiver, its certificate trusted by file.
            "TIPSAPP_SMTP_HOST": HOST,
            "TIPSAPP_SMTP_PORT": str(smtp_port),
            "TIPSAPP_SMTP_STARTTLS": "true",
            "TIPSAPP_SMTP_CA_FILE": str(cert),
            **OUTBOX_ENV,
        }
    )
    return env


def worker_env(env: dict[str, str], redis: PrivateRedis, cert: Path) -> dict[str, str]:
    """The app's environment, plus RQ on the private Redis (db 1: db 0 is the limiter's, whose
    clients the Redis figures count) and the receivers' certificate for the webhooks' HTTPS."""
    return {
        **env,
        "TIPSAPP_REDIS_URL": f"redis://{HOST}:{redis.port}/1",
        "TIPSAPP_RATELIMIT_STORAGE_URI": "memory://",
        "SSL_CERT_FILE": str(cert),
    }


def drive(
    server: Server, redis: PrivateRedis, postgres: PrivatePostgres, walk_id: str,
    tokens: list[str], settings: LoadSettings, seconds: float,
    tip_clients: int, down: float, drain: float, progress: Callable[[str], None],
    outbox: Outbox,
) -> Figures:  # fmt: skip
    started = time.monotonic()
    settings.stop_at = started + seconds
    settings.give_up_at = settings.stop_at + drain
    logs = [ClientLog() for _ in range(tip_clients + len(tokens))]
    threads = [
        threading.Thread(target=tip_client, args=(server.port, logs[i], settings, i), daemon=True)
        for i in range(tip_clients)
    ] + [
        threading.Thread(
            target=sync_client,
            args=(server.port, walk_id, token, logs[tip_clients + i], settings, 1000 + i),
            daemon=True,
        )
        for i, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()

    faults: list[Fault] = []
    workers_on_redis: int | None = None
    watchers: list[threading.Thread] = []
    for name, at, kill, start in (
        ("Redis", 0.20, redis.kill, redis.start),
        ("SMTP", 0.35, outbox.smtp.kill, outbox.smtp.start),
        ("worker", 0.45, functools.partial(outbox.workers.kill, 0),
         functools.partial(outbox.workers.start, 0)),
        ("PostgreSQL", 0.55, postgres.kill, postgres.start),
    ):  # fmt: skip
        time.sleep(max(0.0, started + seconds * at - time.monotonic()))
        if name == "Redis":  # by now every worker has served requests and holds a connection
            workers_on_redis = redis.client_count()
        progress(f"{time.monotonic() - started:5.1f} s  SIGKILL {name}, restart in {down:.0f} s")
        fault = crash(name, kill, start, down)
        progress(f"{time.monotonic() - started:5.1f} s  {name} restarted and ready")
        if name == "Redis":
            watchers.append(
                threading.Thread(
                    target=watch_limiter, args=(redis, fault, fault.restarted_at + 45), daemon=True
                )
            )
            watchers[-1].start()
        if name == "SMTP":
            outbox.smtp_restarted_at = time.time() - (time.monotonic() - fault.restarted_at)
        faults.append(fault)

    for thread in threads:
        thread.join(timeout=max(1.0, settings.give_up_at - time.monotonic() + 15))
    elapsed = time.monotonic() - started
    progress(f"{elapsed:5.1f} s  load done; waiting for the outbox to drain")
    drained_after = wait_drained(postgres, outbox.settle)
    progress(
        f"{time.monotonic() - started:5.1f} s  outbox "
        + ("drained" if drained_after is not None else f"not drained after {outbox.settle:.0f} s")
        + "; stopping the workers, counting the stored rows and the arrivals"
    )
    outbox.workers.stop()
    for watcher in watchers:
        watcher.join(timeout=max(0.0, faults[0].restarted_at + 46 - time.monotonic()))

    tip_logs, sync_logs = logs[:tip_clients], logs[tip_clients:]
    tip_rows = [
        (match.group(1), reference)
        for reference, text in postgres.rows("SELECT reference, text FROM tips")
        if (match := MARKER.search(text))
    ]
    obs_rows = [
        (str(u), r) for u, r in postgres.rows("SELECT client_uuid, reference FROM observations")
    ]
    tips = tally(
        [k for log in tip_logs for k in log.sent],
        {k: v for log in tip_logs for k, v in log.acked.items()},
        tip_rows,
        sum(log.replayed for log in tip_logs),
    )
    observations = tally(
        [k for log in sync_logs for k in log.sent],
        {k: v for log in sync_logs for k, v in log.acked.items()},
        obs_rows,
        sum(log.replayed for log in sync_logs),
    )
    statuses: Counter[int] = Counter()
    socket_errors: Counter[str] = Counter()
    latencies: list[float] = []
    for log in logs:
        statuses.update(log.statuses)
        socket_errors.update(log.socket_errors)
        latencies.extend(log.latencies)
    latencies.sort()
    times_201 = sorted(pair for log in tip_logs for pair in log.tip_201_times)
    for fault in faults:
        # The first 201 to a request sent after the kill: answers already under way when the
        # server died say nothing about recovery.
        answered = min((end for sent, end in times_201 if sent >= fault.killed_at), default=None)
        if answered is not None:
            fault.first_201_after_kill = answered - fault.killed_at
            fault.first_201_after_ready = max(0.0, answered - fault.ready_at)
            fault.first_201_after_restart = max(0.0, answered - fault.restarted_at)
        fault.failures_while_down = sum(
            fault.killed_at <= t <= fault.ready_at for log in logs for t in log.failure_times
        )
    return Figures(
        seconds=elapsed,
        tips=tips,
        observations=observations,
        statuses=dict(sorted(statuses.items())),
        socket_errors=dict(socket_errors),
        timeouts=socket_errors.get("timeout", 0),
        bad_503=sum(log.bad_503 for log in logs),
        dropped=sum(log.dropped for log in logs),
        retry_after_503=dict(sum((log.retry_after_503 for log in logs), Counter())),
        rejected=[r for log in logs for r in log.rejected],
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        faults=faults,
        workers_on_redis_before=workers_on_redis,
        app_errors=logged_errors(server),
        workers_booted=len(logged_lines(server, re.compile(r"Booting worker"))),
        delivery=count_deliveries(postgres, outbox, drained_after),
    )


# --------------------------------------------------------------------------- printing


def _secs(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f} s"


def report(figures: Figures) -> str:
    lines = [f"  load ran {figures.seconds:.1f} s (drain included), {WORKERS} gunicorn workers"]
    lines.append(
        f"  {'':<13}{'sent':>8}{'acked':>8}{'stored':>8}{'lost':>6}{'dup':>5}"
        f"{'replays':>9}{'stored, not acked':>19}"
    )
    for name, kind in (("tips", figures.tips), ("observations", figures.observations)):
        lines.append(
            f"  {name:<13}{kind.sent:>8}{kind.acknowledged:>8}{kind.stored:>8}{kind.lost:>6}"
            f"{kind.duplicated:>5}{kind.replayed:>9}{kind.stored_unacknowledged:>19}"
        )
    lines.append(
        f"  LOST {figures.lost} (must be 0)   DUPLICATED {figures.duplicated} (must be 0)   "
        + ("OK" if figures.lost == 0 and figures.duplicated == 0 else "FAIL")
    )
    statuses = ", ".join(f"{status}: {n}" for status, n in figures.statuses.items())
    errors = ", ".join(f"{k}: {n}" for k, n in figures.socket_errors.items()) or "none"
    lines.append(
        f"  HTTP attempts {figures.attempts}: {statuses}; socket errors: {errors}; "
        f"answers the phone dropped unread: {figures.dropped}"
    )
    lines.append(
        f"  5xx other than 503: {figures.server_errors_not_503}; 503 without JSON envelope or "
        f"Retry-After: {figures.bad_503}; client time-outs (hangs > timeout): {figures.timeouts}"
    )
    advice = ", ".join(f"{value} s: {n}" for value, n in sorted(figures.retry_after_503.items()))
    lines.append(f"  Retry-After on the 503s: {advice or 'no 503'}")
    if figures.rejected:
        lines.append(f"  answers a phone would not retry: {len(figures.rejected)}, e.g. "
                     f"{figures.rejected[0]}")  # fmt: skip
    lines.append(
        f"  latency of all answers: p50 {figures.p50_ms:.1f} ms, p99 {figures.p99_ms:.1f} ms"
    )
    lines.append(
        f"  workers counting in Redis before the faults: {figures.workers_on_redis_before}"
    )
    lines.append(
        f"  server log lines with a traceback or an unhandled error: {len(figures.app_errors)}; "
        f"gunicorn workers booted: {figures.workers_booted} (more than {WORKERS}: one died)"
    )
    lines.extend(f"    {line}" for line in figures.app_errors[:5])
    for fault in figures.faults:
        line = (
            f"  {fault.service}: killed, restarted {fault.restarted_at - fault.killed_at:.1f} s "
            f"later (ready after {fault.ready_at - fault.restarted_at:.2f} s); first tip 201 "
            f"{_secs(fault.first_201_after_restart)} after the restart "
            f"({_secs(fault.first_201_after_kill)} after the kill, "
            f"{_secs(fault.first_201_after_ready)} after it accepted connections); "
            f"failed tries while down: "
            f"{fault.failures_while_down}"
        )
        lines.append(line)
        if fault.service == "Redis":
            lines.append(
                f"    limiter in Redis again: first worker after "
                f"{_secs(fault.limiter_first_worker)}, all {WORKERS} after "
                f"{_secs(fault.limiter_all_workers)} (flask-limiter re-checks with back-off)"
            )
    if figures.delivery is not None:
        lines.extend(report_delivery(figures.delivery))
    return "\n".join(lines)


def report_delivery(d: Delivery) -> list[str]:
    kinds = ", ".join(f"{kind} {n}" for kind, n in d.events.items())
    drained = (
        f"drained {d.drained_after:.1f} s after the load"
        if d.drained_after is not None
        else "NOT drained within the wait"
    )
    lines = [
        f"  outbox ({WORKER_PROCESSES} flask workers, RQ on Redis): events written "
        f"{sum(d.events.values())} ({kinds}); delivered {d.delivered}, dead letters {d.dead}, "
        f"pending {d.pending}; {drained}",
        f"  receivers: arrivals {d.arrivals}, distinct delivery ids {d.distinct} of "
        f"{d.expected} expected; repeats of an id (dropped by the receiver) {d.duplicates}, "
        f"kept {d.duplicates_kept}; ids of no event {d.unknown}; bad signatures "
        f"{d.bad_signatures}",
        f"  DELIVERY LOST {d.lost} (must be 0)   ARRIVED UNDER TWO IDS {d.split} (must be 0)   "
        f"not delivered (still pending or dead) {d.undelivered}   "
        f"stored items without an event {d.items_without_event}   " + ("OK" if d.ok else "FAIL"),
        f"  delivery latency (event written -> first arrival): p50 {d.p50_s:.2f} s, "
        f"p99 {d.p99_s:.2f} s; {d.rate:.1f} deliveries/s; first mail "
        f"{_secs(d.smtp_first_arrival_after_restart)} after the SMTP server's restart",
        f"  flask workers that died on their own (restarted): {len(d.worker_exits)}; "
        f"tracebacks in their logs: {len(d.worker_errors)}",
    ]
    lines.extend(f"    {line}" for line in (d.worker_exits + d.worker_errors)[:5])
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="load time (default 60)")
    parser.add_argument("--tip-clients", type=int, default=6)
    parser.add_argument("--sync-clients", type=int, default=2)
    parser.add_argument("--batch", type=int, default=10, help="observations per sync batch")
    parser.add_argument("--down", type=float, default=3.0, help="seconds each server stays down")
    parser.add_argument("--timeout", type=float, default=10.0, help="client time-out (s)")
    parser.add_argument("--max-wait", type=float, default=1.0, help="longest wait between tries")
    parser.add_argument(
        "--drop", type=float, default=0.05, help="share of answers the phone never reads"
    )
    parser.add_argument("--drain", type=float, default=20.0, help="retry time after the end")
    parser.add_argument(
        "--settle", type=float, default=300.0, help="longest wait for the outbox to drain"
    )
    args = parser.parse_args(argv)
    print(
        "tipsapp load with faults: tips and walk syncs, and their deliveries, while Redis, "
        "PostgreSQL, the SMTP server and a worker are killed"
    )
    try:
        figures = run(
            seconds=args.seconds, tip_clients=args.tip_clients, sync_clients=args.sync_clients,
            down=args.down, batch=args.batch, timeout=args.timeout, max_wait=args.max_wait,
            drop=args.drop, drain=args.drain, settle=args.settle,
            progress=lambda msg: print(f"  {msg}", flush=True),
        )  # fmt: skip
    except SetupError as error:
        print(f"  cannot run: {error}")
        return 1
    print(report(figures))
    delivery = figures.delivery
    if delivery is None or delivery.lost or delivery.split:
        return 2
    return 0 if delivery.ok else 3


if __name__ == "__main__":
    sys.exit(main())
