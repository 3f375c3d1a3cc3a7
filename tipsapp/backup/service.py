"""Backups: the database and the photos it refers to, as one verifiable ``.tar.gz``.

A backup holds ``manifest.json`` (when, which database kind, the Alembic revision, rows per
table, the sha256 and size of every part), the database (SQLite through its online backup API,
PostgreSQL through ``pg_dump --format=custom``) and the photo files the database refers to.
With ``PHOTO_STORAGE=database`` the photos are rows of ``photo_blobs`` inside the database part
and the archive holds no photo files (the manifest says ``"photo_storage": "database"``); a
restore puts them into whichever store the target instance uses.
Both the rows and the photo list come from one consistent snapshot: SQLite's backup copy, or a
REPEATABLE READ transaction whose snapshot ``pg_dump --snapshot`` shares.

A backup is personal data (tip texts, photos, staff e-mails): the archive is written with mode
0600 and must be stored encrypted and under the same retention as the live data.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any, BinaryIO

from flask import current_app
from sqlalchemy import Connection, MetaData, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL

from tipsapp.common.clock import utcnow
from tipsapp.extensions import db
from tipsapp.photos import storage, transfer
from tipsapp.security.secrets import keyed_hash
from tipsapp.triage.search import is_index_table

FORMAT = "tipsapp-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_PART = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Rows `flask db upgrade` and `flask seed` write: a freshly set-up instance holds only these.
SETUP_TABLES = frozenset({"alembic_version", "areas", "categories", "districts"})
_PHOTO_PART = re.compile(r"photos/([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{60})\.jpg")
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class BackupDamagedError(BackupError):
    """The archive is not what ``flask backup create`` wrote: ``where`` names the first damage.

    Raised while the archive is checked, so always before the instance is touched.
    """

    def __init__(self, where: str) -> None:
        super().__init__(
            f"the archive is damaged: {where}. Nothing was restored; use another copy of the backup"
        )
        self.where = where


@dataclass
class BackupSummary:
    path: Path
    manifest: dict[str, Any]

    @property
    def photo_storage(self) -> str:
        return str(self.manifest.get("photo_storage", "disk"))

    @property
    def photos(self) -> int:
        """Photo files in the archive, or with database storage the blobs in its database."""
        if self.photo_storage == "database":
            return int(self.manifest["counts"].get("photo_blobs", 0))
        return sum(1 for name in self.manifest["parts"] if name.startswith("photos/"))


@dataclass
class RestoreSummary:
    kind: str
    revision: str | None
    upgraded_to: str | None
    counts: dict[str, int]
    photos: int
    removed_photos: int = 0
    warnings: list[str] = field(default_factory=list)


# --- create ---------------------------------------------------------------------------------


def create_backup(target: Path) -> BackupSummary:
    """Write a backup of this instance to ``target`` (refuses to overwrite a file)."""
    target = target.absolute()
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    kind = _kind()
    # Personal data: the scratch folder sits beside the target (mkdtemp makes it 0700), not in
    # a shared /tmp.
    work = Path(tempfile.mkdtemp(prefix=".tipsapp-backup-", dir=target.parent))
    partial = target.with_name(f".{target.name}.partial")
    try:
        database_file = work / DATABASE_PART[kind]
        snapshot = (
            _snapshot_sqlite(database_file) if kind == "sqlite" else _snapshot_pg(database_file)
        )
        photo_storage = str(current_app.config["PHOTO_STORAGE"])
        photo_files = []
        missing = []
        if photo_storage == "database":
            # The blobs are rows of the database part already.
            missing = sorted(snapshot.photo_hashes - snapshot.blob_hashes)
        else:
            root = storage.photo_root()
            for content_hash in sorted(snapshot.photo_hashes):
                path = storage.path_for(content_hash, root)
                if path.is_file():
                    photo_files.append((_photo_part(content_hash), path))
                else:
                    missing.append(content_hash)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": utcnow().astimezone(UTC).isoformat(),
            "database": {"kind": kind, "alembic_revision": snapshot.revision},
            "counts": snapshot.counts,
            "secret_key_fingerprint": _secret_fingerprint(),
            "photo_storage": photo_storage,
            "missing_photos": missing,
            "parts": {},
        }
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            for name, path in [(DATABASE_PART[kind], database_file), *photo_files]:
                manifest["parts"][name] = _add_file(archive, name, path)
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupSummary(target, manifest)


@dataclass
class _Snapshot:
    revision: str | None
    counts: dict[str, int]
    photo_hashes: set[str]
    blob_hashes: set[str]


def _kind() -> str:
    name = db.engine.dialect.name
    if name not in DATABASE_PART:
        raise BackupError(f"cannot back up a {name} database (only SQLite and PostgreSQL)")
    return name


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _snapshot_sqlite(copy: Path) -> _Snapshot:
    """Copy the live database page by page with sqlite3's online backup API."""
    source = sqlite3.connect(_sqlite_path())
    destination = sqlite3.connect(copy)
    try:
        source.backup(destination)
        # One self-contained file: no -wal or -shm beside it.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        source.close()
        destination.close()
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as connection:
            return _read_snapshot(connection)
    finally:
        engine.dispose()


def _snapshot_pg(dump: Path) -> _Snapshot:
    """Count rows and run pg_dump inside one exported snapshot, so both see the same data."""
    pg_dump = pg_binary("pg_dump")
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot_id = connection.scalar(text("SELECT pg_export_snapshot()"))
            snapshot = _read_snapshot(connection)
            dsn, env = libpq_target(db.engine.url)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={dump}",
                    f"--dbname={dsn}",
                ],
                env,
            )
    return snapshot


def _read_snapshot(connection: Connection) -> _Snapshot:
    counts = table_counts(connection)
    revision = None
    if "alembic_version" in counts:
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    hashes: set[str] = set()
    if "photos" in counts:
        for content_hash, thumbnail_hash in connection.execute(
            text("SELECT content_hash, thumbnail_hash FROM photos")
        ):
            hashes.update((content_hash, thumbnail_hash))
    blobs: set[str] = set()
    if "photo_blobs" in counts:
        blobs.update(connection.scalars(text("SELECT content_hash FROM photo_blobs")))
    return _Snapshot(revision, counts, hashes, blobs)


def table_counts(connection: Connection) -> dict[str, int]:
    """Rows in every table of the connected database, by table name."""
    metadata = MetaData()
    metadata.reflect(connection)
    return {
        name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for name, table in sorted(metadata.tables.items())
    }


def _photo_part(content_hash: str) -> str:
    return f"photos/{content_hash[:2]}/{content_hash[2:4]}/{content_hash}{storage.SUFFIX}"


def _secret_fingerprint() -> str:
    """A keyed hash of a constant: tells two SECRET_KEYs apart and reveals nothing of either."""
    return keyed_hash("backup-fingerprint", FORMAT)[:16]


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(utcnow().timestamp())
    return info


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
        size = handle.tell()
        handle.seek(0)
        archive.addfile(_tarinfo(name, size), handle)
    return {"sha256": digest.hexdigest(), "bytes": size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    archive.addfile(_tarinfo(name, len(data)), io.BytesIO(data))


# --- PostgreSQL tools ----------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """``name`` from PATH, else the newest of /usr/lib/postgresql/*/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not candidates:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools")
    return max(candidates, key=lambda path: int(Path(path).parts[-3]))


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI for the tools, with the password in PGPASSWORD rather than on argv."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return dsn, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # No shell: a fixed tool path and arguments this module builds.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")


# --- restore -------------------------------------------------------------------------------


def restore_backup(source: Path, force: bool = False) -> RestoreSummary:
    """Restore ``source`` into this instance; it must be empty unless ``force``.

    Stop the app first. The archive is checked in full before anything is written; a backup
    made at an older Alembic revision is upgraded afterwards.
    """
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    kind = _kind()
    # Unpacked beside the instance's own data (0700), not in a shared /tmp; the backup itself
    # may sit on a read-only share.
    instance = Path(current_app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tipsapp-restore-", dir=instance))
    try:
        manifest = _unpack(source, work)
        backup_kind = manifest["database"]["kind"]
        if backup_kind != kind:
            raise BackupError(
                f"this is a {backup_kind} backup and the target database is {kind}; "
                "restore it into the same kind of database"
            )
        revision = manifest["database"]["alembic_revision"]
        heads = _heads()
        if revision is not None and not _known_revision(revision):
            raise BackupError(
                f"the backup is at Alembic revision {revision}, which this tipsapp does not "
                "know: install the tipsapp version that made it (or a newer one) first"
            )
        if not force:
            _refuse_if_holding_data()
        database_file = work / DATABASE_PART[kind]
        if kind == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_pg(database_file)
        with db.engine.connect() as connection:
            restored = table_counts(connection)
        if restored != manifest["counts"]:
            raise BackupError(
                "the restored database does not hold the rows the manifest lists: "
                f"{_difference(manifest['counts'], restored)}"
            )
        upgraded_to = None
        if revision not in heads:
            # Before the photos: a database photo store needs the photo_blobs table.
            _upgrade()
            upgraded_to = ",".join(heads)
        photos, removed, photo_warnings = _restore_photos(work, manifest, clear_others=force)
        summary = RestoreSummary(kind, revision, upgraded_to, restored, photos, removed)
        summary.warnings.extend(photo_warnings)
        if manifest.get("missing_photos"):
            summary.warnings.append(
                f"{len(manifest['missing_photos'])} photo file(s) were already missing "
                "when the backup was made"
            )
        if manifest.get("secret_key_fingerprint") != _secret_fingerprint():
            summary.warnings.append(
                "SECRET_KEY differs from the one the backup was made with: residents' receipts "
                "and pending idempotency keys will not match until the old key is set"
            )
        return summary
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _unpack(source: Path, work: Path) -> dict[str, Any]:
    """Extract the archive into ``work`` and check all of it: any damage raises BackupDamagedError.

    The gzip stream is read to its last byte (zlib checks every block, the CRC-32 and the
    length), so damage anywhere is found even where tar does not look (tar stops quietly at a
    broken header); every part must then match its sha256 in the manifest.
    """
    digests: dict[str, str] = {}
    with source.open("rb") as raw:
        stream = _Inflater(raw)
        try:
            _extract(stream, work, digests)
        except BackupDamagedError:
            raise
        except Exception as problem:
            # Damage in the compressed data explains any fault tar ran into: it is named first.
            stream.read_to_end()
            if isinstance(problem, tarfile.TarError):
                raise BackupDamagedError(_entry_after(digests)) from None
            raise
        stream.read_to_end()
    if MANIFEST not in digests:
        # tar ends quietly at a broken header; the manifest is the last entry.
        raise BackupDamagedError(f"{_entry_after(digests)} ({MANIFEST} is missing)")
    try:
        manifest: dict[str, Any] = json.loads((work / MANIFEST).read_text("utf-8"))
    except ValueError:
        raise BackupDamagedError(f"{MANIFEST} is not readable") from None
    is_ours = isinstance(manifest, dict) and manifest.get("format") == FORMAT
    if not is_ours or manifest.get("version") != VERSION:
        raise BackupError(f"{source.name} is not a version {VERSION} tipsapp backup")
    try:
        parts: dict[str, Any] = manifest["parts"]
        kind = manifest["database"]["kind"]
        expected = {name: part["sha256"] for name, part in parts.items()}
    except (KeyError, TypeError, AttributeError):
        raise BackupDamagedError(f"{MANIFEST} is not readable") from None
    missing = sorted(set(expected) - set(digests))
    if missing:
        raise BackupDamagedError(f"{missing[0]} is missing")
    for name, digest in digests.items():
        if name != MANIFEST and expected.get(name) != digest:
            if name not in expected:
                raise BackupDamagedError(f"{name} is not in the manifest")
            raise BackupDamagedError(f"{name} does not match its sha256 in the manifest")
    if DATABASE_PART.get(kind) not in parts:
        raise BackupError("the backup holds no database")
    return manifest


def _extract(stream: io.RawIOBase, work: Path, digests: dict[str, str]) -> None:
    """Write each known entry to ``work``, in archive order, and record its sha256."""
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            if not member.isfile() or not _allowed_member(member.name) or member.name in digests:
                raise BackupError(f"unexpected entry {member.name!r}: not a tipsapp backup")
            handle = archive.extractfile(member)
            if handle is None:  # pragma: no cover - isfile() above
                raise BackupError(f"unexpected entry {member.name!r}: not a tipsapp backup")
            # The name matched a fixed pattern: it stays inside work.
            path = work / member.name
            path.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with path.open("wb") as out:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            digests[member.name] = digest.hexdigest()


def _entry_after(digests: dict[str, str]) -> str:
    if not digests:
        return "the first tar entry"
    return f"the tar entry after {list(digests)[-1]}"


class _Inflater(io.RawIOBase):
    """The archive's gzip stream, decompressed as it is read and checked to its last byte.

    zlib checks the gzip header, every deflate block, the CRC-32 and the length; damage, a file
    that ends early and bytes after the stream raise BackupDamagedError with the byte offset in the
    file where it was noticed (the damage itself lies there or earlier).
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._zlib = zlib.decompressobj(wbits=31)  # 31: with gzip header and trailer
        self._input = b""  # compressed bytes not yet given to zlib
        self._at = 0  # the file offset of self._input[0]
        self._output = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._output:
            if self._zlib.eof:
                return 0
            self._inflate()
        size = min(len(buffer), len(self._output))
        buffer[:size] = self._output[:size]
        self._output = self._output[size:]
        return size

    def read_to_end(self) -> None:
        """Decompress the rest, so damage anywhere in the file is found."""
        while self.read(_CHUNK):
            pass

    def _inflate(self) -> None:
        if not self._input:
            self._input = self._raw.read(_CHUNK)
            if not self._input:
                raise BackupDamagedError(
                    f"truncated: the file ends at byte {self._at}, before the compressed data does"
                )
        before = self._zlib.copy()
        try:
            self._output = memoryview(self._zlib.decompress(self._input, _CHUNK))
        except zlib.error as error:
            raise self._damage(before, error) from None
        if self._zlib.eof:
            end = self._at + len(self._input) - len(self._zlib.unused_data)
            if self._zlib.unused_data or self._raw.read(1):
                raise BackupDamagedError(
                    f"bytes after the end of the compressed data at byte {end}"
                )
            self._at, self._input = end, b""
        else:
            self._at += len(self._input) - len(self._zlib.unconsumed_tail)
            self._input = self._zlib.unconsumed_tail

    def _damage(self, before: Any, error: zlib.error) -> BackupDamagedError:
        """Feed the failing input again byte by byte to name the byte zlib stops at."""
        offset = self._at
        for index in range(len(self._input)):
            try:
                before.decompress(self._input[index : index + 1])
            except zlib.error:
                offset = self._at + index
                break
        if "check" in str(error) and "header" not in str(error):
            # "incorrect data check" / "incorrect length check": the gzip trailer disagrees.
            return BackupDamagedError(f"compressed data (its CRC-32 check fails at byte {offset})")
        return BackupDamagedError(f"compressed data at byte {offset}")


def _allowed_member(name: str) -> bool:
    return name == MANIFEST or name in DATABASE_PART.values() or bool(_PHOTO_PART.fullmatch(name))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _difference(expected: dict[str, int], actual: dict[str, int]) -> str:
    names = sorted(set(expected) | set(actual))
    return ", ".join(
        f"{name} {expected.get(name)} != {actual.get(name)}"
        for name in names
        if expected.get(name) != actual.get(name)
    )


def _refuse_if_holding_data() -> None:
    with db.engine.connect() as connection:
        counts = table_counts(connection)
    # The search index's own bookkeeping rows (SQLite FTS5) follow the items: not data.
    holding = {
        name: n
        for name, n in counts.items()
        if n and name not in SETUP_TABLES and not is_index_table(name)
    }
    photos = next(_photo_files(storage.photo_root()), None)
    if holding or photos is not None:
        what = ", ".join(f"{name} ({n} rows)" for name, n in holding.items())
        if photos is not None:
            what = f"{what}, photo files in {storage.photo_root()}".lstrip(", ")
        raise BackupError(
            f"the target instance already holds data: {what}. Restore into an empty instance, "
            "or pass --force to replace everything in it with the backup"
        )


def _restore_sqlite(database_file: Path) -> None:
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    db.session.remove()
    db.engine.dispose()
    source = sqlite3.connect(database_file)
    destination = sqlite3.connect(target)
    try:
        # The backup API replaces the target's pages as one write: schema and rows together.
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def _restore_pg(dump: Path) -> None:
    """Drop every table of the target, then pg_restore the dump in a single transaction."""
    db.session.remove()
    with db.engine.begin() as connection:
        for name in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
    db.engine.dispose()
    dsn, env = libpq_target(db.engine.url)
    _run(
        [
            pg_binary("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={dsn}",
            str(dump),
        ],
        env,
    )


def _photo_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from (p for p in root.rglob(f"*{storage.SUFFIX}") if p.is_file())


def _restore_photos(
    work: Path, manifest: dict[str, Any], clear_others: bool
) -> tuple[int, int, list[str]]:
    """Put the backup's photos into this instance's store, whichever store made the backup.

    With ``clear_others`` remove photo files not from the backup: photos of the replaced data
    would otherwise outlive the rows that refer to them.
    """
    store = storage.current()
    kept: set[str] = set()
    warnings: list[str] = []
    for name in manifest["parts"]:
        match = _PHOTO_PART.fullmatch(name)
        if match:
            store.put((work / name).read_bytes(), match.group(3))
            kept.add(match.group(3))
    db.session.commit()
    photos = len(kept)
    if manifest.get("photo_storage", "disk") == "database":
        if store.kind == "database":
            photos = int(manifest["counts"].get("photo_blobs", 0))
        else:
            # The blobs came with the database: move them to this instance's photo folder.
            moved = transfer.migrate("disk", remove_source=True)
            kept.update(storage.referenced())
            photos = moved.copied + moved.already_there
            if moved.damaged or moved.unverified:
                warnings.append(
                    f"{len(moved.damaged) + len(moved.unverified)} photo(s) could not be "
                    "moved from the database to the photo folder; they stay in the database"
                )
    removed = 0
    if clear_others:
        # With a database store no photo file belongs to the restored data.
        wanted = {storage.path_for(h) for h in kept} if store.kind == "disk" else set()
        for path in list(_photo_files(storage.photo_root())):
            if path not in wanted:
                path.unlink()
                removed += 1
    return photos, removed, warnings


def _migration_script() -> Any:
    from alembic.script import ScriptDirectory
    from flask_migrate import Config

    directory = current_app.extensions["migrate"].directory
    config = Config(f"{directory}/alembic.ini")
    config.set_main_option("script_location", directory)
    return ScriptDirectory.from_config(config)


def _heads() -> tuple[str, ...]:
    return tuple(_migration_script().get_heads())


def _known_revision(revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return _migration_script().get_revision(revision) is not None
    except CommandError:
        return False


def _upgrade() -> None:
    from flask_migrate import upgrade

    upgrade()
