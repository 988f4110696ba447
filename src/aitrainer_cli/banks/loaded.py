"""What loading one file gave: its kind, the valid parts, and every finding located in it.

Kept apart from the loader so that a catalog read back from the cache needs neither PyYAML nor
the error locator: only this record type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import inert
from aitrainer_cli.banks.problems import Capped, Finding, Problem, Severity
from aitrainer_cli.banks.question import BankHeader
from aitrainer_cli.items import Question

if TYPE_CHECKING:
    import yaml

    from aitrainer_cli.banks.blueprint import Blueprint
    from aitrainer_cli.banks.guideline import Guideline
    from aitrainer_cli.banks.yaml_issues import SourceIssue
    from aitrainer_cli.banks.yaml_nodes import Locator


@dataclass(slots=True)
class LoadedFile:
    """What one file gave: its kind, the valid parts, and every finding located in it.

    ``path`` is the display form of the file's name, made inert (see ``banks.inert``).
    """

    path: str
    kind: Literal["bank", "exam", "unknown"] = "unknown"
    bank: BankHeader | None = None
    questions: list[tuple[int, Question]] = field(default_factory=list)
    blueprint: Blueprint | None = None
    root: yaml.Node | None = None
    locator: Locator | None = None
    positions: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    refused: set[tuple[int, int]] = field(default_factory=set)
    question_count: int = 0
    found: Capped[Finding] = field(default_factory=Capped)
    guideline: Guideline | None = None
    guideline_file: str | None = None
    """The absolute name of the guideline the bank names (existing or not): the catalog cache
    keys on it too."""

    def __post_init__(self) -> None:
        self.path = inert(self.path)

    @property
    def findings(self) -> list[Finding]:
        """The findings kept, in file order, then one counting the others if there are any."""
        kept = self.found.items()
        rest = self.found.rest()
        if rest is not None:
            line, column, message, severity = rest
            hint = "fix these and validate again to see the rest"
            kept.append(
                Finding(self.path, line, column, Code.TOO_MANY_FINDINGS, message, severity, hint)
            )
        return kept

    def count(self, severity: Severity) -> int:
        """Findings of ``severity``, those not shown included."""
        return self.found.count(severity)

    def wants(self, line: int, column: int) -> bool:
        return self.found.wants(line, column)

    def skip(self, severity: Severity, count: int = 1) -> None:
        self.found.skip(severity, count)

    def add(self, issue: SourceIssue) -> None:
        if not self.found.wants(issue.line, issue.column):
            self.found.skip(issue.severity)
            return
        self.found.add(
            Finding(
                self.path,
                issue.line,
                issue.column,
                issue.code,
                issue.message,
                issue.severity,
                issue.hint,
            )
        )

    def add_problem(self, problem: Problem) -> None:
        """Locate a semantic problem (path inside the document) and record it."""
        line, column = self.position(problem.path)
        if not self.wants(line, column):
            self.skip(problem.severity)
            return
        self.found.add(
            Finding(
                self.path,
                line,
                column,
                problem.code,
                problem.message,
                problem.severity,
                problem.hint,
            )
        )

    def position(self, path: tuple[Any, ...]) -> tuple[int, int]:
        if self.locator is None:
            return self.positions.get(path, (1, 1))
        node, _, _ = self.locator.at(path)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def release_nodes(self) -> None:
        """Keep only the positions later cross-file checks need, and free the node tree: a
        tree kept alive would be rescanned by every cyclic collection after loading."""
        if self.locator is None:
            return
        self.positions = {path: self.position(path) for path in self._later_paths()}
        self.root = self.locator = None

    def _later_paths(self) -> list[tuple[Any, ...]]:
        """Where the cross-file checks of ``catalog`` may point: ids, a blueprint's filters."""
        if self.bank is not None or self.kind == "bank":
            return [("bank", "id"), ("bank", "guideline")] + [
                ("questions", i, "id") for i, _ in self.questions
            ]
        if self.blueprint is None:
            return []
        paths: list[tuple[Any, ...]] = [("exam", "id"), ("exam", "sections")]
        for s, section in enumerate(self.blueprint.sections):
            where = ("exam", "sections", s)
            paths.append((*where, "count"))
            paths += [(*where, "banks", b) for b in range(len(section.banks))]
            paths += [(*where, "topics", t) for t in range(len(section.topics))]
        return paths
