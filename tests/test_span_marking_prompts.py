"""span_marking asked through prompt_toolkit pipe input and plain lines: the numbers line, the
category menus (and going back through them), refusals, defaults, and the deadline."""

from __future__ import annotations

import io
import time

from aitrainer_cli.items import score
from aitrainer_cli.items.span_marking import SpanMarking
from aitrainer_cli.ui.asking import Action, Answer, Signal
from test_prompts import (
    BACKSPACE,
    BY_NAME,
    CTRL_C,
    DOWN,
    ENTER,
    Case,
    Plain,
    _ask,
    _first,
    _plain_text,
)

CASE = BY_NAME["span_marking"]
QUESTION = CASE.question
assert isinstance(QUESTION, SpanMarking)
assert QUESTION.categories
FIRST, SECOND = QUESTION.categories[0], QUESTION.categories[1]
BACK_FROM_MENU = DOWN * len(QUESTION.categories) + ENTER
"""The Back row sits right below the categories."""
PLAIN = Case("span-plain", _first("span_marking", lambda q: q.categories is None), "", "")


def test_numbers_then_one_menu_per_segment_give_the_categories() -> None:
    keys = "1 3" + ENTER + "1" + ENTER + "2" + ENTER
    assert _ask(keys, CASE.context()) == Answer({"1": FIRST, "3": SECOND})


def test_without_categories_the_typed_line_is_the_whole_answer() -> None:
    keyed = list(PLAIN.question.key_marks())
    outcome = _ask(" ".join(map(str, keyed)) + ENTER, PLAIN.context())
    assert outcome == Answer(keyed)
    assert score(PLAIN.question, keyed).credit == 1.0


def test_ranges_and_commas_are_read() -> None:
    assert _ask("2-4,6" + ENTER, PLAIN.context()) == Answer([2, 3, 4, 6])


def test_none_asks_no_menu_and_earns_nothing_when_there_are_errors() -> None:
    outcome = _ask("none" + ENTER, CASE.context())
    assert outcome == Answer({})
    assert isinstance(outcome, Answer)
    assert score(QUESTION, outcome.response).credit == 0.0


def test_an_out_of_range_number_is_refused_until_corrected() -> None:
    bad = "2 99" + ENTER + BACKSPACE * 2 + "3" + ENTER
    assert _ask(bad, PLAIN.context()) == Answer([2, 3])


def test_back_from_the_first_menu_returns_to_the_numbers_with_them_filled_in() -> None:
    keys = (
        "1 3"
        + ENTER
        + BACK_FROM_MENU  # back to the numbers line, which still reads "1 3"
        + BACKSPACE
        + "5"
        + ENTER  # now "1 5"
        + "1"
        + ENTER
        + "2"
        + ENTER
    )
    assert _ask(keys, CASE.context()) == Answer({"1": FIRST, "5": SECOND})


def test_back_from_a_later_menu_changes_the_previous_category() -> None:
    keys = (
        "1 3"
        + ENTER
        + "1"
        + ENTER  # segment 1: the first category
        + BACK_FROM_MENU  # from segment 3 back to segment 1
        + "2"
        + ENTER
        + "1"
        + ENTER
    )
    assert _ask(keys, CASE.context()) == Answer({"1": SECOND, "3": FIRST})


def test_categories_chosen_before_going_back_are_kept_as_defaults() -> None:
    keys = "1 3" + ENTER + "2" + ENTER + BACK_FROM_MENU  # segment 3 back to segment 1
    keys += DOWN * (len(QUESTION.categories) - 1) + ENTER  # from its category back to numbers
    keys += ENTER + ENTER + "1" + ENTER  # numbers kept, segment 1 kept, segment 3 picked
    assert _ask(keys, CASE.context()) == Answer({"1": SECOND, "3": FIRST})


def test_categories_typed_on_the_numbers_line_preselect_the_menus() -> None:
    keys = f"1={SECOND} 3" + ENTER + ENTER + "1" + ENTER
    assert _ask(keys, CASE.context()) == Answer({"1": SECOND, "3": FIRST})


def test_enter_keeps_the_answer_given_before() -> None:
    prior = {"2": SECOND, "4": FIRST}
    assert _ask(ENTER * 3, CASE.context(response=prior)) == Answer(prior)
    assert _ask(ENTER, PLAIN.context(response=[1, 2])) == Answer([1, 2])
    assert _ask(ENTER, PLAIN.context(response=[])) == Answer([])


def test_finishing_the_numbers_line_empty_opens_the_action_menu() -> None:
    assert _ask(ENTER + "s" + ENTER, CASE.context()) is Action.SKIP


def test_an_action_key_in_a_category_menu_acts() -> None:
    assert _ask("1" + ENTER + "s" + ENTER, CASE.context()) is Action.SKIP


def test_ctrl_c_in_a_category_menu_interrupts() -> None:
    assert _ask("1 2" + ENTER + CTRL_C, CASE.context()) is Signal.INTERRUPT


def test_time_running_out_in_the_menus_keeps_the_marks_given() -> None:
    deadline = time.monotonic() + 0.6
    context = CASE.context(remaining=lambda: deadline - time.monotonic(), limit=60)
    outcome = _ask("1 3" + ENTER + "1" + ENTER, context)
    assert outcome == Answer({"1": FIRST, "3": None})
    assert isinstance(outcome, Answer)
    # 1 keyed as the first category? Whatever the key, segment 3 earns at most a partial hit.
    assert 0 <= score(QUESTION, outcome.response).credit < 1


def test_the_deadline_on_the_numbers_line_is_a_timeout() -> None:
    assert _ask("", CASE.context(remaining=lambda: 0.3, limit=60)) is Signal.TIMEOUT


def test_the_numbers_prompt_says_what_to_type() -> None:
    screen = io.StringIO()
    _ask(ENTER + "s" + ENTER, PLAIN.context(), screen=screen)
    assert "Segments with an error (e.g. 2 5, 2-4; none)" in _plain_text(screen.getvalue())


# -- plain mode ---------------------------------------------------------------------------------


def test_plain_mode_reads_segments_with_categories_on_one_line() -> None:
    plain = Plain(f"1 3\n1={FIRST} 3={SECOND}\n")
    assert plain.ask(CASE.context()) == Answer({"1": FIRST, "3": SECOND})
    assert f"Not understood: give a category for segment 1: type 1={FIRST}" in plain.text
    assert "[1]" in plain.text
    assert "Categories: " in plain.text


def test_plain_mode_refuses_a_segment_out_of_range() -> None:
    plain = Plain("12\n2\n")
    assert plain.ask(PLAIN.context()) == Answer([2])
    assert "Not understood: segment 12 does not exist" in plain.text


def test_plain_mode_none_and_a_blank_line() -> None:
    assert Plain("none\n").ask(PLAIN.context()) == Answer([])
    assert Plain("\n").ask(PLAIN.context()) is Action.SKIP
