"""``free_text``: a written answer, credited by the share of rubric points it makes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from aitrainer_cli.banks.fields import Text, Whole
from aitrainer_cli.banks.problems import Problem
from aitrainer_cli.items.base import MALFORMED, Letters, QuestionBase, Score, mean
from aitrainer_cli.items.reading import is_int
from aitrainer_cli.items.rubric import (
    VERDICT_MISSED,
    PointCheck,
    RubricPoint,
    check_all,
    problems_of,
    self_cancelling,
)


class FreeText(QuestionBase):
    """A written answer, credited by the share of rubric points it makes."""

    title: ClassVar[str] = "Write a justification"
    scenario: ClassVar[bool] = True

    type: Literal["free_text"]
    model_answer: Text
    rubric: list[RubricPoint] = Field(min_length=1, max_length=10)
    min_words: Whole = Field(default=0, ge=0, le=1000)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        yield from problems_of(self.rubric)
        yield from self_cancelling(self.rubric, self.model_answer)

    def keyword_scored(self) -> bool:
        return True

    def rubric_entries(self) -> list[tuple[str, str]]:
        return [(p.point, entry) for p in self.rubric for entry in p.finding_entries()]

    def checks(self, response: str) -> tuple[PointCheck, ...]:
        """Each rubric point against the answer: found, missed or cancelled (for review)."""
        return check_all(self.rubric, response)

    def score(self, response: object) -> Score:
        """Share of rubric points made; 0 when a required point is not; scaled down by
        words / min_words for a short answer."""
        if not isinstance(response, str):
            return MALFORMED
        blank = not response.strip()
        checks = self.checks(response)
        parts = tuple((c.point.point, 0.0 if blank else float(c.made)) for c in checks)
        credit, count = mean([made for _, made in parts]), len(response.split())
        if blank:
            return Score(0.0, parts, "blank answer")
        missed = [c.point.point for c in checks if c.point.required and not c.made]
        if missed:
            return Score(0.0, parts, f"{VERDICT_MISSED} (required: {missed[0]})")
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
