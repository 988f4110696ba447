"""Rubric points: any_of, all_of, none_of and required, with hand-computed credit; how phrases
match; and the semantic checks an author gets, located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aitrainer_cli.banks.loader import load_file
from aitrainer_cli.items import QUESTION_ADAPTER, Question, score
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.items.patterns import matches

BASE = {"id": "q", "topic": "t", "difficulty": "easy", "prompt": "p", "explanation": "e"}

VERDICT = {
    "point": "B is better",
    "required": True,
    "any_of": ["/\\bB\\b[^.]{0,20}better/"],
    "none_of": ["A is better", "/\\bB is not better/"],
}
NUMBERS = {"point": "30 against 60", "all_of": ["30", "60"], "none_of": ["30 days is correct"]}
CAUSE = {"point": "the consequence", "any_of": ["move out", "rights"]}
MODEL = "B is better: 60 days, not 30, so the tenant need not move out."


def question(*points: dict[str, Any], model: str = MODEL, **fields: Any) -> Question:
    return QUESTION_ADAPTER.validate_python(
        {**BASE, "type": "free_text", "model_answer": model, "rubric": list(points), **fields}
    )


def credit(q: Question, text: str) -> float:
    return score(q, text).credit


def test_all_points_made_earn_full_credit() -> None:
    assert credit(question(VERDICT, NUMBERS, CAUSE), MODEL) == 1.0


def test_a_missed_required_point_makes_the_credit_zero_and_says_why() -> None:
    q = question(VERDICT, NUMBERS, CAUSE)
    result = score(q, "A is better: 60 days, not 30, so the tenant need not move out.")
    assert result.credit == 0.0
    assert result.note.startswith("the verdict is wrong or missing")
    assert result.parts == (("B is better", 0.0), ("30 against 60", 1.0), ("the consequence", 1.0))


def test_none_of_cancels_a_point_even_when_its_any_of_matches() -> None:
    q = question(VERDICT, NUMBERS, CAUSE)
    # "B" and "better" are both there, but so is the opposite verdict
    assert credit(q, "B is worse; A is better. 60 days, not 30; move out.") == 0.0
    assert credit(q, "B is not better. 60 days, not 30; move out.") == 0.0
    check = q.checks("B is not better.")[0]  # type: ignore[attr-defined]
    assert check.found
    assert check.cancelled_by == "/\\bB is not better/"
    assert check.status == "REQUIRED, cancelled: also matches none_of '/\\\\bB is not better/'"


def test_all_of_needs_every_entry_and_partial_credit_is_the_share_made() -> None:
    q = question(VERDICT, NUMBERS, CAUSE)
    assert credit(q, "B is better, since 60 days are needed.") == pytest.approx(1 / 3)
    missing = q.checks("B is better, 60 days")[1]  # type: ignore[attr-defined]
    assert missing.missing == ("30",)
    assert missing.status == "missed (lacks all_of '30')"
    assert credit(q, "B is better: 60 days, not 30.") == pytest.approx(2 / 3)
    # the numbers point cancelled by its own none_of, the other two made
    assert credit(q, "B is better, 60 not 30 days is correct; move out") == pytest.approx(2 / 3)


def test_any_of_and_all_of_combine_with_and() -> None:
    point = {"point": "p", "any_of": ["egg"], "all_of": ["1.5"]}
    q = question(point, model="1.5 eggs")
    assert credit(q, "1.5 eggs") == 1.0
    assert credit(q, "1.5 cups") == 0.0
    assert credit(q, "eggs") == 0.0


def test_min_words_still_scales_and_blank_is_zero() -> None:
    q = question(VERDICT, NUMBERS, CAUSE, min_words=20)
    assert credit(q, MODEL) == pytest.approx(14 / 20)  # 14 words of 20
    assert score(q, "   ").note == "blank answer"


@pytest.mark.parametrize(
    ("entry", "text", "found"),
    [
        ("son", "my SON's homework", True),
        ("son", "for that reason", False),  # a phrase starts at a word start
        ("refus", "C refused to help", True),  # and may end inside a word (a stem)
        ("store credit", "store\n  credit", True),  # any whitespace between words
        ("isn't", "it isn\u2019t", True),  # curly quotes read as straight ones
        ("12(2)", "s. 12(2) says", True),  # punctuation is literal
        ("c++", "about C++", True),
        ("€100", "under €100", True),
        ("/\\bB\\b/", "b is", True),  # patterns ignore case too…
        ("/(?-i:B) is/", "b is", False),  # …unless the pattern says otherwise
        ("/line one line two/", "line one\nline two", True),  # patterns see whitespace as one space
    ],
)
def test_how_entries_match(entry: str, text: str, found: bool) -> None:
    assert matches(entry, text) is found


def problems(**point: Any) -> list[tuple[tuple[str | int, ...], str]]:
    q = question({"point": "p", **point}, model="the model answer says B is better")
    assert isinstance(q, FreeText)
    return [(p.path, p.code) for p in q.problems() if p.path[0] == "rubric"]


def test_an_empty_all_of_or_none_of_is_reported_where_it_is() -> None:
    assert problems(any_of=["B is better"], all_of=[]) == [
        (("rubric", 0, "all_of"), "empty-all-of")
    ]
    assert problems(any_of=["B is better"], none_of=[]) == [
        (("rubric", 0, "none_of"), "empty-none-of")
    ]
    assert (("rubric", 0, "point"), "point-never-found") in problems(none_of=["x"])


def test_a_none_of_entry_the_model_answer_matches_is_an_authoring_error() -> None:
    assert problems(any_of=["B is better"], none_of=["nothing", "/says b/"]) == [
        (("rubric", 0, "none_of", 1), "none-of-matches-model-answer")
    ]


def test_a_bad_regex_is_reported_in_any_list() -> None:
    for kind in ("any_of", "all_of", "none_of"):
        found = problems(**{"any_of": ["B is better"], kind: ["B is better", "/(/"]})
        assert (("rubric", 0, kind, 1), "bad-regex") in found


def test_a_model_answer_that_misses_a_point_is_a_warning() -> None:
    assert problems(any_of=["A is better"]) == [(("rubric", 0), "model-answer-misses-point")]


def test_the_findings_carry_the_line_of_the_entry(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: {id: b, title: B, version: 1}\n"
        "questions:\n"
        "  - id: b-ft\n"
        "    type: free_text\n"
        "    topic: t\n"
        "    difficulty: easy\n"
        "    prompt: Why?\n"
        "    explanation: Because the model answer gives the reason in full.\n"
        "    model_answer: B is better because it is right.\n"
        "    rubric:\n"
        "      - point: the verdict\n"
        "        required: true\n"
        "        any_of: [B is better]\n"
        "        none_of:\n"
        "          - A is better\n"
        "          - it is right\n"
        "        all_of: []\n",
        encoding="utf-8",
    )
    found = {(f.code, f.line) for f in load_file(bank).findings}
    assert ("none-of-matches-model-answer", 16) in found
    assert ("empty-all-of", 17) in found
