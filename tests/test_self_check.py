"""The practice self-check on written answers: credit from the ticked points (hand-computed), the
ticks prompt through prompt_toolkit pipe input and plain lines, the credits stored side by side,
and review, history and the export saying which one graded the answer."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from aitrainer_cli.items import QUESTION_ADAPTER
from aitrainer_cli.items.free_text import FreeText, RubricPoint
from aitrainer_cli.items.free_text_credit import credit_of_points
from aitrainer_cli.progress import assessments, migrations
from aitrainer_cli.progress.written_grades import assess
from aitrainer_cli.ui.ask_interactive import InteractiveAsker
from aitrainer_cli.ui.ask_plain import PlainAsker
from aitrainer_cli.ui.asking import Signal
from judge_support import QUESTION, judge, write_bank
from support import Run

CLI = Callable[..., Run]
ONE_POINT = "B is better, it is clearer."
"""Keywords find point 1 of 3 ("b is better"): 1/3."""
ROWS = [("0", "Prefers response B"), ("1", "Gives the sixty-day figure"), ("2", "Cost of A")]
ENTER, SPACE, DOWN, CTRL_C = "\r", " ", "\x1b[B", "\x03"


# -- credit from ticked points, by hand ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticked", "credit"),
    [({0, 1, 2}, 1.0), ({0, 1}, 2 / 3), ({2}, 1 / 3), (set(), 0.0)],
)
def test_the_credit_is_the_share_of_ticked_points(ticked: set[int], credit: float) -> None:
    score = credit_of_points(QUESTION, ONE_POINT, ticked, "self_check", "")
    assert score.credit == pytest.approx(credit)
    assert score.graded_by == "self_check"
    assert [made for _, made in score.parts] == [float(i in ticked) for i in range(3)]


def test_a_short_answer_is_scaled_down_and_a_blank_one_earns_nothing() -> None:
    data = QUESTION.model_dump() | {"min_words": 12}
    wordy = QUESTION_ADAPTER.validate_python(data)
    assert isinstance(wordy, FreeText)
    # 6 words of the 12 asked for, every point ticked: 1 x 6/12.
    assert credit_of_points(wordy, ONE_POINT, {0, 1, 2}, "self_check", "").credit == 0.5
    assert credit_of_points(QUESTION, "  ", {0, 1, 2}, "self_check", "").credit == 0.0


@pytest.mark.skipif(
    "required" not in RubricPoint.model_fields, reason="rubric points have no required flag yet"
)
def test_an_unticked_required_point_makes_the_credit_zero() -> None:
    data = QUESTION.model_dump()
    data["rubric"][0]["required"] = True
    strict = QUESTION_ADAPTER.validate_python(data)
    assert isinstance(strict, FreeText)
    assert credit_of_points(strict, ONE_POINT, {1, 2}, "self_check", "").credit == 0.0
    assert credit_of_points(strict, ONE_POINT, {0, 2}, "self_check", "").credit == pytest.approx(
        2 / 3
    )


def test_a_self_check_is_the_grade_and_the_automatic_credit_is_kept_beside_it() -> None:
    row, score = assess(QUESTION, ONE_POINT, "h", None, frozenset({0, 1}))
    assert (row.graded_by, row.credit, row.keyword_credit) == ("self_check", 2 / 3, 1 / 3)
    assert row.self_points == frozenset({0, 1})
    assert score.note == (
        "graded by your self-check: 2 of 3 rubric points (keywords found 1 of 3 rubric points, 33%)"
    )


def test_a_self_check_after_a_judge_keeps_all_three_credits() -> None:
    from aitrainer_cli.app.judge import ask_judge

    verdict = ask_judge(judge("all"), QUESTION, ONE_POINT)
    row, score = assess(QUESTION, ONE_POINT, "h", verdict, frozenset({1}))
    assert (row.keyword_credit, row.judge_credit, row.self_credit) == (1 / 3, 1.0, 1 / 3)
    assert score.credit == pytest.approx(1 / 3)
    assert "(the judge found 3 of 3 rubric points, 100%)" in score.note


# -- the ticks prompt ----------------------------------------------------------------------------


def _ticks(keys: str, ticked: list[str]) -> list[str] | Signal:
    async def run() -> list[str] | Signal:
        return await InteractiveAsker().tick_points("Self-check", ROWS, ticked)

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return asyncio.run(run())


def test_enter_alone_confirms_the_automatic_ticks() -> None:
    assert _ticks(ENTER, ["0"]) == ["0"]
    assert _ticks(ENTER, []) == []


def test_number_keys_and_space_tick_and_untick_points() -> None:
    assert sorted(_ticks("2" + ENTER, ["0"])) == ["0", "1"]  # type: ignore[type-var]
    assert _ticks("1" + ENTER, ["0"]) == []
    assert sorted(_ticks(DOWN + DOWN + SPACE + ENTER, [])) == ["2"]  # type: ignore[type-var]


def test_ctrl_c_at_the_ticks_is_an_interrupt() -> None:
    assert _ticks(CTRL_C, ["0"]) is Signal.INTERRUPT


def _plain_ticks(lines: str, ticked: list[str]) -> tuple[list[str] | Signal, str]:
    out = io.StringIO()
    asker = PlainAsker(stdin=io.StringIO(lines), write=out.write, out=lambda r: out.write(f"{r}\n"))
    return asyncio.run(asker.tick_points("Self-check", ROWS, ticked)), out.getvalue()


def test_plain_lines_give_the_points_by_number_and_enter_keeps_them() -> None:
    assert _plain_ticks("\n", ["0"])[0] == ["0"]
    assert _plain_ticks("1 3\n", ["0"])[0] == ["0", "2"]
    assert _plain_ticks("2,3\n", [])[0] == ["1", "2"]
    assert _plain_ticks("0\n", ["0", "1"])[0] == []
    picked, shown = _plain_ticks("4\nmaybe\n2\n", ["0"])
    assert picked == ["1"]
    assert shown.count("Type numbers from 1 to 3, 0 for none, or Enter.") == 2
    assert "1) [x] Prefers response B" in shown
    assert "2) [ ] Gives the sixty-day figure" in shown
    assert _plain_ticks("", ["0"])[0] is Signal.INTERRUPT


# -- practice through the command line ------------------------------------------------------------


def _practice(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lines: str, *args: str
) -> Run:
    bank = write_bank(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    picks = ("--banks", str(bank), "--no-builtin", "--bank", "judge-test", "-n", "1")
    return cli("practice", *picks, "--plain", *args)


def _rows(sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(Path(os.environ["AITRAINER_HOME"]) / "progress.db") as connection:
        connection.row_factory = sqlite3.Row
        return list(connection.execute(sql))


def _history(cli: CLI, tmp_path: Path) -> str:
    run = cli("history", "1", "--banks", str(tmp_path / "judge-test.yaml"), "--review", "all")
    assert run.code == 0, run.err
    return " ".join(run.out.split())


def test_practice_self_check_is_stored_used_for_the_grade_and_named_in_review(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run = _practice(cli, monkeypatch, tmp_path, f"{ONE_POINT}\n1 2\n")
    assert run.code == 0, run.err
    out = " ".join(run.out.split())
    assert "Self-check: which points did you make?" in out
    assert (
        "Self-checked credit 67% is used for your grade (keywords gave 33%; both are kept)" in out
    )
    [row] = _rows("SELECT * FROM assessments")
    assert row["graded_by"] == "self_check"
    assert (row["keyword_credit"], row["keyword_points"]) == (pytest.approx(1 / 3), "[0]")
    assert (row["self_credit"], row["self_points"]) == (pytest.approx(2 / 3), "[0, 1]")
    assert row["judge_name"] is None
    [response] = _rows("SELECT credit FROM responses")
    assert response["credit"] == pytest.approx(2 / 3)
    history = _history(cli, tmp_path)
    assert "graded by your self-check: 2 of 3 rubric points (keywords found 1 of 3" in history
    assert "(66.7%)" in history  # re-graded as it was graded
    assert "rubric point keywords your check" in history
    assert "Gives the sixty-day figure missed made" in history
    export = json.loads(cli("export", "--format", "json").out)
    [exported] = export["attempts"][0]["responses"]
    assert (exported["graded_by"], exported["keyword_credit"]) == ("self_check", 1 / 3)


def test_enter_at_the_self_check_keeps_the_keyword_credit_and_stores_nothing_more(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run = _practice(cli, monkeypatch, tmp_path, f"{ONE_POINT}\n\n")
    assert run.code == 0, run.err
    assert "Self-check unchanged: the grade stays as keywords gave it (33%)." in run.out
    assert _rows("SELECT * FROM assessments") == []
    assert _rows("SELECT credit FROM responses")[0]["credit"] == pytest.approx(1 / 3)
    assert "(33.3%)" in _history(cli, tmp_path)


def test_end_of_input_at_the_self_check_keeps_the_answer_and_the_keyword_credit(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run = _practice(cli, monkeypatch, tmp_path, f"{ONE_POINT}\n")
    assert run.code == 0, run.err
    # every question is answered, so end of input submits (issue 14) rather than saving
    assert "Continue with: aitrainer resume" not in run.out
    [response] = _rows("SELECT response, credit FROM responses")
    assert json.loads(response["response"]) == ONE_POINT
    assert response["credit"] == pytest.approx(1 / 3)
    assert _rows("SELECT status FROM attempts")[0]["status"] == "submitted"
    assert "(33.3%)" in _history(cli, tmp_path)


def test_practice_asks_the_judge_first_and_its_points_are_the_ticks_offered(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    command = f"{judge().argv[0]} {judge().argv[1]} all"
    run = _practice(cli, monkeypatch, tmp_path, f"{ONE_POINT}\n\n", "--judge", command)
    assert run.code == 0, run.err
    out = " ".join(run.out.split())
    assert "Asking the judge (" in out
    assert "1) [x] Prefers response B" in run.out
    assert "3) [x] Says what following A would cost the tenant" in run.out
    assert "Self-check unchanged: the grade stays as the judge gave it (100%)." in out
    [row] = _rows("SELECT * FROM assessments")
    assert (row["graded_by"], row["judge_credit"], row["self_points"]) == ("judge", 1.0, None)
    assert "graded by the judge" in _history(cli, tmp_path)


def test_an_edited_question_is_graded_by_keywords_again(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _practice(cli, monkeypatch, tmp_path, f"{ONE_POINT}\n1 2\n")
    bank = tmp_path / "judge-test.yaml"
    bank.write_text(bank.read_text().replace("Say which response", "Say which of the responses"))
    history = _history(cli, tmp_path)
    assert "(33.3%)" in history
    assert "self-check" not in history


def test_an_older_store_opens_and_regrades_its_written_answers_unchanged(
    cli: CLI, tmp_path: Path
) -> None:
    """A file of schema version 2 (before assessments) holding a graded free-text answer."""
    from aitrainer_cli.progress import db
    from aitrainer_cli.progress.records import content_hash
    from support import insert_row

    path = Path(os.environ["AITRAINER_HOME"]) / "progress.db"
    database = db.connect(path)
    migrations.migrate(database, target=2)
    stamp = "2025-05-01T10:00:00.000+00:00"
    digest = content_hash(QUESTION)
    with database.write() as connection:
        insert_row(connection, "attempts", {
            "id": 1, "started_at": stamp, "updated_at": stamp, "mode": "practice",
            "blueprint_id": "custom", "title": "Old practice", "seed": 1, "pass_mark": 80,
            "status": "submitted", "score_earned": 1 / 3, "score_possible": 1,
            "score_percent": 100 / 3, "app_version": "0.9",
        })  # fmt: skip
        insert_row(connection, "attempt_items", {
            "attempt_id": 1, "position": 0, "question_id": "jt-tenancy", "bank_id": "judge-test",
            "section": "S", "content_hash": digest,
        })  # fmt: skip
        insert_row(connection, "responses", {
            "attempt_id": 1, "position": 0, "question_id": "jt-tenancy",
            "response": json.dumps(ONE_POINT), "credit": 1 / 3, "seconds": 30,
            "answered_at": stamp, "content_hash": digest,
        })  # fmt: skip
    database.close()
    write_bank(tmp_path)
    history = _history(cli, tmp_path)
    assert "(33.3%)" in history
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert connection.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    reopened = db.connect(path)
    assert assessments.assessments_of(reopened, 1) == {}
    reopened.close()


def test_a_damaged_assessment_is_named_and_nothing_more_is_written(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _practice(cli, monkeypatch, tmp_path, f"{ONE_POINT}\n1 2\n")
    with sqlite3.connect(Path(os.environ["AITRAINER_HOME"]) / "progress.db") as connection:
        connection.execute("UPDATE assessments SET self_points = '[0, \"x\"]'")
    run = cli("history", "1", "--banks", str(tmp_path / "judge-test.yaml"))
    assert run.code == 3
    assert "table assessments, row attempt_id=1 position=0: column self_points" in run.err
    assert "Traceback" not in run.err
