"""Honest figures from few answers: each question counted once, and a Wilson interval around the
mean credit so that a figure from two answers does not read like one from forty. Core layer."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from heapq import nlargest
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aitrainer_cli.progress.graded_answers import GradedAnswer

Z95 = 1.959964
"""The normal quantile of a two-sided 95% interval."""
SMALL_N = 30
"""Below this many questions a figure is shown as an interval, not a bare percentage."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A 95% Wilson score interval (fractions 0..1)."""

    low: float
    high: float


def wilson(mean: float, n: int, z: float = Z95) -> Interval:
    """The Wilson score interval of a proportion ``mean`` observed over ``n`` trials.

    Partial credit is treated as a fraction of a success (the mean credit stands in for the
    proportion), which keeps the interval inside 0..1 and wide when n is small. n = 0 gives the
    whole range.
    """
    if n <= 0:
        return Interval(0.0, 1.0)
    p = min(1.0, max(0.0, mean))
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class ItemFigure:
    """Mean credit over distinct questions, what it rests on, and its interval."""

    mean: float
    items: int
    """Distinct questions behind the figure (each counted once)."""
    answers: int
    """Graded answers to them, repeats included."""
    interval: Interval


def latest_per_item(
    answers: Mapping[str, Sequence[GradedAnswer]], question_ids: Iterable[str], limit: int
) -> list[GradedAnswer]:
    """Each question's latest graded answer, for the ``limit`` most recently answered questions
    among ``question_ids`` (answers are newest first per question)."""
    latest = (answers[qid][0] for qid in dict.fromkeys(question_ids) if answers.get(qid))
    return nlargest(limit, latest, key=lambda answer: answer.answered_at)


def item_figure(
    answers: Mapping[str, Sequence[GradedAnswer]], question_ids: Iterable[str], limit: int
) -> ItemFigure | None:
    """The mean of each question's latest credit over the last ``limit`` questions answered,
    or None when none was."""
    latest = latest_per_item(answers, question_ids, limit)
    if not latest:
        return None
    mean = sum(answer.credit for answer in latest) / len(latest)
    behind = sum(len(answers[answer.question_id]) for answer in latest)
    return ItemFigure(mean, len(latest), behind, wilson(mean, len(latest)))


def percent_words(mean: float, n: int, interval: Interval, *, short: bool = False) -> str:
    """'62%' for a figure resting on many questions, '62% (likely 41–79%)' for few (``short``:
    '62% (41–79%)', for a table whose note says what the range is)."""
    if n >= SMALL_N:
        return f"{100 * mean:.0f}%"
    likely = "" if short else "likely "
    return f"{100 * mean:.0f}% ({likely}{100 * interval.low:.0f}–{100 * interval.high:.0f}%)"
