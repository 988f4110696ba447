"""``free_text``: a written answer, credited by the share of rubric points it makes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.fields import Strict, Text
from aitrainer_cli.banks.problems import Problem
from aitrainer_cli.items.base import MALFORMED, Letters, QuestionBase, Score, mean
from aitrainer_cli.items.reading import is_int


def _pattern(entry: str) -> str | None:
    """The regular expression of a ``/regex/`` entry, None for a plain phrase."""
    return entry[1:-1] if len(entry) > 2 and entry.startswith("/") and entry.endswith("/") else None


def _matches(entry: str, text: str) -> bool:
    pattern = _pattern(entry)
    if pattern is not None:
        try:
            return re.search(pattern, text, re.IGNORECASE) is not None
        except re.error:
            return False
    return entry.casefold() in text.casefold()


class RubricPoint(Strict):
    """One point a good answer makes, detected by any keyword or ``/regex/``."""

    point: Text
    any_of: list[Annotated[str, StringConstraints(min_length=1)]] = Field(min_length=1)


class FreeText(QuestionBase):
    """A written answer, credited by the share of rubric points it makes."""

    title: ClassVar[str] = "Write a justification"

    type: Literal["free_text"]
    model_answer: Text
    rubric: list[RubricPoint] = Field(min_length=1, max_length=10)
    min_words: int = Field(default=0, ge=0, le=1000)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        for i, point in enumerate(self.rubric):
            for j, entry in enumerate(point.any_of):
                pattern = _pattern(entry)
                if pattern is None:
                    continue
                try:
                    re.compile(pattern)
                except re.error as error:
                    yield Problem(
                        ("rubric", i, "any_of", j),
                        "bad-regex",
                        f"the regular expression does not compile: {error}",
                    )

    def score(self, response: object) -> Score:
        """Share of rubric points found, scaled down by words / min_words for a short answer."""
        if not isinstance(response, str):
            return MALFORMED
        blank = not response.strip()
        parts = tuple(
            (
                rubric.point,
                0.0 if blank else float(any(_matches(e, response) for e in rubric.any_of)),
            )
            for rubric in self.rubric
        )
        credit, count = mean([found for _, found in parts]), len(response.split())
        if blank:
            return Score(0.0, parts, "blank answer")
        if count < self.min_words:
            return Score(
                credit * count / self.min_words,
                parts,
                f"{count} of the {self.min_words} words asked for",
            )
        return Score(credit, parts)

    def read_text(self, text: str, letters: Letters | None) -> object:
        return text.strip()

    def read_value(self, value: object) -> object:
        if is_int(value) or isinstance(value, float):  # a year or a figure as the whole answer
            value = str(value)
        return super().read_value(value)

    def answer_hint(self) -> str:
        return "your answer in words"

    def file_form(self) -> str:
        return "your answer as text"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        return response if isinstance(response, str) else None

    def key_text(self, letters: Letters | None = None) -> str:
        return self.model_answer
