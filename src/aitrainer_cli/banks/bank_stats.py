"""Counts and balance figures of loaded banks: what an author checks before learners see them.

Key position is the key's place among the options as written (before shuffling): a bank whose
keys are mostly the first option teaches learners a pattern even though exams reshuffle. Length
figures catch the commonest give-away: the key, or the best response, being the longest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from aitrainer_cli.items import Question


@dataclass(slots=True)
class BankStats:
    """Figures for one bank (or for all loaded banks together)."""

    name: str
    questions: int = 0
    by_topic: Counter[str] = field(default_factory=Counter)
    by_type: Counter[str] = field(default_factory=Counter)
    by_difficulty: Counter[str] = field(default_factory=Counter)
    key_positions: Counter[int] = field(default_factory=Counter)
    """Single choice: how often the key is option 1, 2, … as written."""
    key_lengths: list[int] = field(default_factory=list)
    distractor_lengths: list[int] = field(default_factory=list)
    best_is_longest: list[bool] = field(default_factory=list)
    """Items keyed with a best response: whether it is (one of) the longest."""

    def add(self, question: Question) -> None:
        self.questions += 1
        self.by_topic[question.topic] += 1
        self.by_type[question.type] += 1
        self.by_difficulty[question.difficulty.value] += 1
        if question.has_options:
            self._add_choice(question)
        longest = best_is_longest(question)
        if longest is not None:
            self.best_is_longest.append(longest[0])

    def _add_choice(self, question: Question) -> None:
        keys, options = question.keyed_options(), question.option_texts()
        if question.single and keys[0] in options:
            self.key_positions[list(options).index(keys[0]) + 1] += 1
        for key, text in options.items():
            (self.key_lengths if key in keys else self.distractor_lengths).append(len(text))

    def as_json(self) -> dict[str, object]:
        """The figures as plain JSON values."""
        return {
            "name": self.name,
            "questions": self.questions,
            "by_topic": dict(sorted(self.by_topic.items())),
            "by_type": dict(sorted(self.by_type.items())),
            "by_difficulty": dict(sorted(self.by_difficulty.items())),
            "key_positions": {str(k): v for k, v in sorted(self.key_positions.items())},
            "mean_key_length": _mean(self.key_lengths),
            "mean_distractor_length": _mean(self.distractor_lengths),
            "best_is_longest_share": _share(self.best_is_longest),
            "best_is_longest_items": len(self.best_is_longest),
        }


def bank_stats(questions: Iterable[tuple[str, Question]]) -> list[BankStats]:
    """Figures per bank, then for every bank together; ``questions`` are (bank id, question)."""
    per_bank: dict[str, BankStats] = {}
    total = BankStats("all banks")
    for bank_id, question in questions:
        per_bank.setdefault(bank_id, BankStats(bank_id)).add(question)
        total.add(question)
    return [*per_bank.values(), total] if len(per_bank) != 1 else list(per_bank.values())


def best_is_longest(question: Question) -> tuple[bool, float] | None:
    """Whether a best response is (one of) the longest, and the chance of that; None for items
    without a keyed best response."""
    responses = question.context.responses if question.context else None
    best = question.best_responses()
    if not responses or not best:
        return None
    longest = max(len(text) for text in responses.values())
    hit = any(len(responses.get(label, "")) == longest for label in best)
    return hit, len(best) / len(responses)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None
