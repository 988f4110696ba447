"""``numeric`` in the terminal: the typed prompt (pipe input) and plain lines, re-asking on
unreadable input, and the review page with the value given, key, accepted range and band."""

from __future__ import annotations

import io

import pytest

from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.items.numeric import Numeric
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.numeric import short_message
from aitrainer_cli.ui.question_view import key_view, question_view
from aitrainer_cli.ui.result_view import answer_page
from test_prompts import (
    BACKSPACE,
    BY_NAME,
    CATALOG,
    CTRL_C,
    ENTER,
    Plain,
    _ask,
    _plain_text,
)
from test_result_view import assert_fits, render

KAPPA = "rl-kappa-from-a-label-table"  # answer 0.34 ± 0.005; half credit within 0.015
PAIRS = "rl-pairwise-agreement-of-rankings"  # answer 80, unit %, exact


def _case(question_id: str):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(BY_NAME["numeric"], question=CATALOG.entries[question_id].question)


def test_the_shipped_starter_items_are_numeric() -> None:
    kappa = CATALOG.entries[KAPPA].question
    pairs = CATALOG.entries[PAIRS].question
    assert isinstance(kappa, Numeric)
    assert isinstance(pairs, Numeric)
    assert pairs.unit == "%"


@pytest.mark.parametrize(("typed", "value"), [("80", 80.0), ("80%", 80.0), ("80 %", 80.0)])
def test_typing_a_percentage_with_or_without_the_sign(typed: str, value: float) -> None:
    outcome = _ask(typed + ENTER, _case(PAIRS).context())
    assert outcome == Answer(value)


def test_an_unreadable_number_is_refused_in_place_until_corrected() -> None:
    # Had "0,34" been taken, the prompt would have ended on it and never seen "0.34".
    keys = "0,34" + ENTER + BACKSPACE * 4 + "0.34" + ENTER
    assert _ask(keys, _case(KAPPA).context()) == Answer(0.34)


def test_the_prompt_shows_the_unit() -> None:
    screen = io.StringIO()
    _ask("80" + ENTER, _case(PAIRS).context(), screen=screen)
    text = _plain_text(screen.getvalue())
    assert "Your answer (%)" in text
    assert "Type a percentage, e.g. 37.5 or 37.5%." in text


def test_the_toolbar_message_does_not_quote_the_typed_text_back() -> None:
    message = "'0,34' is not a number: decimals take a point (2.5)"
    assert short_message(message, "0,34") == "That is not a number: decimals take a point (2.5)"
    assert short_message("'s' is not ms: type …", "12 s") == "'s' is not ms: type …"


def test_the_answer_given_before_is_offered_again() -> None:
    assert _ask(ENTER, _case(KAPPA).context(response=0.35)) == Answer(0.35)


def test_finishing_empty_opens_the_action_menu_and_ctrl_c_interrupts() -> None:
    assert _ask(ENTER + "s" + ENTER, _case(KAPPA).context()) is Action.SKIP
    assert _ask("0.3" + CTRL_C, _case(KAPPA).context()) is Signal.INTERRUPT


def test_the_deadline_closes_the_prompt() -> None:
    outcome = _ask("0.3", _case(KAPPA).context(remaining=lambda: 0.3, limit=60))
    assert outcome is Signal.TIMEOUT


def test_plain_lines_re_ask_without_losing_the_question() -> None:
    plain = Plain("abc\n1,00\n0.34\n")
    assert plain.ask(_case(KAPPA).context()) == Answer(0.34)
    assert plain.text.count("answer 2>") == 3
    assert "Not understood: 'abc' is not a number" in plain.text
    assert "How to answer: a number, e.g. 12.5, -3 or 1,000." in plain.text


def test_plain_commands_still_work_on_a_numeric_question() -> None:
    assert Plain(":m\n").ask(_case(KAPPA).context()) is Action.FLAG
    assert Plain("\n").ask(_case(KAPPA).context()) is Action.SKIP


# -- review --------------------------------------------------------------------------------------


def _graded(*responses: object) -> ExamResult:
    ids = [KAPPA] * len(responses)
    items = tuple(FormItem(qid, "rlhf-principles", "S") for qid in ids)
    form = ExamForm("n", "Numbers", 5, None, 80, items)
    states = [ItemState(response) for response in responses]
    return grade(form, CATALOG.entries, states, Status.SUBMITTED, 100.0)


@pytest.mark.parametrize(
    ("response", "verdict", "earned", "credit"),
    [
        (0.34, "correct", "full credit: inside the accepted range", "100%"),
        (0.341, "correct", "full credit: inside the accepted range", "100%"),
        (0.35, "partial", "50% credit 0.325–0.355", "50%"),  # 0.01 off, inside the 0.015 band
        (0.7, "wrong", "none: outside the accepted range and every band", "0%"),
    ],
)
def test_review_page_shows_value_key_range_and_band(
    response: float, verdict: str, earned: str, credit: str
) -> None:
    result = _graded(response)
    item = result.items[0]
    assert item.verdict == verdict
    text = render(answer_page(item, CATALOG.entries[KAPPA].question, 1))
    assert_fits(text)
    flat = " ".join(text.split())
    assert f"Your answer: {response:g}" in flat
    assert f"Credit: {credit}" in flat
    assert "Key: 0.34" in flat
    assert "Accepted: 0.335–0.345" in flat
    assert f"Earned: {earned}" in flat
    assert "(full credit up to 0.005)" in flat
    assert "Partial: 50% credit 0.325–0.355" in flat


def test_review_of_an_unanswered_numeric_item() -> None:
    item = _graded(None).items[0]
    text = render(answer_page(item, CATALOG.entries[KAPPA].question, 1))
    assert item.verdict == "unanswered"
    assert "(no answer)" in text
    assert "Earned:" not in text


def test_question_and_key_fit_60_columns() -> None:
    question = CATALOG.entries[PAIRS].question
    text = render(question_view(question)) + render(key_view(question))
    assert_fits(text)
    assert "Accepted: exactly 80 %" in " ".join(text.split())


def test_review_of_a_share_typed_for_a_percentage() -> None:
    items = (FormItem(PAIRS, "rlhf-principles", "S"),)
    form = ExamForm("n", "Numbers", 5, None, 80, items)
    result = grade(form, CATALOG.entries, [ItemState(0.8)], Status.SUBMITTED, 100.0)
    text = " ".join(
        render(answer_page(result.items[0], CATALOG.entries[PAIRS].question, 1)).split()
    )
    assert "Your answer: 0.8 %" in text
    assert "as a share it would be 80 %: type the percentage" in text
    assert "Off by: 79.2 percentage points (only the exact answer earns full credit)" in text
    assert "Earned: none: outside the accepted range" in text
    assert "every band" not in text  # this item has none
