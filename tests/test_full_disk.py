"""A full disk is named as one, wherever it is met: SQLite's own "database or disk is full", the
I/O errors SQLite reports when it cannot grow its shared-memory file or create a file on a full
disk, an OS error (ENOSPC) on the data directory, and an export written to a full disk. A real
permission problem keeps its own message."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
from pathlib import Path

import pytest

from aitrainer_cli.errors import DataStoreError, UsageError
from aitrainer_cli.progress import db, export
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import CATALOG, T0, insert_attempt, questions


def test_sqlite_growing_its_shared_memory_on_a_full_disk_is_named_a_full_disk(
    tmp_path: Path,
) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHMSIZE  # type: ignore[attr-defined]
    reported = db.store_error(tmp_path / "progress.db", error)
    assert "the disk is full" in reported.message
    assert reported.hint is not None
    assert "free some disk space" in reported.hint
    assert "permission" not in reported.hint


@pytest.mark.parametrize(("free", "full"), [(0, True), (10 * 2**20, False)])
def test_an_io_error_is_a_full_disk_when_no_room_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, free: int, full: bool
) -> None:
    monkeypatch.setattr(db, "free_bytes", lambda path: free)
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR_WRITE  # type: ignore[attr-defined]
    reported = db.store_error(tmp_path / "progress.db", error)
    assert ("the disk is full" in reported.message) is full
    assert reported.hint is not None
    assert "permission" not in reported.hint


def test_the_free_space_of_a_path_not_created_yet_is_its_disks(tmp_path: Path) -> None:
    free = db.free_bytes(tmp_path / "not" / "yet" / "progress.db")
    assert free is not None
    assert free > 0


@pytest.mark.parametrize(
    ("code", "expected", "hint"),
    [
        (errno.ENOSPC, "the disk is full", "free some disk space"),
        (errno.EACCES, "Permission denied", "permissions"),
        (errno.EIO, "Input/output error", "check the disk"),
    ],
)
def test_os_failures_name_a_full_disk_and_a_permission_problem_apart(
    tmp_path: Path, code: int, expected: str, hint: str
) -> None:
    reported = db.os_error(tmp_path / "x", OSError(code, os.strerror(code)), "read")
    assert expected in reported.message
    assert reported.hint is not None
    assert hint in reported.hint


def test_a_data_directory_on_a_full_disk_is_named_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "mkdir", no_room)
    with pytest.raises(DataStoreError, match="the disk is full") as error:
        AttemptStore.open(tmp_path / "new" / "progress.db")
    assert error.value.hint is not None
    assert "free some disk space" in error.value.hint


class FullStream(io.StringIO):
    name = "/mnt/full/export.csv"

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_an_export_to_a_full_disk_says_so(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    insert_attempt(path, 1, T0, [(qid, 1.0) for qid in questions(kind="true_false")[:3]])
    with AttemptStore.open(path) as store, pytest.raises(UsageError) as error:
        export.write_export(store.database, CATALOG.entries, "csv", FullStream())
    assert "cannot write the export to /mnt/full/export.csv: the disk is full" in str(error.value)
    assert error.value.hint is not None
    assert "free some disk space" in error.value.hint
