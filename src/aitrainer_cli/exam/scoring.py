"""Scoring: the credit (0..1) one response earns on one question, a pure function per item type.

Every function takes the question and the learner's raw response (whatever the asker or an
answers file produced) and never raises: an unanswered or malformed response earns 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard, assert_never

from aitrainer_cli.banks.items import (
    MultipleChoice,
    MultipleScoring,
    Preference,
    Ranking,
    SingleChoice,
    TrueFalse,
)
from aitrainer_cli.banks.question import Question
from aitrainer_cli.banks.rated_items import DEFAULT_CLAIM_LABELS, ClaimCheck, FreeText, Rating

DEFAULT_PREFERENCE_CREDIT: tuple[float, ...] = (1.0, 0.75, 0.4)
"""Preference credit by distance from the key (index 0 = exact) unless the item sets ``credit``."""

CLAIM_CREDIT: dict[frozenset[str], float] = {
    frozenset({"refuted", "not_enough_info"}): 0.25,
    frozenset({"supported", "not_enough_info"}): 0.25,
}
"""Partial credit for near-miss verdicts with the default labels; other mismatches earn 0."""


@dataclass(frozen=True, slots=True)
class Score:
    """Credit in [0, 1], its parts for review, and a note when a special rule applied."""

    credit: float
    parts: tuple[tuple[str, float], ...] = ()
    note: str = ""


_MALFORMED = Score(0.0, note="response not understood")
_NO_KEY = Score(0.0, note="the question has no key")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _panel_parts(credits: Sequence[float]) -> tuple[tuple[str, float], ...]:
    return tuple((f"expert {i}", credit) for i, credit in enumerate(credits, 1))


def score(question: Question, response: object) -> Score:
    """Score a response against the question's key; unanswered or malformed earns 0."""
    if response is None:
        return Score(0.0, note="unanswered")
    match question:
        case SingleChoice():
            return score_single_choice(question, response)
        case MultipleChoice():
            return score_multiple_choice(question, response)
        case TrueFalse():
            return score_true_false(question, response)
        case Ranking():
            return score_ranking(question, response)
        case Preference():
            return score_preference(question, response)
        case Rating():
            return score_rating(question, response)
        case ClaimCheck():
            return score_claim_check(question, response)
        case FreeText():
            return score_free_text(question, response)
        case _:
            assert_never(question)


def score_single_choice(question: SingleChoice, response: object) -> Score:
    """1 for the keyed option, else 0."""
    return Score(1.0 if isinstance(response, str) and response == question.answer else 0.0)


def score_true_false(question: TrueFalse, response: object) -> Score:
    """1 for the keyed truth value (a bool), else 0."""
    return Score(1.0 if isinstance(response, bool) and response == question.answer else 0.0)


def score_multiple_choice(question: MultipleChoice, response: object) -> Score:
    """Set F1, all-or-nothing, or max(0, (right - wrong) / |key|), as the item's scoring says."""
    if not isinstance(response, list | tuple | set | frozenset):
        return _MALFORMED
    if not all(isinstance(choice, str) for choice in response):
        return _MALFORMED
    chosen, key = frozenset(response), frozenset(question.answer)
    right, wrong = len(chosen & key), len(chosen - key)
    if question.scoring is MultipleScoring.ALL_OR_NOTHING:
        credit = float(chosen == key)
    elif question.scoring is MultipleScoring.RIGHT_MINUS_WRONG:
        credit = max(0.0, (right - wrong) / len(key))
    else:
        credit = 2 * right / (len(key) + len(chosen)) if chosen else 0.0
    return Score(credit)


def _places(ranking: object) -> dict[str, int] | None:
    """Place of each label in a best-first ranking (a tie shares a place); None if malformed."""
    if not isinstance(ranking, list | tuple):
        return None
    places: dict[str, int] = {}
    for place, entry in enumerate(ranking):
        group: Sequence[object] = entry if isinstance(entry, list | tuple) else (entry,)
        for label in group:
            if not isinstance(label, str) or label in places:
                return None
            places[label] = place
    return places


def _place(places: dict[str, int], label: str) -> int:
    """A label's place; labels the learner left out share the place after the last."""
    return places.get(label, max(places.values(), default=-1) + 1)


def _agreement(key: dict[str, int], learner: dict[str, int]) -> float:
    """Share of the pairs the key orders that the learner orders the same way (a tie is half)."""
    labels = list(key)
    agreed, pairs = 0.0, 0
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            if key[first] == key[second]:
                continue
            high, low = (first, second) if key[first] < key[second] else (second, first)
            pairs += 1
            mine_high, mine_low = _place(learner, high), _place(learner, low)
            agreed += 1.0 if mine_high < mine_low else 0.5 if mine_high == mine_low else 0.0
    return agreed / pairs if pairs else 0.0


def score_ranking(question: Ranking, response: object) -> Score:
    """Pairwise agreement with the key (or mean over the panel); a broken critical pair gives 0."""
    learner = _places(response)
    if learner is None:
        return _MALFORMED
    keys = [question.answer] if question.answer is not None else list(question.panel or [])
    key_places = [_places(key) or {} for key in keys]
    if not any(key_places):
        return _NO_KEY
    if not any(label in learner for places in key_places for label in places):
        return Score(0.0, note="no response was ranked")
    credits = [_agreement(places, learner) for places in key_places]
    parts = _panel_parts(credits) if question.answer is None else ()
    for high, low in question.critical_pairs:
        if _place(learner, high) >= _place(learner, low):
            return Score(0.0, parts, f"critical pair {high} above {low} violated")
    return Score(_mean(credits), parts)


def _preference_credit(key: int, answer: int, table: Sequence[float]) -> float:
    if key * answer < 0:
        return 0.0
    distance = abs(key - answer)
    return min(1.0, max(0.0, table[distance])) if distance < len(table) else 0.0


def score_preference(question: Preference, response: object) -> Score:
    """Credit by distance from the key (or mean over the panel); the wrong side of 0 earns 0."""
    if not _is_int(response):
        return _MALFORMED
    half = question.scale // 2
    if not -half <= response <= half:
        return Score(0.0, note=f"{response} is off the {question.scale}-point scale")
    table = question.credit or DEFAULT_PREFERENCE_CREDIT
    if question.answer is not None:
        key = question.answer
        wrong_side = key * response < 0
        note = f"wrong side: the key favours {'A' if key < 0 else 'B'}" if wrong_side else ""
        return Score(_preference_credit(key, response, table), note=note)
    if not question.panel:
        return _NO_KEY
    credits = [_preference_credit(key, response, table) for key in question.panel]
    return Score(_mean(credits), _panel_parts(credits))


def _distance(value: int, key: int | list[int]) -> int:
    """Distance from a keyed value, or from a band [lo, hi] (0 anywhere inside it)."""
    low, high = (min(key), max(key)) if isinstance(key, list) else (key, key)
    return low - value if value < low else value - high if value > high else 0


def score_rating(question: Rating, response: object) -> Score:
    """Per dimension max(0, 1 - distance / (tolerance + 1)), averaged over the dimensions."""
    if not isinstance(response, dict):
        return _MALFORMED
    parts: list[tuple[str, float]] = []
    for dimension in question.dimensions:
        value, key = response.get(dimension), question.answer.get(dimension)
        credit = 0.0
        if key is not None and _is_int(value):
            credit = max(0.0, 1 - _distance(value, key) / (question.tolerance + 1))
        parts.append((dimension, credit))
    return Score(_mean([credit for _, credit in parts]), tuple(parts))


def _verdict_credit(key: str, given: str, default_labels: bool) -> float:
    if given == key:
        return 1.0
    return CLAIM_CREDIT.get(frozenset({key, given}), 0.0) if default_labels else 0.0


def score_claim_check(question: ClaimCheck, response: object) -> Score:
    """Per claim the verdict credit matrix (custom labels: exact only), averaged over claims."""
    if not isinstance(response, dict):
        return _MALFORMED
    default_labels = set(question.labels) == set(DEFAULT_CLAIM_LABELS)
    parts: list[tuple[str, float]] = []
    for claim in question.claims:
        given, key = response.get(claim), question.answer.get(claim)
        credit = 0.0
        if key is not None and isinstance(given, str) and given in question.labels:
            credit = _verdict_credit(key, given, default_labels)
        parts.append((claim, credit))
    return Score(_mean([credit for _, credit in parts]), tuple(parts))


def _matches(entry: str, text: str) -> bool:
    if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
        try:
            return re.search(entry[1:-1], text, re.IGNORECASE) is not None
        except re.error:
            return False
    return entry.casefold() in text.casefold()


def score_free_text(question: FreeText, response: object) -> Score:
    """Share of rubric points found, scaled down by words / min_words for a short answer."""
    if not isinstance(response, str):
        return _MALFORMED
    blank = not response.strip()
    parts = tuple(
        (rubric.point, 0.0 if blank else float(any(_matches(e, response) for e in rubric.any_of)))
        for rubric in question.rubric
    )
    credit, words = _mean([found for _, found in parts]), len(response.split())
    if blank:
        return Score(0.0, parts, "blank answer")
    if words < question.min_words:
        return Score(
            credit * words / question.min_words,
            parts,
            f"{words} of the {question.min_words} words asked for",
        )
    return Score(credit, parts)
