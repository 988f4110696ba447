"""Answers: typed lines and answers-file values into canonical responses, and back into words."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.errors import UsageError
from aitrainer_cli.exam.answers import (
    AnswerFormatError,
    answer_hint,
    format_response,
    load_answers,
    parse_typed,
    parse_value,
)
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.items import ITEM_TYPES, QUESTION_ADAPTER, Question, score
from aitrainer_cli.items.claim_check import ClaimCheck
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.items.multiple_choice import MultipleChoice
from aitrainer_cli.items.numeric import Numeric
from aitrainer_cli.items.preference import Preference
from aitrainer_cli.items.rank_order import RankEntry
from aitrainer_cli.items.ranking import Ranking
from aitrainer_cli.items.rating import Rating
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.items.single_choice import SingleChoice
from aitrainer_cli.items.span_marking import SpanMarking
from aitrainer_cli.items.task import Task
from aitrainer_cli.items.true_false import TrueFalse
from aitrainer_cli.paths import builtin_banks_dir

SAMPLE: Catalog = load_catalog([Path(__file__).parent / "data" / "valid" / "all-types.yaml"])
SHIPPED: Catalog = load_catalog([builtin_banks_dir()])
SHIPPED_QUESTIONS = [SHIPPED.entries[qid].question for qid in sorted(SHIPPED.entries)]
BASE = {"id": "q", "topic": "t", "difficulty": "easy", "prompt": "p", "explanation": "e"}
SHUFFLED = {"a": "c", "b": "a", "c": "b"}
"""Bank key -> display letter: the learner sees option b as 'a', c as 'b' and a as 'c'."""


def item(kind: str) -> Question:
    return next(e.question for e in SAMPLE.entries.values() if e.question.type == kind)


def make(**fields: Any) -> Question:
    return QUESTION_ADAPTER.validate_python({**BASE, **fields})


def preference(scale: int = 7, answer: int = 2) -> Question:
    return make(
        type="preference",
        scale=scale,
        answer=answer,
        context={"responses": {"A": "one", "B": "two"}},
    )


def key_of(question: Question) -> object:
    """The key as a canonical response: first panel member, lower end of a rating band."""
    match question:
        case ClaimCheck() if question.cite:  # each verdict with its deciding passage
            return {
                c: {"verdict": v, **({"passage": p[0]} if (p := question.deciding(c)) else {})}
                for c, v in question.answer.items()
            }
        case SingleChoice() | MultipleChoice() | TrueFalse() | ClaimCheck() | SpanMarking():
            return question.answer
        case Ranking() | Preference():
            return question.answer if question.answer is not None else (question.panel or [])[0]
        case Rating() if question.responses is not None:  # one key per rated response
            return {
                label: {dim: key[0] if isinstance(key, list) else key for dim, key in keys.items()}
                for label, keys in question.answer.items()
            }
        case Rating():
            return {
                dim: key[0] if isinstance(key, list) else key
                for dim, key in question.answer.items()
            }
        case FreeText() | Rewrite():
            return question.model_answer
        case Numeric():
            return question.answer
        case Task():
            return {
                key: key_of(question.part_question(i)) for i, key in enumerate(question.part_keys())
            }


def typed_key(question: Question, letters: dict[str, str] | None = None) -> str:
    """The key typed as a learner would type it."""
    key = key_of(question)
    shown = letters or {}
    match question:
        case SingleChoice():
            return shown.get(question.answer, question.answer)
        case MultipleChoice():
            return " ".join(shown.get(k, k) for k in question.answer)
        case Ranking():
            ranking: list[RankEntry] = key  # type: ignore[assignment]
            return " > ".join(e if isinstance(e, str) else " = ".join(e) for e in ranking)
        case Preference():
            return f"{key:+d}"
        case Rating() if question.responses is not None:
            rated: dict[str, dict[str, int]] = key  # type: ignore[assignment]
            return " / ".join(" ".join(str(v) for v in rated[label].values()) for label in rated)
        case Rating():
            return " ".join(str(value) for value in key.values())  # type: ignore[attr-defined]
        case _:
            return _typed_scenario_key(question, key)


def _typed_scenario_key(question: Question, key: object) -> str:
    """``typed_key`` of claim checks, span marking and tasks (and the rest, lower-cased)."""
    match question:
        case ClaimCheck() if question.cite:  # each verdict with its deciding passage
            return " ".join(
                question.answer[claim] + "".join(f" {n}" for n in question.deciding(claim)[:1])
                for claim in question.claims
            )
        case ClaimCheck():
            return " ".join(question.answer[claim] for claim in question.claims)
        case SpanMarking():
            marks = question.key_marks()
            words = [f"{n}={c}" if c else str(n) for n, c in marks.items()]
            return " ".join(words) or "none"
        case Task():
            return " | ".join(
                typed_key(question.part_question(i)) for i in range(len(question.parts))
            )
        case _:
            return str(key).lower()


def _panelled(question: Question) -> bool:
    """Whether the item, or a part of it, is keyed by a panel."""
    if isinstance(question, Task):
        return any(_panelled(question.part_question(i)) for i in range(len(question.parts)))
    return getattr(question, "panel", None) is not None


def full_credit(question: Question, response: object) -> bool:
    """Full credit, or for a panel exactly the credit of the panel member typed."""
    if _panelled(question):
        return score(question, response) == score(question, key_of(question))
    return score(question, response).credit == 1.0


# --- typed answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("single_choice", "b", "b"),
        ("single_choice", "  B) ", "b"),
        ("multiple_choice", "a c", ["a", "c"]),
        ("multiple_choice", "c,a", ["a", "c"]),
        ("multiple_choice", "AC", ["a", "c"]),
        ("multiple_choice", "b", ["b"]),
        ("true_false", "False", False),
        ("true_false", " t ", True),
        ("true_false", "no", False),
        ("true_false", "Y", True),
        ("ranking", "B A C", ["B", "A", "C"]),
        ("ranking", "b>a>c", ["B", "A", "C"]),
        ("ranking", "B, A, C", ["B", "A", "C"]),
        ("ranking", "B > A = C", ["B", ["A", "C"]]),
        ("ranking", "a=b > c", [["A", "B"], "C"]),
        ("ranking", "C A", ["C", "A", "B"]),  # the one label left out is implied last
        ("ranking", "A = B", [["A", "B"], "C"]),
        ("rating", "4 1", {"correctness": 4, "verbosity": 1}),
        ("rating", "verbosity=0 correctness=3", {"correctness": 3, "verbosity": 0}),
        ("rating", "Correctness: 2, verb = 1", {"correctness": 2, "verbosity": 1}),
        ("claim_check", "s r n", {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"}),
        ("claim_check", "SRN", {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"}),
        (
            "claim_check",
            "c3=sup c1=nei c2=refuted",
            {"c1": "not_enough_info", "c2": "refuted", "c3": "supported"},
        ),
        (
            "claim_check",
            "not-enough-info, refuted, supported",
            {"c1": "not_enough_info", "c2": "refuted", "c3": "supported"},
        ),
        ("free_text", "  A gives the time.  ", "A gives the time."),
    ],
)
def test_typed_forms_give_the_canonical_response(kind: str, text: str, expected: object) -> None:
    assert parse_typed(item(kind), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("-2", -2), ("+3", 3), ("0", 0), ("1", 1), ("\u22121", -1), (" -3 ", -3)]
)
def test_preference_reads_signed_whole_numbers(text: str, expected: int) -> None:
    assert parse_typed(preference(), text) == expected


def test_the_key_typed_by_a_learner_earns_full_credit_for_every_sample_type() -> None:
    for question in (*(e.question for e in SAMPLE.entries.values()), preference()):
        response = parse_typed(question, typed_key(question))
        assert full_credit(question, response), question.type


def test_shuffled_letters_are_read_back_to_bank_keys() -> None:
    single, multi = item("single_choice"), item("multiple_choice")
    assert parse_typed(single, "a", SHUFFLED) == "b"  # option b is shown as a
    assert score(single, parse_typed(single, "a", SHUFFLED)).credit == 1.0
    assert parse_typed(multi, "c b", SHUFFLED) == ["a", "c"]
    assert parse_typed(multi, "cb", SHUFFLED) == ["a", "c"]
    with pytest.raises(AnswerFormatError, match="'d' is not an option: type one letter, a–c"):
        parse_typed(single, "d", SHUFFLED)


@given(data=st.data())
@settings(max_examples=150, deadline=None)
def test_any_shipped_key_typed_with_any_lettering_earns_its_credit(data: st.DataObject) -> None:
    question = data.draw(st.sampled_from(SHIPPED_QUESTIONS))
    letters = None
    if isinstance(question, SingleChoice | MultipleChoice):
        order = data.draw(st.permutations(list(question.options)))
        letters = dict(zip(order, string.ascii_lowercase, strict=False))
    response = parse_typed(question, typed_key(question, letters), letters)
    assert full_credit(question, response), question.id


@given(question=st.sampled_from(SHIPPED_QUESTIONS), text=st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_any_typed_text_is_read_or_refused_with_a_message(question: Question, text: str) -> None:
    message = ""
    try:
        parse_typed(question, text)
    except AnswerFormatError as error:
        message = str(error) or "(empty message)"
    assert not message or ":" in message, message


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("single_choice", "x", "'x' is not an option: type one letter, a–c"),
        ("single_choice", "a b", "choose only one option: type one letter, a–c"),
        ("single_choice", "", "choose an option: type one letter, a–c"),
        ("multiple_choice", "a z", "'z' is not an option: type letters from a–c, e.g. a c"),
        ("multiple_choice", "a c a", "a is chosen twice: type each letter once"),
        ("multiple_choice", " , ", "choose an option: type letters from a–c"),
        ("true_false", "maybe", "'maybe' is not true or false: type true or false"),
        ("true_false", "   ", "nothing was typed: type true or false"),
        ("ranking", "B A D", "rank all of A, B, C: D is not a response; type e.g. B A C"),
        ("ranking", "B A B", "rank all of A, B, C: B is ranked twice"),
        ("ranking", "B", "rank all of A, B, C: A and C are missing; type e.g. B A C"),
        ("ranking", "= B A C", "= ties the labels either side of it: type e.g. B > A = C"),
        ("ranking", "B A C =", "= ties the labels either side of it"),
        ("ranking", "B == A C", "= ties the labels either side of it"),
        ("ranking", "1 2 3", "'1' cannot be read in a ranking: type the labels best first"),
        (
            "rating",
            "4",
            "give one number per dimension, in order (correctness verbosity): you gave 1 of 2",
        ),
        ("rating", "4 9", "9 is off the scale for verbosity: type a number from 0 to 4"),
        ("rating", "4 x", "'x' is not a whole number for verbosity"),
        ("rating", "4 1.5", "'1.5' is not a whole number"),
        ("rating", "correctness=4", "dimension verbosity is missing"),
        ("rating", "correctness=4 c=3 verbosity=1", "dimension correctness is given twice"),
        ("rating", "correctness=4 1", "name every dimension or none: type correctness=… for each"),
        (
            "rating",
            "clarity=4 verbosity=1",
            "'clarity' is not a dimension: type one of correctness (c), verbosity (v)",
        ),
        ("claim_check", "s r", "give one verdict per claim, in order (c1 c2 c3): you gave 2"),
        (
            "claim_check",
            "s r x",
            "'x' is not a verdict: type one of supported (s), refuted (r), not_enough_info (n)",
        ),
        ("claim_check", "c1=s c2=r", "claim c3 is missing"),
        ("claim_check", "c1=s c2=r c9=n", "'c9' is not a claim"),
        ("claim_check", "", "nothing was typed: type a verdict per claim in order, e.g. s r n"),
        ("free_text", "  \t ", "nothing was typed: type your answer in words"),
    ],
)
def test_unreadable_answers_say_what_to_type(kind: str, text: str, message: str) -> None:
    with pytest.raises(AnswerFormatError) as caught:
        parse_typed(item(kind), text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4", "4 is off the scale: type a number from -3 (A much better) to +3 (B much better)"),
        ("B", "'B' is not a whole number: type a number from -3 (A much better) to +3"),
        ("1.5", "'1.5' is not a whole number"),
    ],
)
def test_preference_errors_list_the_scale(text: str, message: str) -> None:
    with pytest.raises(AnswerFormatError) as caught:
        parse_typed(preference(), text)
    assert message in str(caught.value)
    with pytest.raises(AnswerFormatError, match=r"from -1 \(A better\) to \+1 \(B better\)"):
        parse_typed(preference(scale=3, answer=1), "2")


def test_ambiguous_verdict_prefixes_ask_for_more_letters() -> None:
    question = make(
        type="claim_check",
        claims={"c1": "x"},
        labels=["safe", "sound", "refuse"],
        answer={"c1": "safe"},
    )
    assert parse_typed(question, "sa") == {"c1": "safe"}
    with pytest.raises(AnswerFormatError, match="'s' could be safe or sound: type more letters"):
        parse_typed(question, "s")


def test_names_may_be_shortened_and_hyphens_match_underscores() -> None:
    rating = make(
        type="rating",
        scale={"min": 1, "max": 5},
        dimensions={"instruction-following": "x", "harmlessness": "y"},
        answer={"instruction-following": 4, "harmlessness": 5},
    )
    expected = {"instruction-following": 4, "harmlessness": 5}
    assert parse_typed(rating, "instruction_following=4 harmlessness=5") == expected
    assert parse_typed(rating, "INSTRUCTION-FOLLOWING: 4, harm: 5") == expected
    assert parse_typed(rating, "if=4 h=5") == expected  # initials
    claims = make(
        type="claim_check",
        claims={"c1": "x", "c2": "y"},
        labels=["comply", "safe_complete", "refuse"],
        answer={"c1": "safe_complete", "c2": "refuse"},
    )
    assert parse_typed(claims, "sc r") == {"c1": "safe_complete", "c2": "refuse"}
    assert parse_typed(claims, "sr") == {"c1": "safe_complete", "c2": "refuse"}
    assert answer_hint(claims) == (
        "a verdict per claim in order, e.g. c s (comply/safe_complete/refuse)"
    )


# --- answers-file values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("single_choice", "b", "b"),
        ("multiple_choice", ["c", "a"], ["a", "c"]),
        ("multiple_choice", "a c", ["a", "c"]),
        ("true_false", False, False),
        ("true_false", "yes", True),
        ("ranking", ["B", ["a", "C"]], ["B", ["A", "C"]]),
        ("ranking", "B > A = C", ["B", ["A", "C"]]),
        ("ranking", ["C", "A"], ["C", "A", "B"]),
        ("rating", {"correctness": 4, "verbosity": 0}, {"correctness": 4, "verbosity": 0}),
        ("rating", {"verbosity": "1", "correctness": 2}, {"correctness": 2, "verbosity": 1}),
        ("rating", [3, 2], {"correctness": 3, "verbosity": 2}),
        ("rating", "3 2", {"correctness": 3, "verbosity": 2}),
        (
            "claim_check",
            {"c1": "supported", "c2": "r", "c3": "nei"},
            {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"},
        ),
        ("claim_check", "c1=r c2=r c3=r", {"c1": "refuted", "c2": "refuted", "c3": "refuted"}),
        ("free_text", "B ignores the question.", "B ignores the question."),
        ("free_text", 1931, "1931"),
    ],
)
def test_file_values_give_the_canonical_response(
    kind: str, value: object, expected: object
) -> None:
    assert parse_value(item(kind), value) == expected


def test_file_preference_values() -> None:
    assert parse_value(preference(), -2) == -2
    assert parse_value(preference(), "+1") == 1
    with pytest.raises(AnswerFormatError, match="true/false cannot answer a preference"):
        parse_value(preference(), True)
    with pytest.raises(AnswerFormatError, match=r"2\.5 is not a whole number"):
        parse_value(preference(), 2.5)


def test_file_option_keys_are_bank_keys_and_numbers_name_numbered_options() -> None:
    question = make(type="single_choice", options={"1": "one", "2": "two"}, answer="2")
    assert parse_value(question, 2) == "2"
    multi = make(type="multiple_choice", options={"1": "one", "2": "two"}, answer=["1"])
    assert parse_value(multi, [1, 2]) == ["1", "2"]


@pytest.mark.parametrize("value", [None, "", "   "])
def test_null_or_blank_in_a_file_is_unanswered(value: object) -> None:
    for question in (e.question for e in SAMPLE.entries.values()):
        assert parse_value(question, value) is None


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (
            "single_choice",
            ["b"],
            "a list cannot answer a single-choice question: write one option key, e.g. a",
        ),
        ("single_choice", "z", "'z' is not an option"),
        ("multiple_choice", ["a", "a"], "a is chosen twice"),
        ("multiple_choice", [], "choose an option"),
        ("multiple_choice", {"a": True}, "a mapping cannot answer a multiple-choice question"),
        ("true_false", 1, "a number cannot answer a true-false question: write true or false"),
        ("ranking", ["B", ["A", ["C"]]], "write the labels best first, e.g. [B, [A, C]]"),
        ("ranking", ["B", "A", "A"], "A is ranked twice"),
        ("ranking", [], "A, B and C are missing"),
        (
            "rating",
            {"correctness": 4, "verbosity": True},
            "True is not a whole number for verbosity",
        ),
        ("rating", {"correctness": 5, "verbosity": 1}, "5 is off the scale for correctness"),
        (
            "rating",
            4,
            "a number cannot answer a rating question: write a mapping of each "
            "dimension (correctness, verbosity) to a number 0..4",
        ),
        ("claim_check", {"c1": "yes", "c2": "r", "c3": "n"}, "'yes' is not a verdict"),
        ("claim_check", {"c1": "s"}, "claim c2 is missing"),
        ("free_text", ["x"], "a list cannot answer a free-text question"),
    ],
)
def test_malformed_file_values_are_refused(kind: str, value: object, message: str) -> None:
    with pytest.raises(AnswerFormatError) as caught:
        parse_value(item(kind), value)
    assert message in str(caught.value)


def file_key(question: Question) -> object:
    """The key written as it would be in an answers file (YAML's data model)."""
    key = key_of(question)
    return list(key) if isinstance(key, tuple) else key


@given(question=st.sampled_from(SHIPPED_QUESTIONS))
@settings(max_examples=200, deadline=None)
def test_any_shipped_key_as_a_file_value_earns_its_credit(question: Question) -> None:
    assert full_credit(question, parse_value(question, file_key(question))), question.id
    assert full_credit(question, parse_value(question, typed_key(question))), question.id


def test_every_shipped_key_as_a_file_value_earns_its_credit() -> None:
    for question in SHIPPED_QUESTIONS:
        assert full_credit(question, parse_value(question, file_key(question))), question.id


# --- words for review ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "response", "words"),
    [
        ("single_choice", "b", "b) Fitting a scorer to human comparisons"),
        (
            "multiple_choice",
            ["c", "a"],
            "a) Rewarding length for its own sake; c) Rewarding agreement with the user",
        ),
        ("multiple_choice", [], "(none chosen)"),
        ("multiple_choice", set(), "(none chosen)"),
        ("true_false", False, "False"),
        ("ranking", ["B", ["A", "C"]], "B > A = C"),
        ("rating", {"verbosity": 1, "correctness": 4}, "correctness 4, verbosity 1"),
        ("claim_check", {"c1": "refuted", "c2": "supported"}, "c1: refuted, c2: supported"),
        ("free_text", "as typed", "as typed"),
        ("free_text", None, "(no answer)"),
    ],
)
def test_responses_in_words(kind: str, response: object, words: str) -> None:
    assert format_response(item(kind), response) == words


def test_review_words_use_the_display_letters() -> None:
    assert format_response(item("single_choice"), "b", SHUFFLED).startswith("a) Fitting")
    assert format_response(item("multiple_choice"), ["a", "c"], SHUFFLED) == (
        "b) Rewarding agreement with the user; c) Rewarding length for its own sake"
    )


def test_preference_in_words_uses_the_scale_labels() -> None:
    assert format_response(preference(), 2) == "+2 (B better)"
    assert format_response(preference(), -3) == "-3 (A much better)"
    assert format_response(preference(), 0) == "0 (About the same)"
    assert format_response(preference(scale=3, answer=1), -1) == "-1 (A better)"
    assert format_response(preference(scale=3, answer=1), 2) == "2"  # off the scale: as stored


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("single_choice", "z"),
        ("single_choice", 3),
        ("multiple_choice", "a"),
        ("true_false", "false"),
        ("ranking", "BAC"),
        ("ranking", [1, 2]),
        ("preference", True),
        ("rating", {"correctness": "x"}),
        ("claim_check", ["s"]),
        ("free_text", 12),
    ],
)
def test_malformed_responses_are_shown_as_stored(kind: str, response: object) -> None:
    assert format_response(item(kind), response) == repr(response)


JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(question=st.sampled_from(SHIPPED_QUESTIONS), response=JSON_LIKE)
@settings(max_examples=300, deadline=None)
def test_format_response_never_raises(question: Question, response: object) -> None:
    assert isinstance(format_response(question, response), str)


def test_answer_hints() -> None:
    assert answer_hint(item("single_choice")) == "one letter"
    assert answer_hint(item("multiple_choice")) == "letters, e.g. a c"
    assert answer_hint(item("true_false")) == "true or false"
    assert answer_hint(item("ranking")) == "the labels best first, e.g. B A C (= for a tie)"
    assert answer_hint(preference()) == "-3 (A much better) … +3 (B much better)"
    assert answer_hint(item("rating")) == (
        "a number 0..4 per dimension in order (correctness verbosity)"
    )
    assert answer_hint(item("claim_check")) == (
        "a verdict per claim in order, e.g. s r n (supported/refuted/not_enough_info)"
    )
    assert answer_hint(item("free_text")) == "your answer in words"


def test_every_hint_example_can_be_typed() -> None:
    for question in SHIPPED_QUESTIONS:
        hint = answer_hint(question)
        if isinstance(question, ClaimCheck | Ranking):
            example = hint.split("e.g. ")[1].split(" (")[0]
            parse_typed(question, example)


# --- answers files ---------------------------------------------------------------------------


FORM_IDS = ("s-single", "s-multi", "s-tf", "s-rank", "s-rate", "s-claims", "s-free")
"""Every sample question but the preference (s-pref), which is in the bank, not the form."""


@pytest.fixture
def form() -> ExamForm:
    items = tuple(
        FormItem(qid, "sample", "Section", ("c", "a", "b") if qid == "s-single" else ())
        for qid in FORM_IDS
    )
    return ExamForm("t", "Test", 7, None, 0.7, items)


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_answers_file(tmp_path: Path, form: ExamForm) -> None:
    path = write(
        tmp_path,
        """\
s-single: b           # bank keys, never the shuffled letters
s-multi: [a, c]
s-tf: false
s-rank: [A, B, C]
s-rate: {correctness: 4, verbosity: 0}
s-claims:
  c1: supported
  c2: refuted
  c3: not_enough_info
s-free:
""",
    )
    answers = load_answers(path, form, SAMPLE.entries)
    assert answers == {
        "s-single": "b",
        "s-multi": ["a", "c"],
        "s-tf": False,
        "s-rank": ["A", "B", "C"],
        "s-rate": {"correctness": 4, "verbosity": 0},
        "s-claims": {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"},
    }
    for qid, response in answers.items():
        assert score(SAMPLE.entries[qid].question, response).credit == 1.0, qid


def test_a_json_answers_file(tmp_path: Path, form: ExamForm) -> None:
    data = {
        "s-tf": False,
        "s-rank": ["A", ["B", "C"]],
        "s-claims": "s r n",
        "s-free": "A gives the minutes.",
    }
    path = write(tmp_path, json.dumps(data, indent=2), "answers.json")
    assert load_answers(path, form, SAMPLE.entries) == {
        "s-tf": False,
        "s-rank": ["A", ["B", "C"]],
        "s-claims": {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"},
        "s-free": "A gives the minutes.",
    }


def test_an_empty_mapping_answers_nothing(tmp_path: Path, form: ExamForm) -> None:
    assert load_answers(write(tmp_path, "{}\n"), form, SAMPLE.entries) == {}


def problems(path: Path, form: ExamForm) -> list[str]:
    with pytest.raises(UsageError) as caught:
        load_answers(path, form, SAMPLE.entries)
    assert caught.value.hint is not None
    assert "docs/answers-file.md" in caught.value.hint
    return caught.value.message.splitlines()


def test_every_problem_is_listed_with_its_line(tmp_path: Path, form: ExamForm) -> None:
    path = write(
        tmp_path,
        """\
s-single: b
s-multi: [a, z]
s-tf: perhaps
s-sngle: b
s-pref: 2
nowhere-near: 1
s-rate:
  correctness: 9
  verbosity: 1
""",
    )
    assert problems(path, form) == [
        f"{path}:2: s-multi: 'z' is not an option: type letters from a–c, e.g. a c",
        f"{path}:3: s-tf: 'perhaps' is not true or false: type true or false (or t, f, yes, no)",
        f"{path}:4: s-sngle: no loaded bank has a question with this id; did you mean s-single?",
        f"{path}:5: s-pref: that question is in the loaded banks but not part of this exam "
        "form; answer only the questions the form shows (its seed decides which)",
        f"{path}:6: nowhere-near: no loaded bank has a question with this id",
        f"{path}:8: s-rate: 9 is off the scale for correctness: type a number from 0 to 4",
    ]


def test_json_problems_have_lines_too(tmp_path: Path, form: ExamForm) -> None:
    text = json.dumps({"s-single": "b", "s-rank": ["A", "D"], "s-tf": "x"}, indent=2)
    path = write(tmp_path, text, "answers.json")
    assert problems(path, form) == [
        f"{path}:3: s-rank: rank all of A, B, C: D is not a response; type e.g. B A C",
        f"{path}:7: s-tf: 'x' is not true or false: type true or false (or t, f, yes, no)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- s-single\n- s-tf\n", ":1: the file must map question ids to answers"),
        ("s-tf: false\ns-rank: [A, B\n", ":3: did not find expected ',' or ']'"),
        ("", ":1: the file holds no YAML document"),
        ("s-tf: false\ns-tf: true\n", ":2: key 's-tf' appears twice in the same mapping"),
        ("s-tf: &x false\ns-single: *x\n", ":1: anchor &x is not allowed"),
    ],
)
def test_file_level_problems(tmp_path: Path, form: ExamForm, text: str, expected: str) -> None:
    listed = problems(write(tmp_path, text), form)
    assert any(line.startswith(str(tmp_path)) and expected in line for line in listed), listed


def test_a_repeated_id_still_reads_the_other_answers(tmp_path: Path, form: ExamForm) -> None:
    path = write(tmp_path, "s-tf: false\ns-tf: true\ns-rank: [A, D, C]\n")
    assert problems(path, form) == [
        f"{path}:2: key 's-tf' appears twice in the same mapping",
        f"{path}:3: s-rank: rank all of A, B, C: D is not a response; type e.g. B A C",
    ]


def test_missing_or_unreadable_files(tmp_path: Path, form: ExamForm) -> None:
    assert problems(tmp_path / "nope.yaml", form) == [f"{tmp_path / 'nope.yaml'}: no such file"]
    assert "cannot read the answers file" in problems(tmp_path, form)[0]


def test_the_documented_example_is_a_valid_answers_file(tmp_path: Path) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "answers-file.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n")[1].split("```")[0]
    path = write(tmp_path, example)
    ids = [line.split(":")[0] for line in example.splitlines() if line[:1].isalpha()]
    form = ExamForm(
        "t",
        "Test",
        1,
        None,
        0.7,
        tuple(FormItem(qid, SHIPPED.entries[qid].bank_id, "s") for qid in ids),
    )
    answers = load_answers(path, form, SHIPPED.entries)
    assert {SHIPPED.entries[qid].question.type for qid in answers} == set(ITEM_TYPES)
    assert set(ids) - set(answers) == {"rr-anchor-easy-prompt"}  # left blank: unanswered
