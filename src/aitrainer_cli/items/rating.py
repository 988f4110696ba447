"""``rating``: rate the material on one or more dimensions of a Likert scale."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Key, Strict, Text
from aitrainer_cli.banks.problems import Problem
from aitrainer_cli.items.base import (
    MALFORMED,
    Letters,
    Score,
    coverage_problems,
    mean,
)
from aitrainer_cli.items.parts import PartsQuestion
from aitrainer_cli.items.reading import (
    is_int,
    named,
    whole_number,
)

Band = int | Annotated[list[int], Field(min_length=2, max_length=2)]
"""A keyed value, or a band [low, high] of values that are all right."""


class Scale(Strict):
    """A Likert scale with optional anchor labels (``labels: {1: Very poor, 5: Excellent}``)."""

    min: int = Field(ge=-10, le=10)
    max: int = Field(ge=-10, le=10)
    labels: dict[int, Text] = Field(default_factory=dict)


def band_text(value: int | list[int] | None) -> str:
    """'3' or '3–4' for a key; '—' for none."""
    if value is None:
        return "—"
    return f"{value[0]}–{value[1]}" if isinstance(value, list) else str(value)


def _distance(value: int, key: int | list[int]) -> int:
    """Distance from a keyed value, or from a band [lo, hi] (0 anywhere inside it)."""
    low, high = (min(key), max(key)) if isinstance(key, list) else (key, key)
    return low - value if value < low else value - high if value > high else 0


class Rating(PartsQuestion):
    """Rate the material on one or more dimensions; each key is a value or a band [lo, hi]."""

    title: ClassVar[str] = "Rate the response"

    type: Literal["rating"]
    scale: Scale
    dimensions: dict[Key, Text] = Field(min_length=1, max_length=8)
    """Dimension key -> what the learner is told it measures."""
    answer: dict[Key, Band]
    tolerance: int = Field(default=1, ge=0, le=5)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        lo, hi = self.scale.min, self.scale.max
        if hi - lo < 1:
            yield Problem(("scale",), Code.BAD_SCALE, "the scale's max must exceed its min")
        for value in self.scale.labels:
            if not lo <= value <= hi:
                yield Problem(
                    ("scale", "labels", value),
                    Code.OFF_SCALE,
                    f"label {value} lies outside the scale {lo}..{hi}",
                )
        yield from self._key_problems()

    def _key_problems(self) -> Iterator[Problem]:
        lo, hi = self.scale.min, self.scale.max
        yield from coverage_problems(
            self.answer, list(self.dimensions), "dimension", "key", Code.UNKNOWN_DIMENSION
        )
        for key, keyed in self.answer.items():
            band = keyed if isinstance(keyed, list) else [keyed, keyed]
            if band[0] > band[1]:
                yield Problem(("answer", key), Code.BAD_BAND, "a band is written [low, high]")
            if not (lo <= band[0] <= hi and lo <= band[1] <= hi):
                yield Problem(
                    ("answer", key),
                    Code.OFF_SCALE,
                    f"the key {keyed} lies outside the scale {lo}..{hi}",
                )

    def score(self, response: object) -> Score:
        """Per dimension max(0, 1 - distance / (tolerance + 1)), averaged over the dimensions."""
        if not isinstance(response, dict):
            return MALFORMED
        parts: list[tuple[str, float]] = []
        for dimension in self.dimensions:
            value, key = response.get(dimension), self.answer.get(dimension)
            credit = 0.0
            if key is not None and is_int(value):
                credit = max(0.0, 1 - _distance(value, key) / (self.tolerance + 1))
            parts.append((dimension, credit))
        return Score(mean([credit for _, credit in parts]), tuple(parts))

    def read_pairs(self, pairs: list[tuple[str | None, object]]) -> dict[str, int]:
        """Dimension -> value on the scale, every dimension once."""
        low, high = self.scale.min, self.scale.max
        resolved = named(pairs, list(self.dimensions), "number", "dimension")
        advice = f"type a number from {low} to {high}"
        return {
            name: whole_number(value, low, high, f" for {name}", advice) for name, value in resolved
        }

    def answer_hint(self) -> str:
        return (
            f"a number {self.scale.min}..{self.scale.max} per dimension in "
            f"order ({' '.join(self.dimensions)})"
        )

    def file_form(self) -> str:
        return (
            f"a mapping of each dimension ({', '.join(self.dimensions)}) to a "
            f"number {self.scale.min}..{self.scale.max}"
        )

    def part_names(self) -> list[str]:
        return list(self.dimensions)

    def part_value_ok(self, value: object) -> bool:
        return is_int(value)

    def key_text(self, letters: Letters | None = None) -> str:
        return ", ".join(f"{k} {band_text(v)}" for k, v in self.answer.items())
