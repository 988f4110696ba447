"""The ``task`` item type: its parts, credit by part and in total (worked by hand), the
consistency checks between parts, its semantic checks with located findings, and answers-file
values."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.banks.codes import Code
from aitrainer_cli.errors import UsageError
from aitrainer_cli.exam.answers import format_response, load_answers, parse_typed, parse_value
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.items import QUESTION_ADAPTER, score
from aitrainer_cli.items import consistency as checks
from aitrainer_cli.items.consistency import Contradiction, Given
from aitrainer_cli.items.rating import Rating
from aitrainer_cli.items.reading import AnswerFormatError
from aitrainer_cli.items.task import Task
from aitrainer_cli.paths import builtin_banks_dir
from support import Run

EXPLAINED = "This explanation has enough words to say why the key is right."

TASK: dict[str, Any] = {
    "id": "t-dedupe",
    "type": "task",
    "topic": "sxs",
    "difficulty": "medium",
    "prompt": "Rate both responses, check A's claims, then give and justify a verdict.",
    "context": {
        "conversation": [{"role": "user", "text": "Remove duplicates, keep the order."}],
        "responses": {"A": "Use a set; it keeps the order.", "B": "Use dict.fromkeys."},
    },
    "parts": [
        {
            "id": "rate-a",
            "type": "rating",
            "about": "A",
            "prompt": "Rate A.",
            "scale": {"min": 1, "max": 5},
            "dimensions": {"correctness": "Is it right?", "helpfulness": "Does it help?"},
            "answer": {"correctness": 2, "helpfulness": 2},
            "explanation": EXPLAINED,
        },
        {
            "id": "rate-b",
            "type": "rating",
            "about": "B",
            "prompt": "Rate B.",
            "scale": {"min": 1, "max": 5},
            "dimensions": {"correctness": "Is it right?", "helpfulness": "Does it help?"},
            "answer": {"correctness": 5, "helpfulness": 4},
            "explanation": EXPLAINED,
        },
        {
            "id": "verdict",
            "type": "preference",
            "weight": 2,
            "prompt": "Which is better?",
            "answer": 2,
            "explanation": EXPLAINED,
        },
        {
            "id": "claims",
            "type": "claim_check",
            "about": "A",
            "prompt": "Check A's claims.",
            "claims": {"c1": "A set keeps the order.", "c2": "A set drops duplicates."},
            "answer": {"c1": "refuted", "c2": "supported"},
            "explanation": EXPLAINED,
        },
        {
            "id": "why",
            "type": "free_text",
            "prompt": "Justify your verdict.",
            "model_answer": "B is better: a set loses the order.",
            "rubric": [
                {"point": "B is better", "required": True, "any_of": ["B is better"]},
                {"point": "names the order", "any_of": ["order"]},
            ],
            "explanation": EXPLAINED,
        },
    ],
    "explanation": EXPLAINED,
}

KEY: dict[str, object] = {
    "rate-a": {"correctness": 2, "helpfulness": 2},
    "rate-b": {"correctness": 5, "helpfulness": 4},
    "verdict": 2,
    "claims": {"c1": "refuted", "c2": "supported"},
    "why": "B is better: a set loses the order.",
}

RUNS_TASK = Path(__file__).parent / "data" / "runs" / "task.yaml"
"""A copy of the first shipped task, as the tests of whole runs answer it."""


def make(**changes: Any) -> Task:
    task = QUESTION_ADAPTER.validate_python({**TASK, **changes})
    assert isinstance(task, Task)
    return task


# -- the model -------------------------------------------------------------------------------


def test_parts_inherit_the_tasks_id_topic_difficulty_and_context() -> None:
    task = make()
    assert task.part_keys() == ["rate-a", "rate-b", "verdict", "claims", "why"]
    part = task.part_question(2)
    assert part.type == "preference"
    assert (part.id, part.topic, part.difficulty) == (task.id, task.topic, task.difficulty)
    assert part.context == task.context
    assert list(task.problems()) == []  # the preference finds its A and B in the task's context


def test_a_task_is_worth_its_parts_weights_and_unnamed_parts_are_numbered() -> None:
    assert make().points == 6  # 1 + 1 + 2 + 1 + 1
    parts = [dict(part) for part in TASK["parts"]]
    for part in parts:
        part.pop("id")
    assert make(parts=parts).part_keys() == ["1", "2", "3", "4", "5"]


def test_every_other_item_type_is_a_valid_part() -> None:
    from aitrainer_cli.items import ITEM_TYPES
    from aitrainer_cli.items.task import PART_BASES

    assert {base.type_name() for base in PART_BASES.values()} == set(ITEM_TYPES) - {"task"}


def test_a_part_with_its_own_context_keeps_it() -> None:
    parts = [
        *TASK["parts"][:2],
        {**TASK["parts"][2], "context": {"responses": {"A": "x", "B": "y"}}},
    ]
    task = make(parts=parts)
    assert task.part_question(2).context is not None
    assert task.part_question(2).context.responses == {"A": "x", "B": "y"}
    assert task.part_question(0).context == task.context


# -- scoring, worked by hand ------------------------------------------------------------------


def test_the_key_earns_full_credit_in_every_part() -> None:
    result = score(make(), KEY)
    assert result.credit == 1.0
    assert result.parts == tuple((key, 1.0) for key in KEY)
    assert result.note == ""


def test_partial_credit_is_the_weighted_mean_of_the_parts() -> None:
    response = {
        **KEY,
        "rate-a": {"correctness": 3, "helpfulness": 2},  # 1 - 1/2 = 0.5 and 1: 0.75
        "verdict": 1,  # one step from +2: 0.75, weight 2
        "claims": {"c1": "not_enough_info", "c2": "supported"},  # 0.25 and 1: 0.625
        "why": "B is better.",  # the required point, not the order: 0.5
    }
    result = score(make(), response)
    assert dict(result.parts) == pytest.approx(
        {"rate-a": 0.75, "rate-b": 1.0, "verdict": 0.75, "claims": 0.625, "why": 0.5}
    )
    assert result.credit == pytest.approx((0.75 + 1 + 0.75 * 2 + 0.625 + 0.5) / 6)  # 0.7292


def test_every_part_wrong_earns_nothing() -> None:
    response = {
        "rate-a": {"correctness": 5, "helpfulness": 5},  # 3 off, tolerance 1: 0
        "rate-b": {"correctness": 1, "helpfulness": 1},  # 4 and 3 off: 0
        "verdict": -2,  # the wrong side: 0
        "claims": {"c1": "supported", "c2": "refuted"},  # supported<->refuted: 0
        "why": "A is better.",  # the required verdict missed: 0
    }
    result = score(make(), response)
    assert result.credit == 0
    assert all(credit == 0 for _, credit in result.parts)


def test_parts_left_unanswered_earn_nothing_and_the_rest_still_count() -> None:
    assert score(make(), {"verdict": 2}).credit == pytest.approx(2 / 6)
    assert score(make(), {}).credit == 0
    assert score(make(), "B").credit == 0
    assert score(make(), None).note == "unanswered"


def test_consistency_is_reported_not_scored_unless_the_task_opts_in() -> None:
    response = {**KEY, "verdict": -1}  # wrong side: 0; B rated higher; "B is better" written
    reported = score(make(), response)
    assert reported.credit == pytest.approx(4 / 6)
    assert reported.note == "2 contradictions between parts (reported, not scored)"
    scored = score(make(consistency="scored"), response)
    assert scored.credit == pytest.approx(4 / 6 - 2 * 0.1)
    assert scored.note == "2 contradictions between parts: -20%"
    # never below 0: 0.5 of 1 point of 6 is 0.083, less 0.1 for "B is better" against -1
    written = score(make(consistency="scored"), {"verdict": -1, "why": "B is better"})
    assert written.credit == 0


# -- consistency checks: each fires on its contradiction and not on a consistent answer -------


def found(response: dict[str, object]) -> list[str]:
    return [c.message for c in make().contradictions(response)]


def test_no_contradiction_in_the_key() -> None:
    assert found(KEY) == []


def test_ratings_against_the_preference() -> None:
    messages = found({**KEY, "verdict": -2, "why": "See above."})
    assert messages == [
        "you rated B higher than A on every dimension (correctness, helpfulness) but your "
        "preference favours A (-2)"
    ]
    reverse = {
        "rate-a": {"correctness": 5, "helpfulness": 5},
        "rate-b": KEY["rate-a"],
        "claims": {"c1": "supported", "c2": "supported"},
    }
    assert found({**KEY, **reverse, "why": "See above."}) == [
        "you rated A higher than B on every dimension (correctness, helpfulness) but your "
        "preference favours B (+2)"
    ]
    # higher on one dimension only, or a tie: no contradiction
    mixed = {
        "rate-a": {"correctness": 3, "helpfulness": 1},
        "rate-b": {"correctness": 3, "helpfulness": 4},
    }
    assert found({**KEY, **mixed, "verdict": -2, "why": "See above."}) == []
    assert found({**KEY, "verdict": 0, "why": "See above."}) == []


def test_a_refuted_claim_against_a_high_correctness() -> None:
    high = {**KEY, "rate-a": {"correctness": 4, "helpfulness": 2}}
    assert found(high) == [
        "you marked claim c1 refuted (a factual error in A) but gave A correctness 4 of 5"
    ]
    assert found({**high, "claims": {"c1": "supported", "c2": "supported"}}) == []
    assert found({**KEY, "rate-a": {"correctness": 3, "helpfulness": 2}}) == []


def test_a_justification_naming_the_other_side() -> None:
    assert found({**KEY, "why": "A is better: it is shorter."}) == [
        "your justification says A is better but your preference favours B (+2)"
    ]
    assert found({**KEY, "why": "I prefer Response A."}) != []
    assert found({**KEY, "why": "A is shorter, but B is clearly better."}) == []
    assert found({**KEY, "why": "a is better"}) == []  # lower case: likely the article
    assert found({**KEY, "why": "A is better in tone, B is better on facts."}) == []


def test_ratings_of_several_responses_in_one_part_are_compared_too() -> None:
    rating = make().part_question(0)
    assert isinstance(rating, Rating)
    preference = make().part_question(2)
    given = [
        Given("both", rating, {"A": {"x": 1, "y": 2}, "B": {"x": 3, "y": 4}}, None),
        Given("verdict", preference, -1, None),
    ]
    assert [c.parts for c in checks.contradictions(given)] == [("both", "both", "verdict")]


def test_a_new_check_is_one_function_in_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    def every_part(given: Sequence[Given]) -> Iterator[Contradiction]:
        yield Contradiction(tuple(g.key for g in given), f"{len(given)} parts")

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, every_part])
    assert found(KEY) == ["5 parts"]
    assert found({"verdict": 2}) == ["1 parts"]  # only the parts answered are given


# -- semantic checks, located ------------------------------------------------------------------


def _bank(tmp_path: Path, *questions: dict[str, Any]) -> Path:
    path = tmp_path / "bank.yaml"
    document = {"format": 1, "bank": {"id": "demo", "title": "Demo"}, "questions": list(questions)}
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return path


def _findings(cli: Callable[..., Run], path: Path) -> list[str]:
    result = cli("bank", "validate", str(path))
    assert "Traceback" not in result.err
    return [line for line in (result.out + result.err).splitlines() if ": " in line]


def _line_of(path: Path, text: str, nth: int = 0) -> int:
    return [i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line][nth]


def _reported(lines: list[str], path: Path, text: str, code: str, nth: int = 0) -> bool:
    """Whether ``code`` is reported on the line of the file holding ``text``."""
    where = f"bank.yaml:{_line_of(path, text, nth)}:"
    return any(where in line and f" {code}:" in line for line in lines)


def test_no_parts_is_reported_at_parts(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = _bank(tmp_path, {**TASK, "parts": []})
    lines = _findings(cli, path)
    assert any(
        f"bank.yaml:{_line_of(path, 'parts:')}:" in line and "too-few" in line for line in lines
    )


def test_a_task_inside_a_task_is_refused_at_its_type(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    inner = {"type": "task", "prompt": "x", "explanation": EXPLAINED, "parts": [TASK["parts"][2]]}
    path = _bank(tmp_path, {**TASK, "parts": [*TASK["parts"][:2], inner]})
    lines = _findings(cli, path)
    assert not _reported(lines, path, "type: task", "unknown-type")  # the outer task is fine
    assert _reported(lines, path, "type: task", "unknown-type", nth=1), lines
    assert any("a part of a task cannot be a 'task'" in line for line in lines)


def test_weights_and_a_parts_own_key_problems_are_located_under_parts(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    parts = [dict(part) for part in TASK["parts"]]
    parts[0]["weight"] = 0
    parts[1]["answer"] = {"correctness": 9, "helpfulness": 4}  # off the 1..5 scale
    parts[2]["weight"] = -1
    parts[3]["answer"] = {"c1": "refuted", "c9": "supported"}  # no claim c9
    path = _bank(tmp_path, {**TASK, "parts": parts})
    lines = _findings(cli, path)
    assert _reported(lines, path, "weight: 0", "part-weight"), lines
    assert _reported(lines, path, "weight: -1", "part-weight")
    assert _reported(lines, path, "correctness: 9", "off-scale")
    assert _reported(lines, path, "c9: supported", "unknown-claim")


def test_the_semantic_checks_of_a_task_name_their_codes() -> None:
    parts = [dict(part) for part in TASK["parts"]]
    parts[0]["points"] = 3
    parts[1]["about"] = "C"
    parts[2]["id"] = "rate-a"
    codes = {(p.path, p.code) for p in make(parts=parts, points=10).problems()}
    assert (("parts", 0, "points"), Code.PART_POINTS) in codes
    assert (("parts", 1, "about"), Code.UNKNOWN_RESPONSE) in codes
    assert (("parts", 2, "id"), Code.DUPLICATE_KEY) in codes
    assert (("points",), Code.TASK_POINTS) in codes


# -- answers: typed lines and answers-file values ---------------------------------------------


def test_typed_parts_in_order_separated_by_bars_or_one_a_line() -> None:
    task = make()
    typed = "2 2 | 5 4 | +2 | r s | B is better: a set loses the order."
    assert parse_typed(task, typed) == KEY
    assert parse_typed(task, typed.replace(" | ", "\n")) == KEY
    assert parse_typed(task, "| | +2") == {"verdict": 2}
    with pytest.raises(AnswerFormatError, match="part verdict: 9 is off the scale"):
        parse_typed(task, "2 2 | 5 4 | 9")
    with pytest.raises(AnswerFormatError, match="6 parts were typed but the task has 5"):
        parse_typed(task, "1|2|3|4|5|6")


def test_file_values_map_part_ids_to_each_parts_value() -> None:
    task = make()
    assert parse_value(task, KEY) == KEY
    assert parse_value(task, {"verdict": "+2", "why": None, "claims": ""}) == {"verdict": 2}
    assert parse_value(task, [[2, 2], None, 2]) == {
        "rate-a": {"correctness": 2, "helpfulness": 2},
        "verdict": 2,
    }
    with pytest.raises(AnswerFormatError, match="'rate-c' is not a part of this task"):
        parse_value(task, {"rate-c": 3})
    with pytest.raises(AnswerFormatError, match="no part is answered"):
        parse_value(task, {"why": " "})
    with pytest.raises(AnswerFormatError, match="a mapping of each part"):
        parse_value(task, 3)


def test_review_puts_each_part_in_words() -> None:
    words = format_response(make(), {"verdict": 2, "why": "B is better."}, None)
    assert words == "verdict: +2 (B better); why: B is better."


def test_an_answers_file_for_a_task_is_read_with_located_errors(tmp_path: Path) -> None:
    catalog = load_catalog([RUNS_TASK])
    form = build_form(catalog, ExamRequest(count=1, seed=1, types=("task",)))
    (qid,) = [item.question_id for item in form.items]
    good = tmp_path / "good.yaml"
    good.write_text(f"{qid}:\n  rate-a: {{correctness: 1, helpfulness: 1}}\n  verdict: 3\n")
    assert load_answers(good, form, catalog.entries) == {
        qid: {"rate-a": {"correctness": 1, "helpfulness": 1}, "verdict": 3}
    }
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"{qid}:\n  verdict: 5\n")
    with pytest.raises(UsageError) as error:
        load_answers(bad, form, catalog.entries)
    assert f"bad.yaml:2: {qid}: part verdict: 5 is off the scale" in str(error.value)


def test_lint_checks_each_part_as_an_item_of_its_type(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    part = {
        "id": "pick",
        "type": "single_choice",
        "prompt": "Which of these is not true at sea level?",
        "options": {"a": "Water boils at 100 °C", "b": "It freezes at 0 °C", "c": "None of these"},
        "answer": "c",
        "explanation": EXPLAINED,
    }
    path = _bank(tmp_path, {**TASK, "parts": [*TASK["parts"], part]})
    result = cli("bank", "lint", str(path))
    assert "negative-stem: warning: part pick: 'not' in the question" in result.out


# -- the attempt: a task with parts still open is not finished ---------------------------------


def test_an_attempt_keeps_a_tasks_open_parts_answerable_even_when_answers_lock() -> None:
    from aitrainer_cli.exam.assembly import ExamForm, FormItem
    from aitrainer_cli.exam.attempt import Attempt, AttemptClosedError

    task = make()
    form = ExamForm("b", "B", 1, None, 80, (FormItem(task.id, "demo", "s"),))
    attempt = Attempt(form, lambda: 0.0, lock_answers=True, finished=lambda i, r: task.complete(r))
    attempt.answer({"rate-a": KEY["rate-a"]})
    assert attempt.unanswered() == [0]  # parts still open: unanswered on the sheet
    assert not attempt.is_finished(0)
    attempt.answer(KEY)  # the rest given: allowed, and now final
    assert attempt.is_finished(0)
    assert attempt.unanswered() == []
    with pytest.raises(AttemptClosedError):
        attempt.answer({"verdict": 1})


def test_a_custom_forms_default_clock_gives_each_part_of_a_task_its_time() -> None:
    from aitrainer_cli.exam.compose import SECONDS_PER_QUESTION

    catalog = load_catalog([RUNS_TASK])
    form = build_form(catalog, ExamRequest(count=1, seed=1, types=("task",)))
    assert form.time_limit_seconds == 4 * SECONDS_PER_QUESTION  # the task has 4 parts
    timed = build_form(catalog, ExamRequest(count=1, seed=1, types=("task",), time="2m"))
    assert timed.time_limit_seconds == 120  # an explicit --time is kept


def test_the_review_page_shows_credit_notes_and_consistency_per_part_at_60_columns() -> None:
    import io

    from rich.console import Console

    from aitrainer_cli.exam.attempt import ItemState, Status
    from aitrainer_cli.exam.results import grade
    from aitrainer_cli.ui.result_view import answer_page

    catalog = load_catalog([RUNS_TASK])
    form = build_form(catalog, ExamRequest(count=1, seed=1, types=("task",)))
    question = catalog.entries[form.items[0].question_id].question
    response = {
        "rate-a": {"correctness": 1, "helpfulness": 1},
        "rate-b": {"correctness": 5, "helpfulness": 5},
        "verdict": -2,
        "why": "B is better.",
    }
    result = grade(form, catalog.entries, [ItemState(response)], Status.SUBMITTED, 10.0)
    out = io.StringIO()
    Console(file=out, width=60, no_color=True).print(answer_page(result.items[0], question, 1))
    text = out.getvalue()
    assert all(len(line) <= 60 for line in text.splitlines())
    flat = " ".join(text.split())
    assert "Credit: 58% (2.33 of 4 points)" in flat  # 1 + 1 + 0 + 1/3 (1 of 3 points) of 4
    assert "3. Side-by-side preference 1 0%" in flat
    assert "4. Write a justification 1 33%" in flat
    assert "Part 3: wrong side: the key favours B" in flat
    assert "Consistency (reported, not scored):" in flat
    assert "• You rated B higher than A on every dimension" in flat
    assert "• Your justification says B is better but your preference favours A (-2)" in flat
    assert "Part 3: Side-by-side preference Key: +3 (B much better)" in flat


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        # a new user's correct justification that the first rubric gave 0 (walkthrough)
        ("B is correct and keeps order; A's set loses the order and its claim is false.", 1.0),
        ("A is correct and keeps the order; B loses it.", 0.0),
        ("A is better because it is shorter.", 0.0),
    ],
)
def test_the_starter_tasks_justification_credits_the_argument_not_the_wording(
    text: str, credit: float
) -> None:

    catalog = load_catalog([builtin_banks_dir()])
    task = catalog.entries["rp-task-dedupe-keep-order"].question
    why = task.part_question(task.part_keys().index("why"))  # type: ignore[attr-defined]
    assert score(why, text).credit == pytest.approx(credit)


def test_a_part_takes_the_tasks_guideline_sections_when_it_names_none() -> None:
    """The open-book viewer opens at the item's sections: a part with none opens at the task's."""
    task = make().model_copy(update={"guideline": ["strength", "ties"]})
    assert all(
        task.part_question(i).guideline == ["strength", "ties"] for i in range(len(task.parts))
    )
