"""Progress statistics: attempts taken, recent scores, mastery per topic, the weakest topics, the
reviews due and a readiness estimate per exam blueprint. Core layer: returns frozen values, never
prints.

Topics, types and blueprint sections come from the *current* banks: an answer to a question that
is no longer in any bank is skipped. Only graded answers count (an answer given in an attempt that
was never submitted has no credit yet); "recent" means the last ``RECENT_ANSWERS`` of them
(see ``graded_answers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from heapq import nlargest
from typing import TYPE_CHECKING

from aitrainer_cli.progress.graded_answers import RECENT_ANSWERS, GradedAnswer, recent_answers
from aitrainer_cli.progress.review import due_questions
from aitrainer_cli.progress.rows import decode_attempt

if TYPE_CHECKING:
    from aitrainer_cli.banks.blueprint import Blueprint
    from aitrainer_cli.banks.catalog import Catalog, Entry
    from aitrainer_cli.progress.db import Database

MIN_TOPIC_ANSWERS = 3
"""A topic needs this many answers before it can be called one of the weakest."""
MIN_READINESS_ANSWERS = 10
"""Below this many answers a readiness estimate says "not enough data" instead of a number."""
RECENT_SCORES = 10
WEAKEST = 3


@dataclass(frozen=True, slots=True)
class AttemptCounts:
    """How many attempts exist, and how many of them were graded or are still open."""

    total: int
    graded: int
    in_progress: int


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One graded attempt's score, for the trend chart."""

    attempt_id: int
    started_at: datetime
    percent: float
    mode: str
    title: str


@dataclass(frozen=True, slots=True)
class Mastery:
    """A topic's recent accuracy: mean credit of its last answers, and how many there were."""

    bank_id: str
    topic: str
    accuracy: float
    answers: int


@dataclass(frozen=True, slots=True)
class SectionEstimate:
    """One blueprint section: its weight and the learner's recent accuracy on its questions."""

    title: str
    count: int
    accuracy: float | None
    answers: int


@dataclass(frozen=True, slots=True)
class Readiness:
    """How a blueprint would likely go now, with how that was worked out and what it rests on."""

    blueprint_id: str
    title: str
    pass_mark: float
    estimate: float | None
    """Estimated percent, or None when there is not enough data."""
    answers: int
    sections: tuple[SectionEstimate, ...]
    method: str
    """Plain words: how the estimate was made and how many answers it rests on."""

    @property
    def verdict(self) -> str:
        """``not enough data``, ``at or above target`` or ``below target``."""
        if self.estimate is None:
            return "not enough data"
        return "at or above target" if self.estimate >= self.pass_mark else "below target"


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """Everything ``aitrainer progress`` shows."""

    counts: AttemptCounts
    scores: tuple[ScorePoint, ...]
    """The latest graded attempts, oldest first."""
    trend: float | None
    """Percentage points gained from the older to the newer half of ``scores``."""
    mastery: tuple[Mastery, ...]
    weakest: tuple[Mastery, ...]
    due: int
    """Review cards due now whose question is still in the banks."""
    readiness: tuple[Readiness, ...]

    @property
    def is_empty(self) -> bool:
        return self.counts.total == 0


def attempt_counts(database: Database) -> AttemptCounts:
    """Attempts taken: all of them, the graded ones, the ones still open."""
    row = database.read(
        "SELECT count(*), count(score_percent), coalesce(sum(status = 'in_progress'), 0)"
        " FROM attempts"
    )[0]
    return AttemptCounts(row[0], row[1], row[2])


def recent_scores(database: Database, limit: int = RECENT_SCORES) -> tuple[ScorePoint, ...]:
    """The scores of the latest ``limit`` graded attempts, oldest first."""
    rows = database.fetch(
        "SELECT * FROM attempts WHERE score_percent IS NOT NULL"
        " ORDER BY started_at DESC, id DESC LIMIT ?",
        (limit,),
        decode_attempt,
    )
    return tuple(
        ScorePoint(row.id, row.started_at, row.score_percent, row.mode, row.title)
        for row in reversed(rows)
        if row.score_percent is not None
    )


def trend(scores: Sequence[ScorePoint]) -> float | None:
    """Mean of the newer half minus mean of the older half (None with fewer than two scores)."""
    if len(scores) < 2:
        return None
    half = len(scores) // 2
    older, newer = scores[: len(scores) - half], scores[len(scores) - half :]
    return sum(s.percent for s in newer) / len(newer) - sum(s.percent for s in older) / len(older)


def _latest(
    answers: Mapping[str, list[GradedAnswer]],
    question_ids: Iterable[str],
    limit: int = RECENT_ANSWERS,
) -> list[GradedAnswer]:
    pool = (answer for qid in question_ids for answer in answers.get(qid, ()))
    return nlargest(limit, pool, key=lambda answer: answer.answered_at)


def _mean(answers: Sequence[GradedAnswer]) -> float:
    return sum(answer.credit for answer in answers) / len(answers)


def topic_mastery(
    answers: Mapping[str, list[GradedAnswer]], entries: Mapping[str, Entry]
) -> tuple[Mastery, ...]:
    """Recent accuracy per bank topic that has answers, by bank then topic."""
    topics: dict[tuple[str, str], list[str]] = {}
    for question_id, entry in entries.items():
        if question_id in answers:
            topics.setdefault((entry.bank_id, entry.question.topic), []).append(question_id)
    rows = []
    for (bank_id, topic), question_ids in sorted(topics.items()):
        latest = _latest(answers, question_ids)
        rows.append(Mastery(bank_id, topic, _mean(latest), len(latest)))
    return tuple(rows)


def weakest_topics(
    mastery: Iterable[Mastery], *, minimum: int = MIN_TOPIC_ANSWERS, limit: int = WEAKEST
) -> tuple[Mastery, ...]:
    """The topics with the lowest recent accuracy among those with at least ``minimum`` answers."""
    eligible = [row for row in mastery if row.answers >= minimum]
    return tuple(sorted(eligible, key=lambda row: (row.accuracy, row.bank_id, row.topic))[:limit])


def blueprint_readiness(
    blueprint: Blueprint, answers: Mapping[str, list[GradedAnswer]], entries: Mapping[str, Entry]
) -> Readiness:
    """Estimate a blueprint's score: each section's recent accuracy on the questions it may draw,
    weighted by the section's question count."""
    from aitrainer_cli.banks.catalog import section_candidates

    sections = []
    for section in blueprint.sections:
        latest = _latest(answers, section_candidates(section, entries.values()))
        sections.append(
            SectionEstimate(
                section.title, section.count, _mean(latest) if latest else None, len(latest)
            )
        )
    covered = [s for s in sections if s.accuracy is not None]
    total = sum(s.answers for s in sections)
    weight = sum(s.count for s in covered)
    estimate = (
        100 * sum(s.count * (s.accuracy or 0.0) for s in covered) / weight
        if covered and total >= MIN_READINESS_ANSWERS
        else None
    )
    return Readiness(
        blueprint.id,
        blueprint.title,
        blueprint.pass_mark,
        estimate,
        total,
        tuple(sections),
        _method(sections, covered, total, estimate),
    )


def _method(
    sections: Sequence[SectionEstimate],
    covered: Sequence[SectionEstimate],
    total: int,
    estimate: float | None,
) -> str:
    answers = f"{total} answer{'' if total == 1 else 's'}"
    if estimate is None:
        return f"not enough data: {answers} so far, {MIN_READINESS_ANSWERS} needed"
    method = (
        f"mean credit of your last {RECENT_ANSWERS} answers per section, weighted by "
        f"section size; rests on {answers}"
    )
    if len(covered) < len(sections):
        method += (
            f"; only {len(covered)} of {len(sections)} sections have answers "
            f"({sum(s.count for s in covered)} of {sum(s.count for s in sections)} "
            "questions)"
        )
    return method


def readiness(answers: Mapping[str, list[GradedAnswer]], catalog: Catalog) -> tuple[Readiness, ...]:
    """A readiness estimate for every blueprint in the catalog, by blueprint id."""
    return tuple(
        blueprint_readiness(catalog.blueprints[name], answers, catalog.entries)
        for name in sorted(catalog.blueprints, key=lambda n: (catalog.blueprints[n].feedback, n))
    )


def progress_report(database: Database, catalog: Catalog, now: datetime) -> ProgressReport:
    """Attempts, recent scores with their trend, mastery, weakest topics, reviews due, and
    readiness per blueprint."""
    counts = attempt_counts(database)
    scores = recent_scores(database)
    answers = recent_answers(database, catalog.entries) if counts.graded else {}
    mastery = topic_mastery(answers, catalog.entries)
    due = len(due_questions(database, now, None, known=catalog.entries))
    return ProgressReport(
        counts,
        scores,
        trend(scores),
        mastery,
        weakest_topics(mastery),
        due,
        readiness(answers, catalog),
    )
