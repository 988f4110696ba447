"""The finding value object every check returns: where, what code, what to do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

Path = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A semantic problem found inside a model, located by a path relative to that model."""

    path: Path
    code: str
    message: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True, slots=True)
class Finding:
    """One reportable finding: ``file:line:col: code: message``."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def text(self) -> str:
        """The one-line form used by the text report and editors' problem matchers."""
        tail = f" (hint: {self.hint})" if self.hint else ""
        level = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.file}:{self.line}:{self.column}: {self.code}: {level}{self.message}{tail}"


def prefixed(prefix: Path, problems: Iterator[Problem]) -> Iterator[Problem]:
    """Re-root problems found in a child model under ``prefix``."""
    for problem in problems:
        yield Problem(prefix + problem.path, problem.code, problem.message, problem.severity)
