"""One writer at a time on SQLite, woken at once instead of by a sleeping retry loop.

SQLite lets one connection write at a time. A writer that finds the database locked waits in
SQLite's busy handler, which sleeps 1, 2, 5, 10... ms between tries, so two gunicorn workers
writing tips took turns more slowly than one worker alone. Hot write paths queue on an
exclusive ``flock`` (between processes) and a thread lock (within one) instead: the kernel wakes
the next writer the moment the lock is free. PostgreSQL needs none of this.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tipsapp.extensions import db

_thread_lock = threading.Lock()
# path -> (pid that opened it, file descriptor). A descriptor opened before gunicorn forks
# would be shared by every worker, and flock would then exclude nobody: open one per process.
_descriptors: dict[str, tuple[int, int]] = {}


def _lock_path() -> str | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return f"{url.database}.write-lock"


def _descriptor(path: str) -> int:
    pid = os.getpid()
    known = _descriptors.get(path)
    if known is not None and known[0] == pid:
        return known[1]
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    _descriptors[path] = (pid, fd)
    return fd


@contextmanager
def serialized_write() -> Iterator[None]:
    """Hold the write turn for the enclosed transaction (a no-op on server databases)."""
    path = _lock_path()
    if path is None:
        yield
        return
    with _thread_lock:
        fd = _descriptor(path)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
