"""Load one bank or blueprint file into models plus located findings; never raises on bad input.

PyYAML and the error locator are imported only when a file is actually read: a catalog read
back from the cache needs this module (for ``LoadedFile``) but neither of them.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from aitrainer_cli.banks.blueprint import Blueprint, ExamFile
from aitrainer_cli.banks.problems import Finding, Problem
from aitrainer_cli.banks.question import (
    BankEnvelope,
    BankFile,
    BankHeader,
    duplicate_ids,
    questions_problems,
)
from aitrainer_cli.items import QUESTION_ADAPTER, Question

if TYPE_CHECKING:
    import yaml

    from aitrainer_cli.banks.yaml_source import SourceIssue


@dataclass(slots=True)
class LoadedFile:
    """What one file gave: its kind, the valid parts, and every finding located in it."""

    path: str
    kind: Literal["bank", "exam", "unknown"] = "unknown"
    bank: BankHeader | None = None
    questions: list[tuple[int, Question]] = field(default_factory=list)
    blueprint: Blueprint | None = None
    findings: list[Finding] = field(default_factory=list)
    root: yaml.Node | None = None
    positions: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    question_count: int = 0

    def add(self, issue: SourceIssue) -> None:
        self.findings.append(
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
        self.findings.append(
            Finding(self.path, line, column, problem.code, problem.message, problem.severity)
        )

    def position(self, path: tuple[Any, ...]) -> tuple[int, int]:
        if self.root is None:
            return self.positions.get(path, (1, 1))
        from aitrainer_cli.banks.yaml_source import node_at

        node, _, _ = node_at(self.root, path)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def release_nodes(self) -> None:
        """Keep only the positions later cross-file checks need, and free the node tree."""
        if self.root is None:
            return
        wanted = [("bank", "id")] + [("questions", i, "id") for i, _ in self.questions]
        self.positions = {path: self.position(path) for path in wanted}
        self.root = None


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one file; problems become findings, never exceptions."""
    loaded = LoadedFile(display or str(path))
    try:
        raw = path.read_bytes()
    except OSError as error:
        from aitrainer_cli.banks.yaml_source import SourceIssue

        loaded.add(SourceIssue(1, 1, "unreadable", f"cannot read the file: {error.strerror}"))
        return loaded
    return load_bytes(raw, loaded)


def load_bytes(raw: bytes, loaded: LoadedFile) -> LoadedFile:
    """Parse and validate YAML bytes into ``loaded``."""
    # Nodes and parsed data are acyclic, so reference counting frees them; left on, the cyclic
    # collector would rescan the growing heap over and over and double the time of a large file.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(raw, loaded)
    finally:
        if collecting:
            gc.enable()


def _load(raw: bytes, loaded: LoadedFile) -> LoadedFile:
    from aitrainer_cli.banks.yaml_source import SourceIssue, parse_source

    source = parse_source(raw)
    for issue in source.issues:
        loaded.add(issue)
    if source.root is None:
        return loaded
    loaded.root = source.root
    data = source.data
    if not isinstance(data, dict) or not ({"exam", "bank", "questions"} & set(data)):
        loaded.add(
            SourceIssue(
                source.root.start_mark.line + 1,
                1,
                "not-a-bank",
                "expected a bank (keys format, bank, questions) or an exam blueprint "
                "(keys format, exam)",
            )
        )
        return loaded
    if "exam" in data:
        _load_exam(data, loaded)  # blueprints keep their (small) node tree for later checks
    else:
        _load_bank(data, loaded)
        loaded.release_nodes()
    return loaded


def _load_exam(data: dict[str, Any], loaded: LoadedFile) -> None:
    assert loaded.root is not None
    loaded.kind = "exam"
    try:
        loaded.blueprint = ExamFile.model_validate(data).exam
    except ValidationError as error:
        from aitrainer_cli.banks.locate import located_issues

        for issue in located_issues(error.errors(), loaded.root, ExamFile):
            loaded.add(issue)
        loaded.findings.sort(key=lambda finding: (finding.line, finding.column))
        return
    for problem in loaded.blueprint.problems():
        loaded.add_problem(
            Problem(("exam", *problem.path), problem.code, problem.message, problem.severity)
        )


def _load_bank(data: dict[str, Any], loaded: LoadedFile) -> None:
    assert loaded.root is not None
    loaded.kind = "bank"
    raw_questions = data.get("questions")
    loaded.question_count = len(raw_questions) if isinstance(raw_questions, list) else 0
    try:
        bank = BankFile.model_validate(data)
        loaded.bank, loaded.questions = bank.bank, list(enumerate(bank.questions))
    except ValidationError:
        _load_bank_piecewise(data, loaded)
    if isinstance(raw_questions, list):
        ids = ((i, q.get("id")) for i, q in enumerate(raw_questions) if isinstance(q, dict))
        for problem in duplicate_ids((i, qid) for i, qid in ids if isinstance(qid, str)):
            loaded.add_problem(problem)
    for problem in questions_problems(loaded.questions):
        loaded.add_problem(problem)
    loaded.findings.sort(key=lambda finding: (finding.line, finding.column))


def _load_bank_piecewise(data: dict[str, Any], loaded: LoadedFile) -> None:
    """Validate the header and each question on its own, so one bad question hides nothing."""
    from aitrainer_cli.banks.locate import located_issues

    assert loaded.root is not None
    try:
        loaded.bank = BankEnvelope.model_validate(data).bank
    except ValidationError as error:
        for issue in located_issues(error.errors(), loaded.root, BankEnvelope):
            loaded.add(issue)
        header = data.get("bank")
        if isinstance(header, dict):
            with contextlib.suppress(ValidationError):  # its errors are reported above
                loaded.bank = BankHeader.model_validate(header)
    questions = data.get("questions")
    if not isinstance(questions, list):
        return
    for index, item in enumerate(questions):
        try:
            loaded.questions.append((index, QUESTION_ADAPTER.validate_python(item)))
        except ValidationError as error:
            for issue in located_issues(
                error.errors(), loaded.root, BankFile, ("questions", index)
            ):
                loaded.add(issue)
