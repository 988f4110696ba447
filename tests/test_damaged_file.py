"""A progress file damaged on disk: whatever the damage, every command exits 0 or with a clear
error (never a traceback), and a file that fails the full integrity check is never written to:
its bytes are the same after every command."""

from __future__ import annotations

import io
import os
import random
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from aitrainer_cli.errors import DataStoreError, ExitCode
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.progress.fsrs_cards import record_result
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import CATALOG, T0, insert_attempt, questions, take
from support import Run

CLI = Callable[..., Run]
AGAIN = ("practice", "--type", "single_choice", "--count", "3", "--seed", "4")
FORM = build_form(CATALOG, ExamRequest(types=("single_choice",), count=3, seed=4, practice=True))


@pytest.fixture
def db_file() -> Path:
    return Path(os.environ["AITRAINER_HOME"]) / "progress.db"


@pytest.fixture(autouse=True)
def _no_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def stocked(path: Path, attempts: int = 8) -> None:
    """Graded attempts with answers and review cards, and one attempt still in progress."""
    with AttemptStore.open(path) as store:
        for n in range(attempts):
            qids = [item.question_id for item in FORM.items] + questions(kind="true_false")[n::9]
            _, result = take(store, [(qid, "a" if n % 2 else "b") for qid in qids])
            record_result(store, result, T0)
    unfinished = questions(kind="true_false")[:2]
    insert_attempt(
        path, attempts + 1, T0, [(unfinished[0], 1.0), (unfinished[1], None)], graded=False
    )


def structural_problems(path: Path, tmp_path: Path) -> list[str]:
    """What the full integrity check finds, read from a copy (the file itself is not opened)."""
    copy = tmp_path / "probe.db"
    shutil.copy(path, copy)
    connection = sqlite3.connect(copy)
    try:
        found = [row[0] for row in connection.execute("PRAGMA integrity_check(100)")]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:  # a message in damaged bytes
        found = [str(error)]
    finally:
        connection.close()
        copy.unlink()
    values = ("ok", "CHECK constraint failed in ", "NULL value in ")  # row values, not structure
    return [problem for problem in found if not problem.startswith(values)]


def page_of(path: Path, table: str) -> tuple[int, int]:
    """The first page of ``table``'s b-tree and the file's page size."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        root = page.fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    return root, size


def an_index_that_no_longer_matches_its_table(path: Path) -> bytes:
    """One byte of a blueprint id changed in the attempts table's page: every page is sound
    (``quick_check`` passes) but the table no longer matches its index."""
    root, size = page_of(path, "attempts")
    data = bytearray(path.read_bytes())
    start = (root - 1) * size
    found = data.index(b"custom", start, start + size)
    data[found] = ord("C")
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_file_whose_index_does_not_match_its_table_is_read_but_never_written(
    db_file: Path, cli: CLI, tmp_path: Path
) -> None:
    stocked(db_file, attempts=3)
    data = an_index_that_no_longer_matches_its_table(db_file)
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as probe:
        assert probe.execute("PRAGMA quick_check").fetchone() == ("ok",)
    probe.close()
    assert structural_problems(db_file, tmp_path)
    assert cli("history").code == 0  # reading it is harmless
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({FORM.items[0].question_id: "a"}), encoding="utf-8")
    for command in ([*AGAIN, "--answers", str(answers)], ["reset", "--yes"]):
        result = cli(*command)
        assert result.code == ExitCode.DATA_STORE, result.err
        assert "is damaged (integrity check: row" in result.err
        assert "missing from index" in result.err
        assert "Traceback" not in result.err
    assert db_file.read_bytes() == data


def test_the_store_runs_the_full_check_before_its_first_write_only(db_file: Path) -> None:
    stocked(db_file, attempts=1)
    with AttemptStore.open(db_file) as store:
        assert not store.database.verified  # opening ran the quick check only
        store.abandon(2)
        assert store.database.verified
    an_index_that_no_longer_matches_its_table(db_file)
    with AttemptStore.open(db_file) as store:
        assert sorted(a.id for a in store.history()) == [1, 2]
        with pytest.raises(DataStoreError, match="missing from index"):
            store.abandon(2)
        with pytest.raises(DataStoreError, match="nothing more is written"):
            store.abandon(2)


def scrambled(data: bytes, rng: random.Random, printable: bool) -> bytes:
    """20 bytes changed at random in the data pages (the header page is left alone). Printable
    changes replace printable bytes only: the text stays UTF-8 but stops making sense."""
    page = int.from_bytes(data[16:18], "big")
    copy = bytearray(data)
    changed = 0
    while changed < 20:
        offset = rng.randrange(page, len(copy))
        if printable and not 0x20 <= copy[offset] < 0x7F:
            continue
        copy[offset] = rng.randrange(0x20, 0x7F) if printable else rng.randrange(256)
        changed += 1
    return bytes(copy)


COPIES = [(seed, False) for seed in range(6)] + [(seed, True) for seed in (3, 4, 10, 11, 16, 19)]
"""Seeds among the first 30 whose copies crashed a command or were written to before the fix."""


@pytest.mark.parametrize(
    ("seed", "printable"), COPIES, ids=[f"{'text' if p else 'bytes'}-{s}" for s, p in COPIES]
)
def test_a_randomly_damaged_copy_never_crashes_a_command_nor_is_written_if_unsound(
    db_file: Path, cli: CLI, tmp_path: Path, seed: int, printable: bool
) -> None:
    stocked(db_file)
    data = scrambled(db_file.read_bytes(), random.Random(seed), printable)
    db_file.write_bytes(data)
    unsound = bool(structural_problems(db_file, tmp_path))
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({FORM.items[0].question_id: "a"}), encoding="utf-8")
    for command in (
        ["history"],
        ["history", "1"],
        ["export", "--format", "json"],
        ["progress"],
        ["resume", "--plain"],
        [*AGAIN, "--answers", str(answers), "--json"],
    ):
        result = cli(*command)  # an exception other than SystemExit fails the test here
        assert result.code in (0, ExitCode.USAGE, ExitCode.DATA_STORE), (command, result.err)
        assert "Traceback" not in result.err
        assert "permission" not in result.err, result.err
        if unsound:
            assert db_file.read_bytes() == data, command


def test_a_column_name_damaged_in_the_schema_is_a_data_store_error(db_file: Path, cli: CLI) -> None:
    """sqlite3 decodes column names itself and raises UnicodeDecodeError on a damaged one (found
    by the random damage above): it is exit 3 with the file named, never an internal error."""
    stocked(db_file, attempts=1)
    with sqlite3.connect(db_file) as connection:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'attempts'"
        ).fetchone()
        damaged = sql.encode().replace(b"filters", b"filt\xde", 1)
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = CAST(? AS TEXT) WHERE name = 'attempts'", (damaged,)
        )
    for command in (["history"], ["export", "--format", "json"], ["progress"]):
        result = cli(*command)
        assert result.code in (ExitCode.DATA_STORE, ExitCode.USAGE), (command, result.err)
        assert "internal error" not in result.err
        assert "progress.db" in result.err
