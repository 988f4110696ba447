"""The ``-wal`` file beside the progress file: SQLite replays any log it finds there, even one left
by another copy of the database. A log that is not this file's is refused (exit 3, naming it,
both files left exactly as they were); the log a killed aitrainer left behind is replayed."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aitrainer_cli.errors import DataStoreError, ExitCode
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import Attempt
from aitrainer_cli.progress import wal
from aitrainer_cli.progress.migrations import SCHEMA_VERSION
from aitrainer_cli.progress.store import AttemptStore
from support import Run

CLI = Callable[..., Run]


def form(size: int, prefix: str = "q") -> ExamForm:
    items = tuple(FormItem(f"{prefix}{n}", "bank", "Section") for n in range(size))
    return ExamForm("quick", "Quick", 42, 600, 80.0, items)


def hashes(exam: ExamForm) -> dict[str, str]:
    return {item.question_id: "0" * 16 for item in exam.items}


def open_store(path: Path) -> AttemptStore:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    ticks = (start + timedelta(seconds=n) for n in itertools.count())
    return AttemptStore.open(path, now=lambda: next(ticks))


class Clock:
    def __call__(self) -> float:
        return 0.0


def answer_all(store: AttemptStore, attempt_id: int, exam: ExamForm, tag: str) -> None:
    attempt = Attempt(exam, Clock(), listener=store.listener(attempt_id, hashes(exam)))
    for position in range(len(exam.items)):
        attempt.go_to(position)
        attempt.answer(f"{tag} {position}")


def checkpoint(store: AttemptStore) -> None:
    store.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def log_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


@pytest.fixture
def db_file() -> Path:
    return Path(os.environ["AITRAINER_HOME"]) / "progress.db"


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (path, log_of(path)) if p.exists()}


def restored_backup_with_a_newer_log(path: Path) -> None:
    """The common way to get a stray log: ``progress.db`` is copied aside (a backup), work goes
    on (a checkpoint folds it into the file), more answers wait in the log, then the old copy is
    put back over the file while the log stays."""
    store = open_store(path)
    first = store.start(form(40), "exam", hashes=hashes(form(40)))
    answer_all(store, first, form(40), "early")
    checkpoint(store)
    backup = path.read_bytes()
    for n in range(6):
        later = store.start(form(40, f"x{n}-"), "exam", hashes=hashes(form(40, f"x{n}-")))
        answer_all(store, later, form(40, f"x{n}-"), "middle")
    checkpoint(store)
    answer_all(store, first, form(40), "late")  # these pages wait in the log
    log = log_of(path).read_bytes()
    store.close()
    path.write_bytes(backup)
    log_of(path).write_bytes(log)
    path.with_name(path.name + "-shm").unlink(missing_ok=True)


def test_a_log_left_from_a_newer_state_over_a_restored_backup_is_refused_untouched(
    db_file: Path,
) -> None:
    restored_backup_with_a_newer_log(db_file)
    before = files(db_file)
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as probe:  # what SQLite makes of it
        assert probe.execute("PRAGMA integrity_check").fetchone() != ("ok",)
    probe.close()
    with pytest.raises(DataStoreError) as error:
        AttemptStore.open(db_file)
    assert error.value.exit_code is ExitCode.DATA_STORE
    assert f"{log_of(db_file)} does not belong to {db_file}" in error.value.message
    assert "nothing was written" in error.value.message
    assert error.value.hint is not None
    assert "move progress.db-wal aside" in error.value.hint
    assert files(db_file) == before


def test_every_command_refuses_a_stray_log_with_exit_3(db_file: Path, cli: CLI) -> None:
    restored_backup_with_a_newer_log(db_file)
    before = files(db_file)
    for command in (["history"], ["progress"], ["export"], ["reset", "--yes"]):
        result = cli(*command)
        assert result.code == ExitCode.DATA_STORE, command
        assert "progress.db-wal does not belong to" in result.err, command
        assert "Traceback" not in result.err, command
    assert files(db_file) == before


def test_once_the_stray_log_is_moved_aside_the_backup_opens(db_file: Path) -> None:
    restored_backup_with_a_newer_log(db_file)
    log_of(db_file).rename(db_file.with_name("stray-wal"))
    with AttemptStore.open(db_file) as store:
        assert [a.id for a in store.history()] == [1]
        assert store.load(1).snapshot.states[0].response == "early 0"


def test_the_log_a_killed_process_left_is_replayed(db_file: Path, tmp_path: Path) -> None:
    """A copy of the file and its log taken while the store is open is what SIGKILL leaves."""
    store = open_store(db_file)
    attempt_id = store.start(form(5), "exam", hashes=hashes(form(5)))
    answer_all(store, attempt_id, form(5), "kept")
    crashed = tmp_path / "crashed" / "progress.db"
    crashed.parent.mkdir()
    shutil.copy(db_file, crashed)
    shutil.copy(log_of(db_file), log_of(crashed))
    store.close()
    assert wal.replays_frames(log_of(crashed), 4096)
    with AttemptStore.open(crashed) as recovered:
        states = recovered.load(attempt_id).snapshot.states
        assert [state.response for state in states] == [f"kept {n}" for n in range(5)]
        assert recovered.database.verified


def test_a_log_another_open_store_is_writing_is_not_refused(db_file: Path) -> None:
    with open_store(db_file) as writer:
        attempt_id = writer.start(form(5), "exam", hashes=hashes(form(5)))
        answer_all(writer, attempt_id, form(5), "live")
        assert log_of(db_file).stat().st_size > 0
        with AttemptStore.open(db_file) as reader:
            assert reader.load(attempt_id).snapshot.states[4].response == "live 4"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not a log at all " * 300, "does not start like an SQLite write-ahead log"),
        (b"\x37\x7f\x06", "shorter than a log header"),
    ],
)
def test_a_file_that_is_not_a_log_is_refused_untouched(
    db_file: Path, content: bytes, problem: str
) -> None:
    open_store(db_file).close()
    log_of(db_file).write_bytes(content)
    before = files(db_file)
    with pytest.raises(DataStoreError, match="is not a write-ahead log of") as error:
        AttemptStore.open(db_file)
    assert problem in error.value.message
    assert str(log_of(db_file)) in error.value.message
    assert files(db_file) == before


def log_header(page_size: int, salts: tuple[int, int] = (7, 9), sequence: int = 0) -> bytes:
    head = struct.pack(">6I", 0x377F0682, 3007000, page_size, sequence, *salts)
    return head + struct.pack(">2I", *wal.checksum(head, big_endian=False))


def test_a_log_with_a_bad_header_checksum_is_refused(db_file: Path) -> None:
    open_store(db_file).close()
    header = bytearray(log_header(4096))
    header[-1] ^= 0xFF
    log_of(db_file).write_bytes(bytes(header) + b"\0" * 4120)
    with pytest.raises(DataStoreError, match="header checksum is wrong"):
        AttemptStore.open(db_file)


def test_a_log_of_a_database_with_other_page_sizes_is_refused(
    db_file: Path, tmp_path: Path
) -> None:
    open_store(db_file).close()
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other, isolation_level=None)
    connection.execute("PRAGMA page_size = 1024")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE t (x)")
    shutil.copy(log_of(other), log_of(db_file))
    connection.close()
    before = files(db_file)
    with pytest.raises(
        DataStoreError, match="its pages are 1024 bytes and the database's are 4096"
    ):
        AttemptStore.open(db_file)
    assert files(db_file) == before


def test_a_log_beside_no_database_is_refused(db_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "source" / "progress.db"
    store = open_store(source)
    store.start(form(3), "exam", hashes=hashes(form(3)))
    db_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(log_of(source), log_of(db_file))
    store.close()
    log = log_of(db_file).read_bytes()
    with pytest.raises(DataStoreError, match="no database beside it"):
        AttemptStore.open(db_file)
    assert log_of(db_file).read_bytes() == log  # SQLite itself deletes a log beside no pages
    assert not db_file.exists()


def test_a_log_holding_nothing_sqlite_would_replay_is_no_reason_to_refuse(db_file: Path) -> None:
    """A header alone (a log reset, then nothing written) holds no frame: SQLite ignores it."""
    with open_store(db_file) as store:
        store.start(form(3), "exam", hashes=hashes(form(3)))
    log_of(db_file).write_bytes(log_header(4096) + b"\0" * 5000)
    with AttemptStore.open(db_file) as store:
        assert len(store.history()) == 1


def a_log_that_only_changes_the_header(path: Path, tmp_path: Path, pragma: str) -> None:
    """A log written by another copy of the same file that changed nothing but a header field."""
    with open_store(path) as store:
        store.start(form(3), "exam", hashes=hashes(form(3)))
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    connection = sqlite3.connect(copy, isolation_level=None)
    connection.execute(f"PRAGMA {pragma}")
    shutil.copy(log_of(copy), log_of(path))
    connection.close()


@pytest.mark.parametrize(
    ("pragma", "problem"),
    [
        ("user_version = 1", f"takes the schema back from version {SCHEMA_VERSION} to 1"),
        ("application_id = 7", "turns the progress store into another kind of SQLite file"),
    ],
)
def test_a_log_that_takes_the_header_where_no_log_of_this_file_would_is_refused(
    db_file: Path, tmp_path: Path, pragma: str, problem: str
) -> None:
    a_log_that_only_changes_the_header(db_file, tmp_path, pragma)
    before = files(db_file)
    with pytest.raises(DataStoreError, match="does not belong to") as error:
        AttemptStore.open(db_file)
    assert problem in error.value.message
    assert files(db_file) == before


def test_both_byte_orders_of_log_checksums_are_understood() -> None:
    """A log written on a big-endian machine (magic ...83) has its checksums read that way."""
    head = struct.pack(">6I", 0x377F0683, 3007000, 4096, 0, 1, 2)
    big_endian_log = head + struct.pack(">2I", *wal.checksum(head, big_endian=True))
    assert wal.parse_header(big_endian_log).big_endian
    assert not wal.parse_header(log_header(4096)).big_endian
