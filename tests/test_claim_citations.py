"""Claim checks with numbered passages, citations (``cite: true``) and a label credit matrix:
hand-computed credit, semantic checks, typed and answers-file forms, review and the prompt."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

from aitrainer_cli.exam.answers import format_response, parse_typed, parse_value
from aitrainer_cli.items import score
from aitrainer_cli.items.claim_check import CITATION_SHARE
from aitrainer_cli.items.reading import AnswerFormatError
from aitrainer_cli.ui.asking import Answer
from aitrainer_cli.ui.items import view_of
from scenario_helpers import ENTER, ask, context_of, make

NEI = "not_enough_info"


def cited(**fields: Any) -> Any:
    """Three claims over two passages: c1 supported by 1, c2 refuted by 2 or 1, c3 NEI."""
    defaults: dict[str, Any] = {
        "type": "claim_check",
        "passages": ["The bridge opened in 1931.", "The bridge is 40 metres long."],
        "claims": {"c1": "Opened in 1931.", "c2": "It is 60 metres long.", "c3": "It is red."},
        "answer": {"c1": "supported", "c2": "refuted", "c3": NEI},
        "cite": True,
        "citations": {"c1": 1, "c2": [2, 1]},
    }
    return make(**{**defaults, **fields})


def v(verdict: str, passage: int | None = None) -> dict[str, object]:
    return {"verdict": verdict} if passage is None else {"verdict": verdict, "passage": passage}


KEYED = {"c1": v("supported", 1), "c2": v("refuted", 2), "c3": v(NEI)}


# -- scoring: citations ------------------------------------------------------------------------


def test_the_citation_is_a_quarter_of_the_claims_credit() -> None:
    assert CITATION_SHARE == 0.25
    question = cited()
    assert score(question, KEYED).credit == 1.0
    # c1 right verdict, no passage: 0.75; c2 right verdict, the other accepted passage: 1;
    # c3 NEI needs no passage: 1
    result = score(question, {"c1": v("supported"), "c2": v("refuted", 1), "c3": v(NEI)})
    assert result.parts == (("c1", 0.75), ("c2", 1.0), ("c3", 1.0))
    assert result.credit == pytest.approx(2.75 / 3)


def test_a_wrong_passage_keeps_the_verdict_share_and_a_wrong_verdict_earns_nothing() -> None:
    question = cited()
    # c1 right verdict, wrong passage 2: 0.75. c2 supported (wrong side) citing passage 2:
    # 0 × anything = 0. c3 refuted where the key is NEI: 0.25 (default near miss), no citation.
    result = score(
        question, {"c1": v("supported", 2), "c2": v("supported", 2), "c3": v("refuted", 1)}
    )
    assert result.parts == (("c1", 0.75), ("c2", 0.0), ("c3", 0.25))
    assert result.credit == pytest.approx(1.0 / 3)


def test_a_near_miss_verdict_is_scaled_by_the_citation() -> None:
    question = cited()
    # c1 NEI where supported: 0.25 × 0.75 (no passage: NEI asks for none) = 0.1875
    result = score(question, {"c1": v(NEI), "c2": v(NEI), "c3": v(NEI)})
    assert result.parts == (("c1", 0.1875), ("c2", 0.1875), ("c3", 1.0))
    assert result.credit == pytest.approx(1.375 / 3)


def test_zero_cases() -> None:
    question = cited()
    # opposite verdicts (whatever they cite) and no verdict for c3 (any verdict there would
    # earn the default 0.25 near miss against not_enough_info)
    wrong = {"c1": v("refuted", 1), "c2": v("supported", 2)}
    assert score(question, wrong).credit == 0.0
    assert score(question, {}).credit == 0.0
    assert score(question, ["supported", "refuted", NEI]).credit == 0.0
    assert score(question, {"c1": {"verdict": "supported", "page": 1}}).credit == 0.0


def test_bare_verdicts_score_as_verdicts_without_passages() -> None:
    # an answer stored as plain verdicts (as a claim check without cite stores it)
    question = cited()
    assert score(question, {"c1": "supported", "c2": "refuted", "c3": NEI}).credit == pytest.approx(
        (0.75 + 0.75 + 1) / 3
    )


def test_without_cite_scores_exactly_as_before() -> None:
    plain = make(
        type="claim_check",
        claims={"c1": "x", "c2": "y", "c3": "z"},
        answer={"c1": "supported", "c2": "refuted", "c3": NEI},
    )
    near = score(plain, {"c1": NEI, "c2": NEI, "c3": "refuted"})
    assert near.parts == (("c1", 0.25), ("c2", 0.25), ("c3", 0.25))
    dumped = plain.model_dump(mode="json")
    for field in ("passages", "cite", "citations", "uncited", "label_credit", "mistakes"):
        assert field not in dumped  # so existing items keep their content hash


# -- scoring: the label credit matrix ----------------------------------------------------------


def custom(**fields: Any) -> Any:
    defaults: dict[str, Any] = {
        "type": "claim_check",
        "claims": {"c1": "x", "c2": "y"},
        "labels": ["accurate", "unverifiable", "fabricated"],
        "answer": {"c1": "fabricated", "c2": "unverifiable"},
        "label_credit": {"unverifiable": {"fabricated": 0.5}, "fabricated": {"unverifiable": 0.25}},
    }
    return make(**{**defaults, **fields})


def test_label_credit_gives_given_to_key_partial_credit() -> None:
    question = custom()
    # c1 key fabricated, given unverifiable: 0.5; c2 key unverifiable, given fabricated: 0.25
    result = score(question, {"c1": "unverifiable", "c2": "fabricated"})
    assert result.parts == (("c1", 0.5), ("c2", 0.25))
    assert result.credit == pytest.approx(0.375)
    # pairs the matrix does not list earn nothing
    assert score(question, {"c1": "accurate", "c2": "accurate"}).credit == 0.0
    assert score(question, {"c1": "fabricated", "c2": "unverifiable"}).credit == 1.0


def test_label_credit_replaces_the_default_matrix() -> None:
    question = make(
        type="claim_check",
        claims={"c1": "x"},
        answer={"c1": "refuted"},
        label_credit={NEI: {"refuted": 0.5}},
    )
    assert score(question, {"c1": NEI}).credit == 0.5
    assert score(question, {"c1": "supported"}).credit == 0.0


def test_label_credit_with_citations() -> None:
    question = custom(
        passages=["one", "two"],
        cite=True,
        uncited=["unverifiable"],
        citations={"c1": 2},
    )
    # c1 keyed fabricated (passage 2 decides): unverifiable 0.5 × 0.75 = 0.375 without passage,
    # × 1 with passage 2 = 0.5; c2 keyed unverifiable: needs no citation
    assert score(question, {"c1": v("unverifiable"), "c2": v("unverifiable")}).parts == (
        ("c1", 0.375),
        ("c2", 1.0),
    )
    assert score(question, {"c1": v("unverifiable", 2), "c2": v("unverifiable")}).credit == 0.75


# -- semantic checks ---------------------------------------------------------------------------


def codes(question: Any) -> list[str]:
    return [problem.code for problem in question.problems()]


def test_clean_items_have_no_problems() -> None:
    assert codes(cited()) == []
    assert codes(custom()) == []


def test_matrix_labels_must_be_the_items_labels() -> None:
    assert "unknown-label" in codes(custom(label_credit={"maybe": {"fabricated": 0.5}}))
    assert "unknown-label" in codes(custom(label_credit={"unverifiable": {"false": 0.5}}))
    # a right verdict always earns 1, whatever the matrix says of it
    diagonal = custom(label_credit={"fabricated": {"fabricated": 0.5}})
    assert score(diagonal, {"c1": "fabricated", "c2": "unverifiable"}).credit == 1.0


def test_matrix_credit_lies_in_zero_to_one() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="less than or equal to 1"):
        custom(label_credit={"unverifiable": {"fabricated": 1.5}})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        custom(label_credit={"unverifiable": {"fabricated": -0.1}})


def test_cited_passages_must_exist() -> None:
    problems = list(cited(citations={"c1": 3, "c2": [2, 0]}).problems())
    messages = [p.message for p in problems if p.code == "unknown-passage"]
    assert messages == [
        "passage 3 does not exist: the passages are 1–2",
        "passage 0 does not exist: the passages are 1–2",
    ]
    assert problems[0].path == ("citations", "c1")


def test_citations_agree_with_cite_and_the_key() -> None:
    assert "passages-needed" in codes(cited(passages=None))
    assert "cite-off" in codes(cited(cite=False))
    assert "missing-key" in codes(cited(citations={"c1": 1}))  # c2 is refuted: which passage?
    assert "needless-citation" in codes(cited(citations={"c1": 1, "c2": 2, "c3": 1}))
    assert "unknown-claim" in codes(cited(citations={"c1": 1, "c2": 2, "c9": 1}))
    assert "unknown-label" in codes(cited(uncited=["unsure"]))


# -- reading answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "s1 r2 n",
        "supported 1 refuted 2 nei",
        "S1, R2, N",
        "c1=s1 c2=r 2 c3=n",
        "c3: nei, c1: s 1, c2: ref2",
    ],
)
def test_typed_forms(typed: str) -> None:
    assert parse_typed(cited(), typed) == KEYED


def test_a_verdict_without_its_passage_reads_and_earns_the_verdict_share() -> None:
    response = parse_typed(cited(), "s r n")
    assert response == {"c1": v("supported"), "c2": v("refuted"), "c3": v(NEI)}
    assert score(cited(), response).credit == pytest.approx(2.5 / 3)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("s3 r2 n", "claim c1: '3' is not a passage: type a number from 1 to 2"),
        ("s1 r2", "give one verdict per claim, in order (c1 c2 c3): you gave 2 of 3"),
        ("s1 x2 n", "'x' is not a verdict"),
        ("s1 r2 n 99999999999999999999", "is not a passage"),
    ],
)
def test_typed_mistakes_are_located(typed: str, says: str) -> None:
    with pytest.raises(AnswerFormatError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_typed(cited(), typed)


def test_answers_file_forms() -> None:
    question = cited()
    value = {"c1": "supported 1", "c2": ["refuted", 2], "c3": {"verdict": NEI}}
    assert parse_value(question, value) == KEYED
    assert parse_value(question, [{"verdict": "s", "passage": 1}, "r2", "n"]) == KEYED
    with pytest.raises(AnswerFormatError, match="claim c1: write"):
        parse_value(question, {"c1": {"verdict": "s", "page": 1}, "c2": "r2", "c3": "n"})
    with pytest.raises(AnswerFormatError, match="claim c2: 5 is not a passage"):
        parse_value(question, {"c1": "s1", "c2": ["refuted", 5], "c3": "n"})


def test_words_for_review() -> None:
    question = cited()
    assert format_response(question, KEYED) == (
        "c1: supported (passage 1), c2: refuted (passage 2), c3: not enough info"
    )
    assert question.key_text() == (
        "c1: supported (passage 1), c2: refuted (passage 2 or 1), c3: not enough info"
    )
    assert "s1 r2 n" in question.answer_hint()


# -- on screen -----------------------------------------------------------------------------------


def render(renderable: Any, width: int = 60) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True).print(renderable)
    return buffer.getvalue()


def words(text: str) -> str:
    """Rendered text with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


def test_the_task_numbers_the_passages_and_says_what_a_citation_is_worth() -> None:
    question = cited()
    text = render(view_of(question).task(question, {}))
    assert "Passage 1" in text
    assert "Passage 2" in text
    assert "The bridge is 40 metres long." in text
    assert "a quarter of the claim's credit" in words(text)
    assert all(len(line) <= 60 for line in text.splitlines())


def test_the_prompt_asks_a_passage_after_each_verdict_a_passage_decides() -> None:
    # c1: supported, passage 1; c2: refuted, passage 2; c3: NEI, no passage menu
    keys = "1" + ENTER + "1" + ENTER + "2" + ENTER + "2" + ENTER + "3" + ENTER
    assert ask(keys, context_of(cited())) == Answer(KEYED)


def test_no_single_passage_is_a_choice() -> None:
    keys = "1" + ENTER + "n" + ENTER + "2" + ENTER + "2" + ENTER + "3" + ENTER
    outcome = ask(keys, context_of(cited()))
    assert outcome == Answer({"c1": v("supported"), "c2": v("refuted", 2), "c3": v(NEI)})


def test_revisiting_keeps_verdicts_and_passages() -> None:
    assert ask(ENTER * 5, context_of(cited(), response=KEYED)) == Answer(KEYED)


def test_time_up_in_the_passage_menu_keeps_the_verdicts_given() -> None:
    import time
    from dataclasses import replace

    deadline = time.monotonic() + 1.0
    context = replace(context_of(cited()), remaining=lambda: deadline - time.monotonic(), limit=60)
    outcome = ask("1" + ENTER + "1" + ENTER + "2" + ENTER, context)
    assert outcome == Answer({"c1": v("supported", 1), "c2": v("refuted")})


def test_review_shows_verdict_and_passage_beside_the_key() -> None:
    from aitrainer_cli.exam.assembly import FormItem
    from aitrainer_cli.exam.results import ItemResult

    question = cited()
    response = {"c1": v("supported", 2), "c2": v("refuted", 2), "c3": v("refuted")}
    item = ItemResult(
        position=0,
        item=FormItem("q", "b", "S", ()),
        topic="t",
        type="claim_check",
        difficulty="easy",
        points=1.0,
        response=response,
        score=score(question, response),
        flagged=False,
        seconds=1.0,
    )
    text = words(render(view_of(question).review_parts(item, question), width=100))
    assert "c1 supported [2] supported [1] 75%" in text
    assert "c2 refuted [2] refuted [2 or 1] 100%" in text
    assert "c3 refuted not enough info 25%" in text
    assert "[n]: the passage cited" in text
