"""Calibration: accuracy per confidence level, a Brier score, and over- or under-confidence in
one sentence, from answers the learner rated guess / unsure / sure. Core layer: values only.

Each level stands for a stated chance of being right (``STATED``); the outcome is the answer's
credit (0..1, partial credit counts in part). The Brier score is the mean squared gap between
the two (0 is perfect; always saying "unsure" scores 0.25 against a coin flip).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aitrainer_cli.progress.confidence import LEVELS, Level, Rated

STATED: dict[Level, float] = {"guess": 0.33, "unsure": 0.67, "sure": 0.95}
"""The chance of being right each level stands for."""
MIN_RATED = 10
"""Fewer rated answers than this: the figures are shown, the verdict sentence is not."""
GAP = 0.10
"""A gap between stated confidence and accuracy this wide is called over- or under-confidence."""
WRONG = 0.5
"""An answer earning less than this share of its credit counts as wrong ("sure but wrong")."""


@dataclass(frozen=True, slots=True)
class LevelFigure:
    level: Level
    n: int
    accuracy: float | None
    """Mean credit of the answers rated at this level (None without any)."""


@dataclass(frozen=True, slots=True)
class Calibration:
    n: int
    levels: tuple[LevelFigure, ...]
    brier: float | None
    gap: float | None
    """Mean stated chance minus mean credit: positive is over-confidence."""
    sentence: str
    sure_but_wrong: tuple[Rated, ...]
    """Answers rated sure that earned less than half their credit: the ones worth studying."""

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "levels": {f.level: {"n": f.n, "accuracy": f.accuracy} for f in self.levels},
            "brier": self.brier,
            "gap": self.gap,
            "sentence": self.sentence,
            "sure_but_wrong": [
                {"attempt": r.attempt_id, "position": r.position + 1, "question": r.question_id}
                for r in self.sure_but_wrong
            ],
        }


def calibration(rated: Sequence[Rated]) -> Calibration:
    """The calibration figures of these rated answers."""
    levels = []
    for level in LEVELS:
        credits = [r.credit for r in rated if r.level == level]
        levels.append(LevelFigure(level, len(credits), _mean(credits)))
    n = len(rated)
    brier = _mean([(STATED[r.level] - r.credit) ** 2 for r in rated])
    stated = _mean([STATED[r.level] for r in rated])
    gap = None if stated is None else stated - _mean_or_0(rated)
    wrong = tuple(r for r in rated if r.level == "sure" and r.credit < WRONG)
    return Calibration(n, tuple(levels), brier, gap, _sentence(n, gap, levels), wrong)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _mean_or_0(rated: Sequence[Rated]) -> float:
    return sum(r.credit for r in rated) / len(rated) if rated else 0.0


def _sentence(n: int, gap: float | None, levels: Sequence[LevelFigure]) -> str:
    if gap is None or n < MIN_RATED:
        return f"Rate at least {MIN_RATED} answers for a verdict on your calibration ({n} so far)."
    sure = next(f for f in levels if f.level == "sure")
    if gap > GAP:
        detail = (
            f"; when sure you were right {100 * sure.accuracy:.0f}% of the time"
            if sure.accuracy is not None
            else ""
        )
        return (
            f"Over-confident: your confidence ran {100 * gap:.0f} points above your "
            f"accuracy{detail}. Slow down on the answers you feel sure of."
        )
    if gap < -GAP:
        return (
            f"Under-confident: you were right {100 * -gap:.0f} points more often than you "
            "said. Trust your first reading more."
        )
    return "Well calibrated: how sure you said you were matches how often you were right."
