"""Moving photo bytes between the disk store and the database store (``flask photos migrate``).

Every hash a photo row refers to is copied to the target store, read back there and checked
against its sha256; only then, and only when asked, is it removed from the source. Each batch
is its own transaction, and what is already intact in the target is skipped, so a run that is
interrupted or repeated only finishes the job. Bytes that no row refers to are not moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tipsapp.common.writelock import serialized_write
from tipsapp.extensions import db
from tipsapp.photos import storage

DEFAULT_BATCH_SIZE = 50


@dataclass
class Transfer:
    """What a run did, hash by hash (a photo and its thumbnail count as two)."""

    referenced: int = 0
    copied: int = 0
    already_there: int = 0
    removed_from_source: int = 0
    # In neither store, or not matching their hash in the source: left as they are.
    missing: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    # Written to the target but not read back intact: the source is kept.
    unverified: list[str] = field(default_factory=list)


def migrate(to: str, remove_source: bool, batch_size: int = DEFAULT_BATCH_SIZE) -> Transfer:
    """Copy every referenced photo into the ``to`` store; with ``remove_source`` delete the
    source's copy of each one that is intact in the target."""
    target = storage.store_for(to)
    source = storage.store_for(next(kind for kind in storage.KINDS if kind != to))
    hashes = sorted(storage.referenced())
    db.session.rollback()
    result = Transfer(referenced=len(hashes))
    for start in range(0, len(hashes), batch_size):
        with serialized_write():
            intact = _copy_batch(source, target, hashes[start : start + batch_size], result)
            if remove_source and intact:
                result.removed_from_source += source.remove(intact)
            db.session.commit()
    return result


def _copy_batch(
    source: storage.PhotoStore, target: storage.PhotoStore, batch: list[str], result: Transfer
) -> list[str]:
    """Copy one batch and commit; returns the hashes now intact in the target."""
    intact: list[str] = []
    written: list[str] = []
    for content_hash in batch:
        present = target.read(content_hash)
        if present is not None and storage.is_intact(present, content_hash):
            result.already_there += 1
            intact.append(content_hash)
            continue
        data = source.read(content_hash)
        if data is None:
            result.missing.append(content_hash)
            continue
        if not storage.is_intact(data, content_hash):
            result.damaged.append(content_hash)
            continue
        if present is not None:
            # Damaged bytes under this hash in the target: replace them.
            target.remove([content_hash])
        target.put(data, content_hash)
        written.append(content_hash)
    db.session.commit()
    for content_hash in written:
        copy = target.read(content_hash)
        if copy is not None and storage.is_intact(copy, content_hash):
            result.copied += 1
            intact.append(content_hash)
        else:
            result.unverified.append(content_hash)
    return intact
