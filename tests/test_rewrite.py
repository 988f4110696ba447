"""The ``rewrite`` item type: each check kind with hand-computed credit, weights, the unchanged
and blank zero cases, authoring errors located in the bank, the shipped items, answers-file
values, and the review page (per-check pass/fail and a word diff readable without colour)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.answers import AnswerFormatError, format_response, parse_value
from aitrainer_cli.items import QUESTION_ADAPTER, score
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.items.rewrite_checks import change, sentence_count, word_count, word_diff
from aitrainer_cli.paths import builtin_banks_dir
from support import Run

EXPLAIN = "The rewrite must fix the year and keep the short plain answer the user asked for."
ORIGINAL = "The Eiffel Tower was finished in 1899 and is **324 metres** tall."
GOOD = "The Eiffel Tower was finished in 1889 and is 330 metres tall today."


def question(checks: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "rw",
        "type": "rewrite",
        "topic": "t",
        "difficulty": "easy",
        "prompt": "Fix the response.",
        "original": ORIGINAL,
        "model_answer": GOOD,
        "checks": checks,
        "explanation": EXPLAIN,
        **extra,
    }


def rewrite(checks: list[dict[str, Any]], **extra: Any) -> Rewrite:
    made = QUESTION_ADAPTER.validate_python(question(checks, **extra))
    assert isinstance(made, Rewrite)
    return made


def check(kind: str, value: object, cid: str = "c", weight: float | None = None) -> dict:
    made: dict[str, object] = {"id": cid, "description": f"{kind} check", kind: value}
    if weight is not None:
        made["weight"] = weight
    return made


def passes(kind: str, value: object, text: str, original: str = ORIGINAL) -> bool:
    item = rewrite([check(kind, value)], original=original)
    return item.passed(item.checks[0], text)


# -- each kind -----------------------------------------------------------------------------------


def test_removed_passes_only_when_every_phrase_is_gone() -> None:
    assert passes("removed", ["1899"], GOOD)
    assert not passes("removed", ["1899"], "It was finished in 1899.")
    assert not passes("removed", ["1899", "324"], "Finished in 1889, 324 m tall.")
    assert passes("removed", ["/\\b18[0-9]9\\b/"], "Finished in 1910.")
    assert not passes("removed", ["/\\b18[0-9]9\\b/"], "Finished in 1889.")


def test_kept_passes_only_when_every_phrase_survives_ignoring_case() -> None:
    assert passes("kept", ["Eiffel Tower", "metres"], GOOD.upper())
    assert not passes("kept", ["Eiffel Tower", "metres"], "The tower is 330 m tall.")


def test_includes_any_of_and_all_of() -> None:
    assert passes("includes", {"any_of": ["1889", "eighteen eighty-nine"]}, GOOD)
    assert not passes("includes", {"any_of": ["1887", "1888"]}, GOOD)
    assert passes("includes", {"all_of": ["1889", "330"]}, GOOD)
    assert not passes("includes", {"all_of": ["1889", "300 m"]}, GOOD)
    both = {"all_of": ["1889"], "any_of": ["330", "300"]}
    assert passes("includes", both, GOOD)
    assert not passes("includes", both, "Finished in 1889.")


def test_excludes_passes_when_no_phrase_appears() -> None:
    assert passes("excludes", ["Sure!", "/as an ai/"], GOOD)
    assert not passes("excludes", ["Sure!", "/as an ai/"], "As an AI, I think 1889.")


def test_word_and_sentence_limits() -> None:
    assert word_count("- one two\n- three - four") == 4  # a bullet dash is no word
    assert sentence_count('One. Two! "Three?" Four') == 4
    assert sentence_count("No end\nsecond line\n\n...") == 2
    assert sentence_count("Pi is 3.14 here.") == 1
    text = "One two three. Four five."
    assert passes("max_words", 5, text)
    assert not passes("max_words", 4, text)
    assert passes("min_words", 5, text)
    assert not passes("min_words", 6, text)
    assert passes("max_sentences", 2, text)
    assert not passes("max_sentences", 1, text)


def test_format_json_bullets_and_no_markdown() -> None:
    assert passes("format", "json", '{"capital": "Canberra"}')
    assert passes("format", "json", " [1, 2]\n")
    assert not passes("format", "json", 'Here: {"capital": "Canberra"}')
    assert not passes("format", "json", '```json\n{"a": 1}\n```')
    assert not passes("format", "json", "NaN")
    assert not passes("format", "json", "[" * 100_000)  # too deep: refused, not a crash
    assert passes("format", "bullets", "- flour\n- milk\n  (whole)\n* eggs")
    assert not passes("format", "bullets", "You need:\n- flour\n- milk")
    assert not passes("format", "bullets", "flour, milk")
    assert passes("format", "no_markdown", GOOD)
    for marked in ("# Title\ntext", "a **bold** word", "- item", "1. item", "see [x](y)", "`x`"):
        assert not passes("format", "no_markdown", marked), marked


def test_min_change_is_the_share_of_words_not_in_common() -> None:
    # 12 and 13 words (case and the ** around them ignored), 10 in common: 1 - 2 * 10 / 25
    assert change("b a", "a b") == 0  # order is not change
    assert change("a a b", "a b b") == pytest.approx(1 - 2 * 2 / 6)
    assert change(ORIGINAL, GOOD) == pytest.approx(0.2)
    assert change("- A b, c.", "a B c") == 0
    assert change("a b c d", "a b c d") == 0
    assert change("a b c d", "w x y z") == 1
    assert passes("min_change", 0.2, GOOD)
    assert not passes("min_change", 0.25, GOOD)


# -- credit ------------------------------------------------------------------------------------

CHECKS = [
    check("removed", ["1899"], "year-gone", 3),
    check("includes", {"any_of": ["1889"]}, "right-year", 2),
    check("format", "no_markdown", "plain"),
    check("max_words", 10, "short"),
]
"""Weights 3 + 2 + 1 + 1 = 7."""


def test_credit_is_the_weighted_share_of_checks_passed() -> None:
    item = rewrite(CHECKS)
    # GOOD: year gone, right year, plain, but 12 words > 10: (3 + 2 + 1) / 7
    result = score(item, GOOD)
    assert result.credit == pytest.approx(6 / 7)
    assert dict(result.parts) == {"year-gone": 1, "right-year": 1, "plain": 1, "short": 0}
    # only the bold removed: plain and short (9 words) pass: 2 / 7
    assert score(item, "The Eiffel Tower was finished in 1899, 324 m.").credit == pytest.approx(
        2 / 7
    )
    # year fixed, still bold and long: 5 / 7
    fixed_year = ORIGINAL.replace("1899", "1889")
    assert score(item, fixed_year).credit == pytest.approx(5 / 7)
    assert score(item, "Finished in 1889, 330 m tall.").credit == 1.0


def test_an_unchanged_response_earns_nothing_whatever_the_checks_say() -> None:
    lenient = rewrite([check("kept", ["Eiffel"], "keeps-name"), check("max_words", 50, "short")])
    assert score(lenient, ORIGINAL).credit == 0
    respaced = "  " + ORIGINAL.replace(" ", "\n  ") + "\n"
    result = score(lenient, respaced)
    assert result.credit == 0
    assert result.note == "the response was not changed"
    assert dict(result.parts) == {"keeps-name": 1, "short": 1}  # shown, not credited
    assert score(lenient, ORIGINAL + " Indeed.").credit == 1.0


def test_blank_and_malformed_responses_earn_nothing() -> None:
    item = rewrite(CHECKS)
    assert score(item, "   ").credit == 0
    assert score(item, "   ").note == "blank answer"
    assert score(item, {"text": GOOD}).credit == 0
    assert score(item, None).note == "unanswered"


# -- authoring errors, located -------------------------------------------------------------------


def _codes(item: Rewrite) -> dict[str, tuple[Any, ...]]:
    return {p.code: p.path for p in item.problems()}


def test_semantic_checks_find_each_authoring_error() -> None:
    item = rewrite(
        [
            check("removed", ["1999"], "a"),
            check("kept", ["/Eiffel/", "/(unclosed/"], "b"),
            {"id": "c", "description": "two kinds", "max_words": 50, "min_words": 2},
            {"id": "d", "description": "no kind"},
            check("includes", {}, "e"),
            check("max_words", 3, "a"),
        ]
    )
    codes = _codes(item)
    assert codes["removed-not-in-original"] == ("checks", 0, "removed", 0)
    assert codes["bad-regex"] == ("checks", 1, "kept", 1)
    assert codes["check-kind"] in {("checks", 2), ("checks", 3), ("checks", 4, "includes")}
    kinds = [p for p in item.problems() if p.code == "check-kind"]
    assert [p.path for p in kinds] == [("checks", 2), ("checks", 3), ("checks", 4, "includes")]
    assert "names max_words, min_words" in kinds[0].message
    assert codes["duplicate-key"] == ("checks", 5, "id")
    assert codes["model-answer-fails"] == ("model_answer",)
    assert "a" in next(p.message for p in item.problems() if p.code == "model-answer-fails")


def test_a_model_answer_equal_to_the_original_and_toothless_checks_are_flagged() -> None:
    same = rewrite([check("kept", ["Eiffel"])], model_answer=ORIGINAL + "\n")
    assert "model-answer-unchanged" in _codes(same)
    toothless = rewrite([check("kept", ["Eiffel"])])
    warning = next(p for p in toothless.problems() if p.code == "checks-pass-original")
    assert warning.severity == "warning"


def test_clean_checks_have_no_problems() -> None:
    assert list(rewrite(CHECKS[:3]).problems()) == []


def _validate(cli: Callable[..., Run], tmp_path: Path, checks: list[dict[str, Any]]) -> str:
    bank = {"format": 1, "bank": {"id": "rw-bank", "title": "Rw"}, "questions": [question(checks)]}
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    result = cli("bank", "validate", str(path))
    assert result.code != 0
    assert "Traceback" not in result.out + result.err
    return result.out + result.err


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("bad", "needle", "code"),
    [
        (check("removed", ["/(1899/"]), "(1899", "bad-regex"),
        (check("removed", ["1999"]), "1999", "removed-not-in-original"),
        ({"id": "c", "description": "d", "contains": ["x"]}, "contains", ""),
        (check("removed", ["1899"], weight=0), "weight", ""),
        (check("format", "yaml"), "format: yaml", "bad-value"),
    ],
    ids=["bad-regex", "removed-absent", "unknown-kind", "zero-weight", "unknown-format"],
)
def test_bank_validate_locates_bad_checks(
    cli: Callable[..., Run], tmp_path: Path, bad: dict[str, Any], needle: str, code: str
) -> None:
    out = _validate(cli, tmp_path, [check("removed", ["1899"], "fine"), bad])
    line = _line_of(tmp_path / "bank.yaml", needle)
    assert re.search(rf"bank\.yaml:{line}:\d+: {code}", out), out


# -- the shipped items ---------------------------------------------------------------------------

SHIPPED = [
    entry.question
    for entry in load_catalog([builtin_banks_dir()]).entries.values()
    if isinstance(entry.question, Rewrite)
]


def test_there_are_shipped_rewrite_items() -> None:
    assert len(SHIPPED) >= 2


@pytest.mark.parametrize("item", SHIPPED, ids=[q.id for q in SHIPPED])
def test_a_shipped_model_answer_earns_full_credit_and_the_original_none(item: Rewrite) -> None:
    assert score(item, item.model_answer).credit == 1.0
    assert score(item, item.original).credit == 0
    assert list(item.problems()) == []
    # every check is one the original fails or one that guards what must survive
    assert any(not c.passes(item.original, item.original) for c in item.checks)


def test_the_capitals_item_gives_partial_credit_for_half_fixes() -> None:
    item = next(q for q in SHIPPED if q.id == "if-cvf-rewrite-capitals-json")
    fence_only = item.original.replace("Sydney", "Canberra")  # weights 2+1+2+1 = 6
    assert score(item, fence_only).credit == pytest.approx(4 / 6)
    format_only = item.model_answer.replace("Canberra", "Sydney")
    assert score(item, format_only).credit == pytest.approx(3 / 6)


def test_the_newsletter_item_gives_partial_credit_for_half_fixes() -> None:
    item = next(q for q in SHIPPED if q.id == "if-ec-rewrite-newsletter-summary")
    # weights: plain 2, limit 2, day gone 1, Friday 4, keeps changes 1, still 20 words 1 = 11
    bold_gone = item.original.replace("**", "")  # still bullets, long, Mondays
    assert score(item, bold_gone).credit == pytest.approx(2 / 11)  # keeps changes, 20 words
    short_wrong_day = item.model_answer.replace("Fridays", "Mondays")
    assert score(item, short_wrong_day).credit == pytest.approx(6 / 11)  # all but the day


# -- answers and words -----------------------------------------------------------------------------


def test_answers_file_values() -> None:
    item = rewrite(CHECKS)
    assert parse_value(item, "Line one.\nLine two.\n") == "Line one.\nLine two."
    assert parse_value(item, "  ") is None
    with pytest.raises(AnswerFormatError, match="a mapping cannot answer a rewrite question"):
        parse_value(item, {"capital": "Canberra"})  # unquoted JSON in YAML is a mapping
    assert format_response(item, "Text\nhere") == "Text\nhere"
    assert item.key_text() == GOOD


def test_the_word_diff_marks_deletions_and_insertions() -> None:
    assert word_diff("a b c", "a x c d") == [
        ("same", "a"),
        ("del", "b"),
        ("ins", "x"),
        ("same", "c"),
        ("ins", "d"),
    ]


def _page(item_question: Rewrite, response: object, width: int = 60) -> str:
    """The review page of one answer, as a terminal without colour shows it."""
    from aitrainer_cli.exam.assembly import FormItem
    from aitrainer_cli.exam.attempt import ItemState
    from aitrainer_cli.exam.results import grade_item
    from aitrainer_cli.ui.result_view import answer_page

    form_item = FormItem(item_question.id, "rw-bank", "S")
    result = grade_item(0, form_item, item_question, ItemState(response))
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(answer_page(result, item_question, 1))
    return console.export_text()


def test_review_shows_each_check_and_a_diff_readable_without_colour() -> None:
    item = rewrite(CHECKS)
    text = _page(item, "The tower was finished in 1889.")
    assert all(len(line) <= 60 for line in text.splitlines())
    flat = " ".join(text.split())
    assert "removed check 3 passed passed" in flat
    assert "max_words check 1 passed FAILED" in flat  # the model answer has 12 words
    # case and punctuation aside, the learner's words are all in the model answer
    assert "The {+Eiffel+} Tower was finished in 1889 {+and is 330 metres tall today.+}" in flat
    assert flat.count("[-") == 1  # the legend's only
    worse = " ".join(_page(item, "A tower was finished in 1899.").split())
    assert "[-A-] {+The Eiffel+} Tower was finished in [-1899.-] {+1889 and is" in worse
    assert "Model answer:" in flat
    unanswered = " ".join(_page(item, None).split())
    assert "removed check 3 — passed" in unanswered
    assert "only yours" not in unanswered


def test_review_keeps_bank_and_learner_text_inert() -> None:
    item = rewrite(CHECKS)
    text = _page(item, "Finished in 1889 \x1b[31mred\x1b[0m [bold]x[/bold]")
    assert "\x1b" not in text
    assert "[bold]x[/bold]" in text


FAIR_REWRITES = {
    "if-ec-rewrite-newsletter-summary": [
        "From 1 March, the office opens at 8:00 (not 9:00). The cafeteria is closed on Fridays "
        "during the kitchen refit. Staff parking moves to Level 2 of the new Elm Street garage, "
        "and the old car park closes.",
        "From March 1st the office opens at 08:00 rather than 9:00; the cafeteria is shut on "
        "Fridays for a kitchen refit; staff now park on level two of the new Elm Street garage.",
        "Starting 1 Mar, opening is 8am. Cafeteria closed Fridays (kitchen refit). Parking: "
        "Level 2, new Elm Street garage; old car park closes.",
    ],
    "if-cvf-rewrite-capitals-json": [
        '[{"country":"Australia","capital":"Canberra"},{"country":"Canada","capital":"Ottawa"}]',
        '[\n {"capital": "Canberra", "country": "Australia"},\n'
        ' {"capital": "Ottawa", "country": "Canada"}\n]\n',
    ],
}
"""Rewrites a careful learner might write in their own words: the checks must pass them all."""


@pytest.mark.parametrize(
    ("qid", "text"),
    [(qid, text) for qid, texts in FAIR_REWRITES.items() for text in texts],
)
def test_shipped_checks_are_fair_to_rewrites_in_other_words(qid: str, text: str) -> None:
    item = next(q for q in SHIPPED if q.id == qid)
    assert score(item, text).credit == 1.0, score(item, text).parts
