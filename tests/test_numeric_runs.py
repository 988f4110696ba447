"""``numeric`` items through the commands: answers files, plain lines, practice, history, export,
resume after end of input, and a SIGKILL mid-attempt. Each run is checked in the progress file."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.paths import builtin_banks_dir
from killing import POSIX_ONLY, aitrainer, killed_after, rows
from support import Run

RUNS = Path(__file__).parent / "data" / "runs" / "numeric.yaml"
"""Copies of the two shipped numeric items these runs type answers for."""
CATALOG = load_catalog([builtin_banks_dir(), RUNS])
FILTER = ("--type", "numeric", "--bank", "runs-numeric", "--count", "2", "--seed", "3")
KAPPA, PAIRS = "runs-kappa-from-a-label-table", "runs-pairwise-agreement-of-rankings"


@pytest.fixture(autouse=True)
def _runs_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AITRAINER_BANKS", str(RUNS))


def _order() -> list[str]:
    request = ExamRequest(types=("numeric",), banks=("runs-numeric",), count=2, seed=3)
    return [item.question_id for item in build_form(CATALOG, request).items]


def _lines(by_id: dict[str, str]) -> str:
    """One typed line per question, in the form's order."""
    return "".join(by_id[qid] + "\n" for qid in _order())


def _rows(sql: str, home: Path | None = None) -> list[tuple[object, ...]]:
    folder = home or Path(os.environ["AITRAINER_HOME"])
    with sqlite3.connect(folder / "progress.db") as db:
        return db.execute(sql).fetchall()


def _feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_the_form_holds_both_starter_items() -> None:
    assert sorted(_order()) == [KAPPA, PAIRS]


def test_an_answers_file_of_text_and_numbers_is_scored_and_stored(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f'{KAPPA}: "0.35"\n{PAIRS}: 80%\n', encoding="utf-8")
    run = cli("exam", *FILTER, "--answers", str(answers), "--json")
    assert run.code == 0, run.err
    items = {item["question_id"]: item for item in json.loads(run.out)["items"]}
    assert items[KAPPA]["credit"] == 0.5  # 0.01 off 0.34: the 0.015 band
    assert items[KAPPA]["note"] == "50% credit: within 0.015 of the answer"
    assert items[PAIRS]["credit"] == 1.0
    assert items[PAIRS]["response"] == 80.0
    assert items[PAIRS]["response_text"] == "80 %"
    assert json.loads(run.out)["percent"] == 75.0
    stored = dict(_rows("SELECT question_id, response FROM responses"))  # type: ignore[arg-type]
    assert stored == {KAPPA: "0.35", PAIRS: "80.0"}


def test_an_unreadable_answers_file_value_names_its_line(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"{PAIRS}: 80\n{KAPPA}: '0,34'\n", encoding="utf-8")
    run = cli("exam", *FILTER, "--answers", str(answers))
    assert run.code == 2
    assert f"answers.yaml:2: {KAPPA}: '0,34' is not a number" in run.err
    assert "Traceback" not in run.err


def test_plain_lines_re_ask_an_unreadable_number_then_score_it(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _order()[0]
    typed = {KAPPA: "0.341", PAIRS: "80 %"}
    typed[first] = "eighty\n" + typed[first]
    _feed(monkeypatch, _lines(typed) + "1\n")
    run = cli("exam", *FILTER, "--plain")
    assert run.code == 0, run.err
    assert "Not understood: 'eighty' is not a number" in run.out
    assert _rows("SELECT score_percent FROM attempts") == [(100.0,)]


def test_practice_feedback_shows_the_key_range_and_band(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed(monkeypatch, _lines({KAPPA: "0.7", PAIRS: "20"}))
    run = cli("practice", *FILTER)
    assert run.code == 0, run.err
    flat = " ".join(run.out.split())
    assert "Key: 0.34" in flat
    assert "Accepted: 0.335–0.345" in flat
    assert "Earned: none: outside the accepted range and every band" in flat
    assert "Accepted: exactly 80 %" in flat


def test_history_review_and_export_show_the_numbers(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"{KAPPA}: 0.35\n{PAIRS}: 70\n", encoding="utf-8")
    assert cli("exam", *FILTER, "--answers", str(answers)).code == 0
    shown = cli("history", "1", "--review", "all")
    assert shown.code == 0, shown.err
    flat = " ".join(shown.out.split())
    assert "Your answer: 0.35" in flat
    assert "Earned: 50% credit 0.325–0.355" in flat
    assert "Your answer: 70 %" in flat
    out = tmp_path / "export.json"
    assert cli("export", "--format", "json", "-o", str(out)).code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    text = json.dumps(exported)
    assert KAPPA in text
    assert "0.35" in text


def test_end_of_input_saves_and_resume_keeps_the_number(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    order = _order()
    typed = {KAPPA: "0.34", PAIRS: "80"}
    _feed(monkeypatch, typed[order[0]] + "\n")
    first = cli("exam", *FILTER, "--time", "10m")
    assert first.code == 0, first.err
    assert "Continue with: aitrainer resume" in first.out
    _feed(monkeypatch, typed[order[1]] + "\n1\n")
    second = cli("resume")
    assert second.code == 0, second.err
    assert "Resuming attempt 1: 1 of 2 answered" in second.out
    assert _rows("SELECT status, score_percent FROM attempts") == [("submitted", 100.0)]


@pytest.mark.skipif(sys.platform == "win32", reason=POSIX_ONLY)
def test_a_sigkill_mid_attempt_keeps_the_number_given(tmp_path: Path) -> None:
    env = {**os.environ, "AITRAINER_HOME": str(tmp_path)}
    order = _order()
    typed = {KAPPA: "0.35", PAIRS: "1e2"}  # half credit, then 100 where 80 was keyed
    command = ["exam", *FILTER, "--time", "10m", "--plain"]
    db = tmp_path / "progress.db"
    killed_after(
        env,
        command,
        typed[order[0]] + "\n0.3",  # the second answer is half typed
        lambda: (  # the answer and the move on are two commits: wait for both
            db.exists()
            and rows(db, "SELECT count(*) FROM responses WHERE response IS NOT NULL") == [(1,)]
            and rows(db, "SELECT position FROM attempts") == [(1,)]
        ),
    )
    resumed = aitrainer(env, "resume", "--plain", stdin=typed[order[1]] + "\n1\n", timeout=180)
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    stored = rows(db, "SELECT question_id, response, credit FROM responses")
    assert sorted(stored) == [(KAPPA, "0.35", 0.5), (PAIRS, "100.0", 0.0)]
