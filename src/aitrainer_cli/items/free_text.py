"""``free_text``: a written answer, credited by the share of rubric points it makes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Strict, Text
from aitrainer_cli.banks.problems import Problem
from aitrainer_cli.items.base import MALFORMED, Letters, QuestionBase, Score, mean
from aitrainer_cli.items.patterns import matches, pattern_problem, regex_of
from aitrainer_cli.items.reading import is_int


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
                pattern = regex_of(entry)
                problem = None if pattern is None else pattern_problem(pattern)
                if problem is not None:
                    yield Problem(
                        ("rubric", i, "any_of", j),
                        Code.BAD_REGEX,
                        f"the regular expression cannot be used: {problem}",
                    )

    def rubric_entries(self) -> list[tuple[str, str]]:
        return [(point.point, entry) for point in self.rubric for entry in point.any_of]

    def score(self, response: object) -> Score:
        """Share of rubric points found, scaled down by words / min_words for a short answer."""
        if not isinstance(response, str):
            return MALFORMED
        blank = not response.strip()
        parts = tuple(
            (
                rubric.point,
                0.0 if blank else float(any(matches(e, response) for e in rubric.any_of)),
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
