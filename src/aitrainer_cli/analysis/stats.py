"""Classical item analysis: per question facility, discrimination, choice shares, time and
flags; per form (blueprint) Cronbach's alpha.

Each learner counts once per form: the first attempt of theirs at a blueprint in the input
order (exports list attempts oldest first); later attempts at the same form are skipped, as
a second sitting would measure memory of the first. An unanswered question counts as 0 credit
(as in the score); an answered one that was not graded is left out of the figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from aitrainer_cli.analysis.records import (
    CHOICE_TYPES,
    SINGLE_ANSWER_TYPES,
    ChoiceKey,
    ResponseRecord,
)

_FLAT = 1e-12
"""A spread (sum of squared deviations per value) below this is taken as none at all."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a figure gets a question flagged."""

    hard: float = 0.2
    easy: float = 0.95
    discrimination: float = 0.1
    distractor: float = 0.05


@dataclass(frozen=True, slots=True)
class Flag:
    """Why a question needs a look: ``hard``, ``easy``, ``negative-discrimination``,
    ``low-discrimination`` or ``weak-distractor`` (then ``option`` names it)."""

    code: str
    option: str | None = None


@dataclass(frozen=True, slots=True)
class ItemStats:
    """The figures of one question on one form."""

    blueprint: str
    question_id: str
    type: str
    n: int
    """Learners whose credit on this question is known (unanswered counts as 0)."""
    facility: float | None
    """Mean credit, 0..1."""
    discrimination: float | None
    """Corrected item-total correlation; None when credit or rest score does not vary."""
    choices: dict[str, float]
    """Option key -> share of the learners who answered that picked it (choice questions)."""
    keyed: frozenset[str]
    """The correct options, from the bank or (without it) from full-credit answers."""
    mean_seconds: float | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class FormStats:
    """One form (blueprint): its learners, its questions in first-seen order, and alpha."""

    blueprint: str
    learners: int
    items: tuple[ItemStats, ...]
    alpha: float | None
    """Cronbach's alpha over the learners who have a credit on every question of the form."""
    alpha_learners: int


@dataclass(frozen=True, slots=True)
class Analysis:
    forms: tuple[FormStats, ...]
    records: int
    """Response records read."""
    skipped: int
    """Records of later attempts at a form a learner had already sat."""


# -- the two statistics -----------------------------------------------------------------------


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sxx = syy = 0.0
    for x, y in zip(xs, ys, strict=True):
        dx, dy = x - mean_x, y - mean_y
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    if sxx <= _FLAT * n or syy <= _FLAT * n:
        return None
    return sxy / math.sqrt(sxx * syy)


def corrected_item_total(credits: Sequence[float], totals: Sequence[float]) -> float | None:
    """Pearson correlation of each learner's credit on an item with their total over the
    *other* items (``totals`` include the item itself); None if either does not vary."""
    return _pearson(
        credits, [total - credit for credit, total in zip(credits, totals, strict=True)]
    )


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((value - mean) ** 2 for value in values) / len(values)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a learners × items credit matrix: k/(k−1) · (1 − Σ item variance /
    total variance). None for fewer than two learners or items, or totals that do not vary."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    total_variance = _variance([sum(row) for row in matrix])
    if total_variance <= _FLAT:
        return None
    item_variance = sum(_variance([row[index] for row in matrix]) for index in range(k))
    return k / (k - 1) * (1 - item_variance / total_variance)


# -- gathering --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    type: str
    credits: dict[str, float] = field(default_factory=dict)
    answers: list[tuple[object, float | None]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class _Form:
    items: dict[str, _Item] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)

    def add(self, record: ResponseRecord) -> None:
        item = self.items.get(record.question_id)
        if item is None:
            item = self.items[record.question_id] = _Item(record.type)
        learner = record.learner
        if learner in item.credits:
            return  # the same question twice in one attempt: the first counts
        credit = record.credit
        if record.response is not None:
            item.answers.append((record.response, credit))
            item.seconds += record.seconds
        elif credit is None:
            credit = 0.0
        if credit is None:
            return
        item.credits[learner] = credit
        self.totals[learner] = self.totals.get(learner, 0.0) + credit


def _gather(records: Iterable[ResponseRecord]) -> tuple[dict[str, _Form], int, int]:
    forms: dict[str, _Form] = {}
    sitting: dict[tuple[str, str], str] = {}
    count = skipped = 0
    last: tuple[str, str, str] | None = None
    form, kept = _Form(), True  # replaced at the first record
    for record in records:
        count += 1
        here = (record.blueprint, record.learner, record.attempt)
        if here != last:  # records come attempt by attempt: look the sitting up once each
            last = here
            kept = sitting.setdefault(here[:2], record.attempt) == record.attempt
            form = forms.get(record.blueprint) or forms.setdefault(record.blueprint, _Form())
        if kept:
            form.add(record)
        else:
            skipped += 1
    return forms, count, skipped


# -- choices and flags --------------------------------------------------------------------------


def _picked(response: object) -> list[str]:
    if isinstance(response, str):
        return [response]
    if isinstance(response, list):
        return [choice for choice in response if isinstance(choice, str)]
    return []


def _inferred_key(item: _Item) -> frozenset[str]:
    """The options full credit was given for: the key itself once anyone got it right."""
    full = [frozenset(_picked(answer)) for answer, credit in item.answers if credit == 1]
    if not full:
        return frozenset()
    return (
        frozenset.intersection(*full)
        if item.type not in SINGLE_ANSWER_TYPES
        else frozenset(set().union(*full))
    )


def _choices(item: _Item, key: ChoiceKey | None) -> tuple[dict[str, float], frozenset[str]]:
    counts: dict[str, int] = dict.fromkeys(key.options if key else (), 0)
    for answer, _ in item.answers:
        for choice in set(_picked(answer)):
            counts[choice] = counts.get(choice, 0) + 1
    answered = len(item.answers)
    shares = {option: count / answered if answered else 0.0 for option, count in counts.items()}
    return shares, key.keyed if key else _inferred_key(item)


def _flags(
    facility: float | None,
    discrimination: float | None,
    choices: Mapping[str, float],
    keyed: frozenset[str],
    limits: Thresholds,
) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if facility is not None and facility < limits.hard:
        flags.append(Flag("hard"))
    if facility is not None and facility > limits.easy:
        flags.append(Flag("easy"))
    if discrimination is not None and discrimination < 0:
        flags.append(Flag("negative-discrimination"))
    elif discrimination is not None and discrimination < limits.discrimination:
        flags.append(Flag("low-discrimination"))
    if keyed:
        flags += [
            Flag("weak-distractor", option)
            for option, share in choices.items()
            if option not in keyed and share < limits.distractor
        ]
    return tuple(flags)


# -- the analysis -------------------------------------------------------------------------------


def _item_stats(
    blueprint: str,
    question_id: str,
    item: _Item,
    form: _Form,
    key: ChoiceKey | None,
    limits: Thresholds,
) -> ItemStats:
    learners = list(item.credits)
    credits = [item.credits[learner] for learner in learners]
    totals = [form.totals[learner] for learner in learners]
    facility = sum(credits) / len(credits) if credits else None
    discrimination = corrected_item_total(credits, totals)
    choices, keyed = _choices(item, key) if item.type in CHOICE_TYPES else ({}, frozenset())
    answered = len(item.answers)
    return ItemStats(
        blueprint,
        question_id,
        item.type,
        len(credits),
        facility,
        discrimination,
        choices,
        keyed,
        item.seconds / answered if answered else None,
        _flags(facility, discrimination, choices, keyed, limits),
    )


def _alpha(form: _Form) -> tuple[float | None, int]:
    questions = list(form.items)
    complete = [
        learner
        for learner in form.totals
        if all(learner in form.items[question].credits for question in questions)
    ]
    matrix = [
        [form.items[question].credits[learner] for question in questions] for learner in complete
    ]
    return cronbach_alpha(matrix), len(complete)


def analyze(
    records: Iterable[ResponseRecord],
    keys: Mapping[str, ChoiceKey] | None = None,
    limits: Thresholds | None = None,
) -> Analysis:
    """Item and form statistics of ``records``; ``keys`` gives choice questions' options (a
    distractor nobody picked appears in no answer, so only the bank can name it)."""
    keys = keys or {}
    limits = limits or Thresholds()
    forms, count, skipped = _gather(records)
    result = []
    for blueprint in sorted(forms):
        form = forms[blueprint]
        items = tuple(
            _item_stats(blueprint, question, item, form, keys.get(question), limits)
            for question, item in form.items.items()
        )
        alpha, alpha_learners = _alpha(form)
        result.append(FormStats(blueprint, len(form.totals), items, alpha, alpha_learners))
    return Analysis(tuple(result), count, skipped)
