"""``aitrainer exam / practice / resume`` without a terminal: answers files, JSON, plain lines,
filters and the errors a learner can make. Each run is then checked in the progress file."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.items.true_false import TrueFalse
from aitrainer_cli.paths import builtin_banks_dir
from support import Run

CATALOG = load_catalog([builtin_banks_dir()])


def _db() -> sqlite3.Connection:
    return sqlite3.connect(Path(os.environ["AITRAINER_HOME"]) / "progress.db")


def _key_answers(seed: int, count: int, path: Path, **filters: tuple[str, ...]) -> list[str]:
    """Write the key of every non-panel question of the form as an answers file."""
    form = build_form(CATALOG, ExamRequest(count=count, seed=seed, **filters))  # type: ignore[arg-type]
    answers = {}
    for item in form.items:
        question = CATALOG.entries[item.question_id].question
        key = getattr(question, "answer", None)
        if question.type == "free_text":
            key = question.model_answer
        if key is not None:
            answers[item.question_id] = key
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return [item.question_id for item in form.items]


def test_an_answers_file_with_the_keys_scores_full_marks_as_json(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    ids = _key_answers(5, 6, answers, types=("single_choice", "true_false", "claim_check"))
    result = cli(
        "exam",
        "--type",
        "single_choice",
        "--type",
        "true_false",
        "--type",
        "claim_check",
        "--count",
        "6",
        "--seed",
        "5",
        "--answers",
        str(answers),
        "--json",
    )
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [item["question_id"] for item in report["items"]] == ids
    assert report["percent"] == 100
    assert report["passed"] is True
    assert report["seed"] == 5
    with _db() as db:
        assert db.execute("SELECT status, score_percent FROM attempts").fetchall() == [
            ("submitted", 100.0)
        ]
        assert db.execute("SELECT count(*) FROM responses WHERE credit = 1").fetchone() == (6,)


def test_an_answers_file_prints_the_result_screen_without_json(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    result = cli("exam", "--count", "4", "--seed", "1", "--answers", str(answers))
    assert result.code == 0
    assert "Score 0 / 4 points (0.0%)" in result.out
    assert "BELOW the practice target 80%" in result.out


def test_unknown_question_ids_in_an_answers_file_are_a_clear_error(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("no-such-question: a\n", encoding="utf-8")
    result = cli("exam", "--count", "3", "--seed", "1", "--answers", str(answers))
    assert result.code == 2
    assert "answers.yaml:1" in result.err
    assert "no-such-question" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("exam", "nope"), "no exam blueprint called 'nope'"),
        (("exam", "--bank", "fact-checkin"), "did you mean fact-checking"),
        (("exam", "--time", "soon"), "--time"),
        (("exam", "--bank", "fact-checking", "--count", "400"), "were asked for but only"),
        (("exam", "--count", "0"), "--count must be from 1 to 500"),
        (("exam", "--type", "essay"), "no type called 'essay'"),
        (("resume",), "no unfinished attempt"),
    ],
)
def test_bad_requests_exit_2_with_a_message_and_no_traceback(
    cli: Callable[..., Run], args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_the_blueprint_list_names_every_blueprint(cli: Callable[..., Run]) -> None:
    result = cli("exam", "--list")
    assert result.code == 0
    for blueprint_id in CATALOG.blueprints:
        assert blueprint_id in result.out


def _feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_plain_mode_reads_one_answer_per_line_and_shows_the_seed(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed(monkeypatch, "true\nfalse\n1\n")
    result = cli("exam", "--type", "true_false", "--count", "2", "--seed", "9", "--plain")
    assert result.code == 0, result.err
    assert "Seed 9: retake this exact form with --seed 9" in result.out
    assert "Question 1 of 2" in result.out
    assert "Question 2 of 2" in result.out
    assert "Score" in result.out
    with _db() as db:
        rows = db.execute("SELECT response FROM responses ORDER BY position").fetchall()
    assert rows == [("true",), ("false",)]


def test_end_of_input_saves_and_resume_continues_with_the_answers_kept(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed(monkeypatch, "true\n")
    first = cli("exam", "--type", "true_false", "--count", "3", "--seed", "4", "--time", "10m")
    assert first.code == 0
    assert "Continue with: aitrainer resume" in first.out
    with _db() as db:
        assert db.execute("SELECT status, position FROM attempts").fetchone() == ("in_progress", 1)
    _feed(monkeypatch, "false\ntrue\n1\n")
    second = cli("resume")
    assert second.code == 0, second.err
    assert "Resuming attempt 1: 1 of 3 answered" in second.out
    assert "Question 2 of 3" in second.out
    assert "Question 1 of 3" not in second.out
    with _db() as db:
        assert db.execute("SELECT status FROM attempts").fetchone() == ("submitted",)
        rows = db.execute("SELECT response FROM responses ORDER BY position").fetchall()
    assert rows == [("true",), ("false",), ("true",)]


def test_practice_gives_feedback_after_each_answer(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed(monkeypatch, "true\ntrue\n")
    result = cli("practice", "--type", "true_false", "--count", "2", "--seed", "3")
    assert result.code == 0, result.err
    assert result.out.count("Review 1/2") + result.out.count("Review 2/2") >= 2
    assert "Key: " in result.out
    with _db() as db:
        assert db.execute("SELECT mode, status FROM attempts").fetchone() == (
            "practice",
            "submitted",
        )


def test_no_arguments_without_a_terminal_prints_help(cli: Callable[..., Run]) -> None:
    result = cli()
    assert result.code == 0
    assert "exam" in result.out
    assert "practice" in result.out
    assert "resume" in result.out


def _wrong_answers(path: Path, seed: int, count: int) -> set[str]:
    """Answer every question of a true/false form wrongly; return the topics it covered."""
    form = build_form(CATALOG, ExamRequest(types=("true_false",), count=count, seed=seed))
    answers = {}
    for item in form.items:
        question = CATALOG.entries[item.question_id].question
        assert isinstance(question, TrueFalse)
        answers[item.question_id] = not question.answer
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    return {CATALOG.entries[qid].question.topic for qid in answers}


def test_review_offers_the_most_missed_questions_when_nothing_is_due(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "wrong.yaml"
    _wrong_answers(answers, 2, 6)
    assert (
        cli(
            "exam", "--type", "true_false", "--count", "6", "--seed", "2", "--answers", str(answers)
        ).code
        == 0
    )
    with _db() as db:
        missed = {row[0] for row in db.execute("SELECT question_id FROM responses")}
    _feed(monkeypatch, "")
    result = cli("review", "--count", "4")
    assert result.code == 0, result.err
    assert "nothing is due; your most-missed: 4 questions" in result.out
    with _db() as db:
        mode, attempt = db.execute("SELECT mode, id FROM attempts ORDER BY id DESC").fetchone()
        drawn = {
            row[0]
            for row in db.execute(
                "SELECT question_id FROM attempt_items WHERE attempt_id = ?", (attempt,)
            )
        }
    assert mode == "review"
    assert len(drawn) == 4
    assert drawn <= missed


def test_practice_weakest_draws_from_the_topics_answered_worst(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "wrong.yaml"
    missed_topics = _wrong_answers(answers, 3, 10)
    for _ in range(3):  # three wrong answers to each question: every topic has enough
        assert (
            cli(
                "exam",
                "--type",
                "true_false",
                "--count",
                "10",
                "--seed",
                "3",
                "--answers",
                str(answers),
            ).code
            == 0
        )
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}", encoding="utf-8")
    result = cli("practice", "--weakest", "--count", "3", "--answers", str(empty), "--json")
    assert result.code == 0, result.err
    topics = {item["topic"] for item in json.loads(result.out)["items"]}
    assert topics
    assert topics <= missed_topics


def test_practice_weakest_without_history_says_what_to_do(cli: Callable[..., Run]) -> None:
    result = cli("practice", "--weakest")
    assert result.code == 2
    assert "not enough answers yet" in result.err


def test_plain_json_keeps_stdout_for_the_json_alone(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed(monkeypatch, "true\ntrue\n1\n")
    result = cli("exam", "--type", "true_false", "--count", "2", "--seed", "9", "--plain", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [item["response"] for item in report["items"]] == [True, True]
    assert "Question 1 of 2" in result.err
