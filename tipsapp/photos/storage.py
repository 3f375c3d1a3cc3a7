"""Photo bytes by the sha256 of those bytes: on disk (the default) or in the database.

``PHOTO_STORAGE`` (``TIPSAPP_PHOTO_STORAGE``) picks the store. ``disk`` keeps files under
``<PHOTO_DIR>/ab/cd/<hash>.jpg``: simple and fast for one host. ``database`` keeps them in the
table ``photo_blobs`` (bytea on PostgreSQL, BLOB on SQLite), so every app host serves every
photo and ``pg_dump`` holds them. ``flask photos migrate`` moves them between the two.

Content addressing deduplicates for free and makes every write idempotent. Only re-encoded
bytes come here: an upload itself is never written anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tipsapp.common.clock import utcnow
from tipsapp.extensions import db
from tipsapp.photos.models import Photo, PhotoBlob

_HASH = re.compile(r"[0-9a-f]{64}")
SUFFIX = ".jpg"
KINDS = ("disk", "database")


def photo_root() -> Path:
    return Path(current_app.config["PHOTO_DIR"])


def path_for(content_hash: str, root: Path | None = None) -> Path:
    """Where the file with this hash lives; refuses anything but a sha256 hex digest."""
    _check(content_hash)
    base = root if root is not None else photo_root()
    return base / content_hash[:2] / content_hash[2:4] / f"{content_hash}{SUFFIX}"


def _check(content_hash: str) -> None:
    if not _HASH.fullmatch(content_hash):
        raise ValueError("not a sha256 hex digest")


def is_intact(data: bytes, content_hash: str) -> bool:
    return hashlib.sha256(data).hexdigest() == content_hash


def referenced(hashes: Collection[str] | None = None) -> set[str]:
    """The hashes photo rows refer to (as photo or thumbnail), of ``hashes`` or all of them."""
    found: set[str] = set()
    for column in (Photo.content_hash, Photo.thumbnail_hash):
        query = select(column).distinct()
        if hashes is not None:
            query = query.where(column.in_(hashes))
        found.update(db.session.scalars(query))
    return found


class PhotoStore(ABC):
    """Where photo bytes live. Writes and deletes are idempotent by hash."""

    kind: str
    # True: ``put`` joins the caller's transaction, so call it in the write turn and commit with
    # the photo row. False: ``put`` writes at once, so call it before the row is committed (a
    # row must never point at bytes that are not there).
    in_transaction: bool

    @abstractmethod
    def put(self, data: bytes, content_hash: str) -> None:
        """Keep ``data`` under its hash unless it is there already."""

    @abstractmethod
    def read(self, content_hash: str) -> bytes | None:
        """The stored bytes, or None when they are missing."""

    @abstractmethod
    def has(self, content_hash: str) -> bool: ...

    @abstractmethod
    def remove(self, hashes: Iterable[str]) -> int:
        """Delete these bytes whether referenced or not (``flask photos migrate``); commits."""

    @abstractmethod
    def delete_unreferenced(self, hashes: Collection[str]) -> int:
        """Delete those of ``hashes`` no photo row refers to; call after the rows' commit.

        Content addressing shares bytes between rows, so only the last reference frees them.
        """


class DiskStore(PhotoStore):
    """Files under ``root``; written to a temporary name in the final folder and renamed, so a
    reader never sees half a photo and a crash leaves no partial file under a real name."""

    kind = "disk"
    in_transaction = False

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes, content_hash: str) -> None:
        target = path_for(content_hash, self.root)
        if target.exists():
            return
        # Photos are personal data: only the app's user may read the folders and files.
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def read(self, content_hash: str) -> bytes | None:
        try:
            return path_for(content_hash, self.root).read_bytes()
        except FileNotFoundError:
            return None

    def has(self, content_hash: str) -> bool:
        return path_for(content_hash, self.root).is_file()

    def remove(self, hashes: Iterable[str]) -> int:
        removed = 0
        for content_hash in hashes:
            with contextlib.suppress(FileNotFoundError):
                path_for(content_hash, self.root).unlink()
                removed += 1
        return removed

    def delete_unreferenced(self, hashes: Collection[str]) -> int:
        if not hashes:
            return 0
        return self.remove(sorted(set(hashes) - referenced(hashes)))


class DatabaseStore(PhotoStore):
    """Rows of ``photo_blobs`` in the app's own database, written in the caller's transaction."""

    kind = "database"
    in_transaction = True

    def put(self, data: bytes, content_hash: str) -> None:
        _check(content_hash)
        values = {
            "content_hash": content_hash,
            "data": data,
            "byte_size": len(data),
            "created_at": utcnow().replace(second=0, microsecond=0),
        }
        table = PhotoBlob.__table__
        if db.session.get_bind().dialect.name == "postgresql":
            statement = pg_insert(table).values(values)
            # DO UPDATE (not DO NOTHING) locks an existing row until our commit, so a retention
            # run deleting it as unreferenced waits and then sees our photo row. The bytes are
            # not rewritten: PostgreSQL keeps an unchanged out-of-line value where it is.
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["content_hash"],
                    set_={"byte_size": statement.excluded.byte_size},
                )
            )
        else:
            # SQLite has one writer at a time: nobody deletes between this and the commit.
            db.session.execute(sqlite_insert(table).values(values).on_conflict_do_nothing())

    def read(self, content_hash: str) -> bytes | None:
        _check(content_hash)
        data = db.session.scalar(
            select(PhotoBlob.data).where(PhotoBlob.content_hash == content_hash)
        )
        return bytes(data) if data is not None else None

    def has(self, content_hash: str) -> bool:
        _check(content_hash)
        query = select(PhotoBlob.content_hash).where(PhotoBlob.content_hash == content_hash)
        return db.session.scalar(query) is not None

    def remove(self, hashes: Iterable[str]) -> int:
        wanted = list(hashes)
        if not wanted:
            return 0
        result = db.session.execute(delete(PhotoBlob).where(PhotoBlob.content_hash.in_(wanted)))
        db.session.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    def delete_unreferenced(self, hashes: Collection[str]) -> int:
        if not hashes:
            return 0
        # Lock first, then look for references in a later statement: an upload that holds one
        # of these rows commits its photo row before we read (see put).
        locked = set(
            db.session.scalars(
                select(PhotoBlob.content_hash)
                .where(PhotoBlob.content_hash.in_(set(hashes)))
                .with_for_update()
            )
        )
        doomed = sorted(locked - referenced(locked))
        if doomed:
            db.session.execute(delete(PhotoBlob).where(PhotoBlob.content_hash.in_(doomed)))
        db.session.commit()
        return len(doomed)


def store_for(kind: str, root: Path | None = None) -> PhotoStore:
    """The store of this kind (a disk store under ``root``, by default ``PHOTO_DIR``)."""
    if kind == "disk":
        return DiskStore(root if root is not None else photo_root())
    if kind == "database":
        return DatabaseStore()
    raise ValueError(f"unknown photo storage {kind!r}: use one of {', '.join(KINDS)}")


def current() -> PhotoStore:
    """The store ``PHOTO_STORAGE`` names for this app."""
    return store_for(str(current_app.config["PHOTO_STORAGE"]))


def read(content_hash: str) -> bytes | None:
    """The stored bytes from this app's store, or None when they are missing."""
    return current().read(content_hash)
