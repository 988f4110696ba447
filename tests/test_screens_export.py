"""Issue 14: the CSV export gives the bank key and the letter the learner saw, and rounds scores
for a spreadsheet (83.96, not 83.95833333333334); JSON keeps the exact figures."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import yaml

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.paths import builtin_banks_dir
from support import Run

CATALOG = load_catalog([builtin_banks_dir()])
ARGS = ("exam", "--type", "single_choice", "--count", "3", "--seed", "11")


def _one_right_of_three(path: Path) -> tuple[str, str]:
    """Answer the first question with its key, the other two wrong; the first's key and the
    letter the learner saw it under."""
    form = build_form(CATALOG, ExamRequest(types=("single_choice",), count=3, seed=11))
    answers: dict[str, str] = {}
    for index, item in enumerate(form.items):
        question = CATALOG.entries[item.question_id].question
        key = question.answer  # type: ignore[attr-defined]
        wrong = next(option for option in question.options if option != key)  # type: ignore[attr-defined]
        answers[item.question_id] = key if index == 0 else wrong
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    first = form.items[0]
    key = answers[first.question_id]
    assert first.letters[key] != key  # the seed letters it differently: the test can tell
    return key, first.letters[key]


def test_csv_gives_the_key_and_the_shown_letter_and_rounds_scores(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    key, letter = _one_right_of_three(answers)
    assert cli(*ARGS, "--answers", str(answers)).code == 0
    result = cli("export", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert json.loads(rows[0]["response"]) == key
    assert rows[0]["response_shown"].startswith(f"{letter}) ")
    assert rows[0]["score_percent"] == "33.33"
    assert "33.333" not in result.out


def test_json_keeps_the_exact_score_and_the_shown_answer(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    _, letter = _one_right_of_three(answers)
    assert cli(*ARGS, "--answers", str(answers)).code == 0
    data = json.loads(cli("export", "--format", "json").out)
    attempt = data["attempts"][0]
    assert abs(attempt["score_percent"] - 100 / 3) < 1e-9
    assert attempt["responses"][0]["response_shown"].startswith(f"{letter}) ")
