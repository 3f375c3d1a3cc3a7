"""A damaged backup is refused with one plain message, and the instance keeps what it held.

The target holds data of its own and every restore runs with ``--force`` (the path that would
otherwise replace everything), so a restore that wrote anything before giving up would show.
"""

from __future__ import annotations

import bisect
import gzip
import re
import tarfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from tests.backup.conftest import Source
from tests.backup.test_backup import backup, restore
from tests.photos import images
from tests.photos.conftest import Tip
from tipsapp.extensions import db
from tipsapp.reference.service import seed_reference_data

DAMAGED = re.compile(
    r"Error: the archive is damaged: (?P<where>.+)\. "
    r"Nothing was restored; use another copy of the backup\n"
)
BYTE = re.compile(r"byte (\d+)")


def contents(app: Flask) -> tuple[dict[str, list[str]], dict[str, bytes]]:
    """Every row of every table, and every file in the photo folder."""
    with app.app_context(), db.engine.connect() as connection:
        rows = {
            name: sorted(
                repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{name}"'))
            )
            for name in inspect(connection).get_table_names()
        }
    root = Path(app.config["PHOTO_DIR"])
    files = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    return rows, files


def regions(archive: Path) -> dict[str, tuple[int, int]]:
    """Where each tar header and part lies in the compressed file, as [first byte, end).

    Deflate is not aligned to bytes, so the edges are approximate.
    """
    data = archive.read_bytes()
    decompressor = zlib.decompressobj(wbits=31)
    produced, reached = 0, []  # uncompressed bytes out after each compressed byte in
    for index in range(len(data)):
        produced += len(decompressor.decompress(data[index : index + 1]))
        reached.append(produced)
    plain: dict[str, tuple[int, int]] = {}
    with tarfile.open(archive, "r:gz") as source:
        for member in source.getmembers():
            plain[f"{member.name} tar header"] = (member.offset, member.offset_data)
            plain[member.name] = (member.offset_data, member.offset_data + member.size)
        end = member.offset_data + -(-member.size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE
    plain["end-of-archive blocks"] = (end, produced)
    return {
        name: (bisect.bisect_right(reached, start), bisect.bisect_left(reached, stop))
        for name, (start, stop) in plain.items()
    }


def spread(start: int, stop: int, most: int) -> list[int]:
    count = min(most, stop - start)
    return sorted({start + (stop - start) * k // count for k in range(count)})


def flip(data: bytes, offset: int, mask: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ mask]) + data[offset + 1 :]


@pytest.fixture
def good(source: Source, tmp_path: Path) -> Path:
    """A sound backup of the source instance (a small archive: about 17 kB)."""
    path = tmp_path / "backup.tar.gz"
    assert backup(source.app, path).exit_code == 0
    return path


@pytest.fixture
def target(make_target: Callable[[], Flask], tmp_path: Path) -> tuple[Flask, Path]:
    """An instance with a tip and a photo of its own, and a backup of it to reset it with."""
    app = make_target()
    with app.app_context():
        upgrade()
        seed_reference_data()
    tip = Tip(app.test_client())
    assert tip.upload(images.encoded(images.picture((150, 150)), "JPEG")).status_code == 201
    own = tmp_path / "target-own.tar.gz"
    assert backup(app, own).exit_code == 0
    return app, own


def assert_refused_untouched(result: Any, app: Flask, before: Any, tmp_path: Path) -> str:
    """The one damage message (no traceback, no internal path) and the instance as it was."""
    assert isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    message = DAMAGED.fullmatch(result.output)
    assert message, result.output
    assert str(tmp_path) not in result.output
    assert contents(app) == before
    assert list(Path(app.instance_path).glob(".tipsapp-restore-*")) == []
    return message["where"]


def test_a_flipped_byte_anywhere_is_refused_or_restores_exactly(
    source: Source, good: Path, tmp_path: Path, target: tuple[Flask, Path]
) -> None:
    data = good.read_bytes()
    # The gzip header's magic, method, flags, time stamp and OS byte; its whole trailer (CRC-32
    # and length); a few bytes of each tar header, each part and the end-of-archive blocks.
    offsets = {0, 1, 2, 3, 4, 9, *range(len(data) - 8, len(data))}
    for start, stop in regions(good).values():
        offsets.update(spread(start, stop, 4))
    app, own = target
    before = contents(app)
    expected = contents(source.app)
    damaged = tmp_path / "damaged.tar.gz"
    unnoticed = []

    for index, offset in enumerate(sorted(offsets)):
        damaged.write_bytes(flip(data, offset, (0x01, 0x80, 0xFF)[index % 3]))

        result = restore(app, damaged, "--force")

        if result.exit_code == 0:
            # A flip neither gzip nor tar can notice (the gzip header's time stamp, say)
            # must then change nothing: the restore gives exactly the backed-up data.
            assert contents(app) == expected, offset
            unnoticed.append(offset)
            assert restore(app, own, "--force").exit_code == 0
            assert contents(app) == before
            continue
        where = assert_refused_untouched(result, app, before, tmp_path)
        noticed = BYTE.search(where)
        assert noticed, where
        assert int(noticed[1]) >= offset, where
    assert len(offsets) >= 40
    # Unseen: the gzip header's text flag (bit 0x01 of byte 3), time stamp and OS byte.
    assert unnoticed == [3, 4, 9]


def test_a_truncated_archive_is_refused_at_every_length(
    good: Path, tmp_path: Path, target: tuple[Flask, Path]
) -> None:
    data = good.read_bytes()
    lengths = [
        0,
        1,
        9,
        10,
        100,
        *(len(data) * k // 4 for k in (1, 2, 3)),
        *(len(data) - n for n in (9, 8, 4, 1)),
    ]
    damaged = tmp_path / "truncated.tar.gz"
    app, _ = target
    before = contents(app)

    for length in lengths:
        damaged.write_bytes(data[:length])

        result = restore(app, damaged, "--force")

        where = assert_refused_untouched(result, app, before, tmp_path)
        assert (
            where == f"truncated: the file ends at byte {length}, before the compressed data does"
        )


def test_bytes_after_the_archive_are_refused(
    good: Path, tmp_path: Path, target: tuple[Flask, Path]
) -> None:
    damaged = tmp_path / "appended.tar.gz"
    damaged.write_bytes(good.read_bytes() + b"\x00junk")
    app, _ = target
    before = contents(app)

    result = restore(app, damaged, "--force")

    where = assert_refused_untouched(result, app, before, tmp_path)
    assert where == f"bytes after the end of the compressed data at byte {good.stat().st_size}"


def test_a_tar_damaged_before_compression_is_refused(
    good: Path, tmp_path: Path, target: tuple[Flask, Path]
) -> None:
    """Such an archive passes gzip's CRC-32: tar and the manifest catch the damage."""
    plain = gzip.decompress(good.read_bytes())
    with tarfile.open(good, "r:gz") as archive:
        first, second = archive.getmembers()[:2]
    damages = {
        f"the tar entry after {first.name} (manifest.json is missing)": flip(
            plain, second.offset + 20, 0xFF
        ),
        "the first tar entry": plain[:1000],
    }
    damaged = tmp_path / "recompressed.tar.gz"
    app, _ = target
    before = contents(app)

    for expected, tar in damages.items():
        damaged.write_bytes(gzip.compress(tar))

        result = restore(app, damaged, "--force")

        assert assert_refused_untouched(result, app, before, tmp_path) == expected
