"""Scale-out: two app hosts behind HAProxy, PostgreSQL through pgbouncer, one Redis; one host is
SIGKILLed under load and restarted.

Usage: python bench/scaleout.py [--seconds 60] [--tip-clients 4] [--photo-clients 2]
                                [--sync-clients 2] [--down 3] [--short]

What it starts, in a temporary folder, on spare ports of 127.0.0.1 (never the shared 5432/6379):
a PostgreSQL cluster and a ``redis-server`` as bench/load.py starts them (its helpers are
imported, not copied); ``pgbouncer`` (Debian package) in ``pool_mode = transaction`` in front
of that PostgreSQL, with 10 server connections for the two hosts' 8 workers; two gunicorn
instances ("hosts") of 4 workers each, each with an instance folder of its own and the same
``SECRET_KEY``, reaching the database only through pgbouncer with
``TIPSAPP_DATABASE_PGBOUNCER=1`` and storing photos with ``TIPSAPP_PHOTO_STORAGE=database``;
and ``haproxy`` (Debian package) in front, round robin, health-checking ``/healthz`` every
0.5 s. The schema is made with ``flask db upgrade`` straight to PostgreSQL (migrations take
locks and run DDL: that belongs on a direct connection, not on the pooler).

HAProxy retries a request on another host when the connection fails or the host closes it
without an answer (``retry-on conn-failure empty-response``, the request buffered). That is
safe only because every write here is idempotent: a tip carries an ``Idempotency-Key``, an
observation and a photo their client UUID. When no host is up it answers 503 with the app's
JSON envelope and ``Retry-After: 1`` (``errorfile``), so phones wait and retry as they do for
the app's own 503s. Any other 5xx that reaches a client is counted.

The load, through HAProxy, for ``--seconds``: tip clients as bench/load.py's (a fresh
``Idempotency-Key`` per tip, retried until acknowledged, 5 % of answers dropped unread); walk
sync clients as bench/load.py's (batches of client UUIDs); photo clients that send a tip and
then ``PUT`` a small JPEG to it under a fresh client UUID, retried until 201 or 200. At 40 % of
the run host 1's gunicorn (master and workers) is SIGKILLed and started again ``--down``
seconds later on the same port and instance folder.

Then two proofs, straight to each host's port (not through HAProxy):
- a photo uploaded through host 1 is listed and read by an analyst through host 2, byte for
  byte what host 1 serves (needs ``TIPSAPP_PHOTO_STORAGE=database``; without it the check says
  "pending" and why);
- a client alternating hosts meets the tip-status limit (``TIPSAPP_RATELIMIT_TIP_STATUS``,
  ``LIMIT_PROBE`` per minute here) at the combined count: the first 429 is request
  ``LIMIT_PROBE + 1`` counted over both hosts, not over each.

What it prints: for tips, observations and photos sent, acknowledged, stored, lost (must be 0),
duplicated (must be 0); HTTP attempts by status, 5xx other than 503 (must be 0), p50/p99; the
kill and when HAProxy took host 1 back; CPU seconds of each part (from /proc, sampled) and
the acknowledged writes per second of app CPU, the figure docs/scaling.md builds on; the two
proofs. The module is importable: ``run(...)`` returns a ``ScaleFigures``; tests/load uses it.
It exits 0 when every must-be figure holds, 2 when one does not, 1 if it could not start.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import os
import pwd
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import load  # noqa: E402
from intake import HOST, Server, base_env, free_port, percentile, wait_ready  # noqa: E402

HOSTS = 2
LIMIT_PROBE = 8  # tip-status requests per minute per client in this run
RATELIMIT_HIGH = load.RATELIMIT_HIGH
BOUNCER_POOL = 10  # server connections pgbouncer keeps for the tipsapp database
KILL_AT = 0.4  # share of the run at which host 1 is killed
PHOTO_PATH = "/api/v1/tips/{reference}/photos/{client_uuid}"


class SetupError(load.SetupError):
    """A server or the app could not be started; the message says which and why."""


def missing_servers() -> list[str]:
    """What this run needs and the machine lacks (empty when it can run)."""
    missing = [m for m in load.missing_servers() if not m.startswith("openssl")]
    for binary in ("haproxy", "pgbouncer"):
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists():
            missing.append(f"{binary} (apt-get install {binary})")
    return missing


def _binary(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


def photo_storage_supported() -> bool:
    """Whether this tipsapp knows ``TIPSAPP_PHOTO_STORAGE`` (photos in the database)."""
    from tipsapp.config import settings_from_env

    return "PHOTO_STORAGE" in settings_from_env(Path(tempfile.gettempdir()))


# --------------------------------------------------------------------------- servers


class PgBouncer:
    """pgbouncer in transaction pooling mode before the private PostgreSQL, run as the
    ``postgres`` user when this runs as root (pgbouncer refuses root)."""

    def __init__(self, workdir: Path, postgres: load.PrivatePostgres) -> None:
        self.root = workdir / "pgbouncer"
        self.postgres = postgres
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.user = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/tipsapp"

    def start(self) -> None:
        self.root.mkdir(exist_ok=True)
        (self.root / "userlist.txt").write_text('"postgres" ""\n')
        (self.root / "pgbouncer.ini").write_text(
            f"[databases]\n"
            f"tipsapp = host={HOST} port={self.postgres.port} dbname=tipsapp\n"
            f"[pgbouncer]\n"
            f"listen_addr = {HOST}\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.root / 'userlist.txt'}\n"
            f"pool_mode = transaction\ndefault_pool_size = {BOUNCER_POOL}\n"
            f"max_client_conn = 400\nlogfile = {self.root / 'pgbouncer.log'}\n"
            f"pidfile = {self.root / 'pgbouncer.pid'}\n"
        )
        if self.user:
            record = pwd.getpwnam(self.user)
            for path in (self.root, *self.root.iterdir()):
                os.chown(path, record.pw_uid, record.pw_gid)
        owner = {"user": self.user, "group": self.user} if self.user else {}
        self.process = subprocess.Popen(
            [_binary("pgbouncer"), str(self.root / "pgbouncer.ini")],
            cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, **owner,
        )  # fmt: skip
        load.wait_started(self.process, self.ready, "pgbouncer", 20, self.root / "pgbouncer.log")

    def ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url, connect_timeout=2, prepare_threshold=None).close()
            return True
        except psycopg.Error:
            return False

    def kill(self) -> None:
        load._kill_group(self.process)


ERROR_503 = (
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: application/json\r\nRetry-After: 1\r\nCache-Control: no-store\r\n"
    "Connection: close\r\n\r\n"
    '{"error": {"status": 503, "code": "service_unavailable", '
    '"message": "The service is busy. Please try again in a moment.", "fields": {}}}\n'
)


class HAProxy:
    """haproxy in front of the hosts: round robin, /healthz checks, retries of idempotent
    requests on connection failure or an empty answer, a JSON 503 when no host is up."""

    def __init__(self, workdir: Path, backends: list[int]) -> None:
        self.root = workdir / "haproxy"
        self.backends = backends
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def config(self) -> str:
        servers = "\n".join(
            f"  server host{index + 1} {HOST}:{port} check"
            for index, port in enumerate(self.backends)
        )
        return (
            "global\n  maxconn 1000\n"
            "defaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n"
            "  timeout server 30s\n  timeout http-request 10s\n"
            # Every write carries an idempotency key or client UUID: a retry elsewhere is safe.
            "  retries 3\n  option redispatch 1\n  retry-on conn-failure empty-response\n"
            "  option http-buffer-request\n"
            f"  errorfile 503 {self.root / '503.http'}\n"
            f"frontend web\n  bind {HOST}:{self.port}\n  default_backend hosts\n"
            "backend hosts\n  balance roundrobin\n  option httpchk GET /healthz\n"
            "  http-check expect status 200\n  default-server inter 500ms fall 2 rise 2\n"
            f"{servers}\n"
        )

    def start(self) -> None:
        self.root.mkdir(exist_ok=True)
        (self.root / "503.http").write_text(ERROR_503)
        (self.root / "haproxy.cfg").write_text(self.config())
        log = (self.root / "haproxy.log").open("ab")
        with log:
            self.process = subprocess.Popen(
                [_binary("haproxy"), "-db", "-f", str(self.root / "haproxy.cfg")],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        # Ready when it passes a request to a host.
        load.wait_started(self.process, self.passes, "haproxy", 15, self.root / "haproxy.log")

    def passes(self) -> bool:
        try:
            return load.request(self.port, "GET", "/healthz", timeout=2).status == 200
        except OSError:
            return False

    def kill(self) -> None:
        load._kill_group(self.process)


@dataclass
class AppHost:
    """One gunicorn "host": its own instance folder and logs, a fixed port it keeps."""

    name: str
    env: dict[str, str]
    logdir: Path
    port: int
    server: Server | None = None
    sessions: list[int] = field(default_factory=list)  # every incarnation's session id

    def start(self) -> None:
        self.server = load.start_gunicorn(self.env, self.logdir, self.port)
        self.sessions.append(self.server.process.pid)

    def kill(self) -> None:
        load._kill_group(self.server.process if self.server else None)


def host_env(
    workdir: Path, name: str, secret: str, database_url: str, redis_url: str
) -> dict[str, str]:
    instance = workdir / name / "instance"
    instance.mkdir(parents=True)
    env = base_env(instance)
    env.update(
        {
            "SECRET_KEY": secret,  # one per deployment: receipts and tokens work on every host
            "DATABASE_URL": database_url,
            "TIPSAPP_DATABASE_PGBOUNCER": "1",
            "TIPSAPP_PHOTO_STORAGE": "database",
            "TIPSAPP_RATELIMIT_STORAGE_URI": redis_url,
            # All load comes from one address: raise the limits, keep the limiter counting.
            "TIPSAPP_RATELIMIT_TIPS": RATELIMIT_HIGH,
            "TIPSAPP_RATELIMIT_DEFAULT": RATELIMIT_HIGH,
            "TIPSAPP_RATELIMIT_PHOTOS": RATELIMIT_HIGH,
            "TIPSAPP_RATELIMIT_TIP_STATUS": f"{LIMIT_PROBE} per minute",
            "TIPSAPP_LOG_LEVEL": "WARNING",
            # The bench's analyst logs in by password; a second factor is not what is measured.
            "TIPSAPP_REQUIRE_2FA": "0",
        }
    )
    return env


# --------------------------------------------------------------------------- CPU from /proc


class CpuMeter:
    """CPU seconds per part, from /proc, over every process of the part's sessions.

    A session's total is what its live processes used plus what its leader's reaped children
    used (``cutime``/``cstime``: PostgreSQL backends that ended, for one). Sampled every 0.5 s;
    a killed session keeps the total of its last sample.
    """

    def __init__(self, parts: dict[str, Callable[[], list[int]]]) -> None:
        self.parts = parts
        self.by_session: dict[int, tuple[str, float]] = {}  # session id -> (part, seconds)
        self.tick = os.sysconf("SC_CLK_TCK")
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopping.wait(0.5):
            self.sample()

    def sample(self) -> None:
        sessions = {sid: part for part, get in self.parts.items() for sid in get()}
        used: Counter[int] = Counter()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                text = stat.read_text()
                fields = text[text.rindex(")") + 2 :].split()  # fields[0] is field 3, state
                sid = int(fields[3])
                if sid not in sessions:
                    continue
                used[sid] += int(fields[11]) + int(fields[12])  # utime + stime
                if int(stat.parent.name) == sid:
                    used[sid] += int(fields[13]) + int(fields[14])  # cutime + cstime
        for sid, ticks in used.items():
            before = self.by_session.get(sid, ("", 0.0))[1]
            self.by_session[sid] = (sessions[sid], max(before, ticks / self.tick))

    def totals(self) -> dict[str, float]:
        found: Counter[str] = Counter()
        for part, seconds in self.by_session.values():
            found[part] += seconds
        return {part: round(found[part], 1) for part in self.parts}


# --------------------------------------------------------------------------- clients


def tiny_jpeg(seed: int) -> bytes:
    """A small, valid photo (a few kB: HAProxy buffers it whole to be able to retry it)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.new("RGB", (320, 240), (rng.randrange(256), rng.randrange(256), 90))
    for _ in range(40):
        x, y = rng.randrange(300), rng.randrange(220)
        image.paste((rng.randrange(256),) * 3, (x, y, x + 20, y + 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def phone_photo() -> bytes:
    """A synthetic 12-megapixel phone photo (4032 x 3024, JPEG quality 90, about 3.4 MB):
    smooth areas, edges and sensor-like noise, so its size and decoding cost are a phone's."""
    from PIL import Image, ImageDraw

    width, height = 4032, 3024
    coarse = Image.effect_noise((width // 4, height // 4), 60).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (coarse, gradient, Image.blend(coarse, gradient, 0.5)))
    draw = ImageDraw.Draw(image)
    rng = random.Random(1)
    for _ in range(300):
        x, y = rng.randrange(width), rng.randrange(height)
        size = (rng.randrange(20, 300), rng.randrange(20, 300))
        draw.rectangle((x, y, x + size[0], y + size[1]), fill=(rng.randrange(256),) * 3)
    fine = Image.effect_noise((width, height), 25).convert("RGB")
    out = io.BytesIO()
    Image.blend(image, fine, 0.15).save(out, "JPEG", quality=90)
    return out.getvalue()


@dataclass
class PhotoCost:
    upload_bytes: int
    stored_bytes: int  # the re-encoded photo and its thumbnail
    cpu_ms: float  # median of 3 runs of tipsapp.photos.processing.process, CPU time


def measure_photo_cost() -> PhotoCost:
    """What the app's photo processing (decode, strip, resize to 2560 px, re-encode, thumbnail)
    costs for one phone photo, in this process's CPU time."""
    from tipsapp.photos.processing import process

    data = phone_photo()
    runs = []
    for _ in range(3):
        started = time.process_time()
        done = process(data, 40_000_000)
        runs.append((time.process_time() - started) * 1000)
    return PhotoCost(len(data), len(done.data) + len(done.thumbnail), sorted(runs)[1])


def put_raw(
    port: int, path: str, data: bytes, headers: dict[str, str], timeout: float
) -> load.Answer:
    """A PUT of raw bytes (a photo), on a new connection."""
    return load.request(
        port, "PUT", path, data, {"Content-Type": "image/jpeg", **headers}, timeout=timeout
    )


def photo_client(
    port: int, tip_log: load.ClientLog, photo_log: load.ClientLog, settings: load.LoadSettings,
    seed: int,
) -> None:  # fmt: skip
    """A resident who sends a tip and then its photo; each retried until acknowledged."""
    phone = load.Phone(port, tip_log, settings, random.Random(seed))
    while time.monotonic() < settings.stop_at:
        key = str(uuid.uuid4())
        body = {
            "area": "gislaved", "category": "unsafe_environment",
            "text": load.TIP_TEXT.format(key=key), "place": "Gångvägen bakom skolan",
            "location": {"lat": 57.3048, "lon": 13.5413, "accuracy_m": 25}, "language": "sv",
        }  # fmt: skip
        tip_log.sent[key] = None
        answer = phone.send(
            load.TIPS_PATH, body, {"Idempotency-Key": key}, settings.give_up_at,
            accept=lambda a: a.status == 201,
        )  # fmt: skip
        if answer is None:
            continue
        tip_log.acked[key] = answer.body["reference"]
        if answer.headers.get("idempotent-replayed") == "true":
            tip_log.replayed += 1
        client_uuid = str(uuid.uuid4())
        # A photo of its own each time: the store keeps one blob per content hash.
        photo = tiny_jpeg(seed * 100_000 + len(photo_log.sent))
        photo_log.sent[client_uuid] = None
        path = PHOTO_PATH.format(reference=answer.body["reference"], client_uuid=client_uuid)
        headers = {"X-Tip-Receipt": answer.body["receipt"]}
        while time.monotonic() < settings.give_up_at:
            try:
                stored = put_raw(port, path, photo, headers, settings.timeout)
            except (OSError, http.client.HTTPException) as error:
                photo_log.socket_errors[type(error).__name__] += 1
                phone.wait(None)
                continue
            photo_log.statuses[stored.status] += 1
            photo_log.latencies.append(stored.seconds * 1000)
            if stored.status in (200, 201):
                photo_log.acked[client_uuid] = answer.body["reference"]
                photo_log.replayed += stored.status == 200
                break
            if stored.status in (429, 503) or stored.status >= 500:
                phone.wait(stored.headers.get("retry-after"))
                continue
            photo_log.rejected.append(f"{stored.status} {str(stored.body)[:160]}")
            break


# --------------------------------------------------------------------------- proofs


@dataclass
class PhotoProof:
    status: str  # "proved", "failed" or "pending"
    detail: str


@dataclass
class LimitProof:
    statuses: list[tuple[str, int]]  # (host, status) in the order sent
    first_429: int | None  # 1-based position of the first 429
    limit: int = LIMIT_PROBE

    @property
    def combined(self) -> bool:
        return self.first_429 == self.limit + 1


def prove_photo_across_hosts(first: AppHost, second: AppHost, staff: dict[str, str]) -> PhotoProof:
    """A tip and its photo sent to host 1; listed and read by the analyst on host 2."""
    if not photo_storage_supported():
        return PhotoProof(
            "pending",
            "this tipsapp has no TIPSAPP_PHOTO_STORAGE setting yet: photos stay on the disk of "
            "the host that took them, so host 2 cannot read host 1's",
        )
    key = str(uuid.uuid4())
    tip = load.request(
        first.port, "POST", load.TIPS_PATH,
        {"area": "gislaved", "category": "unsafe_environment", "language": "sv",
         "text": load.TIP_TEXT.format(key=key), "place": "Torget"},
        {"Idempotency-Key": key},
    )  # fmt: skip
    if tip.status != 201:
        return PhotoProof("failed", f"the tip on host 1 answered {tip.status}: {tip.body}")
    reference = tip.body["reference"]
    path = PHOTO_PATH.format(reference=reference, client_uuid=uuid.uuid4())
    uploaded = put_raw(first.port, path, tiny_jpeg(7), {"X-Tip-Receipt": tip.body["receipt"]}, 10)
    if uploaded.status != 201:
        return PhotoProof("failed", f"the upload to host 1 answered {uploaded.status}")
    listing = load.request(second.port, "GET", f"/api/v1/queue/{reference}/photos", None, staff)
    if listing.status != 200 or not listing.body.get("photos"):
        return PhotoProof("failed", f"host 2 listed {listing.status}: {listing.body}")
    url = listing.body["photos"][0]["url"]
    reads = {}
    for host in (second, first):
        conn = http.client.HTTPConnection(HOST, host.port, timeout=10)
        conn.request("GET", url, headers=staff)
        response = conn.getresponse()
        reads[host.name] = (response.status, response.read())
        conn.close()
    status, data = reads[second.name]
    if status != 200 or not data.startswith(b"\xff\xd8"):
        return PhotoProof("failed", f"host 2 served the photo with {status}")
    if reads[first.name] != reads[second.name]:
        return PhotoProof("failed", "host 2 served other bytes than host 1")
    return PhotoProof(
        "proved",
        f"uploaded through {first.name} (201), listed and read through {second.name} "
        f"(200, {len(data)} bytes of JPEG, the same bytes {first.name} serves)",
    )


def prove_limit_across_hosts(
    first: AppHost, second: AppHost, reference: str, receipt: str
) -> LimitProof:
    """One client asks for its tip's status, alternating hosts, past the per-minute limit."""
    sent: list[tuple[str, int]] = []
    for index in range(LIMIT_PROBE + 4):
        host = (first, second)[index % 2]
        answer = load.request(
            host.port, "POST", "/api/v1/tips/status", {"reference": reference, "receipt": receipt}
        )
        sent.append((host.name, answer.status))
    first_429 = next((i + 1 for i, (_h, status) in enumerate(sent) if status == 429), None)
    return LimitProof(sent, first_429)


# --------------------------------------------------------------------------- the run


@dataclass
class Kill:
    killed_at: float  # seconds into the load
    restarted_at: float
    ready_at: float  # gunicorn answered on its port again
    back_in_haproxy: float | None  # HAProxy sent it requests again (from its access log)


@dataclass
class ScaleFigures:
    seconds: float
    tips: load.Kind
    observations: load.Kind
    photos: load.Kind
    statuses: dict[int, int]
    socket_errors: dict[str, int]
    dropped: int
    bad_503: int
    rejected: list[str]
    p50_ms: float
    p99_ms: float
    kill: Kill
    served_by: dict[str, int]  # HTTP answers each host logged during the load
    cpu: dict[str, float]
    photo_proof: PhotoProof
    limit_proof: LimitProof
    app_errors: list[str]
    cores: int
    table_bytes: dict[str, int] = field(default_factory=dict)  # with indexes and TOAST
    boot_cpu: float = 0.0  # CPU seconds the killed host spent starting again
    photo_cost: PhotoCost | None = None

    @property
    def cpu_ms_per_request(self) -> float:
        """App CPU (both hosts, the restart's boot left out) per API request they logged."""
        requests = sum(self.served_by.values())
        return 1000 * (self.app_cpu - self.boot_cpu) / requests if requests else 0.0

    def bytes_per_item(self) -> tuple[float, float]:
        """Database bytes per stored tip or observation (all but the photo tables), and per
        photo (its rows and blobs: the bench's small photo, not a phone's)."""
        photo_tables = {"photos", "photo_blobs"}
        photos = sum(v for k, v in self.table_bytes.items() if k in photo_tables)
        rest = sum(v for k, v in self.table_bytes.items() if k not in photo_tables)
        items = self.tips.stored + self.observations.stored
        return (
            rest / items if items else 0.0,
            photos / self.photos.stored if self.photos.stored else 0.0,
        )

    @property
    def lost(self) -> int:
        return self.tips.lost + self.observations.lost + self.photos.lost

    @property
    def duplicated(self) -> int:
        return self.tips.duplicated + self.observations.duplicated + self.photos.duplicated

    @property
    def server_errors_not_503(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)

    @property
    def acknowledged_writes(self) -> int:
        """Tips, sync batches' observations counted one by one, and photos acknowledged."""
        return self.tips.acknowledged + self.observations.acknowledged + self.photos.acknowledged

    @property
    def app_cpu(self) -> float:
        return sum(v for k, v in self.cpu.items() if k.startswith("host"))

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.duplicated == 0
            and self.server_errors_not_503 == 0
            and not self.rejected
            and self.photo_proof.status != "failed"
            and self.limit_proof.combined
        )


def requests_logged(server: Server | None) -> int:
    if server is None or not server.access_log.exists():
        return 0
    return len(server.access_log.read_text(errors="replace").splitlines())


def run(
    seconds: float = 60.0,
    tip_clients: int = 4,
    photo_clients: int = 2,
    sync_clients: int = 2,
    down: float = 3.0,
    drain: float = 20.0,
    progress: Callable[[str], None] = lambda _msg: None,
    measure_photo: bool = True,
) -> ScaleFigures:
    """Start everything, drive the load through the kill, count, prove, and clean up."""
    missing = missing_servers()
    if missing:
        raise SetupError("missing: " + ", ".join(missing))
    workdir = Path(tempfile.mkdtemp(prefix="tipsapp-scaleout-"))
    os.chmod(workdir, 0o755)  # the postgres user must reach its folders inside
    redis = load.PrivateRedis(workdir)
    postgres = load.PrivatePostgres(workdir)
    bouncer = PgBouncer(workdir, postgres)
    hosts: list[AppHost] = []
    haproxy: HAProxy | None = None
    try:
        postgres.init()
        postgres.start()
        postgres.create_database()
        redis.start()
        bouncer.start()
        secret = secrets.token_urlsafe(48)
        hosts = [
            AppHost(
                f"host{n}",
                host_env(workdir, f"host{n}", secret, bouncer.url, redis.url),
                workdir / f"host{n}",
                free_port(),
            )
            for n in range(1, HOSTS + 1)
        ]
        for host in hosts:
            host.start()
        # Migrations straight to PostgreSQL, never through the transaction pooler.
        load.prepare_database({**hosts[0].env, "DATABASE_URL": postgres.url})
        for host in hosts:
            assert host.server is not None
            wait_ready(host.server, timeout=120)
        haproxy = HAProxy(workdir, [host.port for host in hosts])
        haproxy.start()
        progress(
            f"PostgreSQL on {postgres.port} behind pgbouncer on {bouncer.port} (transaction "
            f"pooling, {BOUNCER_POOL} server connections); Redis on {redis.port}; "
            f"{HOSTS} hosts of {load.WORKERS} workers on ports "
            f"{', '.join(str(h.port) for h in hosts)}; HAProxy on {haproxy.port}"
        )
        walk_id, tokens = load.setup_walk(haproxy.port, sync_clients)
        staff = load.login(haproxy.port, load.ANALYST_EMAIL)
        meter = CpuMeter(
            {
                **{host.name: (lambda h=host: h.sessions) for host in hosts},  # type: ignore[misc]
                "pgbouncer": lambda: [bouncer.process.pid] if bouncer.process else [],
                "postgres": lambda: [postgres.process.pid] if postgres.process else [],
                "redis": lambda: [redis.process.pid] if redis.process else [],
                "haproxy": lambda: [haproxy.process.pid] if haproxy and haproxy.process else [],
            }
        )
        meter.sample()
        baseline = meter.totals()
        served_before = {host.name: _api_lines(host) for host in hosts}
        meter.thread.start()
        progress(f"load for {seconds:.0f} s through HAProxy; host1 SIGKILLed at {KILL_AT:.0%}")
        figures = drive(
            haproxy, hosts, walk_id, tokens, seconds, tip_clients, photo_clients, down, drain,
            progress, meter, baseline, served_before,
        )  # fmt: skip
        # The proofs after the load, on the restarted host 1 and on host 2.
        figures.photo_proof = prove_photo_across_hosts(hosts[0], hosts[1], staff)
        probe_key = str(uuid.uuid4())
        probe = load.request(
            hosts[0].port, "POST", load.TIPS_PATH,
            {"area": "gislaved", "category": "unsafe_environment", "language": "sv",
             "text": load.TIP_TEXT.format(key=probe_key), "place": "Torget"},
            {"Idempotency-Key": probe_key},
        )  # fmt: skip
        if probe.status != 201:
            raise SetupError(f"the limiter probe's tip answered {probe.status}: {probe.body}")
        figures.limit_proof = prove_limit_across_hosts(
            hosts[0], hosts[1], probe.body["reference"], probe.body["receipt"]
        )
        if measure_photo:
            figures.photo_cost = measure_photo_cost()
        return figures
    finally:
        for host in hosts:
            host.kill()
        if haproxy is not None:
            haproxy.kill()
        bouncer.kill()
        redis.kill()
        postgres.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def drive(
    haproxy: HAProxy, hosts: list[AppHost], walk_id: str, tokens: list[str], seconds: float,
    tip_clients: int, photo_clients: int, down: float, drain: float,
    progress: Callable[[str], None], meter: CpuMeter, baseline: dict[str, float],
    served_before: dict[str, int],
) -> ScaleFigures:  # fmt: skip
    settings = load.LoadSettings()
    started = time.monotonic()
    settings.stop_at = started + seconds
    settings.give_up_at = settings.stop_at + drain
    tip_logs = [load.ClientLog() for _ in range(tip_clients + photo_clients)]
    photo_logs = [load.ClientLog() for _ in range(photo_clients)]
    sync_logs = [load.ClientLog() for _ in tokens]
    port = haproxy.port
    threads = (
        [
            threading.Thread(target=load.tip_client, args=(port, tip_logs[i], settings, i))
            for i in range(tip_clients)
        ]
        + [
            threading.Thread(
                target=photo_client,
                args=(port, tip_logs[tip_clients + i], photo_logs[i], settings, 500 + i),
            )
            for i in range(photo_clients)
        ]
        + [
            threading.Thread(
                target=load.sync_client,
                args=(port, walk_id, token, sync_logs[i], settings, 1000 + i),
            )
            for i, token in enumerate(tokens)
        ]
    )
    for thread in threads:
        thread.daemon = True
        thread.start()

    victim = hosts[0]
    time.sleep(max(0.0, started + seconds * KILL_AT - time.monotonic()))
    meter.sample()
    cpu_at_kill = meter.totals()[victim.name]
    killed_at = time.monotonic()
    served_by_victim_before = requests_logged(victim.server)
    progress(f"{killed_at - started:5.1f} s  SIGKILL {victim.name}, restart in {down:.0f} s")
    victim.kill()
    time.sleep(down)
    restarted_at = time.monotonic()
    # gunicorn reopens its access log and appends: count from the line it had reached.
    victim.start()
    assert victim.server is not None
    wait_ready(victim.server, timeout=60)
    ready_at = time.monotonic()
    meter.sample()
    # What starting the host again cost (imports, the app, gunicorn's workers): not requests.
    boot_cpu = meter.totals()[victim.name] - cpu_at_kill
    progress(f"{ready_at - started:5.1f} s  {victim.name} answers again")
    back: float | None = None
    while back is None and time.monotonic() < ready_at + 15:
        # wait_ready's own GET and haproxy's health checks are in the log too: wait for an API
        # request. If the load has ended meanwhile (a slow restart), ask through HAProxy.
        text = victim.server.access_log.read_text(errors="replace").splitlines()
        if any("/api/v1/" in line for line in text[served_by_victim_before:]):
            back = time.monotonic()
            continue
        if time.monotonic() > settings.stop_at:
            with contextlib.suppress(OSError, http.client.HTTPException):
                load.request(haproxy.port, "GET", "/api/v1/openapi.json", timeout=5)
        time.sleep(0.1)

    for thread in threads:
        thread.join(timeout=max(1.0, settings.give_up_at - time.monotonic() + 15))
    elapsed = time.monotonic() - started
    meter.stopping.set()
    meter.thread.join(timeout=5)
    meter.sample()
    cpu = {part: round(used - baseline.get(part, 0.0), 1) for part, used in meter.totals().items()}
    progress(f"{elapsed:5.1f} s  load done; counting the stored rows")

    postgres_rows = _rows_reader(hosts[0])
    tip_rows = [
        (match.group(1), reference)
        for reference, text in postgres_rows("SELECT reference, text FROM tips")
        if (match := load.MARKER.search(text))
    ]
    obs_rows = [
        (str(u), r) for u, r in postgres_rows("SELECT client_uuid, reference FROM observations")
    ]
    photo_rows = [
        (str(u), r)
        for u, r in postgres_rows(
            "SELECT p.client_uuid, t.reference FROM photos p JOIN tips t ON t.id = p.tip_id"
        )
    ]

    sizes = dict(
        postgres_rows(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public'"
        )
    )

    def kind(logs: list[load.ClientLog], found: list[tuple[str, str]]) -> load.Kind:
        return load.tally(
            [k for log in logs for k in log.sent],
            {k: v for log in logs for k, v in log.acked.items()},
            found,
            sum(log.replayed for log in logs),
        )

    every = tip_logs + photo_logs + sync_logs
    statuses: Counter[int] = Counter()
    socket_errors: Counter[str] = Counter()
    latencies: list[float] = []
    for log in every:
        statuses.update(log.statuses)
        socket_errors.update(log.socket_errors)
        latencies.extend(log.latencies)
    latencies.sort()
    app_errors = [line for host in hosts if host.server for line in load.logged_errors(host.server)]
    return ScaleFigures(
        seconds=elapsed,
        tips=kind(tip_logs, tip_rows),
        observations=kind(sync_logs, obs_rows),
        photos=kind(photo_logs, photo_rows),
        statuses=dict(sorted(statuses.items())),
        socket_errors=dict(socket_errors),
        dropped=sum(log.dropped for log in every),
        bad_503=sum(log.bad_503 for log in every),
        rejected=[r for log in every for r in log.rejected],
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        kill=Kill(
            killed_at - started,
            restarted_at - started,
            ready_at - started,
            None if back is None else back - started,
        ),
        served_by={host.name: _api_lines(host) - served_before[host.name] for host in hosts},
        cpu=cpu,
        photo_proof=PhotoProof("pending", "not run"),
        limit_proof=LimitProof([], None),
        app_errors=app_errors,
        cores=os.cpu_count() or 1,
        boot_cpu=round(boot_cpu, 1),
        table_bytes={str(name): int(size) for name, size in sizes.items()},
    )


def _api_lines(host: AppHost) -> int:
    """API requests (not health checks) in the host's access log, all incarnations."""
    if host.server is None or not host.server.access_log.exists():
        return 0
    lines = host.server.access_log.read_text(errors="replace").splitlines()
    return sum("/api/v1/" in line for line in lines)


def _rows_reader(host: AppHost) -> Callable[[str], list[tuple[Any, ...]]]:
    """Rows read through pgbouncer, as the hosts read them (the URL of the host's env)."""
    import psycopg

    url = host.env["DATABASE_URL"]

    def rows(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(url, connect_timeout=5, prepare_threshold=None) as conn:
            return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]

    return rows


# --------------------------------------------------------------------------- printing


def report(f: ScaleFigures) -> str:
    lines = [
        f"  load ran {f.seconds:.1f} s (drain included); {HOSTS} hosts x {load.WORKERS} gunicorn "
        f"workers behind HAProxy; PostgreSQL through pgbouncer (transaction pooling); "
        f"{f.cores} cores on this machine, load generator included",
        f"  {'':<13}{'sent':>8}{'acked':>8}{'stored':>8}{'lost':>6}{'dup':>5}{'replays':>9}"
        f"{'stored, not acked':>19}",
    ]
    for name, kind in (("tips", f.tips), ("observations", f.observations), ("photos", f.photos)):
        lines.append(
            f"  {name:<13}{kind.sent:>8}{kind.acknowledged:>8}{kind.stored:>8}{kind.lost:>6}"
            f"{kind.duplicated:>5}{kind.replayed:>9}{kind.stored_unacknowledged:>19}"
        )
    lines.append(
        f"  LOST {f.lost} (must be 0)   DUPLICATED {f.duplicated} (must be 0)   "
        f"5xx OTHER THAN 503 {f.server_errors_not_503} (must be 0)   "
        + ("OK" if f.lost == 0 and f.duplicated == 0 and f.server_errors_not_503 == 0 else "FAIL")
    )
    statuses = ", ".join(f"{status}: {n}" for status, n in f.statuses.items())
    errors = ", ".join(f"{k}: {n}" for k, n in f.socket_errors.items()) or "none"
    lines.append(
        f"  HTTP answers {sum(f.statuses.values())}: {statuses}; socket errors: {errors}; "
        f"answers dropped unread: {f.dropped}; 503 without envelope or Retry-After: {f.bad_503}"
    )
    if f.rejected:
        lines.append(f"  answers a phone would not retry: {len(f.rejected)}, e.g. {f.rejected[0]}")
    lines.append(f"  latency of all answers: p50 {f.p50_ms:.1f} ms, p99 {f.p99_ms:.1f} ms")
    k = f.kill
    back = "never" if k.back_in_haproxy is None else f"{k.back_in_haproxy - k.ready_at:.2f} s"
    lines.append(
        f"  host1 SIGKILLed at {k.killed_at:.1f} s, restarted at {k.restarted_at:.1f} s, "
        f"answering after {k.ready_at - k.restarted_at:.2f} s; HAProxy sent it API requests "
        f"again {back} after that"
    )
    lines.append(
        "  API requests per host: "
        + ", ".join(f"{name} {n}" for name, n in f.served_by.items())
        + f"; server log lines with a traceback: {len(f.app_errors)}"
    )
    lines.extend(f"    {line}" for line in f.app_errors[:5])
    cpu = ", ".join(f"{part} {used:.1f}" for part, used in f.cpu.items())
    rate = f.acknowledged_writes / f.seconds if f.seconds else 0.0
    steady = f.app_cpu - f.boot_cpu
    per_core = f.acknowledged_writes / steady if steady > 0 else 0.0
    lines.append(f"  CPU seconds during the load: {cpu} (host1's restart cost {f.boot_cpu:.1f})")
    lines.append(
        f"  acknowledged writes {f.acknowledged_writes} ({rate:.1f}/s over the run) in "
        f"{sum(f.served_by.values())} API requests; app CPU without the restart: "
        f"{f.cpu_ms_per_request:.1f} ms per API request (tips, sync batches of "
        f"{load.LoadSettings().batch} and photos mixed), {per_core:.1f} acknowledged writes "
        f"per CPU second, i.e. per fully used core"
    )
    per_item, per_photo = f.bytes_per_item()
    lines.append(
        f"  database after the run: {sum(f.table_bytes.values()) / 1e6:.1f} MB in "
        f"{len(f.table_bytes)} tables (reference data and indexes included): "
        f"{per_item / 1000:.1f} kB per stored tip or observation, {per_photo / 1000:.1f} kB "
        f"per photo of {f.photos.stored} (this bench's small JPEG and its thumbnail)"
    )
    if f.photo_cost is not None:
        c = f.photo_cost
        lines.append(
            f"  one phone-sized photo (synthetic 4032 x 3024, {c.upload_bytes / 1e6:.1f} MB "
            f"upload): processing costs {c.cpu_ms:.0f} ms CPU, stores "
            f"{c.stored_bytes / 1e6:.2f} MB (2560 px photo and thumbnail)"
        )
    lines.append(f"  PHOTO ACROSS HOSTS: {f.photo_proof.status.upper()}: {f.photo_proof.detail}")
    p = f.limit_proof
    sequence = " ".join(f"{host[-1]}:{status}" for host, status in p.statuses)
    lines.append(
        f"  LIMIT ACROSS HOSTS: {'PROVED' if p.combined else 'FAILED'}: limit {p.limit}/min, "
        f"alternating hosts (host:status) {sequence}; first 429 at request "
        f"{p.first_429} (combined count: {p.limit + 1}; per host it would be {2 * p.limit + 1})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="load time (default 60)")
    parser.add_argument("--tip-clients", type=int, default=4)
    parser.add_argument("--photo-clients", type=int, default=2)
    parser.add_argument("--sync-clients", type=int, default=2)
    parser.add_argument("--down", type=float, default=3.0, help="seconds host1 stays down")
    parser.add_argument("--drain", type=float, default=20.0, help="retry time after the end")
    parser.add_argument("--short", action="store_true", help="the CI run: 20 s of load")
    args = parser.parse_args(argv)
    seconds = 20.0 if args.short else args.seconds
    print(
        "tipsapp scale-out: two hosts behind HAProxy, PostgreSQL through pgbouncer, Redis; "
        "host1 SIGKILLed mid-load"
    )
    try:
        figures = run(
            seconds=seconds, tip_clients=args.tip_clients, photo_clients=args.photo_clients,
            sync_clients=args.sync_clients, down=args.down, drain=args.drain,
            progress=lambda msg: print(f"  {msg}", flush=True),
        )  # fmt: skip
    except (SetupError, load.SetupError, RuntimeError) as error:
        print(f"  cannot run: {error}")
        return 1
    print(report(figures))
    return 0 if figures.ok else 2


if __name__ == "__main__":
    sys.exit(main())
