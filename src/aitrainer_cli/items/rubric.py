"""Rubric points of a written answer: what finds a point, what cancels it, which are required.

A point is *made* when the answer matches at least one ``any_of`` entry (if it has any), every
``all_of`` entry, and no ``none_of`` entry. Entries are plain phrases or ``/regex/`` (see
``items.patterns``: RE2, linear time, case ignored). A ``required`` point missed costs the whole
answer its credit: it is the verdict, and a justification of the wrong verdict is worth nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Strict, Text
from aitrainer_cli.banks.problems import Path, Problem, Severity
from aitrainer_cli.items.patterns import found, normalized, pattern_problem, regex_of

Entry = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

VERDICT_MISSED = "the verdict is wrong or missing"
"""The note of an answer that missed a required point."""

KINDS = ("any_of", "all_of", "none_of")
_EMPTY = {"any_of": Code.EMPTY_ANY_OF, "all_of": Code.EMPTY_ALL_OF, "none_of": Code.EMPTY_NONE_OF}


class RubricPoint(Strict):
    """One point a good answer makes: found by ``any_of`` and ``all_of``, cancelled by
    ``none_of``; ``required`` makes it a condition of any credit at all."""

    point: Text
    any_of: list[Entry] = Field(default_factory=list, max_length=100)
    """At least one of these must match (no condition when empty and ``all_of`` is given)."""
    all_of: list[Entry] = Field(default_factory=list, max_length=20)
    """Every one of these must match."""
    none_of: list[Entry] = Field(default_factory=list, max_length=100)
    """Any of these matching cancels the point (the opposite verdict, a negation)."""
    required: bool = False
    """Missing this point makes the whole answer's credit 0."""

    def finding_entries(self) -> list[str]:
        """The entries that find the point (not the ones that cancel it)."""
        return [*self.any_of, *self.all_of]

    def problems(self) -> Iterator[Problem]:
        """Empty lists, a point nothing can find, and patterns RE2 refuses."""
        for kind in KINDS:
            if kind in self.model_fields_set and not getattr(self, kind):
                yield Problem(
                    (kind,),
                    _EMPTY[kind],
                    f"{kind} is empty: give at least one phrase or /regex/, or leave it out",
                )
        if not self.any_of and not self.all_of:
            yield Problem(
                ("point",),
                Code.POINT_NEVER_FOUND,
                "the point has no any_of or all_of entry, so no answer can make it",
            )
        for kind in KINDS:
            for j, entry in enumerate(getattr(self, kind)):
                pattern = regex_of(entry)
                problem = None if pattern is None else pattern_problem(pattern)
                if problem is not None:
                    yield Problem(
                        (kind, j),
                        Code.BAD_REGEX,
                        f"the regular expression cannot be used: {problem}",
                    )

    def check(self, text: str) -> PointCheck:
        """How the point fares against an answer already :func:`normalized`."""
        any_hit = next((e for e in self.any_of if found(e, text)), None)
        missing = tuple(e for e in self.all_of if not found(e, text))
        cancel = next((e for e in self.none_of if found(e, text)), None)
        hit = (any_hit is not None or not self.any_of) and not missing
        return PointCheck(self, hit and bool(self.finding_entries()), missing, cancel)


@dataclass(frozen=True, slots=True)
class PointCheck:
    """One rubric point against one answer: found or not, and what cancelled it."""

    point: RubricPoint
    found: bool
    """The any_of and all_of conditions hold."""
    missing: tuple[str, ...]
    """The all_of entries the answer lacks."""
    cancelled_by: str | None
    """The first none_of entry the answer matches."""

    @property
    def made(self) -> bool:
        """Found and not cancelled: the point earns its share."""
        return self.found and self.cancelled_by is None

    @property
    def status(self) -> str:
        """In words, for review: found; missed (with the all_of entry lacking); cancelled by
        none_of (with the entry); each prefixed "REQUIRED, " for a required point not made."""
        if self.made:
            return "found"
        if self.found and self.cancelled_by is not None:
            why = f"cancelled: also matches none_of {_shown(self.point.none_of, self.cancelled_by)}"
        elif self.missing:
            why = f"missed (lacks all_of {_shown(self.point.all_of, self.missing[0])})"
        else:
            why = "missed"
        return f"REQUIRED, {why}" if self.point.required else why


SHOWN_ENTRY = 40
"""Characters of an entry quoted in review; a longer one (a pattern) is named by its number."""


def _shown(entries: Sequence[str], entry: str) -> str:
    if len(entry) <= SHOWN_ENTRY:
        return repr(entry)
    return f"pattern {entries.index(entry) + 1}"


def check_all(points: Sequence[RubricPoint], answer: str) -> tuple[PointCheck, ...]:
    """Every point against the answer (normalized once)."""
    text = normalized(answer)
    return tuple(point.check(text) for point in points)


def self_cancelling(points: Sequence[RubricPoint], model_answer: str) -> Iterator[Problem]:
    """An authoring error: a none_of entry the model answer itself matches, or a point (required
    or not) the model answer does not make."""
    text = normalized(model_answer)
    for i, point in enumerate(points):
        if any(p.code is Code.BAD_REGEX for p in point.problems()):
            continue  # reported once, as bad-regex
        for j, entry in enumerate(point.none_of):
            if found(entry, text):
                yield Problem(
                    ("rubric", i, "none_of", j),
                    Code.NONE_OF_MATCHES_MODEL_ANSWER,
                    f"none_of entry {entry!r} matches the model answer, so the model answer "
                    "would cancel its own point",
                )
        check = point.check(text)
        if not check.found and point.finding_entries():
            yield Problem(
                ("rubric", i),
                Code.MODEL_ANSWER_MISSES_POINT,
                f"the model answer does not make the point {point.point!r}"
                + (f" (it lacks all_of {check.missing[0]!r})" if check.missing else ""),
                Severity.WARNING,
                hint="reword the model answer or widen the point's entries",
            )


def problems_of(points: Sequence[RubricPoint]) -> Iterator[Problem]:
    """Every point's own problems, located under ``rubric``."""
    for i, point in enumerate(points):
        for problem in point.problems():
            yield _under(("rubric", i), problem)


def _under(prefix: Path, problem: Problem) -> Problem:
    return Problem(
        prefix + problem.path, problem.code, problem.message, problem.severity, problem.hint
    )
