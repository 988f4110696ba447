"""``claim_check``: a verdict for each claim, usually against evidence in the material."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from itertools import cycle, islice
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Key, Text
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
    AnswerFormatError,
    Pairs,
    named,
    pick,
    shortest_prefix,
)

Label = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
DEFAULT_CLAIM_LABELS = ("supported", "refuted", "not_enough_info")

CLAIM_CREDIT: dict[frozenset[str], float] = {
    frozenset({"refuted", "not_enough_info"}): 0.25,
    frozenset({"supported", "not_enough_info"}): 0.25,
}
"""Partial credit for near-miss verdicts with the default labels; other mismatches earn 0."""


def _verdict_credit(key: str, given: str, default_labels: bool) -> float:
    if given == key:
        return 1.0
    return CLAIM_CREDIT.get(frozenset({key, given}), 0.0) if default_labels else 0.0


class ClaimCheck(PartsQuestion):
    """Give a verdict for each claim, usually against the evidence in the context."""

    part_separator: ClassVar[str] = ": "
    title: ClassVar[str] = "Check each claim"

    type: Literal["claim_check"]
    claims: dict[Key, Text] = Field(min_length=1, max_length=10)
    labels: list[Label] = Field(default=list(DEFAULT_CLAIM_LABELS), min_length=2, max_length=6)
    answer: dict[Key, Label]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if len(set(self.labels)) != len(self.labels):
            yield Problem(("labels",), Code.DUPLICATE_KEY, "a label is listed twice")
        for key, verdict in self.answer.items():
            if verdict not in self.labels:
                yield Problem(
                    ("answer", key),
                    Code.UNKNOWN_LABEL,
                    f"{verdict!r} is not one of the labels ({', '.join(self.labels)})",
                )
        yield from coverage_problems(
            self.answer, list(self.claims), "claim", "verdict", Code.UNKNOWN_CLAIM
        )

    def score(self, response: object) -> Score:
        """Per claim the verdict credit matrix (custom labels: exact only), averaged."""
        if not isinstance(response, dict):
            return MALFORMED
        default_labels = set(self.labels) == set(DEFAULT_CLAIM_LABELS)
        parts: list[tuple[str, float]] = []
        for claim in self.claims:
            given, key = response.get(claim), self.answer.get(claim)
            credit = 0.0
            if key is not None and isinstance(given, str) and given in self.labels:
                credit = _verdict_credit(key, given, default_labels)
            parts.append((claim, credit))
        return Score(mean([credit for _, credit in parts]), tuple(parts))

    def read_pairs(self, pairs: Pairs) -> dict[str, str]:
        """Claim -> verdict label, every claim once; a verdict may be a prefix or initials."""
        claims, labels = list(self.claims), self.labels
        only = str(pairs[0][1]) if len(pairs) == 1 and pairs[0][0] is None else ""
        if len(claims) > 1 and len(only) == len(claims):
            with contextlib.suppress(AnswerFormatError):  # else read as one word, below
                # one verdict letter per claim run together, as 'srn'
                pairs = [(None, pick(char, labels, "verdict")) for char in only]
        resolved = named(pairs, claims, "verdict", "claim")
        return {name: pick(str(value), labels, "verdict") for name, value in resolved}

    def answer_hint(self) -> str:
        shortest = [shortest_prefix(label, self.labels) for label in self.labels]
        example = " ".join(islice(cycle(shortest), len(self.claims)))
        return f"a verdict per claim in order, e.g. {example} ({'/'.join(self.labels)})"

    def file_form(self) -> str:
        return (
            f"a mapping of each claim ({', '.join(self.claims)}) to a verdict "
            f"({', '.join(self.labels)})"
        )

    def part_names(self) -> list[str]:
        return list(self.claims)

    def part_value_ok(self, value: object) -> bool:
        return isinstance(value, str)

    def key_text(self, letters: Letters | None = None) -> str:
        return ", ".join(f"{k}: {v}" for k, v in self.answer.items())
