"""The judge protocol (docs/judge.md) against the rule-applying test judge: a verdict used, and
every way a judge can fail falling back to the keyword score with a note saying why."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aitrainer_cli.app.judge import (
    DEFAULT_TIMEOUT,
    MAX_OUTPUT,
    Judge,
    ask_judge,
    judge_from,
    request_of,
    verdict_of,
)
from aitrainer_cli.errors import UsageError
from aitrainer_cli.progress.written_grades import assess
from judge_support import QUESTION, judge, write_bank
from support import Run

CLI = Callable[..., Run]

ANSWER = "Response B is better: sixty days, and the tenant could move out early."
"""Keywords find all three points (3/3). The test judge's rule (a six-letter word of the point
in the answer) finds p1 ("response") and p3 ("tenant") but not p2 (its only long word,
"figure", is not in the answer): 2/3."""


# -- a verdict that is used ----------------------------------------------------------------------


def test_a_judge_verdict_names_the_points_met_its_feedback_and_identity() -> None:
    verdict = ask_judge(judge(), QUESTION, ANSWER)
    assert verdict.failure == ""
    assert verdict.points == frozenset({0, 2})
    assert verdict.feedback == "2 of 3 points made"
    assert verdict.identity == "rules-judge 1"
    assert verdict.name == "judge_rules.py" or verdict.name.endswith(" judge_rules.py")


def test_the_judges_points_decide_the_credit_and_the_keyword_credit_is_kept() -> None:
    verdict = ask_judge(judge(), QUESTION, ANSWER)
    row, score = assess(QUESTION, ANSWER, "hash", verdict)
    assert score.credit == pytest.approx(2 / 3)
    assert score.graded_by == "judge"
    assert row.graded_by == "judge"
    assert row.keyword_credit == 1.0
    assert row.keyword_points == frozenset({0, 1, 2})
    assert row.judge_credit == pytest.approx(2 / 3)
    assert "graded by the judge" in score.note
    assert "(rules-judge 1): 2 of 3 rubric points" in score.note
    assert "keywords found 3 of 3" in score.note
    assert "the judge says: 2 of 3 points made" in score.note


def test_a_judge_finding_nothing_earns_zero_and_everything_full_credit() -> None:
    assert assess(QUESTION, ANSWER, "h", ask_judge(judge("none"), QUESTION, ANSWER))[1].credit == 0
    full = assess(QUESTION, "B is better.", "h", ask_judge(judge("all"), QUESTION, "B is better."))
    assert full[1].credit == 1.0
    assert full[0].keyword_credit == pytest.approx(1 / 3)


def test_the_request_carries_version_prompt_material_rubric_model_answer_and_the_text(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "request.json"
    ask_judge(judge("record", str(saved)), QUESTION, ANSWER)
    request = json.loads(saved.read_text())
    assert request == request_of(QUESTION, ANSWER)
    assert request["version"] == 1
    assert request["question_id"] == "jt-tenancy"
    assert request["prompt"] == QUESTION.prompt
    assert request["material"]["responses"]["B"].startswith("Section 12(2)")
    assert [p["id"] for p in request["rubric"]] == ["p1", "p2", "p3"]
    assert request["rubric"][1] == {
        "id": "p2",
        "point": "Gives the sixty-day figure",
        "required": False,
    }
    assert request["model_answer"] == QUESTION.model_answer
    assert request["answer"] == ANSWER
    assert "any_of" not in json.dumps(request)  # the judge reads the points, not the keywords


# -- every failure falls back to the keywords ------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        ("fail", "it exited with status 3 (judge: the model is not available)"),
        ("garbage", "its output is not JSON"),
        ("unknown", "it named points the rubric does not have (p99)"),
        ("huge", f"it wrote more than {MAX_OUTPUT // 1024} KiB"),
    ],
)
def test_a_failing_judge_leaves_the_keyword_score_with_a_note_saying_why(
    mode: str, says: str
) -> None:
    verdict = ask_judge(judge(mode), QUESTION, ANSWER)
    assert verdict.points is None
    assert verdict.failure.startswith(says)
    row, score = assess(QUESTION, ANSWER, "h", verdict)
    assert score.credit == 1.0  # the keywords' 3 of 3
    assert score.graded_by == "keywords"
    assert row.graded_by == "keywords"
    assert row.judge_credit is None
    assert f"was not used: {says}" in score.note
    assert score.note.endswith("graded by keywords")


def test_a_judge_that_takes_too_long_is_stopped_at_the_timeout() -> None:
    started = time.monotonic()
    verdict = ask_judge(judge("sleep", timeout=0.5), QUESTION, ANSWER)
    assert time.monotonic() - started < 5
    assert verdict.failure == "it timed out after 0.5 s"
    assert assess(QUESTION, ANSWER, "h", verdict)[1].credit == 1.0


def test_a_judge_that_cannot_start_says_so() -> None:
    verdict = ask_judge(Judge(("/nonexistent/judge-command",)), QUESTION, ANSWER)
    assert verdict.failure.startswith("it could not be started (")
    assert verdict.name == "judge-command"


def test_the_judges_feedback_is_made_inert_and_kept_to_one_line() -> None:
    verdict = ask_judge(judge("hostile"), QUESTION, ANSWER)
    assert verdict.failure == ""
    assert "\x1b" not in verdict.feedback
    assert "\x07" not in verdict.feedback
    assert "\n" not in verdict.feedback
    assert "Great" in verdict.feedback
    assert "answer" in verdict.feedback


@pytest.mark.parametrize(
    ("output", "says"),
    [
        (b"[1, 2]", "its output is not a JSON object"),
        (b'{"version": 2, "points_met": []}', "it answered protocol version 2"),
        (b'{"points_met": "p1"}', '"points_met" is not a list of point ids'),
        (b'{"points_met": [1]}', '"points_met" is not a list of point ids'),
        (b'{"points_met": [], "feedback": 3}', '"feedback" or "judge" is not text'),
        (b"\xff\xfe", "its output is not JSON"),
    ],
)
def test_verdicts_of_the_wrong_shape_are_refused(output: bytes, says: str) -> None:
    assert verdict_of("j", output, 3).failure.startswith(says)


def test_a_verdict_without_feedback_or_identity_is_fine() -> None:
    verdict = verdict_of("j", b'{"points_met": ["p3"]}', 3)
    assert verdict.points == frozenset({2})
    assert verdict.feedback == ""
    assert verdict.identity is None


# -- naming the judge ------------------------------------------------------------------------------


def test_the_judge_comes_from_the_option_else_the_environment() -> None:
    assert judge_from(None, None, {}) is None
    assert judge_from("  ", None, {}) is None
    from_env = judge_from(None, None, {"AITRAINER_JUDGE": "llm -m 'my model'"})
    assert from_env == Judge(("llm", "-m", "my model"), DEFAULT_TIMEOUT)
    assert from_env.name == "llm"  # never the arguments: they may hold a key
    chosen = judge_from("python3 /x/judge.py --key SECRET", 5, {"AITRAINER_JUDGE": "other"})
    assert chosen == Judge(("python3", "/x/judge.py", "--key", "SECRET"), 5)
    assert chosen.name == "python3 judge.py"
    timed = judge_from("j", None, {"AITRAINER_JUDGE_TIMEOUT": "2.5"})
    assert timed is not None
    assert timed.timeout == 2.5


@pytest.mark.parametrize(
    ("command", "environ", "says"),
    [
        ("judge 'unclosed", {}, "the judge command cannot be read"),
        ("judge", {"AITRAINER_JUDGE_TIMEOUT": "soon"}, "AITRAINER_JUDGE_TIMEOUT is 'soon'"),
        ("judge", {"AITRAINER_JUDGE_TIMEOUT": "0"}, "the judge timeout must be more than 0"),
    ],
)
def test_a_bad_judge_setting_is_a_usage_error(
    command: str, environ: dict[str, str], says: str
) -> None:
    with pytest.raises(UsageError, match=says):
        judge_from(command, None, environ)


# -- through the command line: an exam judged at the end -------------------------------------------


def _exam(cli: CLI, tmp_path: Path, answer: str, *judge_args: str) -> Run:
    bank = write_bank(tmp_path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"jt-tenancy": answer}))
    picks = ("--banks", str(bank), "--no-builtin", "--bank", "judge-test", "-n", "1")
    return cli("exam", *picks, "--answers", str(answers), "--json", *judge_args)


def _assessments(home: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(home / "progress.db") as connection:
        connection.row_factory = sqlite3.Row
        return list(connection.execute("SELECT * FROM assessments"))


def test_an_exam_asks_the_judge_after_submission_and_records_it(cli: CLI, tmp_path: Path) -> None:
    command = f"{judge().argv[0]} {judge().argv[1]}"
    run = _exam(cli, tmp_path, ANSWER, "--judge", command)
    assert run.code == 0, run.err
    item = json.loads(run.out)["items"][0]
    assert item["graded_by"] == "judge"
    assert item["credit"] == pytest.approx(2 / 3, abs=1e-4)
    assert "Asking the judge" in run.err
    [row] = _assessments(Path(os.environ["AITRAINER_HOME"]))
    assert row["graded_by"] == "judge"
    assert row["judge_name"].endswith("judge_rules.py")
    assert row["judge_identity"] == "rules-judge 1"
    assert row["keyword_credit"] == 1.0
    assert row["self_points"] is None
    bank = str(tmp_path / "judge-test.yaml")
    history = cli("history", "1", "--banks", bank, "--review", "all")
    words = " ".join(history.out.split())
    assert "graded by the judge" in words
    assert "66.7%" in history.out  # re-graded as it was graded
    assert "rubric point keywords judge" in words  # the judge's points beside the keywords'
    assert "Gives the sixty-day figure found not made" in words


def test_an_exam_result_says_which_answers_the_judge_graded(cli: CLI, tmp_path: Path) -> None:
    bank = write_bank(tmp_path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"jt-tenancy": ANSWER}))
    picks = ("--banks", str(bank), "--no-builtin", "--bank", "judge-test", "-n", "1")
    command = f"{judge().argv[0]} {judge().argv[1]}"
    run = cli("exam", *picks, "--answers", str(answers), "--judge", command)
    words = " ".join(run.out.split())
    assert "1 written answer (free text) was graded by the judge command you named" in words
    assert "machine-scored by keywords" not in words
    fallback = cli("exam", *picks, "--answers", str(answers), "--judge", command + " fail")
    assert "was machine-scored by keywords" in " ".join(fallback.out.split())


def test_an_exam_with_a_failing_judge_from_the_environment_keeps_the_keywords(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AITRAINER_JUDGE", f"{judge().argv[0]} {judge().argv[1]} fail")
    run = _exam(cli, tmp_path, ANSWER)
    assert run.code == 0, run.err
    item = json.loads(run.out)["items"][0]
    assert item["graded_by"] == "keywords"
    assert item["credit"] == 1.0
    assert "exited with status 3" in item["note"]
    assert "could not grade 1 of 1 written answer (it exited with status 3" in run.err
    export = json.loads(cli("export", "--format", "json").out)
    [response] = export["attempts"][0]["responses"]
    assert response["graded_by"] == "keywords"
    assert response["keyword_credit"] == 1.0
    assert "not used, it exited with status 3" in response["judge"]


def test_without_a_judge_an_exam_is_graded_by_keywords_and_stores_no_assessment(
    cli: CLI, tmp_path: Path
) -> None:
    run = _exam(cli, tmp_path, ANSWER)
    assert json.loads(run.out)["items"][0]["graded_by"] == "keywords"
    assert _assessments(Path(os.environ["AITRAINER_HOME"])) == []


# -- the documentation is true ---------------------------------------------------------------------


def test_the_documented_request_and_verdict_are_what_the_code_sends_and_accepts() -> None:
    text = (Path(__file__).parent.parent / "docs" / "judge.md").read_text()
    request, verdict = (json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S))
    assert request == request_of(QUESTION, request["answer"])
    read = verdict_of("llm-judge.py", json.dumps(verdict).encode(), len(QUESTION.rubric))
    assert read.failure == ""
    assert read.points == frozenset({0, 1, 2})
    assert read.identity == verdict["judge"]
