"""``rating`` over several responses: the key, per-cell scoring, typed and answers-file forms,
review words, and the interactive prompt (one menu per response and dimension, with back)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

from aitrainer_cli.exam.answers import format_response, parse_typed, parse_value
from aitrainer_cli.items import score
from aitrainer_cli.items.reading import AnswerFormatError
from aitrainer_cli.ui.asking import Action, Answer
from aitrainer_cli.ui.items.rating import rated_body
from scenario_helpers import DOWN, ENTER, ask, context_of, make, plain_text

DIMENSIONS = {"helpfulness": "how useful", "correctness": "how accurate"}


def rating(**fields: Any) -> Any:
    """A 1-5 rating of responses A and B on two dimensions, tolerance 1."""
    defaults: dict[str, Any] = {
        "type": "rating",
        "context": {"responses": {"A": "response A", "B": "response B"}},
        "responses": ["A", "B"],
        "scale": {"min": 1, "max": 5},
        "dimensions": DIMENSIONS,
        "answer": {
            "A": {"helpfulness": 4, "correctness": [4, 5]},
            "B": {"helpfulness": 2, "correctness": 1},
        },
    }
    return make(**{**defaults, **fields})


KEYED = {"A": {"helpfulness": 4, "correctness": 5}, "B": {"helpfulness": 2, "correctness": 1}}


# -- scoring ------------------------------------------------------------------------------------


def test_every_cell_is_scored_and_averaged() -> None:
    question = rating()
    result = score(question, KEYED)
    assert result.credit == 1.0
    assert [name for name, _ in result.parts] == [
        "A helpfulness",
        "A correctness",
        "B helpfulness",
        "B correctness",
    ]
    # A: 3 vs 4 is one off (0.5), 3 vs band 4-5 one off (0.5); B: 2 exact (1), 3 vs 1 two off (0)
    near = score(
        question,
        {"A": {"helpfulness": 3, "correctness": 3}, "B": {"helpfulness": 2, "correctness": 3}},
    )
    assert near.parts == (
        ("A helpfulness", 0.5),
        ("A correctness", 0.5),
        ("B helpfulness", 1.0),
        ("B correctness", 0.0),
    )
    assert near.credit == pytest.approx(0.5)


def test_a_missing_or_malformed_response_earns_nothing_for_its_cells() -> None:
    question = rating()
    assert score(question, {"A": KEYED["A"]}).credit == pytest.approx(0.5)
    assert score(question, {"A": KEYED["A"], "B": [2, 1]}).credit == pytest.approx(0.5)
    assert score(question, {"A": {"helpfulness": 4}, "B": KEYED["B"]}).credit == pytest.approx(0.75)
    assert score(question, {}).credit == 0.0
    assert score(question, [KEYED["A"], KEYED["B"]]).credit == 0.0
    # all wrong: every cell at least two away from its key
    wrong = {"A": {"helpfulness": 1, "correctness": 1}, "B": {"helpfulness": 5, "correctness": 5}}
    assert score(question, wrong).credit == 0.0


def test_a_single_response_rating_is_scored_as_before() -> None:
    single = make(
        type="rating",
        scale={"min": 1, "max": 5},
        dimensions=DIMENSIONS,
        answer={"helpfulness": 4, "correctness": [4, 5]},
    )
    result = score(single, {"helpfulness": 3, "correctness": 5})
    assert result.parts == (("helpfulness", 0.5), ("correctness", 1.0))
    assert "responses" not in single.model_dump(mode="json")


# -- the key's semantic checks -----------------------------------------------------------------


def codes(question: Any) -> set[str]:
    return {problem.code for problem in question.problems()}


def test_the_key_must_rate_every_listed_response_on_every_dimension() -> None:
    assert codes(rating()) == set()
    assert "missing-key" in codes(rating(answer={"A": KEYED["A"]}))
    missing_dimension = {"A": {"helpfulness": 4}, "B": KEYED["B"]}
    assert "missing-key" in codes(rating(answer=missing_dimension))
    assert "key-shape" in codes(rating(answer={"A": 4, "B": KEYED["B"]}))
    assert "unknown-response" in codes(
        rating(responses=["A", "C"], answer={**KEYED, "C": KEYED["A"]})
    )
    assert "duplicate-key" in codes(rating(responses=["A", "A", "B"]))
    assert "responses-needed" in codes(rating(context=None))
    assert "off-scale" in codes(
        rating(answer={"A": {"helpfulness": 9, "correctness": 1}, "B": KEYED["B"]})
    )


def test_a_single_rating_keyed_per_response_is_a_problem() -> None:
    broken = make(
        type="rating", scale={"min": 1, "max": 5}, dimensions={"h": "help"}, answer={"h": {"x": 1}}
    )
    assert "key-shape" in codes(broken)


# -- reading answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "4 5 / 2 1",
        "A: 4 5 / B: 2 1",
        "b: 2 1 / a: 4 5",
        "4 5 2 1",
        "A: helpfulness=4 correctness=5 / B: c=1 h=2",
    ],
)
def test_typed_forms(typed: str) -> None:
    assert parse_typed(rating(), typed) == KEYED


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("4 5", "separated by '/'"),
        ("4 5 / 2", "response B: give one number per dimension"),
        ("A: 4 5 / A: 2 1", "response A is given twice"),
        ("4 5 / 2 9", "response B: 9 is off the scale for correctness"),
        ("A: 4 5 / 2 1", "name every response or none"),
    ],
)
def test_typed_mistakes_are_located(typed: str, says: str) -> None:
    with pytest.raises(AnswerFormatError, match=says):
        parse_typed(rating(), typed)


def test_answers_file_forms() -> None:
    question = rating()
    assert parse_value(question, KEYED) == KEYED
    assert parse_value(question, {"A": [4, 5], "B": {"correctness": 1, "helpfulness": 2}}) == KEYED
    assert parse_value(question, [[4, 5], [2, 1]]) == KEYED
    assert parse_value(question, "A: 4 5 / B: 2 1") == KEYED
    with pytest.raises(AnswerFormatError, match="response B: a number cannot rate"):
        parse_value(question, {"A": [4, 5], "B": 2})
    with pytest.raises(AnswerFormatError, match="cannot answer a rating question"):
        parse_value(question, 4)


def test_review_words() -> None:
    question = rating()
    assert format_response(question, KEYED) == (
        "A: helpfulness 4, correctness 5; B: helpfulness 2, correctness 1"
    )
    assert (
        question.key_text() == "A: helpfulness 4, correctness 4–5; B: helpfulness 2, correctness 1"
    )
    assert "e.g. A: 3 3 / B: 3 3" in question.answer_hint()


# -- the interactive prompt --------------------------------------------------------------------


def test_the_prompt_rates_a_then_b_on_each_dimension() -> None:
    outcome = ask("4" + ENTER + "5" + ENTER + "2" + ENTER + "1" + ENTER, context_of(rating()))
    assert outcome == Answer(KEYED)


def test_back_returns_to_the_previous_rating_and_keeps_it() -> None:
    # A helpfulness 4, A correctness 5, back: the menu starts at 5, Enter keeps it; then B
    keys = "4" + ENTER + "5" + ENTER + "b" + ENTER + ENTER + "2" + ENTER + "1" + ENTER
    assert ask(keys, context_of(rating())) == Answer(
        {"A": {"helpfulness": 4, "correctness": 5}, "B": {"helpfulness": 2, "correctness": 1}}
    )
    # back from B's first dimension lands on A's last, with its value kept
    keys = "4" + ENTER + "3" + ENTER + "b" + ENTER + DOWN + DOWN + ENTER + "2" + ENTER + "1" + ENTER
    assert ask(keys, context_of(rating())) == Answer(KEYED)


def test_revisiting_starts_each_menu_at_the_value_given_before() -> None:
    assert ask(ENTER * 4, context_of(rating(), response=KEYED)) == Answer(KEYED)


def test_a_single_rating_offers_back_too_and_keeps_its_answer_flat() -> None:
    single = make(
        type="rating",
        scale={"min": 1, "max": 5},
        dimensions=DIMENSIONS,
        answer={"helpfulness": 4, "correctness": [4, 5]},
    )
    keys = "2" + ENTER + "b" + ENTER + "4" + ENTER + "5" + ENTER
    assert ask(keys, context_of(single)) == Answer({"helpfulness": 4, "correctness": 5})


def test_actions_still_work_midway() -> None:
    assert ask("4" + ENTER + "s" + ENTER, context_of(rating())) is Action.SKIP


def test_the_prompt_names_the_response_and_fits_60_columns() -> None:
    screen = io.StringIO()
    ask("s" + ENTER, context_of(rating()), screen=screen, columns=60)
    shown = plain_text(screen.getvalue())
    assert "Response A · helpfulness (1/4): how useful" in shown
    assert "Rate A, then B on every dimension." in shown
    assert "back to the previous rating" not in shown  # nothing to go back to on the first


def test_the_body_shows_only_the_response_being_rated() -> None:
    question = rating(context={"responses": {"A": "Alpha text.", "B": "Bravo text."}})
    for label, shown, hidden in (("A", "Alpha", "Bravo"), ("B", "Bravo", "Alpha")):
        buffer = io.StringIO()
        Console(file=buffer, width=60, no_color=True).print(
            rated_body(question, label, context_of(question))
        )
        text = buffer.getvalue()
        assert f"Response {label}" in text
        assert shown in text
        assert hidden not in text
        assert all(len(line) <= 60 for line in text.splitlines())
