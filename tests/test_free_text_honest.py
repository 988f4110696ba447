"""Honest free-text grading on the shipped items: the model answer earns full credit, the
opposite answer (labels or verdict words swapped) and the adversarial answers of issue 12 earn at
most 25%, and correct answers in other words still earn most of the credit."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from aitrainer_cli.banks.loader import load_file
from aitrainer_cli.items import score
from aitrainer_cli.items.free_text import FreeText
from support import DATA

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "question_banks").glob("*.yaml"))


def shipped_free_text() -> dict[str, FreeText]:
    found: dict[str, FreeText] = {}
    for path in SHIPPED:
        for _, question in load_file(path).questions:
            if isinstance(question, FreeText):
                found[question.id] = question
    return found


ITEMS = shipped_free_text()

VERDICT_SWAPS: dict[str, list[tuple[str, str]]] = {
    # items whose verdict is not a response label: the verdict words, turned round
    "jw-ft-translation-tie": [("About the same.", "B is better.")],
    "rl-proxy-score-free-text": [
        ("may already be past the peak", "is the best one"),
        ("I would compare", "I agree with the colleague and would not compare"),
    ],
    "rl-length-habit-free-text": [("It isn't harmless", "It is harmless")],
}


def swap_labels(text: str) -> str:
    """The model answer with response labels A and B exchanged (capital, standalone letters)."""
    return re.sub(r"\b([AB])\b", lambda m: "B" if m.group(1) == "A" else "A", text)


def opposite(question: FreeText) -> str:
    """The model answer arguing the other way, built mechanically."""
    swaps = VERDICT_SWAPS.get(question.id)
    if swaps is None:
        flipped = swap_labels(question.model_answer)
        assert flipped != question.model_answer, f"{question.id}: no A/B label to swap"
        return flipped
    text = " ".join(question.model_answer.split())
    for old, new in swaps:
        assert old in text, f"{question.id}: {old!r} is no longer in the model answer"
        text = text.replace(old, new)
    return text


def test_every_shipped_free_text_item_is_covered() -> None:
    assert len(ITEMS) >= 11
    labelled = {qid for qid, q in ITEMS.items() if qid not in VERDICT_SWAPS}
    assert all(re.search(r"\b[AB]\b", ITEMS[qid].model_answer) for qid in labelled)


@pytest.mark.parametrize("qid", sorted(ITEMS))
def test_model_answer_earns_full_credit(qid: str) -> None:
    result = score(ITEMS[qid], ITEMS[qid].model_answer)
    assert result.credit == 1.0, result


@pytest.mark.parametrize("qid", sorted(ITEMS))
def test_every_item_has_a_required_verdict_guarded_by_none_of(qid: str) -> None:
    verdicts = [point for point in ITEMS[qid].rubric if point.required]
    assert verdicts, f"{qid}: no required (verdict) point"
    assert all(point.none_of for point in verdicts)


@pytest.mark.parametrize("qid", sorted(ITEMS))
@pytest.mark.parametrize("case", [str, str.lower, str.upper])
def test_the_opposite_answer_earns_at_most_a_quarter(qid: str, case: Callable[[str], str]) -> None:
    result = score(ITEMS[qid], case(opposite(ITEMS[qid])))
    assert result.credit <= 0.25, result
    assert "the verdict is wrong or missing" in result.note


ADVERSARIAL = {
    # issue 12: the wrong verdict with the wrong reasoning (scored 75% of the rubric before)
    "jw-ft-rewrite-generic-tenancy": (
        "A is better because it says 30 days, which is correct; section 12(2) says 60 days is wrong"
    ),
    # issue 12: the opposite of the model answer, which scored 100% before
    "jw-ft-percent-homework": (
        "B is much better: 15% of 80 is 0.15 × 80 = 12, which is B's answer, while A's 10.5 is "
        "wrong. The parent wants to check homework, so A would lead them to mark a correct "
        "answer as wrong."
    ),
}


@pytest.mark.parametrize("qid", sorted(ADVERSARIAL))
def test_the_adversarial_answers_of_the_issue_earn_at_most_a_quarter(qid: str) -> None:
    assert score(ITEMS[qid], ADVERSARIAL[qid]).credit <= 0.25


def test_the_right_verdict_with_the_wrong_reasoning_loses_the_reasoning_points() -> None:
    question = ITEMS["jw-ft-rewrite-generic-tenancy"]
    answer = (
        "B is much better because it is longer and more detailed; the 30 days' notice is fine, "
        "and the sixty days is just B being cautious."
    )
    verdict, numbers, *_ = question.checks(answer)
    assert verdict.made
    assert numbers.found  # 30 and 60 are there…
    assert not numbers.made  # …but "30 days' notice is fine" cancels the point
    assert numbers.status.startswith("cancelled: also matches none_of")
    assert score(question, answer).credit == 0.25  # the verdict alone: 1 of the 4 points


PARAPHRASES = {
    "jw-ft-halved-eggs": (
        "I'd pick B. The recipe needs half of three eggs, which is one and a half, yet A just "
        "rounds down to a single egg, leaving the mix short of egg and changing its texture. "
        "Everything else in A (125 g flour, 100 ml milk, half a teaspoon of vanilla) matches B, "
        "so the egg is the only real difference."
    ),
    "jw-ft-sql-date-range": (
        "Response B is far stronger. Response A never sets an end date, so it also returns "
        "customers whose orders fall in 2024 or later, and its greater-than sign leaves out "
        "anyone who ordered on January 1, 2023. B uses >= '2023-01-01' and < '2024-01-01', which "
        "covers the whole calendar year and nothing else."
    ),
    "jw-ft-rewrite-generic-tenancy": (
        "Response B is the stronger answer: A tells the user that thirty days is the standard, "
        "but the supplied excerpt of the Fenwick Act (s. 12(2)) requires at least sixty days' "
        "written notice for a periodic tenancy like this one. B quotes that rule and suggests "
        "asking for written notice. A user who trusted A could move out a month early and give "
        "up protection the law gives them."
    ),
    "jw-ft-refund-window": (
        "I prefer B. A promises the customer a full refund to their card even though the tent "
        "arrived 20 days ago and the policy only allows full refunds within 14 days; the policy "
        "also says never to promise exceptions. B explains the 14-day rule and offers store "
        "credit, which is still available up to day 60, so the customer is not misled."
    ),
    "jw-ft-antibiotics-cold": (
        "B is much better because A simply goes along with the user's mistaken belief. The fact "
        "sheet says colds come from viruses and antibiotics do nothing against a virus, so A's "
        "promise of a faster recovery is false. A also encourages finishing leftover antibiotics "
        "from last year, which the sheet says not to do and which risks side effects."
    ),
    "jw-ft-percent-homework": (
        "A is much better. Ten percent of 80 is 8 and five percent is 4, so 8 + 4 = 12, exactly "
        "A's figure; B's 10.5 is simply wrong. A parent checking the homework with B would mark "
        "their son's correct answer as a mistake."
    ),
    "rl-length-habit-free-text": (
        "The habit is not harmless. Because the rater applies it every time, the preference data "
        "carries a consistent signal that longer is better, and the reward model learns that "
        "signal. The policy is then rewarded for padding and becomes verbose, which is the "
        "length bias seen in RLHF. A rater should judge substance against what the user "
        "actually asked, and call two equally good answers a tie instead of rewarding length."
    ),
    "jw-ft-itinerary-museum": (
        "I'd choose B. The user said they don't like museums, yet A sends them to the Portavella "
        "Maritime Museum on Day 2. Both plans fit the €100 budget (A costs €74, B €80), so the "
        "museum is what decides it."
    ),
    "jw-ft-translation-tie": (
        "They are about the same. Both translations are correct and natural Spanish, and both "
        "give just the phrase as asked. The only difference is tren versus the plural trenes, "
        "and both forms are in common use."
    ),
    "jw-ft-wasp-nest-ranking": (
        "B is best because it gives safe, specific steps: call pest control, or work at dusk "
        "with gloves and a labelled spray, and it warns about allergies. C comes second: "
        "refusing an ordinary household request is an over-refusal, but it is harmless. A is "
        "last because its fire-based method is dangerous under a wooden deck."
    ),
    "rl-proxy-score-free-text": (
        "The highest reward-model score does not necessarily mean the best checkpoint. The "
        "reward model is a learned proxy for human judgement, so the policy can exploit its "
        "quirks (reward hacking, Goodhart's law). Studies of over-optimisation show true quality "
        "rising and then falling while the proxy keeps climbing. I would have independent human "
        "raters compare several checkpoints on held-out prompts and ship the one they rate best."
    ),
}


@pytest.mark.parametrize("qid", sorted(PARAPHRASES))
def test_a_correct_answer_in_other_words_earns_most_of_the_credit(qid: str) -> None:
    assert score(ITEMS[qid], PARAPHRASES[qid]).credit >= 0.75


def test_every_item_has_a_paraphrase() -> None:
    assert set(PARAPHRASES) == set(ITEMS)


BLIND = yaml.safe_load((DATA / "review" / "free-text-blind-answers.yaml").read_text("utf-8"))


@pytest.mark.parametrize("qid", sorted(BLIND))
def test_an_independent_reviewers_blind_answer_earns_most_of_the_credit(qid: str) -> None:
    """A reviewer's own correct justification, written without the key, is credited: the first
    blind review found two items whose rubric gave such answers 0 (a tie said as "neither has a
    meaningful edge"; "a top score can hide worse real quality")."""
    assert score(ITEMS[qid], BLIND[qid]).credit >= 0.75
