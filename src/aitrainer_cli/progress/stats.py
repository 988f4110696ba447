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
from typing import TYPE_CHECKING

from aitrainer_cli.progress.calibration import calibration
from aitrainer_cli.progress.confidence import rated_answers
from aitrainer_cli.progress.graded_answers import RECENT_ANSWERS, GradedAnswer, recent_answers
from aitrainer_cli.progress.intervals import Interval, item_figure, wilson
from aitrainer_cli.progress.judgements import judgements
from aitrainer_cli.progress.rater_profile import rater_profile
from aitrainer_cli.progress.review import due_questions
from aitrainer_cli.progress.rows import decode_attempt

if TYPE_CHECKING:
    from aitrainer_cli.banks.blueprint import Blueprint
    from aitrainer_cli.banks.catalog import Catalog, Entry
    from aitrainer_cli.progress.calibration import Calibration
    from aitrainer_cli.progress.db import Database
    from aitrainer_cli.progress.rater_profile import RaterProfile

MIN_TOPIC_ANSWERS = 1
"""A topic needs this many distinct questions answered before it can be called one of the
weakest (few answers widen its interval instead of hiding it)."""
MIN_READINESS_ANSWERS = 10
"""Below this many distinct questions a readiness estimate says "not enough data"."""
TREND_KINDS = {"exam": "exam", "practice": "practice", "review": "practice"}
"""Attempt mode -> the trend it belongs to."""
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
    """A topic's recent accuracy: the mean of each question's latest credit, over the last
    questions answered, counting each question once, with a 95% interval."""

    bank_id: str
    topic: str
    accuracy: float
    items: int
    """Distinct questions behind the figure."""
    answers: int
    """Graded answers to those questions, repeats included."""
    interval: Interval


@dataclass(frozen=True, slots=True)
class SectionEstimate:
    """One blueprint section: its weight and the learner's recent accuracy on its questions."""

    title: str
    count: int
    accuracy: float | None
    items: int
    """Distinct questions answered among those the section may draw."""


@dataclass(frozen=True, slots=True)
class Readiness:
    """How a blueprint would likely go now, with how that was worked out and what it rests on."""

    blueprint_id: str
    title: str
    pass_mark: float
    estimate: float | None
    """Estimated percent, or None when there is not enough data."""
    items: int
    """Distinct questions the estimate rests on."""
    sections: tuple[SectionEstimate, ...]
    method: str
    """Plain words: how the estimate was made and how many questions it rests on."""
    interval: Interval | None = None
    """The estimate's 95% interval as fractions, when there is an estimate."""

    @property
    def verdict(self) -> str:
        """``not enough data``, ``at or above target``, ``below target``, or ``too close to
        call`` when the interval spans the pass mark."""
        if self.estimate is None or self.interval is None:
            return "not enough data"
        mark = self.pass_mark / 100
        if self.interval.low >= mark:
            return "at or above target"
        if self.interval.high < mark:
            return "below target"
        return "too close to call"


@dataclass(frozen=True, slots=True)
class ScoreTrend:
    """The latest graded attempts of one kind (exams, or practice and spaced review)."""

    kind: str
    """``exam`` or ``practice`` (practice and spaced review)."""
    scores: tuple[ScorePoint, ...]
    """Oldest first."""
    change: float | None
    """Percentage points gained from the older to the newer half of ``scores``."""


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """Everything ``aitrainer progress`` shows."""

    counts: AttemptCounts
    scores: tuple[ScorePoint, ...]
    """The latest graded attempts of any kind, oldest first."""
    trends: tuple[ScoreTrend, ...]
    """Exams apart from practice and spaced review: their trends are never mixed."""
    mastery: tuple[Mastery, ...]
    weakest: tuple[Mastery, ...]
    due: int
    """Review cards due now whose question is still in the banks."""
    readiness: tuple[Readiness, ...]
    calibration: Calibration | None = None
    """Accuracy per stated confidence (answers given with ``--confidence``)."""
    rater_profile: RaterProfile | None = None
    """How the learner judges: biases and leanings, each with its n."""

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


def recent_scores(
    database: Database, limit: int = RECENT_SCORES, modes: Sequence[str] | None = None
) -> tuple[ScorePoint, ...]:
    """The scores of the latest ``limit`` graded attempts (of ``modes`` if given), oldest
    first."""
    chosen = tuple(modes) if modes is not None else ("exam", "practice", "review")
    marks = ", ".join("?" for _ in chosen)
    rows = database.fetch(
        f"SELECT * FROM attempts WHERE score_percent IS NOT NULL AND mode IN ({marks})"
        " ORDER BY started_at DESC, id DESC LIMIT ?",
        (*chosen, limit),
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


def score_trends(database: Database) -> tuple[ScoreTrend, ...]:
    """The exam trend and the practice (and spaced review) trend, each from its own attempts."""
    trends = []
    for kind in dict.fromkeys(TREND_KINDS.values()):
        modes = [mode for mode, group in TREND_KINDS.items() if group == kind]
        scores = recent_scores(database, modes=modes)
        trends.append(ScoreTrend(kind, scores, trend(scores)))
    return tuple(trends)


def topic_mastery(
    answers: Mapping[str, list[GradedAnswer]], entries: Mapping[str, Entry]
) -> tuple[Mastery, ...]:
    """Recent accuracy per bank topic that has answers, by bank then topic: each question's
    latest credit, over the last ``RECENT_ANSWERS`` questions answered."""
    topics: dict[tuple[str, str], list[str]] = {}
    for question_id, entry in entries.items():
        if question_id in answers:
            topics.setdefault((entry.bank_id, entry.question.topic), []).append(question_id)
    rows = []
    for (bank_id, topic), question_ids in sorted(topics.items()):
        figure = item_figure(answers, question_ids, RECENT_ANSWERS)
        if figure is not None:
            rows.append(
                Mastery(bank_id, topic, figure.mean, figure.items, figure.answers, figure.interval)
            )
    return tuple(rows)


def weakest_topics(
    mastery: Iterable[Mastery], *, minimum: int = MIN_TOPIC_ANSWERS, limit: int = WEAKEST
) -> tuple[Mastery, ...]:
    """The topics most surely weak, lowest first: ordered by the top of their 95% interval (a
    topic at 50% over two questions is weaker than one at 83% over six, and a single miss is
    not ranked above a topic missed again and again). Topics without a lost point are left out.
    """
    eligible = [row for row in mastery if row.items >= minimum and row.accuracy < 1 - 1e-9]
    ranked = sorted(
        eligible, key=lambda row: (row.interval.high, row.accuracy, row.bank_id, row.topic)
    )
    return tuple(ranked[:limit])


def blueprint_readiness(
    blueprint: Blueprint, answers: Mapping[str, list[GradedAnswer]], entries: Mapping[str, Entry]
) -> Readiness:
    """Estimate a blueprint's score: each section's recent accuracy on the questions it may draw
    (each question's latest credit; unanswered and timed out count as 0), weighted by the
    section's question count, with a 95% interval over the distinct questions behind it."""
    from aitrainer_cli.banks.catalog import section_candidates

    sections = []
    for section in blueprint.sections:
        figure = item_figure(answers, section_candidates(section, entries.values()), RECENT_ANSWERS)
        sections.append(
            SectionEstimate(
                section.title,
                section.count,
                None if figure is None else figure.mean,
                0 if figure is None else figure.items,
            )
        )
    covered = [s for s in sections if s.accuracy is not None]
    total = sum(s.items for s in sections)
    weight = sum(s.count for s in covered)
    enough = total >= MIN_READINESS_ANSWERS and 2 * weight >= sum(s.count for s in sections)
    estimate = (
        100 * sum(s.count * (s.accuracy or 0.0) for s in covered) / weight
        if covered and enough
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
        None if estimate is None else wilson(estimate / 100, total),
    )


def _method(
    sections: Sequence[SectionEstimate],
    covered: Sequence[SectionEstimate],
    total: int,
    estimate: float | None,
) -> str:
    questions = f"{total} question{'' if total == 1 else 's'}"
    if estimate is None and total < MIN_READINESS_ANSWERS:
        return f"not enough data: {questions} answered so far, {MIN_READINESS_ANSWERS} needed"
    if estimate is None:
        return (
            f"not enough data: your answers cover sections holding "
            f"{sum(s.count for s in covered)} of {sum(s.count for s in sections)} questions; "
            "at least half needed"
        )
    method = (
        f"your latest credit on each of the last {RECENT_ANSWERS} questions per section "
        f"(unanswered and timed out count as 0), weighted by section size; rests on {questions}"
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
        score_trends(database),
        mastery,
        weakest_topics(mastery),
        due,
        readiness(answers, catalog),
        calibration(rated_answers(database)),
        rater_profile(judgements(database, catalog.entries)),
    )
