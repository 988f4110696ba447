"""A written answer's grade from its assessment: which credit is used, and the words that say so.

The rule, the same when an answer is graded and when it is re-graded later:

- a self-check, when the learner gave one (practice and spaced review only), is the grade;
- otherwise a judge's verdict, when a judge was asked and its verdict could be used;
- otherwise the keyword score (also when the judge failed: the note says why).

The other credits are kept beside the one used (``Assessment``). Core layer: returns values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from aitrainer_cli.items import Question, score
from aitrainer_cli.items.base import Score
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.items.free_text_credit import (
    GradedBy,
    credit_of_points,
    keyword_score,
    points_found,
)
from aitrainer_cli.progress.assessments import Assessment, JudgeVerdict
from aitrainer_cli.progress.records import to_json

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import Scorer


def assess(
    question: FreeText,
    response: str,
    content_hash: str,
    judge: JudgeVerdict | None,
    self_points: frozenset[int] | None = None,
) -> tuple[Assessment, Score]:
    """The assessment of one answer and the score it gives (CPU only: call before writing)."""
    keywords = keyword_score(question, response)
    judged = _judge_score(question, response, judge, keywords)
    automatic = judged if judged is not None else keywords
    used = automatic
    graded_by: GradedBy = "judge" if judged is not None else "keywords"
    if self_points is not None:
        graded_by = "self_check"
        used = _self_score(question, response, self_points, automatic, judge)
    row = Assessment(
        to_json(response),
        content_hash,
        graded_by,
        used.credit,
        keywords.credit,
        points_found(keywords),
        judge,
        None if judged is None else judged.credit,
        self_points,
        None if self_points is None else used.credit,
    )
    if judge is not None and judge.failure and self_points is None:
        used = _fallback(keywords, judge)
    return row, used


def score_of(question: FreeText, response: str, row: Assessment) -> Score:
    """The score an assessment gives an answer, as it was given when the answer was graded."""
    return assess(question, response, row.content_hash, row.judge, row.self_points)[1]


def _judge_score(
    question: FreeText, response: str, judge: JudgeVerdict | None, keywords: Score
) -> Score | None:
    if judge is None or judge.points is None:
        return None
    who = judge.name + (f" ({judge.identity})" if judge.identity else "")
    note = (
        f"graded by the judge {who}: {_count(judge.points, question)}"
        f" (keywords found {_count(points_found(keywords), question)})"
    )
    if judge.feedback:
        note += f"; the judge says: {judge.feedback}"
    return credit_of_points(question, response, judge.points, "judge", note)


def _self_score(
    question: FreeText,
    response: str,
    ticked: frozenset[int],
    automatic: Score,
    judge: JudgeVerdict | None,
) -> Score:
    by = "the judge" if automatic.graded_by == "judge" else "keywords"
    note = (
        f"graded by your self-check: {_count(ticked, question)}"
        f" ({by} found {_count(points_found(automatic), question)},"
        f" {round(100 * automatic.credit)}%)"
    )
    if judge is not None and judge.failure:
        note += f"; the judge {judge.name} was not used: {judge.failure}"
    elif judge is not None and judge.feedback:
        note += f"; the judge says: {judge.feedback}"
    return credit_of_points(question, response, ticked, "self_check", note)


def _fallback(keywords: Score, judge: JudgeVerdict) -> Score:
    why = f"the judge {judge.name} was not used: {judge.failure}; graded by keywords"
    note = "; ".join(part for part in (why, keywords.note) if part)
    return Score(keywords.credit, keywords.parts, note, "keywords")


def _count(points: frozenset[int], question: FreeText) -> str:
    size = len(question.rubric)
    return f"{len(points)} of {size} rubric point{'' if size == 1 else 's'}"


def stored_scorer(
    rows: Mapping[int, Assessment], hashes: Mapping[str, str], positions: Sequence[int]
) -> Scorer:
    """A scorer that grades written answers as their stored assessments say (when the answer
    and the question are still the ones assessed) and everything else afresh. ``positions``
    maps the place of an item on the form being graded to its place on the attempt's form."""

    def scorer(position: int, question: Question, response: object) -> Score:
        row = rows.get(positions[position])
        if (
            row is not None
            and isinstance(question, FreeText)
            and isinstance(response, str)
            and row.applies_to(response, hashes.get(question.id))
        ):
            return score_of(question, response, row)
        return score(question, response)

    return scorer
