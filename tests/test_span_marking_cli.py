"""span_marking through the real program: a pseudo-terminal exam, an answers file (and its
located errors), a SIGKILL mid-attempt and resume, history, review and the JSON export."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
import yaml

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.items.span_marking import SpanMarking
from aitrainer_cli.paths import builtin_banks_dir
from killing import POSIX_ONLY, aitrainer, killed_after, rows
from test_e2e import Terminal, _run, terminal

pytestmark = pytest.mark.slow
__all__ = ["terminal"]  # the pseudo-terminal fixture, shared with test_e2e

CATALOG = load_catalog([builtin_banks_dir()])


def _form(seed: int) -> list[SpanMarking]:
    form = build_form(CATALOG, ExamRequest(count=2, seed=seed, types=("span_marking",)))
    questions = [CATALOG.entries[item.question_id].question for item in form.items]
    assert all(isinstance(q, SpanMarking) for q in questions)
    return questions  # type: ignore[return-value]


def _typed_key(question: SpanMarking) -> str:
    """The key as one plain line."""
    return " ".join(f"{n}={c}" if c else str(n) for n, c in question.key_marks().items())


def test_answering_in_a_terminal_with_the_menus(terminal: Callable[..., Terminal]) -> None:
    questions = _form(4)
    term = terminal("exam", "--count", "2", "--seed", "4", "--type", "span_marking")
    term.wait_for_text("Ready?")
    term.child.send("\r")
    for number, question in enumerate(questions, 1):
        term.wait_for_text(f"question {number}/2")
        term.wait_for_text("Segments with an error")
        key = question.key_marks()
        term.child.send(" ".join(map(str, key)) + "\r")
        for segment, category in key.items():
            if category is None:
                continue
            term.wait_for_text(f"Category of [{segment}]")
            number = str((question.categories or []).index(category) + 1)
            term.child.send(number)
            term.wait_for_text(f"» {number}) {category.replace('_', ' ')}")
            term.child.send("\r")
    term.wait_for_text("Answer sheet: 2 of 2 answered")
    term.child.send("\r")
    term.wait_for(lambda text: re.search(r"Score\s+2 / 2 points", text), scrollback=True)
    term.wait_for_text("Review your answers?")
    term.child.send("\x03")
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.transcript


def test_an_answers_file_is_scored_and_exported(tmp_path: Path) -> None:
    questions = _form(5)
    first, second = questions
    answers = tmp_path / "answers.yaml"
    # The first by its key; the second with its first keyed segment only.
    partial = dict(list(second.key_marks().items())[:1])
    answers.write_text(
        yaml.safe_dump(
            {
                first.id: first.answer,
                second.id: list(partial) if not second.categories else partial,
            }
        ),
        encoding="utf-8",
    )
    args = ["exam", "--count", "2", "--seed", "5", "--type", "span_marking"]
    result = _run([*args, "--answers", str(answers), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    by_id = {item["question_id"]: item for item in report["items"]}
    assert by_id[first.id]["verdict"] == "correct"
    keyed = len(second.key_marks())
    assert by_id[second.id]["credit"] == pytest.approx(2 / (1 + keyed), abs=1e-3)
    assert {part["name"] for part in by_id[second.id]["parts"]} == {
        f"segment {n}" for n in second.key_marks()
    }

    exported = _run(["export", "--format", "json"], tmp_path)
    assert exported.returncode == 0, exported.stderr
    responses = json.loads(exported.stdout)["attempts"][0]["responses"]
    stored = {row["question_id"]: row["response"] for row in responses}
    expected = sorted(partial) if not second.categories else {str(n): c for n, c in partial.items()}
    assert stored[second.id] == expected

    history = _run(["history", "1", "--review", "all"], tmp_path)
    assert history.returncode == 0, history.stderr
    assert "Response, by segment" in history.stdout
    assert "credit = 2 × found" in " ".join(history.stdout.split())


def test_errors_in_an_answers_file_name_the_line(tmp_path: Path) -> None:
    first, second = _form(5)
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"{first.id}: [2, 99]\n{second.id}: '1-2=nonsense'\n", encoding="utf-8")
    args = ["exam", "--count", "2", "--seed", "5", "--type", "span_marking"]
    result = _run([*args, "--answers", str(answers)], tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    problems = {
        first.id: "segment 99 does not exist",
        second.id: "'nonsense' is not a category"
        if second.categories
        else "this item has no categories",
    }
    # a segment out of range is named first, whether or not the item has categories
    assert f"answers.yaml:1: {first.id}: {problems[first.id]}" in message
    assert f"answers.yaml:2: {second.id}: {problems[second.id]}" in message


@pytest.mark.skipif(sys.platform == "win32", reason=POSIX_ONLY)
def test_a_sigkill_mid_attempt_keeps_the_marks_and_resume_finishes(tmp_path: Path) -> None:
    questions = _form(6)
    env = {**os.environ, "AITRAINER_HOME": str(tmp_path)}
    db = tmp_path / "progress.db"
    args = ["exam", "--type", "span_marking", "--count", "2", "--seed", "6", "--plain"]
    # Killed once the answer is committed *and* the attempt has moved on to question 2: the
    # answer and the move are two commits, and a kill between them rightly resumes on question 1
    # (where the learner was), which this test does not type for.
    killed_after(
        env,
        args,
        _typed_key(questions[0]) + "\n",
        lambda: (
            db.exists()
            and rows(db, "SELECT count(*) FROM responses WHERE response IS NOT NULL") == [(1,)]
            and rows(db, "SELECT position FROM attempts") == [(1,)]
        ),
    )
    resumed = aitrainer(env, "resume", "--plain", stdin="none\n\n1\n", timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming attempt 1: 1 of 2 answered" in resumed.stdout
    assert "Traceback" not in resumed.stderr
    stored = [
        json.loads(str(r)) for (r,) in rows(db, "SELECT response FROM responses ORDER BY position")
    ]
    first = questions[0]
    assert stored[0] == first.read_typed(_typed_key(first))
    assert stored[1] in ([], {})
    assert rows(db, "SELECT status FROM attempts") == [("submitted",)]
    credits = rows(db, "SELECT credit FROM responses ORDER BY position")
    assert credits == [(1.0,), (0.0,)]
