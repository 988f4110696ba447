"""``aitrainer progress / history / export / reset / path`` through the real entry point, with the
progress file checked afterwards; bad files give exit 3; every command has working help."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from aitrainer_cli.progress.fsrs_cards import record_result
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import (
    CATALOG,
    T0,
    graded_result,
    insert_attempt,
    questions,
    right_answer,
    take,
    wrong_answer,
)
from support import Run

CLI = Callable[..., Run]
SINGLE = questions(kind="single_choice")
RLHF = questions("rlhf-principles")


@pytest.fixture
def home() -> Path:
    return Path(os.environ["AITRAINER_HOME"])


@pytest.fixture
def db_file(home: Path) -> Path:
    return home / "progress.db"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        found = connection.execute(sql).fetchall()
    connection.close()
    return found


def fill(path: Path, attempts: int = 3) -> None:
    for n in range(attempts):
        insert_attempt(
            path,
            n + 1,
            T0 + timedelta(days=n),
            [(q, (n + 1) / attempts) for q in RLHF[:5]] + [(SINGLE[0], None)],
            title=f"Screening {n + 1}",
        )


# -- path, and an empty store ------------------------------------------------------------------


def test_path_prints_the_progress_file_and_creates_nothing(
    cli: CLI, home: Path, tmp_path: Path
) -> None:
    assert cli("path").out == f"{home / 'progress.db'}\n"
    elsewhere = tmp_path / "elsewhere"
    assert cli("path", "--data-dir", str(elsewhere)).out == f"{elsewhere / 'progress.db'}\n"
    assert not elsewhere.exists()
    assert not (home / "progress.db").exists()


@pytest.mark.parametrize("command", [["progress"], ["history"], ["reset", "--yes"]])
def test_an_empty_store_says_there_is_nothing_yet(
    cli: CLI, db_file: Path, command: list[str]
) -> None:
    result = cli(*command)
    assert result.code == 0, result.err
    assert "No attempts yet" in result.out
    assert not db_file.exists()  # reading never creates the file


def test_a_store_with_no_attempts_left_says_nothing_yet_too(cli: CLI, db_file: Path) -> None:
    AttemptStore.open(db_file).close()
    assert "No attempts yet" in cli("progress").out


# -- progress and history ----------------------------------------------------------------------


def test_progress_shows_scores_mastery_reviews_and_readiness(cli: CLI, db_file: Path) -> None:
    fill(db_file)
    result = cli("progress")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "3 attempts taken: 3 graded, 0 unfinished" in out
    assert "Exam scores: last 3" in out
    assert "trend: up" in out
    assert "Practice and review scores: none graded yet" in out
    assert "Mastery by topic" in out
    assert "rlhf-principles" in out
    assert "Spaced review: 0 questions due now" in out
    # five questions answered three times each and one left unanswered: six distinct questions
    assert "quick-screening · target 80% not enough data: 6 questions answered so far" in out
    assert (
        "drill-safety-refusals · target 80% not enough data: 0 questions answered so far, 10 needed"
        in out
    )


def test_data_dir_points_every_command_at_another_store(
    cli: CLI, tmp_path: Path, db_file: Path
) -> None:
    other = tmp_path / "other"
    fill(other / "progress.db", attempts=2)
    assert "2 attempts taken" in cli("progress", "--data-dir", str(other)).out
    assert "Screening 2" in cli("history", "--data-dir", str(other)).out
    assert not db_file.exists()


def test_history_lists_attempts_newest_first(cli: CLI, db_file: Path) -> None:
    fill(db_file)
    insert_attempt(
        db_file, 4, T0 + timedelta(days=9), [(SINGLE[1], 1.0)], graded=False, title="Unfinished one"
    )
    result = cli("history")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line.lstrip().startswith("#")]
    assert [line.split()[0] for line in lines] == ["#4", "#3", "#2", "#1"]
    assert "in progress 1/1" in lines[0]
    assert "—" in lines[0]
    assert "83.3%" in lines[1]
    assert "submitted" in lines[1]
    assert "Screening 3" in lines[1]
    limited = cli("history", "--limit", "2")
    assert "Showing the latest 2 of 4" in limited.out
    assert "#2 " not in limited.out


def test_history_id_regrades_and_says_what_changed_since(cli: CLI, db_file: Path) -> None:
    with AttemptStore.open(db_file) as store:
        attempt_id, _ = take(
            store,
            [
                (SINGLE[0], right_answer(SINGLE[0])),
                (SINGLE[1], wrong_answer(SINGLE[1])),
                (SINGLE[2], right_answer(SINGLE[2])),
            ],
        )
    with sqlite3.connect(db_file) as connection:  # question 1 edited, question 3 removed
        connection.execute("UPDATE attempt_items SET content_hash = 'old' WHERE position = 0")
        for table in ("attempt_items", "responses"):
            connection.execute(f"UPDATE {table} SET question_id = 'retired' WHERE position = 2")
    connection.close()
    before = rows(db_file, "SELECT * FROM responses")
    result = cli("history", str(attempt_id), "--review", "wrong")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert f"Attempt #{attempt_id} · practice" in out
    assert f"Question #1 ({SINGLE[0]}) was edited since this attempt" in out
    assert "Question #3 (retired) is no longer in the banks" in out
    assert "credit then 100%" in out
    assert "Score 1 / 2 points (50.0%)" in out
    assert "Scored 66.7% at the time" in out
    assert "Review 2/3 · wrong" in out
    assert "Key and explanation" in out
    assert rows(db_file, "SELECT * FROM responses") == before  # reviewing writes nothing


def test_history_of_an_unknown_attempt_is_a_usage_error(cli: CLI, db_file: Path) -> None:
    assert cli("history", "7").code == 2
    fill(db_file, attempts=1)
    result = cli("history", "99")
    assert result.code == 2
    assert "there is no attempt #99" in result.err


# -- export ------------------------------------------------------------------------------------


def test_export_csv_to_stdout_has_one_row_per_question_of_every_attempt(
    cli: CLI, db_file: Path
) -> None:
    fill(db_file, attempts=2)
    result = cli("export", "--format", "csv")
    assert result.code == 0, result.err
    exported = list(csv.DictReader(io.StringIO(result.out)))
    assert len(exported) == 12 == rows(db_file, "SELECT count(*) FROM responses")[0][0]
    first = exported[0]
    assert (
        first["attempt_id"],
        first["mode"],
        first["blueprint"],
        first["question_id"],
        first["bank"],
        first["type"],
        first["credit"],
        first["flagged"],
    ) == ("1", "exam", "quick-screening", RLHF[0], "rlhf-principles", _type(RLHF[0]), "0.5", "0")
    assert first["topic"]
    assert json.loads(first["response"]) == "a"
    unanswered = exported[5]
    assert (unanswered["question_id"], unanswered["response"], unanswered["credit"]) == (
        SINGLE[0],
        "",
        "0.0",
    )
    assert "Exported 2 attempts (12 question rows)" in result.err


def _type(qid: str) -> str:
    return CATALOG.entries[qid].question.type


def test_export_json_to_a_file_nests_responses_in_attempts(
    cli: CLI, db_file: Path, tmp_path: Path
) -> None:
    fill(db_file, attempts=2)
    target = tmp_path / "out.json"
    result = cli("export", "-f", "json", "--output", str(target))
    assert result.code == 0, result.err and result.out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == 1
    assert [a["attempt_id"] for a in data["attempts"]] == [1, 2]
    second = data["attempts"][1]
    assert second["score_percent"] == pytest.approx(100 * 5 / 6)
    assert len(second["responses"]) == 6
    assert second["responses"][0]["response"] == "a"
    assert second["responses"][5]["response"] is None
    assert f"to {target}" in result.err


def test_export_of_an_empty_store_is_well_formed(cli: CLI) -> None:
    assert cli("export").out.splitlines()[0].startswith("attempt_id,started_at,mode,blueprint")
    assert json.loads(cli("export", "--format", "json").out) == {"format": 1, "attempts": []}


def test_export_to_an_unwritable_place_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    result = cli("export", "--output", str(tmp_path / "missing" / "out.csv"))
    assert result.code == 2
    assert "cannot write" in result.err
    assert "missing" in result.err


# -- reset -------------------------------------------------------------------------------------


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_reset_asks_first_and_keeps_everything_when_declined(
    cli: CLI, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_file)
    answer(monkeypatch, "n\n")
    result = cli("reset")
    assert result.code == 0
    assert "Remove 3 attempts, 15 answers and 0 review cards" in " ".join(result.out.split())
    assert "Nothing changed" in result.out
    assert rows(db_file, "SELECT count(*) FROM attempts") == [(3,)]
    assert not list(db_file.parent.glob("progress.db.bak-*"))


@pytest.mark.parametrize("confirm", ["y\n", None])
def test_reset_backs_up_then_removes_the_data(
    cli: CLI, db_file: Path, confirm: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_file)
    with AttemptStore.open(db_file) as store:
        record_result(store, graded_result([(SINGLE[0], right_answer(SINGLE[0]))]), T0)
    if confirm is None:
        result = cli("reset", "--yes")
    else:
        answer(monkeypatch, confirm)
        result = cli("reset")
    assert result.code == 0, result.err
    [backup] = db_file.parent.glob("progress.db.bak-*")
    assert f"Backup: {backup}" in result.out
    assert "Removed 3 attempts, 15 answers and 1 review card from" in result.out
    for table in ("attempts", "attempt_items", "responses", "review_cards"):
        assert rows(db_file, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert rows(backup, "SELECT count(*) FROM attempts") == [(3,)]
    assert rows(backup, "SELECT count(*) FROM review_cards") == [(1,)]
    assert "No attempts yet" in cli("progress").out


# -- bad files and help ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["progress"], ["history"], ["history", "1"], ["export"], ["reset", "--yes"]]
)
def test_a_file_that_is_not_a_database_is_exit_3_naming_the_file(
    cli: CLI, db_file: Path, command: list[str]
) -> None:
    db_file.parent.mkdir(parents=True, exist_ok=True)
    db_file.write_text("my shopping list\n")
    result = cli(*command)
    assert result.code == 3
    assert f"{db_file} is not an SQLite database" in result.err
    assert "Traceback" not in result.err
    assert db_file.read_text() == "my shopping list\n"


def test_a_damaged_database_is_exit_3_and_left_alone(cli: CLI, db_file: Path) -> None:
    fill(db_file, attempts=30)
    data = db_file.read_bytes()
    damaged = data[: len(data) // 2]
    db_file.write_bytes(damaged)
    result = cli("progress")
    assert result.code == 3
    assert str(db_file) in result.err
    assert "damaged" in result.err
    assert db_file.read_bytes() == damaged


def test_an_exam_taken_from_an_answers_file_shows_up_everywhere(
    cli: CLI, db_file: Path, tmp_path: Path
) -> None:
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.exam.compose import ExamRequest, build_form
    from aitrainer_cli.paths import builtin_banks_dir

    catalog = load_catalog([builtin_banks_dir()])
    form = build_form(
        catalog, ExamRequest(types=("single_choice",), count=3, seed=4, practice=True)
    )
    first = form.items[0].question_id  # one answered (any option), two left blank
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({first: "a"}), encoding="utf-8")
    taken = cli(
        "practice",
        "--type",
        "single_choice",
        "--count",
        "3",
        "--seed",
        "4",
        "--answers",
        str(answers),
        "--json",
    )
    assert taken.code == 0, taken.err
    assert rows(db_file, "SELECT question_id FROM review_cards") == [(first,)]
    assert rows(db_file, "SELECT mode FROM attempts") == [("practice",)]
    assert "1 attempt taken: 1 graded" in cli("progress").out
    assert "#1" in cli("history").out
    assert "Attempt #1" in cli("history", "1").out


def test_every_command_has_help(cli: CLI) -> None:
    from aitrainer_cli.cli import app

    names = [
        command.name or (command.callback.__name__ if command.callback else "")
        for command in app.registered_commands
    ]
    assert {"progress", "history", "export", "reset", "path"} <= set(names)
    for name in names:
        result = cli(name, "--help")
        assert result.code == 0, name
        assert "Usage" in result.out, name
        assert "--data-dir" in result.out or name not in {
            "progress",
            "history",
            "export",
            "reset",
            "path",
        }
