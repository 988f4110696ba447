"""Confidence and calibration (issue 14): the prompt after each answer, its storage (schema step
4), and the figures on scripted histories where the right numbers are known: a learner who is
always sure, one who is always unsure, and one whose confidence matches their accuracy."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from aitrainer_cli.progress.calibration import STATED, calibration
from aitrainer_cli.progress.confidence import Rated, rated_answers, record_confidence
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.ui.confidence import calibration_view
from progress_helpers import T0, insert_attempt, questions
from support import Run

ATOMIC = questions("fact-checking", "atomic-claims")


def rated(level: str, credit: float, position: int = 0) -> Rated:
    return Rated(1, position, f"q{position}", level, credit)  # type: ignore[arg-type]


def test_a_learner_who_is_always_sure_and_right_six_times_in_ten_is_over_confident() -> None:
    history = [rated("sure", 1.0, i) for i in range(6)] + [
        rated("sure", 0.0, i) for i in range(6, 10)
    ]
    got = calibration(history)
    sure = next(f for f in got.levels if f.level == "sure")
    assert (sure.n, sure.accuracy) == (10, pytest.approx(0.6))
    assert [f.n for f in got.levels if f.level != "sure"] == [0, 0]
    # Brier: six of (0.95 - 1)^2 and four of (0.95 - 0)^2, over ten
    assert got.brier == pytest.approx((6 * 0.05**2 + 4 * 0.95**2) / 10)
    assert got.gap == pytest.approx(0.95 - 0.6)
    assert got.sentence.startswith("Over-confident: your confidence ran 35 points above")
    assert "when sure you were right 60% of the time" in got.sentence
    assert [r.position for r in got.sure_but_wrong] == [6, 7, 8, 9]


def test_a_learner_who_says_unsure_but_is_always_right_is_under_confident() -> None:
    got = calibration([rated("unsure", 1.0, i) for i in range(12)])
    assert got.gap == pytest.approx(STATED["unsure"] - 1.0)
    assert got.brier == pytest.approx((1 - 0.67) ** 2)
    assert got.sentence.startswith("Under-confident: you were right 33 points more often")
    assert got.sure_but_wrong == ()


def test_confidence_that_matches_accuracy_is_well_calibrated() -> None:
    # sure: 19 of 20 right (95%); guess: 1 of 3 right (33%)
    history = [rated("sure", 1.0 if i < 19 else 0.0, i) for i in range(20)]
    history += [rated("guess", 1.0 if i == 0 else 0.0, 20 + i) for i in range(3)]
    got = calibration(history)
    assert abs(got.gap or 0) < 0.1
    assert got.sentence.startswith("Well calibrated")
    levels = {f.level: f for f in got.levels}
    assert levels["guess"].accuracy == pytest.approx(1 / 3)
    assert levels["sure"].accuracy == pytest.approx(0.95)


def test_partial_credit_counts_in_part_and_few_answers_give_no_verdict() -> None:
    got = calibration([rated("sure", 0.5, 0), rated("guess", 0.25, 1)])
    assert got.brier == pytest.approx(((0.95 - 0.5) ** 2 + (0.33 - 0.25) ** 2) / 2)
    assert got.sentence == "Rate at least 10 answers for a verdict on your calibration (2 so far)."
    assert got.sure_but_wrong == ()  # 0.5 is not below half the credit
    empty = calibration([])
    assert (empty.n, empty.brier, empty.gap) == (0, None, None)


def test_the_view_lists_each_level_with_its_n_and_fits_60_columns() -> None:
    history = [rated("sure", 0.0, i) for i in range(10)] + [rated("guess", 1.0, 10)]
    out = io.StringIO()
    Console(file=out, width=60, no_color=True).print(calibration_view(calibration(history)))
    text = out.getvalue()
    assert all(len(line) <= 60 for line in text.splitlines()), text
    assert "sure    10     0%" in text
    assert "unsure   0      —" in text
    assert "Sure but wrong (study these first):" in text
    assert "Brier score" in text


def test_confidence_is_stored_per_answer_and_read_back_with_its_credit(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    insert_attempt(path, 1, T0, [(ATOMIC[0], 1.0), (ATOMIC[1], 0.0), (ATOMIC[2], None)])
    with AttemptStore.open(path) as store:
        record_confidence(store.database, 1, 0, "guess")
        record_confidence(store.database, 1, 1, "unsure")
        record_confidence(store.database, 1, 1, "sure")  # replaced, not added
        record_confidence(store.database, 1, 2, "sure")  # unanswered: never rated
        with pytest.raises(ValueError, match="unknown confidence level"):
            record_confidence(store.database, 1, 0, "certain")  # type: ignore[arg-type]
        got = rated_answers(store.database)
    assert [(r.position, r.level, r.credit) for r in got] == [(0, "guess", 1.0), (1, "sure", 0.0)]


def _db() -> sqlite3.Connection:
    return sqlite3.connect(Path(os.environ["AITRAINER_HOME"]) / "progress.db")


def test_a_plain_exam_with_confidence_asks_after_each_answer_and_keeps_it_over_resume(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    # answer 1, "sure" (3); then end of input: saved
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\n3\n"))
    first = cli("exam", "--type", "true_false", "--count", "2", "--seed", "9", "--confidence")
    assert first.code == 0, first.err
    assert "How sure are you of that answer?" in first.out
    with _db() as db:
        assert db.execute("SELECT position, level FROM confidence").fetchall() == [(0, "sure")]
    # resume without the flag: the attempt still asks; answer 2, "guess" (1), submit (1)
    monkeypatch.setattr(sys, "stdin", io.StringIO("false\n1\n1\n3\n"))
    second = cli("resume")
    assert second.code == 0, second.err
    assert "How sure are you of that answer?" in second.out
    assert "How sure you were" in second.out
    with _db() as db:
        rows = db.execute("SELECT position, level FROM confidence ORDER BY position").fetchall()
    assert rows == [(0, "sure"), (1, "guess")]


def test_without_confidence_nothing_is_asked(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\nfalse\n1\n"))
    result = cli("exam", "--type", "true_false", "--count", "2", "--seed", "9", "--plain")
    assert result.code == 0, result.err
    assert "How sure" not in result.out


def test_the_config_file_turns_confidence_on_and_a_bad_value_is_located(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    config.write_text("confidence = true\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\n2\nfalse\n2\n1\n3\n"))
    result = cli("exam", "--type", "true_false", "--count", "2", "--seed", "9", "--plain")
    assert result.code == 0, result.err
    assert "How sure are you of that answer?" in result.out
    config.write_text('confidence = "yes"\n', encoding="utf-8")
    bad = cli("exam", "--type", "true_false", "--count", "2", "--seed", "9", "--plain")
    assert bad.code == 2
    assert "config.toml: 'confidence' must be true or false" in bad.err


def test_a_blueprint_with_confidence_asks_it(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exams = tmp_path / "exams"
    exams.mkdir()
    (exams / "sure.yaml").write_text(
        "format: 1\n"
        "exam:\n"
        "  id: sure-check\n"
        "  title: Sure check\n"
        "  confidence: true\n"
        "  sections:\n"
        "    - {title: Facts, count: 1, types: [true_false]}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\n3\n1\n3\n"))
    result = cli("exam", "sure-check", "--seed", "2", "--plain", "--banks", str(exams))
    assert result.code == 0, result.err
    assert "How sure are you of that answer?" in result.out
    assert "How sure you were" in result.out


def test_history_shows_the_calibration_and_reviews_sure_but_wrong_first(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.exam.compose import ExamRequest, build_form
    from aitrainer_cli.items.true_false import TrueFalse

    catalog = load_banks()
    form = build_form(catalog, ExamRequest(types=("true_false",), count=3, seed=9))
    third = catalog.entries[form.items[2].question_id].question
    assert isinstance(third, TrueFalse)
    wrong = "false" if third.answer else "true"
    # 1 and 2: any answer, "guess"; 3: the wrong answer, "sure"; submit; done
    feed = f"true\n1\ntrue\n1\n{wrong}\n3\n1\n3\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(feed))
    args = ["exam", "--type", "true_false", "--count", "3", "--seed", "9", "--plain"]
    assert cli(*args, "--confidence").code == 0
    result = cli("history", "1", "--review", "all")
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "How sure you were" in text
    assert "Sure but wrong (study these first):" in text
    pages = [text.index(f"Review {n}/3 ") for n in (1, 2, 3)]
    assert pages[2] < pages[0] < pages[1]  # question 3 first, then form order


def test_progress_shows_calibration_across_attempts_and_in_json(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\n3\nfalse\n3\n1\n3\n"))
    args = ["exam", "--type", "true_false", "--count", "2", "--seed", "9", "--plain"]
    assert cli(*args, "--confidence").code == 0
    text = " ".join(cli("progress").out.split())
    assert "How sure you were" in text
    assert "Brier score" in text
    figures = json.loads(cli("progress", "--json").out)["calibration"]
    assert figures["n"] == 2
    assert figures["levels"]["sure"]["n"] == 2
    wrong = figures["sure_but_wrong"]
    if wrong:
        assert f"attempt 1 #{wrong[0]['position']}" in text
