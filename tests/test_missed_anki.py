"""``aitrainer export --missed --format anki`` (issue 14): a deck of the questions whose latest
graded answer lost credit, to study them in Anki."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from aitrainer_cli.progress.missed import missed_questions
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import CATALOG, T0, insert_attempt, questions
from support import Run

ATOMIC = questions("fact-checking", "atomic-claims")


def fill(path: Path) -> None:
    # 0: missed then right (not missed now); 1: half credit; 2: unanswered; 3: right
    insert_attempt(path, 1, T0, [(ATOMIC[0], 0.0), (ATOMIC[1], 0.5), (ATOMIC[2], None)])
    insert_attempt(path, 2, T0 + timedelta(hours=1), [(ATOMIC[0], 1.0), (ATOMIC[3], 1.0)])


def deck_ids(deck: Path, tmp_path: Path) -> set[str]:
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    fields = [row[0] for row in connection.execute("SELECT flds FROM notes")]
    connection.close()
    return {value.split("\x1f")[-1] for value in fields}


def test_the_missed_questions_are_those_whose_latest_answer_lost_credit(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    fill(path)
    with AttemptStore.open(path) as store:
        assert sorted(missed_questions(store.database, CATALOG.entries)) == sorted(
            [ATOMIC[1], ATOMIC[2]]
        )
    assert missed_questions(None, CATALOG.entries) == []


def test_export_missed_writes_an_anki_deck_of_them(cli: Callable[..., Run], tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    fill(Path(os.environ["AITRAINER_HOME"]) / "progress.db")
    deck = tmp_path / "missed.apkg"
    result = cli("export", "--missed", "--format", "anki", "-o", str(deck))
    assert result.code == 0, result.err
    assert f"Wrote 2 missed questions to {deck}." in " ".join(result.err.split())
    assert deck_ids(deck, tmp_path) == {ATOMIC[1], ATOMIC[2]}


def test_missed_needs_the_anki_format_and_anki_needs_missed(cli: Callable[..., Run]) -> None:
    for args in (["--missed"], ["--format", "anki"], ["--missed", "--format", "json"]):
        result = cli("export", *args)
        assert result.code == 2
        assert "--missed and --format anki go together" in result.err
