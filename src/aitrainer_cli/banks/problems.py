"""The finding value object every check returns: where, what code, what to do; and the capped
collection a file's findings go into."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import inert, shorten

Path = tuple[str | int, ...]

MAX_FINDINGS = 100
"""Findings kept per file, the first in the file; the rest are counted in one closing finding.
A hundred is more than an author fixes in one sitting, and keeps a report readable when a file
is broken on every line (a binary file, a paste of the wrong thing)."""

MAX_MESSAGE = 400
"""Characters of a finding's message (and of its hint) kept: quoted values are cut long before."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A semantic problem found inside a model, located by a path relative to that model."""

    path: Path
    code: Code
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One reportable finding: ``file:line:col: code: message``.

    The file name, message and hint are made inert (no control or invisible character stays
    live) and bounded in length when the finding is made, so every report and every error
    message built from findings is safe to print (a code is one of ``Code``: safe already).
    """

    file: str
    line: int
    column: int
    code: Code
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", inert(self.file))
        object.__setattr__(self, "message", shorten(inert(self.message), MAX_MESSAGE))
        if self.hint is not None:
            object.__setattr__(self, "hint", shorten(inert(self.hint), MAX_MESSAGE))

    def text(self) -> str:
        """The one-line form used by the text report and editors' problem matchers."""
        tail = f" (hint: {self.hint})" if self.hint else ""
        level = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.file}:{self.line}:{self.column}: {self.code}: {level}{self.message}{tail}"


def prefixed(prefix: Path, problems: Iterator[Problem]) -> Iterator[Problem]:
    """Re-root problems found in a child model under ``prefix``."""
    for problem in problems:
        yield Problem(
            prefix + problem.path, problem.code, problem.message, problem.severity, problem.hint
        )


class Located(Protocol):
    """Anything with a 1-based position and a severity: findings, source issues."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...

    @property
    def severity(self) -> Severity: ...


T = TypeVar("T", bound=Located)


class Capped(Generic[T]):
    """The first ``limit`` items by position (ties in the order added), and counts of the rest.

    Adding costs O(1) once full for an item after the kept ones, O(limit) for one before them,
    so a file with a million problems costs a million small steps and a hundred kept items.
    ``wants`` lets a producer skip the cost of wording an item that would not be kept.
    """

    __slots__ = ("_cutoff", "_kept", "_seq", "limit", "omitted")

    def __init__(self, limit: int = MAX_FINDINGS) -> None:
        self.limit = limit
        self._kept: list[tuple[tuple[int, int, int], T]] = []
        self._seq = 0
        # The position of the last kept item once ``limit`` are kept (they are then sorted).
        self._cutoff: tuple[int, int] | None = None
        self.omitted = {Severity.ERROR: 0, Severity.WARNING: 0}

    def __eq__(self, other: object) -> bool:
        """The same items kept and the same counted (a catalog read back from the cache equals
        the one that was stored)."""
        if not isinstance(other, Capped):
            return NotImplemented
        return (self.limit, self.items(), self.omitted) == (
            other.limit,
            other.items(),
            other.omitted,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable

    def wants(self, line: int, column: int) -> bool:
        """Whether an item at this position would be kept if added now."""
        cutoff = self._cutoff
        return cutoff is None or (line, column) < cutoff

    def add(self, item: T) -> None:
        key = (item.line, item.column, self._seq)
        self._seq += 1
        kept = self._kept
        if self._cutoff is None:
            kept.append((key, item))
            if len(kept) >= self.limit:
                kept.sort(key=_first)
                self._cutoff = kept[-1][0][:2]
            return
        if key > kept[-1][0]:
            self.skip(item.severity)
            return
        self.skip(kept.pop()[1].severity)
        bisect.insort(kept, (key, item), key=_first)
        self._cutoff = kept[-1][0][:2]

    def skip(self, severity: Severity, count: int = 1) -> None:
        """Count items that are not kept."""
        self.omitted[severity] += count

    def items(self) -> list[T]:
        """The kept items in file order."""
        if self._cutoff is None:
            self._kept.sort(key=_first)
        return [item for _, item in self._kept]

    def count(self, severity: Severity) -> int:
        """Items of ``severity``, kept or not."""
        kept = sum(1 for _, item in self._kept if item.severity is severity)
        return kept + self.omitted[severity]

    def rest(self) -> tuple[int, int, str, Severity] | None:
        """Where and how to report the items not kept: after the last kept one, in one line."""
        errors, warnings = self.omitted[Severity.ERROR], self.omitted[Severity.WARNING]
        if not errors + warnings:
            return None
        line, column = self._kept[-1][0][:2]
        parts = [f"{n:,} {word}{'' if n == 1 else 's'}" for n, word in
                 ((errors, "error"), (warnings, "warning")) if n]  # fmt: skip
        total = errors + warnings
        message = (
            f"… and {total:,} more finding{'' if total == 1 else 's'} ({', '.join(parts)}) not "
            f"shown: only the first {self.limit} of a file are listed"
        )
        return line, column, message, Severity.ERROR if errors else Severity.WARNING


def _first(entry: tuple[tuple[int, int, int], object]) -> tuple[int, int, int]:
    return entry[0]
