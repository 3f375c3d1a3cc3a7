"""Photo files on disk, named by the sha256 of their bytes: ``<PHOTO_DIR>/ab/cd/<hash>.jpg``.

Content addressing deduplicates for free and makes every write idempotent; a file is written
to a temporary name in its final folder and renamed, so a reader never sees half a photo and
a crash leaves no partial file under a real name. Only re-encoded bytes come here: an upload
itself is never written anywhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from flask import current_app

_HASH = re.compile(r"[0-9a-f]{64}")
SUFFIX = ".jpg"


def photo_root() -> Path:
    return Path(current_app.config["PHOTO_DIR"])


def path_for(content_hash: str, root: Path | None = None) -> Path:
    """Where the file with this hash lives; refuses anything but a sha256 hex digest."""
    if not _HASH.fullmatch(content_hash):
        raise ValueError("not a sha256 hex digest")
    base = root if root is not None else photo_root()
    return base / content_hash[:2] / content_hash[2:4] / f"{content_hash}{SUFFIX}"


def store(data: bytes, content_hash: str) -> Path:
    """Write ``data`` under its hash unless that file is already there (the same bytes)."""
    target = path_for(content_hash)
    if target.exists():
        return target
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
    return target


def read(content_hash: str) -> bytes | None:
    """The stored bytes, or None when the file is missing."""
    try:
        return path_for(content_hash).read_bytes()
    except FileNotFoundError:
        return None
