"""A written answer's credit from the rubric points someone says it made: the learner's
self-check, or a judge command's verdict, instead of the keyword match.

The rules are those of the keyword score (``FreeText.score``): the share of rubric points made;
0 when a required point is not made; scaled down by words / ``min_words`` for a short answer;
0 for a blank one. Points are named by their 0-based place in the rubric. Core layer: returns
values, never prints.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from aitrainer_cli.items.base import Score, mean
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.items.rubric import VERDICT_MISSED

GradedBy = Literal["keywords", "judge", "self_check"]
GRADERS: tuple[GradedBy, ...] = ("keywords", "judge", "self_check")


def points_found(score: Score) -> frozenset[int]:
    """The rubric points (by place) a free-text score counts as made."""
    return frozenset(i for i, (_, made) in enumerate(score.parts) if made >= 0.5)


def credit_of_points(
    question: FreeText, response: str, made: Collection[int], graded_by: GradedBy, note: str
) -> Score:
    """The score of ``response`` when exactly the points ``made`` count as made."""
    parts = tuple(
        (point.point, 1.0 if i in made else 0.0) for i, point in enumerate(question.rubric)
    )
    if not response.strip():
        return Score(0.0, parts, "blank answer", graded_by)
    missed = [
        point.point for i, point in enumerate(question.rubric) if point.required and i not in made
    ]
    if missed:
        return Score(
            0.0, parts, _joined(note, f"{VERDICT_MISSED} (required: {missed[0]})"), graded_by
        )
    credit, count = mean([made for _, made in parts]), len(response.split())
    if count < question.min_words:
        short = f"{count} of the {question.min_words} words asked for"
        return Score(credit * count / question.min_words, parts, _joined(note, short), graded_by)
    return Score(credit, parts, note, graded_by)


def keyword_score(question: FreeText, response: object) -> Score:
    """The keyword score, marked as graded by keywords."""
    score = question.score(response)
    return Score(score.credit, score.parts, score.note, "keywords")


def _joined(*notes: str) -> str:
    return "; ".join(note for note in notes if note)
