"""``numeric`` items: hand-computed credit, reading typed and answers-file numbers, the semantic
checks of a bank, and the key and response in words."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from aitrainer_cli.banks.problems import Severity
from aitrainer_cli.exam.answers import AnswerFormatError, format_response, parse_typed, parse_value
from aitrainer_cli.items import QUESTION_ADAPTER, score
from aitrainer_cli.items.numeric import Numeric

BASE = {
    "id": "q",
    "topic": "t",
    "difficulty": "easy",
    "prompt": "What is the figure?",
    "explanation": "The figure follows from the table by the formula given in the prompt.",
    "type": "numeric",
}
BANDED = {
    "answer": 37.5,
    "tolerance": 0.5,
    "unit": "%",
    "bands": [{"within": 2, "credit": 0.5}, {"within": 5, "credit": 0.2}],
    "explanation": "Three of eight raters agreed: 3 / 8 = 0.375, which is 37.5 percent.",
}


def make(**fields: Any) -> Numeric:
    question = QUESTION_ADAPTER.validate_python({**BASE, **fields})
    assert isinstance(question, Numeric)
    return question


def codes(question: Numeric, severity: Severity = Severity.ERROR) -> list[str]:
    return [p.code for p in question.problems() if p.severity is severity]


# -- scoring, by hand ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "credit"),
    [
        (37.5, 1.0),  # the answer itself
        (38.0, 1.0),  # |38 - 37.5| = 0.5 = tolerance: the edge is in
        (37.0, 1.0),
        (38.01, 0.5),  # 0.51 off: past the tolerance, inside the 2-band
        (39.5, 0.5),  # 2.0 off: the 2-band's edge
        (35.0, 0.2),  # 2.5 off: the 5-band
        (42.5, 0.2),  # 5.0 off: the 5-band's edge
        (42.6, 0.0),  # 5.1 off: past every band
        (0.375, 0.0),  # a share typed where a percentage was asked: 37.125 off
        (-37.5, 0.0),  # the sign matters
    ],
)
def test_banded_credit(value: float, credit: float) -> None:
    assert score(make(**BANDED), value).credit == pytest.approx(credit)


def test_an_int_response_scores_as_its_float() -> None:
    assert score(make(answer=12), 12).credit == 1.0


def test_no_tolerance_means_exactly_the_answer() -> None:
    question = make(answer=12)
    assert score(question, 12.0).credit == 1.0
    assert score(question, 12.001).credit == 0.0
    assert score(question, 11.0).credit == 0.0


def test_relative_tolerance_is_a_share_of_the_answer() -> None:
    question = make(answer=200, relative_tolerance=0.05)  # 5% of 200 = 10: 190..210
    assert [score(question, v).credit for v in (190, 210, 189.9, 210.5)] == [1, 1, 0, 0]
    negative = make(answer=-40, relative_tolerance=0.1)  # 10% of |-40| = 4: -44..-36
    assert [score(negative, v).credit for v in (-44, -36, -35, 36)] == [1, 1, 0, 0]


def test_float_error_of_a_typed_decimal_does_not_cost_the_edge() -> None:
    question = make(answer=0.3, tolerance=0.1)
    assert abs(0.4 - 0.3) > 0.1  # 0.10000000000000003 in floats
    assert score(question, parse_typed(question, "0.4")).credit == 1.0
    assert score(question, 0.41).credit == 0.0


def test_unreadable_unanswered_and_non_numbers_earn_nothing() -> None:
    question = make(**BANDED)
    assert score(question, None).note == "unanswered"
    for stored in ("37.5", True, math.nan, math.inf, [37.5], {"value": 37.5}):
        result = score(question, stored)
        assert result.credit == 0.0
        assert result.note == "response not understood"


def test_notes_say_which_band_or_that_the_value_is_outside() -> None:
    question = make(**BANDED)
    assert score(question, 37.5).note == ""
    assert score(question, 39.0).note == "50% credit: within 2 of the answer"
    assert score(question, 60.0).note == "outside the accepted range 37–38 %"
    assert score(make(answer=12), 13.0).note == "only exactly 12 is accepted"


def test_a_share_typed_for_a_percentage_is_named_in_the_note() -> None:
    question = make(answer=80, unit="%", prompt="What percentage agree?")
    result = score(question, parse_typed(question, "0.8"))
    assert result.credit == 0.0
    assert result.note == "0.8 was read as 0.8 %; as a share it would be 80 %: type the percentage"


# -- typed answers -------------------------------------------------------------------------------

PLAIN = make(answer=1000, tolerance=1)
MS = make(answer=12, tolerance=1, unit="ms")
PERCENT = make(**BANDED)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("6", 6.0),
        ("6.0", 6.0),
        ("  6. ", 6.0),
        (".5", 0.5),
        ("-3", -3.0),
        ("+3", 3.0),
        ("\u22123", -3.0),  # a word processor's minus sign
        ("1,000", 1000.0),
        ("1 000", 1000.0),
        ("1\u202f000", 1000.0),  # a narrow no-break space between the groups
        ("12,345,678.25", 12345678.25),
        ("4.2e-3", 0.0042),
        ("1E3", 1000.0),
        ("37.5%", 0.375),  # no unit: a percentage is a share
        ("37.5 percent", 0.375),
    ],
)
def test_typed_numbers_without_a_unit(typed: str, value: float) -> None:
    assert parse_typed(PLAIN, typed) == pytest.approx(value)


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    [
        (MS, "12", 12.0),
        (MS, "12 ms", 12.0),
        (MS, "12ms", 12.0),
        (MS, "1 000 MS", 1000.0),
        (PERCENT, "37.5", 37.5),  # unit %: the number is the percentage either way
        (PERCENT, "37.5%", 37.5),
        (PERCENT, "37.5 %", 37.5),
        (PERCENT, "0.375", 0.375),  # read as 0.375%, as typed
    ],
)
def test_typed_numbers_with_a_unit(question: Numeric, typed: str, value: float) -> None:
    assert parse_typed(question, typed) == pytest.approx(value)


@pytest.mark.parametrize(
    ("question", "typed", "says"),
    [
        (PLAIN, "1,00", "decimals take a point (2.5)"),
        (PLAIN, "37,5", "decimals take a point (2.5)"),
        (PLAIN, "1,000,00", "decimals take a point (2.5)"),
        (PLAIN, "12 3", "'12 3' is not one number: group thousands in threes (1 000)"),
        (PLAIN, "1 00", "is not one number"),
        (PLAIN, "abc", "'abc' is not a number: type a number, e.g. 12.5, -3 or 1,000"),
        (PLAIN, "NaN", "'NaN' is not a number"),
        (PLAIN, "inf", "'inf' is not a number"),
        (PLAIN, "-", "'-' is not a number"),
        (PLAIN, "1e999", "too large a number"),
        (PLAIN, "12 ms", "'12 ms' is not a number"),
        (PLAIN, "9" * 61, "too long to be a number"),
        (MS, "12 s", "'s' is not ms: type a number in ms, e.g. 12 or 12 ms"),
        (MS, "12%", "'12%' is a percentage: type a number in ms, e.g. 12 or 12 ms"),
        (PERCENT, "37.5%%", "'%%' is not %: type a percentage, e.g. 37.5 or 37.5%"),
        (PLAIN, " ", "nothing was typed: type a number"),
    ],
)
def test_unreadable_typed_numbers_say_what_to_type(
    question: Numeric, typed: str, says: str
) -> None:
    with pytest.raises(AnswerFormatError, match=None) as raised:
        parse_typed(question, typed)
    assert says in str(raised.value)


def test_control_characters_are_never_echoed_live() -> None:
    with pytest.raises(AnswerFormatError) as raised:
        parse_typed(MS, "12 \x1b[31mred")
    assert "\x1b" not in str(raised.value)


# -- answers-file values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value", "response"),
    [
        (PERCENT, 37.5, 37.5),
        (PERCENT, 38, 38.0),
        (PERCENT, "37.5%", 37.5),
        (PLAIN, "1,000", 1000.0),
        (PLAIN, "37.5%", 0.375),
        (MS, "12 ms", 12.0),
        (MS, "   ", None),  # blank: unanswered
        (MS, None, None),
    ],
)
def test_answers_file_values(question: Numeric, value: object, response: object) -> None:
    read = parse_value(question, value)
    assert read == response
    assert read is None or isinstance(read, float)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (True, "true/false is not a number"),
        (math.nan, "nan is not a number a learner can give"),
        (math.inf, "inf is not a number a learner can give"),
        (10**400, "too large a number"),
        ([1, 2], "a list is not a number"),
        ({"a": 1}, "a dict is not a number"),
    ],
)
def test_answers_file_values_that_are_refused(value: object, says: str) -> None:
    with pytest.raises(AnswerFormatError) as raised:
        parse_value(MS, value)
    assert says in str(raised.value)
    assert "ms" in str(raised.value)  # names what to write


def test_hint_and_file_form_name_the_unit() -> None:
    assert MS.answer_hint() == "a number in ms, e.g. 12 or 12 ms"
    assert PERCENT.answer_hint() == "a percentage, e.g. 37.5 or 37.5%"
    assert "YAML number" in MS.file_form()


# -- words for review ----------------------------------------------------------------------------


def test_key_text_gives_the_key_the_accepted_range_and_the_bands() -> None:
    assert PERCENT.key_text() == (
        "37.5 %  (accepted 37–38 %; 50% credit 35.5–39.5; 20% credit 32.5–42.5)"
    )
    assert make(answer=12).key_text() == "12  (exactly 12)"
    assert make(answer=-40, relative_tolerance=0.1, unit="ms").key_text() == (
        "-40 ms  (accepted -44 to -36 ms)"
    )


def test_describe_and_format_response() -> None:
    assert format_response(MS, 12.0) == "12 ms"
    assert format_response(PLAIN, 1234567.0) == "1,234,567"
    assert format_response(PLAIN, 2023.0) == "2023"  # a year reads as itself
    assert format_response(PLAIN, 0.1 + 0.2) == "0.3"
    assert format_response(PLAIN, 4.2e-12) == "4.2e-12"
    assert format_response(PLAIN, "garbage") == "'garbage'"


# -- the bank's semantic checks ------------------------------------------------------------------


def test_a_good_item_has_no_problems() -> None:
    assert list(PERCENT.problems()) == []


@pytest.mark.parametrize(
    ("fields", "code", "path"),
    [
        ({"answer": 5, "tolerance": 1, "relative_tolerance": 0.1}, "two-tolerances", None),
        ({"answer": 0, "relative_tolerance": 0.1}, "relative-of-zero", None),
        (
            {"answer": 5, "tolerance": 1, "bands": [{"within": 2, "credit": 1}]},
            "pointless-band",
            ("bands", 0, "credit"),
        ),
        (
            {"answer": 5, "tolerance": 1, "bands": [{"within": 1, "credit": 0.5}]},
            "band-inside-tolerance",
            ("bands", 0, "within"),
        ),
        (
            {
                "answer": 5,
                "tolerance": 1,
                "bands": [{"within": 3, "credit": 0.5}, {"within": 2, "credit": 0.2}],
            },
            "bands-not-increasing",
            ("bands", 1, "within"),
        ),
        (
            {
                "answer": 5,
                "tolerance": 1,
                "bands": [{"within": 2, "credit": 0.2}, {"within": 3, "credit": 0.5}],
            },
            "bands-not-decreasing",
            ("bands", 1, "credit"),
        ),
    ],
)
def test_semantic_errors_are_located(
    fields: dict[str, Any], code: str, path: tuple[object, ...] | None
) -> None:
    problems = [p for p in make(**fields).problems() if p.code == code]
    assert problems, list(make(**fields).problems())
    assert problems[0].severity is Severity.ERROR
    if path is not None:
        assert problems[0].path == path


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"tolerance": -1}, ("tolerance",)),
        ({"relative_tolerance": 1.5}, ("relative_tolerance",)),
        ({"relative_tolerance": -0.1}, ("relative_tolerance",)),
        ({"tolerance": 1, "bands": [{"within": 2, "credit": 1.5}]}, ("bands", 0, "credit")),
        ({"tolerance": 1, "bands": [{"within": 2, "credit": -0.5}]}, ("bands", 0, "credit")),
    ],
)
def test_values_out_of_range_are_refused_where_they_stand(
    fields: dict[str, Any], where: tuple[object, ...]
) -> None:
    """Ranges are constraints of the model (so the JSON Schema states them too)."""
    with pytest.raises(ValidationError) as refused:
        make(answer=5, **fields)
    assert [e["loc"][-len(where) :] for e in refused.value.errors()] == [where]


def test_warnings_for_a_decimal_answer_without_tolerance_and_a_percentage_without_unit() -> None:
    assert "no-tolerance" in codes(make(answer=0.34), Severity.WARNING)
    assert "no-tolerance" not in codes(make(answer=34), Severity.WARNING)
    asks = "What percentage agree?"
    assert "percent-without-unit" in codes(make(answer=34, prompt=asks), Severity.WARNING)
    assert "percent-without-unit" not in codes(
        make(answer=34, unit="%", prompt=asks), Severity.WARNING
    )


@pytest.mark.parametrize(
    ("explanation", "states"),
    [
        ("κ = 0.156 / 0.456, about 0.34: fair agreement in the usual bands.", True),
        ("κ = 0.156 / 0.456, about 0.340: fair agreement in the usual bands.", True),
        ("κ = 0.156 / 0.456, about 0.345: a figure just above the key itself.", False),
        ("Divide the agreement beyond chance by the most that was possible.", False),
    ],
)
def test_the_explanation_should_state_the_answer(explanation: str, states: bool) -> None:
    question = make(answer=0.34, tolerance=0.005, explanation=explanation)
    assert ("explanation-without-answer" not in codes(question, Severity.WARNING)) is states


def test_a_large_answer_is_found_with_or_without_grouping() -> None:
    for text in ("The total is 12,000 tokens in all.", "The total is 12000 tokens in all."):
        question = make(answer=12000, explanation=text + " Count every turn of the chat.")
        assert codes(question, Severity.WARNING) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"answer": "37.5%"},  # text, not a number
        {"answer": True},
        {"answer": math.inf},
        {"answer": 5, "tolerance": "1"},
        {"answer": 5, "unit": "per cent"},  # one word
        {"answer": 5, "unit": "5x"},
        {"answer": 5, "unit": "\x1b[31m"},  # a control sequence
        {"answer": 5, "unit": "m\x9bs"},
        {"answer": 5, "bands": [{"within": 2}]},
        {"answer": 5, "bands": [{"within": 2, "credit": 0.5, "extra": 1}]},
        {"answer": 5, "tolerence": 1},  # a misspelt field
    ],
)
def test_field_errors(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make(**fields)


def test_validate_locates_a_bad_band_in_the_file(cli: Any, tmp_path: Path) -> None:
    bank = tmp_path / "n.yaml"
    bank.write_text(
        "format: 1\nbank: {id: n, title: N}\nquestions:\n"
        "  - id: n-one\n    type: numeric\n    topic: t\n    difficulty: easy\n"
        "    prompt: How many?\n    answer: 5\n    tolerance: 1\n"
        "    bands:\n      - {within: 3, credit: 0.5}\n      - {within: 2, credit: 0.2}\n"
        "    explanation: Five, because the table lists five rows that meet the rule.\n",
        encoding="utf-8",
    )
    run = cli("bank", "validate", str(bank))
    assert run.code == 1
    assert "n.yaml:13:" in run.out
    assert "bands-not-increasing" in run.out
