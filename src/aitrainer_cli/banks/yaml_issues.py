"""Problems found while reading YAML itself, and where they go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import yaml

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.problems import Severity


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """A problem found while reading the YAML itself (1-based line and column)."""

    line: int
    column: int
    code: Code
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None


class IssueSink(Protocol):
    """Where issues go: ``wants`` says whether one at a position would be kept (so a producer
    can skip wording it), ``skip`` counts one that is not made."""

    def add(self, issue: SourceIssue) -> None: ...

    def wants(self, line: int, column: int) -> bool: ...

    def skip(self, severity: Severity, count: int = 1) -> None: ...


def mark(node: yaml.Node) -> tuple[int, int]:
    """A node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1
