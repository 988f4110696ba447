"""span_marking: the sentence splitter, hand-computed F1 credit, typed and answers-file answers,
the semantic checks (located findings), and the review table."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console, RenderableType

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.banks.loader import load_file
from aitrainer_cli.exam.answers import AnswerFormatError, format_response, parse_value
from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.exam.results import ItemResult
from aitrainer_cli.items import QUESTION_ADAPTER, score
from aitrainer_cli.items.segments import split_sentences
from aitrainer_cli.items.span_marking import CATEGORY_CREDIT, SpanMarking
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.items.span_marking import marks_table
from aitrainer_cli.ui.result_view import answer_page

BASE = {"id": "q", "topic": "t", "difficulty": "easy", "prompt": "p", "explanation": "e"}
SIX = [
    "The report came out in 2021.",
    "It was written by Dr. Amara Osei.",
    "It covers 40 towns.",
    "It was updated in 2019.",
    "Every town grew.",
    "The full text is online.",
]
CATEGORIES = ["hallucination", "outdated", "unsupported"]
KEY = {2: "hallucination", 4: "outdated", 5: "unsupported"}


def spans(**fields: Any) -> SpanMarking:
    question = QUESTION_ADAPTER.validate_python(
        {**BASE, "type": "span_marking", "segments": SIX, **fields}
    )
    assert isinstance(question, SpanMarking)
    return question


def categorised(**fields: Any) -> SpanMarking:
    return spans(categories=CATEGORIES, answer=KEY, **fields)


def credit(question: SpanMarking, response: object) -> float:
    return score(question, response).credit


# -- the sentence splitter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Use a tool, e.g. Python. Then stop.", ["Use a tool, e.g. Python.", "Then stop."]),
        ("Ask i.e. Bob first. Done.", ["Ask i.e. Bob first.", "Done."]),
        (
            "Dr. Smith and Mrs. Jones met. They talked.",
            ["Dr. Smith and Mrs. Jones met.", "They talked."],
        ),
        ("It rose 3.5 percent. Good.", ["It rose 3.5 percent.", "Good."]),
        (
            "Version 2.10.1 shipped. Later, v3.0 came.",
            ["Version 2.10.1 shipped.", "Later, v3.0 came."],
        ),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ("J. K. Rowling wrote it. Yes.", ["J. K. Rowling wrote it.", "Yes."]),
        ("It boils at 100 °C. It freezes.", ["It boils at 100 °C.", "It freezes."]),
        ("It boils at 212 F. Yes.", ["It boils at 212 F.", "Yes."]),
        ("Take Plan B. Then go.", ["Take Plan B. Then go."]),  # read as an initial: documented
        ("Smith et al. (2019) agree. Fine.", ["Smith et al. (2019) agree.", "Fine."]),
        ("At 9 a.m. Sam left. Ok.", ["At 9 a.m. Sam left.", "Ok."]),
        ("See No. 5 on p. 12 now. Then No. 6.", ["See No. 5 on p. 12 now.", "Then No. 6."]),
        ("Was it? No. The answer is four.", ["Was it?", "No.", "The answer is four."]),
        ("It opened on May 1st. It closed.", ["It opened on May 1st.", "It closed."]),
        ("Apples, pears, etc. The end.", ["Apples, pears, etc.", "The end."]),
        ("Apples, pears, etc. and more.", ["Apples, pears, etc. and more."]),
        ('He said "Stop." Then left.', ['He said "Stop."', "Then left."]),
        ("Wait... What? Really?! Yes.", ["Wait...", "What?", "Really?!", "Yes."]),
        ("Visit example.com today. Now.", ["Visit example.com today.", "Now."]),
        ("it ends. and goes on", ["it ends. and goes on"]),
        ("Line one\ncontinues here. Next.", ["Line one continues here.", "Next."]),
        ("Intro.\n\nSecond paragraph", ["Intro.", "Second paragraph"]),
        ("Steps:\n- mix it\n- bake it", ["Steps:", "- mix it", "- bake it"]),
        (
            "Plan:\n1. The first. Then more.\n2. Next",
            ["Plan:", "1. The first.", "Then more.", "2. Next"],
        ),
        ("  \n\n  ", []),
    ],
)
def test_the_splitter_keeps_abbreviations_decimals_and_initials_together(
    text: str, expected: list[str]
) -> None:
    assert split_sentences(text) == expected


def test_a_response_is_split_and_explicit_segments_are_kept_as_given() -> None:
    question = spans(segments=None, response="Dr. Lee won. She won in 2020.", answer=[2])
    assert question.segment_texts() == ["Dr. Lee won.", "She won in 2020."]
    given = spans(answer=[1], segments=["A first part, no full stop", "  and  a second  "])
    assert given.segment_texts() == ["A first part, no full stop", "and a second"]


# -- credit: F1 over segments, a wrong category earning part of its hit -------------------------


def test_the_default_share_for_a_wrong_category_is_a_half() -> None:
    assert CATEGORY_CREDIT == 0.5
    assert categorised().category_credit == 0.5


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        # all right: hits 3, marked 3, keyed 3 -> 2*3/(3+3)
        ({"2": "hallucination", "4": "outdated", "5": "unsupported"}, 1.0),
        # one missed: hits 2 -> 2*2/(2+3) = 0.8
        ({"2": "hallucination", "4": "outdated"}, 0.8),
        # one extra: hits 3, marked 4 -> 6/7
        ({"1": "outdated", "2": "hallucination", "4": "outdated", "5": "unsupported"}, 6 / 7),
        # a wrong category: hits 1 + 0.5 + 1 = 2.5 -> 5/6
        ({"2": "hallucination", "4": "unsupported", "5": "unsupported"}, 5 / 6),
        # every category wrong: hits 1.5 -> 3/6
        ({"2": "outdated", "4": "unsupported", "5": "hallucination"}, 0.5),
        # one right, one extra with a category: hits 1, marked 2 -> 2/5
        ({"2": "hallucination", "3": "hallucination"}, 0.4),
        # only wrong segments: 0
        ({"1": "outdated", "3": "unsupported"}, 0.0),
        # none marked, though there are errors: 0
        ({}, 0.0),
        ([], 0.0),
        # a category never given (time ran out in the menus) counts as a wrong one: 2*0.5/(1+3)
        ({"2": None}, 0.25),
    ],
)
def test_hand_computed_f1_with_categories(response: object, expected: float) -> None:
    assert credit(categorised(), response) == pytest.approx(expected)


def test_the_share_for_a_wrong_category_is_set_per_item() -> None:
    # hits 1 + 0.25 + 1 = 2.25 -> 4.5/6 = 0.75
    response = {"2": "hallucination", "4": "unsupported", "5": "unsupported"}
    assert credit(categorised(category_credit=0.25), response) == pytest.approx(0.75)
    assert credit(categorised(category_credit=0), response) == pytest.approx(4 / 6)


def test_without_categories_credit_is_the_plain_f1() -> None:
    question = spans(answer=[2, 4])
    assert credit(question, [2, 4]) == 1.0
    assert credit(question, [2]) == pytest.approx(2 / 3)  # 2*1/(1+2)
    assert credit(question, [2, 3]) == pytest.approx(0.5)  # 2*1/(2+2)
    assert credit(question, [1, 2, 3, 4, 5, 6]) == pytest.approx(0.5)  # 2*2/(6+2)
    assert credit(question, []) == 0.0


def test_a_response_with_no_errors() -> None:
    question = spans(answer=[])
    result = score(question, [])
    assert result.credit == 1.0
    assert "none marked" in result.note
    assert credit(question, [3]) == 0.0
    assert credit(spans(categories=CATEGORIES, answer={}), {}) == 1.0


def test_credit_parts_name_every_marked_or_keyed_segment() -> None:
    parts = score(categorised(), {"1": "outdated", "4": "unsupported"}).parts
    assert parts == (("segment 1", 0.0), ("segment 2", 0.0), ("segment 4", 0.5), ("segment 5", 0.0))


@pytest.mark.parametrize("response", ["2 4", 3, [0], [7], {"9": "outdated"}, {"x": "y"}, [True]])
def test_a_stored_response_that_is_not_one_earns_nothing(response: object) -> None:
    result = score(categorised(), response)
    assert result.credit == 0.0
    assert result.note == "response not understood"


# -- typed answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 5", [2, 5]),
        ("5,2", [2, 5]),
        ("2-4", [2, 3, 4]),
        ("2 – 4, 6", [2, 3, 4, 6]),
        ("2 2 3 2-3", [2, 3]),  # repeats are merged
        ("none", []),
        ("None", []),
        ("no errors", []),
    ],
)
def test_typed_segment_numbers(text: str, expected: list[int]) -> None:
    assert spans(answer=[2]).read_typed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2=hallucination 4=outdated", {"2": "hallucination", "4": "outdated"}),
        ("4:o, 2 = h", {"2": "hallucination", "4": "outdated"}),
        ("1-2=u", {"1": "unsupported", "2": "unsupported"}),
        ("2=h 2=h", {"2": "hallucination"}),
        ("none", {}),
    ],
)
def test_typed_segments_with_categories(text: str, expected: dict[str, str]) -> None:
    assert categorised().read_typed(text) == expected


@pytest.mark.parametrize(
    ("question", "text", "message"),
    [
        ("plain", "7", "segment 7 does not exist: the response has segments 1 to 6"),
        ("plain", "0", "segment 0 does not exist"),
        ("plain", "5-9", "segment 9 does not exist"),
        ("plain", "4-2", "write the range 4-2 as 2-4"),
        ("plain", "two", "'two' is not a segment number: type numbers from 1 to 6"),
        ("plain", "2=outdated", "this item has no categories"),
        ("plain", "99999999999", "is not a segment number"),
        ("categories", "2 4", "give a category for segment 2: type 2=hallucination"),
        ("categories", "2=h 2=o", "segment 2 is given two categories"),
        ("categories", "2=x", "'x' is not a category"),
        ("strict", "none", "this response has at least one error"),
        ("plain", "", "nothing was typed"),
    ],
)
def test_typed_answers_that_cannot_be_read_say_why(question: str, text: str, message: str) -> None:
    item = {
        "plain": spans(answer=[2]),
        "categories": categorised(),
        "strict": spans(answer=[2], allow_none=False),
    }[question]
    with pytest.raises(AnswerFormatError, match=message):
        item.read_typed(text)


def test_the_hint_and_file_form_name_the_shapes() -> None:
    assert "2 5 or 2-4; none" in spans(answer=[2]).answer_hint()
    assert "none" not in spans(answer=[2], allow_none=False).answer_hint()
    assert "2=hallucination" in categorised().answer_hint()
    assert "[2, 5]" in spans(answer=[2]).file_form()


def test_every_hint_example_can_be_typed() -> None:
    for question in (spans(answer=[2]), categorised()):
        example = question.answer_hint().split("e.g. ")[1].split(";")[0].split(" or ")[0]
        question.read_typed(example)


# -- answers-file values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([5, 2, 2], [2, 5]),
        (["2-3", 5], [2, 3, 5]),
        ("2 5", [2, 5]),
        (3, [3]),
        ([], []),
        ("none", []),
        (None, None),
    ],
)
def test_file_values_without_categories(value: object, expected: object) -> None:
    assert parse_value(spans(answer=[2]), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({2: "hallucination", 4: "out"}, {"2": "hallucination", "4": "outdated"}),
        ({"4": "o", "2": "h"}, {"2": "hallucination", "4": "outdated"}),
        (["2=h", "4=o"], {"2": "hallucination", "4": "outdated"}),
        ("2=h 4=o", {"2": "hallucination", "4": "outdated"}),
        ({}, {}),
    ],
)
def test_file_values_with_categories(value: object, expected: object) -> None:
    assert parse_value(categorised(), value) == expected


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("plain", [2, 9], "segment 9 does not exist"),
        ("plain", {2: "outdated"}, "this item has no categories: write a list"),
        ("plain", [2.5], "a list cannot answer a span-marking question"),
        ("plain", True, "true/false cannot answer"),
        ("categories", [2, 4], "give a category for each marked segment"),
        ("categories", {9: "outdated"}, "segment 9 does not exist"),
        ("categories", {2: "wrong"}, "'wrong' is not a category"),
        ("categories", {2: ["outdated"]}, "a mapping cannot answer"),
        ("strict", [], "this response has at least one error"),
    ],
)
def test_file_values_that_cannot_be_read_say_why(
    question: str, value: object, message: str
) -> None:
    item = {
        "plain": spans(answer=[2]),
        "categories": categorised(),
        "strict": spans(answer=[2], allow_none=False),
    }[question]
    with pytest.raises(AnswerFormatError, match=message):
        parse_value(item, value)


def test_responses_and_keys_in_words() -> None:
    question = categorised()
    assert question.key_text() == "2 (hallucination), 4 (outdated), 5 (unsupported)"
    assert format_response(question, {"4": "outdated", "2": None}) == "2, 4 (outdated)"
    assert format_response(question, {}) == "none (no errors)"
    assert format_response(spans(answer=[2]), [2, 5]) == "2, 5"
    assert format_response(question, [99]) == "[99]"  # not one: shown as stored


# -- semantic checks: located findings ---------------------------------------------------------


def _bank(tmp_path: Path, item: dict[str, Any]) -> list[tuple[int, str]]:
    fields = {
        "id": "x-spans",
        "type": "span_marking",
        "topic": "t",
        "difficulty": "easy",
        "prompt": "Mark the errors.",
        "explanation": "Sentence two is wrong because the record says otherwise, and so on.",
        **item,
    }
    text = yaml.safe_dump(
        {"format": 1, "bank": {"id": "x", "title": "X"}, "questions": [fields]}, sort_keys=False
    )
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return [(finding.line, finding.code) for finding in load_file(path).findings]


def _line_of(tmp_path: Path, needle: str) -> int:
    """The line of the ``needle`` (``needle@2``: its second occurrence; ``needle+1``: the line
    below it, where a block list or mapping's value starts)."""
    below = needle.endswith("+1")
    needle, _, nth = needle.removesuffix("+1").partition("@")
    lines = (tmp_path / "bank.yaml").read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if needle in line]
    return found[int(nth or 1) - 1] + below


def test_a_clean_item_has_no_findings(tmp_path: Path) -> None:
    assert _bank(tmp_path, {"segments": SIX, "answer": [2, 4]}) == []
    assert _bank(tmp_path, {"response": "One. Two. Three.", "answer": []}) == []


@pytest.mark.parametrize(
    ("item", "needle", "code"),
    [
        ({"segments": SIX, "answer": [2, 7]}, "- 7", "unknown-segment"),
        ({"segments": SIX, "answer": [0]}, "- 0", "unknown-segment"),
        ({"segments": SIX, "answer": [2, 2]}, "- 2@2", "duplicate-key"),
        (
            {"segments": SIX, "categories": CATEGORIES, "answer": {2: "wrong"}},
            "2: wrong",
            "unknown-category",
        ),
        (
            {"segments": SIX, "categories": CATEGORIES, "answer": {9: "outdated"}},
            "9:",
            "unknown-segment",
        ),
        (
            {"segments": SIX, "categories": CATEGORIES, "answer": [2]},
            "answer:+1",
            "missing-key",
        ),
        ({"segments": SIX, "answer": {2: "outdated"}}, "answer:+1", "unknown-category"),
        (
            {"segments": SIX, "categories": ["a", "a"], "answer": {2: "a"}},
            "categories:+1",
            "duplicate-key",
        ),
        ({"segments": ["One.", "  "], "answer": [1]}, "- '  '", "empty-text"),
        ({"segments": SIX, "answer": [], "allow_none": False}, "allow_none", "no-errors-refused"),
        ({"segments": ["One.", "Two."], "answer": [1, 2]}, "answer:+1", "every-segment-keyed"),
        ({"answer": [1]}, "id: x-spans", "segments-or-response"),
        (
            {"segments": SIX, "response": "One. Two.", "answer": [1]},
            "segments:+1",
            "segments-or-response",
        ),
    ],
)
def test_semantic_checks_are_located(
    tmp_path: Path, item: dict[str, Any], needle: str, code: str
) -> None:
    found = _bank(tmp_path, item)
    assert (_line_of(tmp_path, needle), code) in found, found


def test_a_response_that_splits_into_too_many_sentences_is_refused(tmp_path: Path) -> None:
    found = _bank(tmp_path, {"response": "Yes. " * 41, "answer": [1]})
    assert any(code == "too-many" for _, code in found)


def test_segments_may_not_be_empty_text(tmp_path: Path) -> None:
    assert _bank(tmp_path, {"segments": [], "answer": []})  # at least one segment
    assert _bank(tmp_path, {"segments": ["One.", ""], "answer": [1]})


# -- the shipped starter items ----------------------------------------------------------------

SHIPPED = [
    entry.question
    for entry in load_catalog([builtin_banks_dir()]).entries.values()
    if isinstance(entry.question, SpanMarking)
]


def test_the_shipped_items_split_as_their_explanations_say() -> None:
    by_id = {question.id: question for question in SHIPPED}
    library = by_id["fc-spans-library-opening"]
    assert len(library.segment_texts()) == 7
    assert library.segment_texts()[0].endswith("Saturday 15 June 2024.")
    assert library.segment_texts()[5].startswith("According to the council's 2023")
    apollo = by_id["fc-spans-apollo-landing"]
    assert len(apollo.segment_texts()) == 6
    assert apollo.segment_texts()[3].startswith("Aldrin was the first")
    assert "e.g. setting up experiments" in apollo.segment_texts()[4]
    for question in SHIPPED:
        assert 4 <= len(question.segment_texts()) <= 10
        assert len(question.key_marks()) <= 3
        assert question.key_marks() or question.allow_none  # a clean response says so
        assert score(question, question.answer).credit == 1.0


# -- review -----------------------------------------------------------------------------------


def render(renderable: RenderableType, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _result(question: SpanMarking, response: object) -> ItemResult:
    return ItemResult(
        position=0,
        item=FormItem(question.id, "b", "S", ()),
        topic=question.topic,
        type=question.type,
        difficulty=question.difficulty.value,
        points=1,
        score=score(question, response) if response is not None else score(question, None),
        response=response,
        flagged=False,
        seconds=1.0,
    )


def test_the_review_table_lines_up_both_marks_for_every_segment() -> None:
    question = categorised()
    mine = question.marks_of({"1": "outdated", "2": "hallucination", "4": "unsupported"})
    assert mine is not None
    text = render(marks_table(question, mine))
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line[:1].isdigit()}
    assert rows["1"] == ["outdated", "—", "✗"]
    assert rows["2"] == ["hallucination", "hallucination", "✓"]
    assert rows["3"] == ["—", "—", "✓"]
    assert rows["4"] == ["unsupported", "outdated", "~"]
    assert rows["5"] == ["—", "unsupported", "✗"]
    assert "~ right segment, wrong category: 50% of a hit" in text
    # hits 1 + 0.5 = 1.5, marked 3, keyed 3 -> 3/6
    assert "= 2×1.5/(3+3) = 50%" in " ".join(text.split())
    wide = render(marks_table(question, mine), width=100)
    assert "Dr. Amara Osei" in wide  # the segment's text beside the marks when there is room
    assert "Dr. Amara Osei" not in text


def test_the_review_page_fits_60_columns_and_shows_key_and_explanation() -> None:
    for question in SHIPPED:
        for response in (question.answer, [], {}):
            text = render(answer_page(_result(question, response), question, 2))
            assert all(len(line) <= 60 for line in text.splitlines()), question.id
            assert "[1]" in text
            assert "Key: " in text
            assert question.explanation.split()[0] in text


def test_review_of_an_unanswered_item_shows_the_key_alone() -> None:
    question = categorised()
    text = render(answer_page(_result(question, None), question, 1))
    assert "(no answer)" in text
    assert "You found 0 of the key's 3 errors and marked 0 segments" in " ".join(text.split())


def test_review_when_there_were_no_errors_and_none_were_marked() -> None:
    question = spans(answer=[])
    text = render(answer_page(_result(question, []), question, 1))
    assert "none (no errors)" in text
    assert "No errors in the key and none marked: full credit." in text


def test_an_anki_card_shows_the_numbered_response_and_the_key() -> None:
    from aitrainer_cli.banks.formats.anki import card_sides

    question = categorised()
    front, back = card_sides(question)
    assert "[2] It was written by Dr. Amara Osei." in front
    assert "2 (hallucination), 4 (outdated), 5 (unsupported)" in back


def test_control_characters_in_segments_reach_the_terminal_inert() -> None:
    from aitrainer_cli.ui.items.span_marking import numbered

    question = spans(segments=["Fine.", "Red \x1b[31m alert\x07."], answer=[2])
    text = render(numbered(question), width=80)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "[2]" in text
