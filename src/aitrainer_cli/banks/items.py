"""The eight item types of format v1 and the semantic checks each key must pass."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.fields import (
    Context,
    Difficulty,
    Key,
    ResponseLabel,
    Slug,
    Strict,
    Text,
)
from aitrainer_cli.banks.problems import Problem, Severity

_LETTER_REFERENCE = re.compile(r"\b(?:[Oo]ption|[Cc]hoice|[Aa]nswer) \(?[a-h]\)?(?![\w'])")


class QuestionBase(Strict):
    """Fields common to every item type."""

    id: Slug
    topic: Slug
    difficulty: Difficulty
    points: float = Field(default=1, gt=0, le=100)
    prompt: Text
    context: Context | None = None
    explanation: Text
    sources: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)

    def problems(self) -> Iterator[Problem]:
        """Semantic problems: keys that point nowhere, impossible scales, misleading text."""
        yield from self._common_problems()

    def _common_problems(self) -> Iterator[Problem]:
        if len(self.explanation.split()) < 8:
            yield Problem(
                ("explanation",),
                "short-explanation",
                "the explanation has fewer than 8 words; say why the key is right and why "
                "the tempting wrong answers are wrong",
                Severity.WARNING,
            )

    def response_labels(self) -> set[str]:
        return set(self.context.responses) if self.context and self.context.responses else set()


class ChoiceQuestion(QuestionBase):
    """Shared by single and multiple choice: lettered options shuffled at display time."""

    options: dict[Key, Text] = Field(min_length=2, max_length=8)
    option_feedback: dict[Key, Text] = Field(default_factory=dict)

    def _choice_problems(self, keyed: list[str]) -> Iterator[Problem]:
        for position, key in enumerate(keyed):
            if key not in self.options:
                path: tuple[str | int, ...] = (
                    ("answer",)
                    if isinstance(self, SingleChoice)
                    else (
                        "answer",
                        position,
                    )
                )
                yield Problem(
                    path,
                    "unknown-option",
                    f"the answer {key!r} is not one of the options ({', '.join(self.options)})",
                )
        for key in self.option_feedback:
            if key not in self.options:
                yield Problem(
                    ("option_feedback", key),
                    "unknown-option",
                    f"feedback is given for {key!r}, which is not one of the options",
                )
        texts = [text.strip().casefold() for text in self.options.values()]
        if len(set(texts)) != len(texts):
            yield Problem(("options",), "duplicate-option", "two options have the same text")
        texts_by_path: list[tuple[tuple[str | int, ...], str]] = [
            (("explanation",), self.explanation),
            *((("option_feedback", k), note) for k, note in self.option_feedback.items()),
        ]
        for where, text in texts_by_path:
            if _LETTER_REFERENCE.search(text):
                yield Problem(
                    where,
                    "option-letter-reference",
                    "options are shuffled and re-lettered for each attempt, so a reference "
                    "like 'option b' will point at the wrong option; quote the option instead",
                    Severity.WARNING,
                )


class SingleChoice(ChoiceQuestion):
    """Choose the one correct option."""

    type: Literal["single_choice"]
    answer: Key

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        yield from self._choice_problems([self.answer])


class MultipleScoring(StrEnum):
    F1 = "f1"
    ALL_OR_NOTHING = "all_or_nothing"
    RIGHT_MINUS_WRONG = "right_minus_wrong"


class MultipleChoice(ChoiceQuestion):
    """Choose every correct option; credit by set F1 unless ``scoring`` says otherwise."""

    type: Literal["multiple_choice"]
    answer: list[Key] = Field(min_length=1)
    scoring: MultipleScoring = MultipleScoring.F1

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        yield from self._choice_problems(self.answer)
        if len(set(self.answer)) != len(self.answer):
            yield Problem(("answer",), "duplicate-key", "an option is listed twice in the answer")


class TrueFalse(QuestionBase):
    """Judge the statement in the prompt true or false."""

    type: Literal["true_false"]
    answer: bool


RankEntry = ResponseLabel | list[ResponseLabel]


def flatten_ranking(ranking: list[RankEntry]) -> list[str]:
    """Labels of a ranking with ties (nested lists) in order, ties flattened."""
    return [label for entry in ranking for label in (entry if isinstance(entry, list) else [entry])]


class Ranking(QuestionBase):
    """Order 3-6 responses best first; ties as nested lists; critical pairs must hold."""

    type: Literal["ranking"]
    answer: list[RankEntry] | None = Field(default=None, min_length=1)
    panel: list[list[RankEntry]] | None = Field(default=None, min_length=2, max_length=12)
    critical_pairs: list[Annotated[list[ResponseLabel], Field(min_length=2, max_length=2)]] = Field(
        default_factory=list
    )

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        labels = self.response_labels()
        if not 3 <= len(labels) <= 6:
            yield Problem(
                ("context", "responses") if labels else ("type",),
                "responses-needed",
                f"a ranking needs 3 to 6 labelled responses in context.responses, found "
                f"{len(labels)}",
            )
        if (self.answer is None) == (self.panel is None):
            yield Problem(("answer",), "key-needed", "give exactly one of 'answer' or 'panel'")
        keyed: list[tuple[tuple[str | int, ...], list[RankEntry]]] = (
            [(("answer",), self.answer)] if self.answer is not None else []
        )
        keyed += [(("panel", i), ranking) for i, ranking in enumerate(self.panel or [])]
        for path, ranking in keyed:
            order = flatten_ranking(ranking)
            if labels and sorted(order) != sorted(labels):
                yield Problem(
                    path,
                    "not-a-permutation",
                    f"the ranking {' '.join(order)} must list each response exactly once "
                    f"({' '.join(sorted(labels))})",
                )
            if all(isinstance(entry, list) for entry in ranking) and len(ranking) == 1:
                yield Problem(path, "all-tied", "a ranking that ties every response ranks nothing")
        for i, pair in enumerate(self.critical_pairs):
            if labels and not set(pair) <= labels or pair[0] == pair[1]:
                yield Problem(
                    ("critical_pairs", i),
                    "unknown-response",
                    "a critical pair names two different responses of context.responses",
                )
            elif self.answer is not None:
                places = _positions(self.answer)
                if places.get(pair[0], 0) >= places.get(pair[1], 0):
                    yield Problem(
                        ("critical_pairs", i),
                        "critical-pair-contradicts-key",
                        f"the key does not rank {pair[0]} above {pair[1]}",
                    )


def _positions(ranking: list[RankEntry]) -> dict[str, int]:
    return {
        label: place
        for place, entry in enumerate(ranking)
        for label in (entry if isinstance(entry, list) else [entry])
    }


class Preference(QuestionBase):
    """Side and strength on a side-by-side scale: negative favours A, positive favours B."""

    type: Literal["preference"]
    scale: Literal[3, 5, 7] = 7
    answer: int | None = None
    panel: list[int] | None = Field(default=None, min_length=2, max_length=12)
    credit: list[float] | None = Field(default=None, min_length=1, max_length=7)
    """Credit by distance from the key (index 0 = exact); default [1, 0.75, 0.4]."""

    def label(self, value: int) -> str:
        """The scale point's wording: -3 'A much better' … 0 'About the same' … +3."""
        half = self.scale // 2
        if value == 0:
            return "About the same"
        strengths = {
            1: ["better"],
            2: ["better", "much better"],
            3: ["slightly better", "better", "much better"],
        }[half]
        return f"{'A' if value < 0 else 'B'} {strengths[min(abs(value), half) - 1]}"

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        if self.response_labels() != {"A", "B"}:
            yield Problem(
                ("context", "responses") if self.context else ("type",),
                "responses-needed",
                "a preference compares exactly two responses labelled A and B",
            )
        if (self.answer is None) == (self.panel is None):
            yield Problem(("answer",), "key-needed", "give exactly one of 'answer' or 'panel'")
        half = self.scale // 2
        points: list[tuple[tuple[str | int, ...], int]] = (
            [(("answer",), self.answer)] if self.answer is not None else []
        )
        points += [(("panel", i), value) for i, value in enumerate(self.panel or [])]
        for path, value in points:
            if value is not None and not -half <= value <= half:
                yield Problem(
                    path,
                    "off-scale",
                    f"{value} is not on the {self.scale}-point scale "
                    f"(-{half} = A much better ... +{half} = B much better)",
                )
        for i, credit in enumerate(self.credit or []):
            if not 0 <= credit <= 1:
                yield Problem(("credit", i), "credit-range", "credit values lie in [0, 1]")
