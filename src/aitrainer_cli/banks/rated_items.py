"""Item types graded on a scale or against a rubric: rating, claim_check, free_text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.fields import Key, Strict, Text
from aitrainer_cli.banks.items import QuestionBase
from aitrainer_cli.banks.problems import Problem

Label = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
DEFAULT_CLAIM_LABELS = ("supported", "refuted", "not_enough_info")


class Scale(Strict):
    """A Likert scale with optional anchor labels (``labels: {1: Very poor, 5: Excellent}``)."""

    min: int = Field(ge=-10, le=10)
    max: int = Field(ge=-10, le=10)
    labels: dict[int, Text] = Field(default_factory=dict)


class Rating(QuestionBase):
    """Rate the material on one or more dimensions; each key is a value or a band [lo, hi]."""

    type: Literal["rating"]
    scale: Scale
    dimensions: dict[Key, Text] = Field(min_length=1, max_length=8)
    """Dimension key -> what the learner is told it measures."""
    answer: dict[Key, int | Annotated[list[int], Field(min_length=2, max_length=2)]]
    tolerance: int = Field(default=1, ge=0, le=5)

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        lo, hi = self.scale.min, self.scale.max
        if hi - lo < 1:
            yield Problem(("scale",), "bad-scale", "the scale's max must exceed its min")
        for value in self.scale.labels:
            if not lo <= value <= hi:
                yield Problem(
                    ("scale", "labels", value),
                    "off-scale",
                    f"label {value} lies outside the scale {lo}..{hi}",
                )
        for key in self.answer:
            if key not in self.dimensions:
                yield Problem(
                    ("answer", key),
                    "unknown-dimension",
                    f"{key!r} is not one of the dimensions ({', '.join(self.dimensions)})",
                )
        for key in self.dimensions:
            if key not in self.answer:
                yield Problem(("answer",), "missing-key", f"no key is given for dimension {key!r}")
        for key, keyed in self.answer.items():
            band = keyed if isinstance(keyed, list) else [keyed, keyed]
            if band[0] > band[1]:
                yield Problem(("answer", key), "bad-band", "a band is written [low, high]")
            if not (lo <= band[0] <= hi and lo <= band[1] <= hi):
                yield Problem(
                    ("answer", key),
                    "off-scale",
                    f"the key {keyed} lies outside the scale {lo}..{hi}",
                )


class ClaimCheck(QuestionBase):
    """Give a verdict for each claim, usually against the evidence in the context."""

    type: Literal["claim_check"]
    claims: dict[Key, Text] = Field(min_length=1, max_length=10)
    labels: list[Label] = Field(default=list(DEFAULT_CLAIM_LABELS), min_length=2, max_length=6)
    answer: dict[Key, Label]

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        if len(set(self.labels)) != len(self.labels):
            yield Problem(("labels",), "duplicate-key", "a label is listed twice")
        for key, verdict in self.answer.items():
            if key not in self.claims:
                yield Problem(
                    ("answer", key),
                    "unknown-claim",
                    f"{key!r} is not one of the claims ({', '.join(self.claims)})",
                )
            if verdict not in self.labels:
                yield Problem(
                    ("answer", key),
                    "unknown-label",
                    f"{verdict!r} is not one of the labels ({', '.join(self.labels)})",
                )
        for key in self.claims:
            if key not in self.answer:
                yield Problem(("answer",), "missing-key", f"no verdict is given for claim {key!r}")


class RubricPoint(Strict):
    """One point a good answer makes, detected by any keyword or ``/regex/``."""

    point: Text
    any_of: list[Annotated[str, StringConstraints(min_length=1)]] = Field(min_length=1)


class FreeText(QuestionBase):
    """A written answer, credited by the share of rubric points it makes."""

    type: Literal["free_text"]
    model_answer: Text
    rubric: list[RubricPoint] = Field(min_length=1, max_length=10)
    min_words: int = Field(default=0, ge=0, le=1000)

    def problems(self) -> Iterator[Problem]:
        yield from self._common_problems()
        for i, point in enumerate(self.rubric):
            for j, pattern in enumerate(point.any_of):
                if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
                    try:
                        re.compile(pattern[1:-1])
                    except re.error as error:
                        yield Problem(
                            ("rubric", i, "any_of", j),
                            "bad-regex",
                            f"the regular expression does not compile: {error}",
                        )
