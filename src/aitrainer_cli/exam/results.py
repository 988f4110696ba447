"""Grade a finished attempt: per-item credit, totals, breakdowns, the items that cost most."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.items import Question, Score, score

COSTLIEST = 5
"""How many of the costliest items the result lists."""


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question of the form as graded."""

    position: int
    item: FormItem
    topic: str
    type: str
    difficulty: str
    points: float
    score: Score
    response: object
    flagged: bool
    seconds: float

    @property
    def question_id(self) -> str:
        return self.item.question_id

    @property
    def earned(self) -> float:
        return self.points * self.score.credit

    @property
    def lost(self) -> float:
        return self.points - self.earned

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def verdict(self) -> str:
        """correct, partial, wrong or unanswered."""
        if not self.answered:
            return "unanswered"
        if self.score.credit >= 1 - 1e-9:
            return "correct"
        return "partial" if self.score.credit > 0 else "wrong"


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Points earned against points possible for one topic, type or section."""

    name: str
    earned: float
    possible: float
    count: int

    @property
    def percent(self) -> float:
        return 100 * self.earned / self.possible if self.possible else 0.0


@dataclass(frozen=True, slots=True)
class ExamResult:
    """A graded attempt, ready to render as text or JSON."""

    form: ExamForm
    status: Status
    items: tuple[ItemResult, ...]
    time_used: float
    time_remaining: float | None
    paused_seconds: float = 0.0
    """How long the clock stood still: the pause menu, and between save and resume."""

    @property
    def earned(self) -> float:
        return sum(item.earned for item in self.items)

    @property
    def possible(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def percent(self) -> float:
        return 100 * self.earned / self.possible if self.possible else 0.0

    @property
    def passed(self) -> bool:
        """Whether the practice target was reached (rounding to a tenth, as shown)."""
        return round(self.percent, 1) >= self.form.pass_mark

    @property
    def by_topic(self) -> tuple[Breakdown, ...]:
        return _breakdown(self.items, lambda item: f"{item.item.bank_id} / {item.topic}")

    @property
    def by_type(self) -> tuple[Breakdown, ...]:
        return _breakdown(self.items, lambda item: item.type)

    @property
    def costliest(self) -> tuple[ItemResult, ...]:
        """The items that lost the most points, most first (ties in form order)."""
        losing = [item for item in self.items if item.lost > 1e-9]
        return tuple(sorted(losing, key=lambda item: (-item.lost, item.position))[:COSTLIEST])

    def count(self, verdict: str) -> int:
        return sum(1 for item in self.items if item.verdict == verdict)


def _breakdown(
    items: Sequence[ItemResult], name: Callable[[ItemResult], str]
) -> tuple[Breakdown, ...]:
    groups: dict[str, list[ItemResult]] = {}
    for item in items:
        groups.setdefault(name(item), []).append(item)
    rows = [
        Breakdown(key, sum(i.earned for i in group), sum(i.points for i in group), len(group))
        for key, group in groups.items()
    ]
    return tuple(sorted(rows, key=lambda row: (row.percent, row.name)))


Scorer = Callable[[int, Question, object], Score]
"""Score of the response at a form position (the app passes one that scores each answer once)."""


def score_now(position: int, question: Question, response: object) -> Score:
    """Score a response afresh (the default scorer)."""
    return score(question, response)


def grade_item(
    position: int,
    item: FormItem,
    question: Question,
    state: ItemState,
    scorer: Scorer = score_now,
) -> ItemResult:
    """Score one item of a form (immediate feedback grades them one at a time)."""
    return ItemResult(
        position,
        item,
        question.topic,
        question.type,
        question.difficulty.value,
        question.points,
        scorer(position, question, state.response),
        state.response,
        state.flagged,
        state.seconds,
    )


def grade(
    form: ExamForm,
    entries: Mapping[str, Entry],
    states: Sequence[ItemState],
    status: Status,
    time_remaining: float | None,
    scorer: Scorer = score_now,
    *,
    paused: float = 0.0,
) -> ExamResult:
    """Score every item of the form with the learner's responses."""
    items = [
        grade_item(position, item, entries[item.question_id].question, state, scorer)
        for position, (item, state) in enumerate(zip(form.items, states, strict=True))
    ]
    used = sum(state.seconds for state in states)
    if form.time_limit_seconds is not None and time_remaining is not None:
        used = max(used, form.time_limit_seconds - time_remaining)
    return ExamResult(form, status, tuple(items), used, time_remaining, paused)
