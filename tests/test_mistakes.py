"""Mistake feedback: ``mistakes:`` patterns for preference, ranking, rating and claim checks,
their semantic checks, and the explanation shown beside a matching answer in feedback and review."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.exam.results import ItemResult
from aitrainer_cli.items import score
from aitrainer_cli.items.mistakes import MistakePatternError, matched_mistakes
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.question_view import key_view
from aitrainer_cli.ui.result_view import answer_page
from scenario_helpers import make
from support import REPO, Run

AB = {"responses": {"A": "one", "B": "two"}}
ABC = {"responses": {"A": "one", "B": "two", "C": "three"}}


def matches(question: Any, pattern: str, response: object) -> bool:
    test = question.mistake_test(pattern)
    assert test is not None
    return bool(test(response))


def codes(question: Any) -> list[str]:
    return [problem.code for problem in question.problems()]


# -- preference ----------------------------------------------------------------------------------


def test_preference_sides_values_and_ranges() -> None:
    question = make(type="preference", context=AB, answer=2)
    assert [matches(question, "A", r) for r in (-3, -1, 0, 1)] == [True, True, False, False]
    assert [matches(question, "B", r) for r in (-1, 0, 1, 3)] == [False, False, True, True]
    assert [matches(question, "0", r) for r in (-1, 0, 1)] == [False, True, False]
    assert [matches(question, "+3", r) for r in (2, 3)] == [False, True]
    assert [matches(question, "-3..-2", r) for r in (-3, -2, -1, 2)] == [True, True, False, False]
    assert not matches(question, "A", "-2")  # only canonical responses match
    assert not matches(question, "A", True)


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("C", "write A, B, a value"),
        ("-4", "outside the 7-point scale"),
        ("2..1", "LOW..HIGH"),
        ("left", "not a value or a range"),
    ],
)
def test_preference_patterns_that_do_not_read(pattern: str, says: str) -> None:
    question = make(type="preference", context=AB, answer=2)
    with pytest.raises(MistakePatternError, match=says):
        question.mistake_test(pattern)


# -- ranking -------------------------------------------------------------------------------------


def test_ranking_above_first_and_last() -> None:
    question = make(type="ranking", context=ABC, answer=["B", "A", "C"])
    assert matches(question, "C above A", ["C", "A", "B"])
    assert matches(question, "C above A", ["B", "C", "A"])
    assert not matches(question, "C above A", ["B", "A", "C"])
    assert not matches(question, "C above A", ["B", ["A", "C"]])  # a tie is not above
    assert matches(question, "A first", ["A", "B", "C"])
    assert matches(question, "A first", [["A", "B"], "C"])
    assert not matches(question, "A first", ["B", "A", "C"])
    assert matches(question, "B last", ["A", "C", "B"])
    assert matches(question, "B last", ["A", ["C", "B"]])
    assert matches(question, "B last", ["A", "C"])  # left out of a partial ranking: last
    assert not matches(question, "B last", ["B", "A", "C"])
    assert not matches(question, "C above A", "C A B")
    assert not matches(question, "C above A", ["C", "C"])


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("C over A", "write X above Y, X first or X last"),
        ("D above A", "'D' is not a response"),
        ("A above A", "two different responses"),
        ("A", "write X above Y"),
    ],
)
def test_ranking_patterns_that_do_not_read(pattern: str, says: str) -> None:
    question = make(type="ranking", context=ABC, answer=["B", "A", "C"])
    with pytest.raises(MistakePatternError, match=says):
        question.mistake_test(pattern)


# -- rating --------------------------------------------------------------------------------------


def rating(**fields: Any) -> Any:
    base: dict[str, Any] = {
        "type": "rating",
        "scale": {"min": 1, "max": 5},
        "dimensions": {"correctness": "c", "verbosity": "v"},
        "answer": {"correctness": 2, "verbosity": [3, 4]},
    }
    return make(**{**base, **fields})


def test_rating_dimension_ranges() -> None:
    question = rating()
    assert [matches(question, "correctness 4..5", {"correctness": v}) for v in (3, 4, 5)] == [
        False,
        True,
        True,
    ]
    assert matches(question, "verbosity 1", {"correctness": 2, "verbosity": 1})
    assert not matches(question, "verbosity 1", {"correctness": 1})


def test_rating_ranges_name_the_response_when_several_are_rated() -> None:
    question = rating(
        context=AB,
        responses=["A", "B"],
        answer={"A": {"correctness": 2, "verbosity": 3}, "B": {"correctness": 5, "verbosity": 3}},
    )
    response = {"A": {"correctness": 4, "verbosity": 3}, "B": {"correctness": 5, "verbosity": 3}}
    assert matches(question, "A correctness 4..5", response)
    assert not matches(question, "B correctness 1..2", response)
    with pytest.raises(MistakePatternError, match=r"RESPONSE DIMENSION LOW\.\.HIGH"):
        question.mistake_test("correctness 4..5")
    with pytest.raises(MistakePatternError, match="'C' is not a rated response"):
        question.mistake_test("C correctness 4..5")


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("helpfulness 4", "'helpfulness' is not a dimension"),
        ("correctness 6", "outside the scale"),
        ("correctness", "write DIMENSION LOW..HIGH"),
        ("verbosity 3..4", "lies within the key"),
        ("correctness 2", "lies within the key"),
    ],
)
def test_rating_patterns_that_do_not_read(pattern: str, says: str) -> None:
    with pytest.raises(MistakePatternError, match=says):
        rating().mistake_test(pattern)


# -- claim check ---------------------------------------------------------------------------------


def test_claim_verdicts_plain_and_cited() -> None:
    plain = make(
        type="claim_check",
        claims={"c1": "x", "c2": "y"},
        answer={"c1": "supported", "c2": "refuted"},
    )
    assert matches(plain, "c2 supported", {"c1": "supported", "c2": "supported"})
    assert not matches(plain, "c2 supported", {"c1": "supported", "c2": "not_enough_info"})
    assert matches(plain, "c2 supported", {"c2": {"verdict": "supported", "passage": 1}})
    with pytest.raises(MistakePatternError, match="'c3' is not a claim"):
        plain.mistake_test("c3 supported")
    with pytest.raises(MistakePatternError, match="'true' is not a verdict"):
        plain.mistake_test("c1 true")


# -- semantic checks and the types that take no mistakes ---------------------------------------


def test_a_bad_pattern_is_a_located_problem() -> None:
    question = make(
        type="ranking",
        context=ABC,
        answer=["B", "A", "C"],
        mistakes=[{"when": "C over A", "feedback": "no"}],
    )
    (problem,) = [p for p in question.problems() if p.code == "bad-mistake"]
    assert problem.path == ("mistakes", 0, "when")


def test_a_mistake_that_matches_the_key_is_a_problem() -> None:
    question = make(
        type="preference", context=AB, answer=-2, mistakes=[{"when": "A", "feedback": "f"}]
    )
    assert "mistake-is-key" in codes(question)
    claims = make(
        type="claim_check",
        claims={"c1": "x"},
        answer={"c1": "refuted"},
        mistakes=[{"when": "c1 refuted", "feedback": "f"}],
    )
    assert "mistake-is-key" in codes(claims)


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "true_false", "answer": True},
        {"type": "single_choice", "options": {"a": "x", "b": "y"}, "answer": "a"},
        {"type": "free_text", "model_answer": "m", "rubric": [{"point": "p", "any_of": ["x"]}]},
    ],
)
def test_types_without_mistake_tests_take_no_mistakes(fields: dict[str, Any]) -> None:
    question = make(**fields, mistakes=[{"when": "anything", "feedback": "f"}])
    assert "mistakes-unsupported" in codes(question)
    assert matched_mistakes(question, True) == []


def test_matching_never_raises_and_keeps_the_listed_order() -> None:
    question = make(
        type="ranking",
        context=ABC,
        answer=["B", "A", "C"],
        mistakes=[
            {"when": "C first", "feedback": "one"},
            {"when": "C above A", "feedback": "two"},
            {"when": "A last", "feedback": "three"},
        ],
    )
    assert [m.feedback for m in matched_mistakes(question, ["C", "B", "A"])] == [
        "one",
        "two",
        "three",
    ]
    assert matched_mistakes(question, ["B", "A", "C"]) == []
    assert matched_mistakes(question, None) == []
    assert matched_mistakes(question, {"weird": object()}) == []


# -- the shipped starter mistakes ---------------------------------------------------------------

SHIPPED = load_catalog([builtin_banks_dir()]).entries


def shipped(question_id: str) -> Any:
    return SHIPPED[question_id].question


def test_shipped_mistakes_catch_the_tempting_wrong_answers() -> None:
    buttermilk = shipped("rp-rank-buttermilk-swap")
    assert [m.when for m in matched_mistakes(buttermilk, ["B", "C", "A"])] == ["C above A"]
    assert [m.when for m in matched_mistakes(buttermilk, ["A", "B", "C"])] == ["A above B"]
    assert matched_mistakes(buttermilk, ["B", "A", "C"]) == []
    packing = shipped("rp-tie-packing-list")
    assert [m.when for m in matched_mistakes(packing, 1)] == ["B"]
    assert [m.when for m in matched_mistakes(packing, -2)] == ["A"]
    assert matched_mistakes(packing, 0) == []
    credentials = shipped("rp-tie-invented-credentials")
    assert [m.when for m in matched_mistakes(credentials, 1)] == ["B"]
    oven = shipped("rr-multi-oven-both-responses")
    rated = {
        "A": {"helpfulness": 4, "correctness": 4, "verbosity": 3},
        "B": {"helpfulness": 1, "correctness": 3, "verbosity": 3},
    }
    assert [m.when for m in matched_mistakes(oven, rated)] == [
        "B correctness 2..4",
        "A verbosity 3..4",
    ]
    ferry = shipped("fc-ferry-passages-cited")
    wrong = {"c3": {"verdict": "supported", "passage": 1}, "c5": {"verdict": "refuted"}}
    assert [m.when for m in matched_mistakes(ferry, wrong)] == ["c3 supported", "c5 refuted"]


def test_every_shipped_mistake_is_a_wrong_answer() -> None:
    for entry in SHIPPED.values():
        question = entry.question
        assert not [p for p in question.problems() if "mistake" in p.code], question.id


# -- on screen -----------------------------------------------------------------------------------


def render(renderable: Any, width: int = 60) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True).print(renderable)
    return " ".join(buffer.getvalue().split())


def result_for(question: Any, response: object) -> ItemResult:
    return ItemResult(
        position=0,
        item=FormItem(question.id, "b", "S", ()),
        topic=question.topic,
        type=question.type,
        difficulty="easy",
        points=1.0,
        response=response,
        score=score(question, response),
        flagged=False,
        seconds=3.0,
    )


def test_the_answer_page_explains_only_the_mistakes_the_answer_made() -> None:
    question = shipped("rp-rank-buttermilk-swap")
    page = render(answer_page(result_for(question, ["B", "C", "A"]), question, 5))
    assert "About your answer" in page
    assert "About your answer C above A C sounds precise" in page
    assert "A's reassuring sentences" not in page
    assert page.index("About your answer") < page.index("Key and explanation")
    right = render(answer_page(result_for(question, ["B", "A", "C"]), question, 5))
    assert "About your answer" not in right
    assert "C sounds precise" not in right


def test_the_answer_page_fits_60_columns_with_mistakes() -> None:
    question = shipped("fc-ferry-passages-cited")
    response = {"c3": {"verdict": "supported", "passage": 1}, "c5": {"verdict": "refuted"}}
    buffer = io.StringIO()
    Console(file=buffer, width=60, no_color=True).print(
        answer_page(result_for(question, response), question, 5)
    )
    assert all(len(line) <= 60 for line in buffer.getvalue().splitlines())
    assert "  c5 refuted\n" in buffer.getvalue()


def test_showing_a_bank_lists_every_mistake_with_its_pattern() -> None:
    question = shipped("rp-tie-packing-list")
    text = render(key_view(question))
    assert "Feedback on tempting wrong answers" in text
    assert "A A's flat list" in text
    assert "B B's headings" in text


def small_bank(tmp_path: Path, wanted: dict[str, list[str]]) -> Path:
    """A bank of a few shipped items (bank file name -> question ids)."""
    questions = []
    for bank, ids in wanted.items():
        data = yaml.safe_load((REPO / "question_banks" / f"{bank}.yaml").read_text("utf-8"))
        # without the bank's guideline, section references would not resolve
        questions += [
            {k: v for k, v in q.items() if k != "guideline"}
            for q in data["questions"]
            if q["id"] in ids
        ]
    path = tmp_path / "small.yaml"
    header = {"id": "small", "title": "Small", "description": "A few shipped items."}
    document = {"format": 1, "bank": header, "questions": questions}
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_an_answers_file_run_names_the_mistakes_each_answer_made(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    bank = small_bank(
        tmp_path,
        {
            "ranking-preference": ["rp-rank-buttermilk-swap", "rp-tie-packing-list"],
            "rubric-rating": ["rr-multi-oven-both-responses"],
            "fact-checking": ["fc-ferry-passages-cited"],
        },
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "rp-rank-buttermilk-swap: B C A\n"
        "rp-tie-packing-list: 0\n"
        "rr-multi-oven-both-responses: {A: [4, 4, 2], B: [1, 3, 3]}\n"
        "fc-ferry-passages-cited: s1 r2 r3 s2 r\n",
        "utf-8",
    )
    args = ["--banks", str(bank), "--no-builtin", "--bank", "small", "--count", "4"]
    result = cli("exam", *args, "--answers", str(answers), "--json")
    assert result.code == 0, result.err
    items = {item["question_id"]: item for item in json.loads(result.out)["items"]}
    assert items["rp-rank-buttermilk-swap"]["mistakes"] == ["C above A"]
    assert items["rp-tie-packing-list"]["mistakes"] == []
    assert items["rr-multi-oven-both-responses"]["mistakes"] == ["B correctness 2..4"]
    # B correctness 3 against 0-1 (two off): 0; every other cell right: 5 of 6
    assert items["rr-multi-oven-both-responses"]["credit"] == pytest.approx(5 / 6, abs=1e-3)
    assert items["fc-ferry-passages-cited"]["mistakes"] == ["c5 refuted"]
    # c5 refuted against not_enough_info: 0.25; the rest right with their passages
    assert items["fc-ferry-passages-cited"]["credit"] == pytest.approx(4.25 / 5, abs=1e-3)


# -- span marking (opted in by implementing mistake_test) ----------------------------------------


def spans(**fields: Any) -> Any:
    base: dict[str, Any] = {
        "type": "span_marking",
        "segments": ["First.", "Second.", "Third."],
        "categories": ["hallucination", "grammar"],
        "answer": {2: "hallucination"},
    }
    return make(**{**base, **fields})


def test_span_marking_segments_unmarked_marked_and_by_category() -> None:
    question = spans()
    assert matches(question, "segment 2 unmarked", {"3": "grammar"})
    assert matches(question, "segment 2 unmarked", {})
    assert not matches(question, "segment 2 unmarked", {"2": "grammar"})
    assert matches(question, "segment 3 marked", {"2": "hallucination", "3": "grammar"})
    assert matches(question, "segment 2 as grammar", {"2": "grammar"})
    assert not matches(question, "segment 2 as grammar", {"2": "hallucination"})
    assert not matches(question, "segment 2 unmarked", "2")


def test_span_marking_patterns_that_do_not_read_or_match_the_key() -> None:
    question = spans()
    with pytest.raises(MistakePatternError, match="segment 9 does not exist"):
        question.mistake_test("segment 9 unmarked")
    with pytest.raises(MistakePatternError, match="write segment N unmarked"):
        question.mistake_test("sentence 2 unmarked")
    with pytest.raises(MistakePatternError, match="categories: hallucination, grammar"):
        question.mistake_test("segment 2 as typo")
    keyed = spans(mistakes=[{"when": "segment 2 marked", "feedback": "f"}])
    assert "mistake-is-key" in codes(keyed)
    fine = spans(mistakes=[{"when": "segment 2 unmarked", "feedback": "f"}])
    assert codes(fine) == []
