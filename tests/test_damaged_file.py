"""A progress file damaged on disk so that every page is sound but the table no longer matches
its index: ``quick_check`` passes it, the full integrity check does not. It may be read, but it
is never written to: its bytes are the same after every command."""

from __future__ import annotations

import io
import os
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
    except sqlite3.DatabaseError as error:
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
