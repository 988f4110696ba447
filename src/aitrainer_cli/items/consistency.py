"""Consistency between the parts of a ``task``: contradictions in the learner's own answers.

A real screening task is graded partly on whether its judgments hang together: rating B higher
on every dimension and then preferring A is a contradiction whatever the key says. Each check is
a function over the answered parts, each seen as (part type, response) with the response the
part judges; ``CHECKS`` is the registry, and a new check is one function added to it. Checks
only read responses of the types they know and ignore everything else, so a new item type never
breaks them. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from aitrainer_cli.items.base import QuestionBase
from aitrainer_cli.items.reading import is_int


@dataclass(frozen=True, slots=True)
class Given:
    """One answered part: its key, its question (type and key), the response it judges."""

    key: str
    question: QuestionBase
    response: object
    about: str | None
    """The response of the material the part judges (A, B), when the author said so."""

    @property
    def type(self) -> str:
        return self.question.type_name()


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Parts whose answers contradict each other, and what the learner is told."""

    parts: tuple[str, ...]
    message: str


Check = Callable[[Sequence[Given]], Iterator[Contradiction]]
"""A consistency check: the answered parts in, the contradictions it sees out."""


def _of_type(given: Sequence[Given], kind: str) -> list[Given]:
    return [g for g in given if g.type == kind]


def _ratings(given: Sequence[Given]) -> dict[str, tuple[Given, dict[str, int]]]:
    """Response label -> (the rating part, dimension -> value), from rating parts that say
    which response they rate (``about``) or that rate several (``{A: {...}, B: {...}}``)."""
    found: dict[str, tuple[Given, dict[str, int]]] = {}
    for part in _of_type(given, "rating"):
        response = part.response
        if not isinstance(response, dict):
            continue
        if part.about and all(is_int(v) for v in response.values()):
            found.setdefault(part.about, (part, dict(response)))
            continue
        for label, values in response.items():
            if isinstance(label, str) and isinstance(values, dict):
                ints = {k: v for k, v in values.items() if is_int(v)}
                found.setdefault(label, (part, ints))
    return found


def _side(value: object) -> str | None:
    """The side a preference value favours: 'A' (negative), 'B' (positive), None for 0."""
    if not is_int(value) or value == 0:
        return None
    return "A" if value < 0 else "B"


def ratings_against_preference(given: Sequence[Given]) -> Iterator[Contradiction]:
    """Rated one response higher on every dimension, but preferred the other."""
    ratings = _ratings(given)
    if "A" not in ratings or "B" not in ratings:
        return
    (part_a, a), (part_b, b) = ratings["A"], ratings["B"]
    shared = [d for d in a if d in b]
    if not shared:
        return
    for preference in _of_type(given, "preference"):
        favoured = _side(preference.response)
        for higher, lower in (("B", "A"), ("A", "B")):
            values = {"A": a, "B": b}
            if favoured == lower and all(values[higher][d] > values[lower][d] for d in shared):
                yield Contradiction(
                    (part_a.key, part_b.key, preference.key),
                    f"you rated {higher} higher than {lower} on every dimension "
                    f"({', '.join(shared)}) but your preference favours {lower} "
                    f"({preference.response:+d})",
                )


_CORRECTNESS = re.compile(r"correct|accura|factual|truth|honest", re.IGNORECASE)
"""Dimension names that measure whether the response is factually right."""


def refuted_claim_against_correctness(given: Sequence[Given]) -> Iterator[Contradiction]:
    """Flagged a claim of a response as refuted (a hallucination), yet gave that response's
    correctness one of the two top points of the scale."""
    ratings = _ratings(given)
    for check in _of_type(given, "claim_check"):
        if not isinstance(check.response, dict):
            continue
        refuted = [c for c, verdict in check.response.items() if verdict == "refuted"]
        label = check.about or (next(iter(ratings)) if len(ratings) == 1 else None)
        if not refuted or label is None or label not in ratings:
            continue
        part, values = ratings[label]
        top = getattr(getattr(part.question, "scale", None), "max", None)
        if not is_int(top):
            continue
        for dimension, value in values.items():
            if _CORRECTNESS.search(dimension) and value >= top - 1:
                yield Contradiction(
                    (check.key, part.key),
                    f"you marked claim {', '.join(refuted)} refuted (a factual error in "
                    f"{label}) but gave {label} {dimension} {value} of {top}",
                )


_NAMED_BETTER = re.compile(
    r"\b(?:response\s+)?(?P<side>[AB])\s+(?:is|was)\s+(?:clearly\s+|much\s+|slightly\s+|far\s+)?"
    r"(?:the\s+)?(?:better|stronger|preferable|superior)"
    r"|\bprefer(?:red|s)?\s+(?:response\s+)?(?P<pref>[AB])\b"
    r"|\b(?:response\s+)?(?P<wins>[AB])\s+wins\b",
)
"""Plain statements of a verdict in a justification: "B is better", "I prefer A", "A wins".
Only capital A and B count: a lower-case "a is better" is more likely the article."""


def named_better(text: str) -> set[str]:
    """The sides a written justification calls better."""
    sides: set[str] = set()
    for match in _NAMED_BETTER.finditer(re.sub(r"(?i)\bresponse\b", "response", text)):
        sides.add(match.group("side") or match.group("pref") or match.group("wins"))
    return sides


def justification_against_preference(given: Sequence[Given]) -> Iterator[Contradiction]:
    """The written justification names one response as better; the verdict favours the other."""
    for written in _of_type(given, "free_text"):
        if not isinstance(written.response, str):
            continue
        sides = named_better(written.response)
        if len(sides) != 1:
            continue  # none named, or both (a comparison the check cannot read)
        (named,) = sides
        for preference in _of_type(given, "preference"):
            favoured = _side(preference.response)
            if favoured is not None and favoured != named:
                yield Contradiction(
                    (written.key, preference.key),
                    f"your justification says {named} is better but your preference "
                    f"favours {favoured} ({preference.response:+d})",
                )


CHECKS: list[Check] = [
    ratings_against_preference,
    refuted_claim_against_correctness,
    justification_against_preference,
]
"""Every consistency check, run in this order after a task is scored."""


def contradictions(given: Sequence[Given]) -> list[Contradiction]:
    """What every check finds in the answered parts of one task."""
    return [found for check in CHECKS for found in check(given)]
