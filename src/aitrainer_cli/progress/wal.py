"""The ``-wal`` file beside a progress file, read the way SQLite reads it: whether SQLite would
replay anything from it into the database, or whether it cannot be this database's log at all.

SQLite itself never asks whether a log belongs to the file beside it: a ``progress.db-wal`` left
from another copy (say, after a backup was restored over ``progress.db``) is replayed as if it
were its own. This module reads only the log's header and first frame (never the database's
pages); ``db`` decides what to do with the answer. Format: https://sqlite.org/fileformat.html#walformat
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_MAGIC = (0x377F0682, 0x377F0683)
"""Little-endian and big-endian checksums."""
_FORMAT = 3007000


class WalProblem(Exception):
    """The file is not a write-ahead log SQLite would accept for this database."""


@dataclass(frozen=True, slots=True)
class WalHeader:
    """The first 32 bytes of a write-ahead log."""

    big_endian: bool
    page_size: int
    sequence: int
    """Checkpoint sequence number."""
    salts: tuple[int, int]
    checksum: tuple[int, int]


def wal_path(database: Path) -> Path:
    """Where SQLite keeps the log of ``database``."""
    return database.with_name(database.name + "-wal")


def checksum(data: bytes, big_endian: bool, seed: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), continuing from ``seed``."""
    count = len(data) // 4
    words = struct.unpack(f"{'>' if big_endian else '<'}{count}I", data[: count * 4])
    first, second = seed
    for index in range(0, count, 2):
        first = (first + words[index] + second) & 0xFFFFFFFF
        second = (second + words[index + 1] + first) & 0xFFFFFFFF
    return first, second


def parse_header(data: bytes) -> WalHeader:
    """The log's header; ``WalProblem`` when SQLite would not take it for a log."""
    if len(data) < HEADER_SIZE:
        raise WalProblem(f"it is {len(data)} bytes long, shorter than a log header")
    magic, version, page_size, sequence, salt1, salt2, sum1, sum2 = struct.unpack(
        ">8I", data[:HEADER_SIZE]
    )
    if magic not in _MAGIC:
        raise WalProblem("it does not start like an SQLite write-ahead log")
    if version != _FORMAT:
        raise WalProblem(f"it is in an unknown log format ({version})")
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise WalProblem(f"its page size ({page_size}) is not one SQLite uses")
    header = WalHeader(magic & 1 == 1, page_size, sequence, (salt1, salt2), (sum1, sum2))
    if checksum(data[:24], header.big_endian) != header.checksum:
        raise WalProblem("its header checksum is wrong")
    return header


def first_frame_is_valid(header: WalHeader, frame: bytes) -> bool:
    """Whether the log's first frame is one SQLite would read: salts copied from the header and
    a checksum that continues the header's. A log whose first frame is not valid holds nothing
    SQLite would replay (it was reset, or never written past its header)."""
    if len(frame) < FRAME_HEADER_SIZE + header.page_size:
        return False
    salts = struct.unpack(">2I", frame[8:16])
    stored = struct.unpack(">2I", frame[16:24])
    if salts != header.salts:
        return False
    running = checksum(frame[:8], header.big_endian, header.checksum)
    body = frame[FRAME_HEADER_SIZE : FRAME_HEADER_SIZE + header.page_size]
    return checksum(body, header.big_endian, running) == stored


def page_size_of(database_header: bytes) -> int | None:
    """The page size a database header states (None for an empty or headerless file)."""
    if len(database_header) < 18:
        return None
    size = int.from_bytes(database_header[16:18], "big")
    return 65536 if size == 1 else size


def replays_frames(log: Path, page_size: int | None) -> bool:
    """Whether SQLite would replay frames from ``log`` into a database of ``page_size`` (None: the
    database file is missing or empty). False when there is no log, or nothing valid in it;
    ``WalProblem`` when the file cannot be a log of this database; ``OSError`` when unreadable."""
    try:
        with log.open("rb") as file:
            data = file.read(HEADER_SIZE)
            if not data:
                return False
            header = parse_header(data)
            frame = file.read(FRAME_HEADER_SIZE + header.page_size)
    except FileNotFoundError:
        return False
    if not first_frame_is_valid(header, frame):
        return False
    if page_size is None:
        raise WalProblem("there is no database beside it for it to belong to")
    if header.page_size != page_size:
        raise WalProblem(
            f"its pages are {header.page_size} bytes and the database's are {page_size}"
        )
    return True
