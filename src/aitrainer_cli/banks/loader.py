"""Load one bank or blueprint file into models plus located findings; never raises on bad input.

Every step costs time and memory in proportion to the file, whatever it holds: the findings of a
file are capped (``MAX_FINDINGS``, the first in the file, then one finding counting the rest),
and work on findings beyond the cap stops at counting them.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from aitrainer_cli.banks.blueprint import ExamFile
from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.loaded import LoadedFile
from aitrainer_cli.banks.locate import add_located, validation_errors
from aitrainer_cli.banks.problems import Problem, Severity
from aitrainer_cli.banks.question import (
    BankEnvelope,
    BankFile,
    BankHeader,
    duplicate_ids,
    questions_problems,
)
from aitrainer_cli.banks.type_words import value_words
from aitrainer_cli.banks.yaml_issues import SourceIssue
from aitrainer_cli.banks.yaml_nodes import Locator
from aitrainer_cli.banks.yaml_portable import Ambiguous
from aitrainer_cli.banks.yaml_source import parse_source
from aitrainer_cli.items import ITEM_TYPES, QUESTION_ADAPTER, Question


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one file; problems become findings, never exceptions."""
    loaded = LoadedFile(display or str(path))
    try:
        raw = path.read_bytes()
    except OSError as error:
        loaded.add(SourceIssue(1, 1, Code.UNREADABLE, f"cannot read the file: {error.strerror}"))
        return loaded
    return load_bytes(raw, loaded, path.parent)


def load_bytes(raw: bytes, loaded: LoadedFile, base: Path | None = None) -> LoadedFile:
    """Parse and validate YAML bytes into ``loaded``; a guideline is read from ``base`` (the
    bank's directory; the current one when None)."""
    # Nodes and parsed data are acyclic, so reference counting frees them; left on, the cyclic
    # collector would rescan the growing heap over and over and double the time of a large file.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(raw, loaded, base)
    finally:
        if collecting:
            gc.enable()


def _load(raw: bytes, loaded: LoadedFile, base: Path | None) -> LoadedFile:
    source = parse_source(raw, loaded, portable=True)
    if source.root is None:
        return loaded
    data = source.data
    if not isinstance(data, dict) or not ({"exam", "bank", "questions"} & set(data)):
        loaded.add(
            SourceIssue(
                source.root.start_mark.line + 1,
                1,
                Code.NOT_A_BANK,
                "expected a bank (keys format, bank, questions) or an exam blueprint "
                "(keys format, exam)",
            )
        )
        return loaded
    loaded.root, loaded.locator, loaded.refused = source.root, Locator(source.root), source.refused
    if "exam" in data:
        _load_exam(data, loaded)
    else:
        _load_bank(data, loaded)
        from aitrainer_cli.banks.guideline_load import attach_guideline

        attach_guideline(loaded, base)
    loaded.release_nodes()
    return loaded


def _located(loaded: LoadedFile, error: ValidationError, model: Any, *prefix: Any) -> None:
    assert loaded.locator is not None
    add_located(
        loaded, validation_errors(error), loaded.locator, model, tuple(prefix), loaded.refused
    )


def _load_exam(data: dict[str, Any], loaded: LoadedFile) -> None:
    loaded.kind = "exam"
    try:
        loaded.blueprint = ExamFile.model_validate(data).exam
    except ValidationError as error:
        _located(loaded, error, ExamFile)
        return
    for problem in loaded.blueprint.problems():
        loaded.add_problem(
            Problem(
                ("exam", *problem.path),
                problem.code,
                problem.message,
                problem.severity,
                problem.hint,
            )
        )


def _load_bank(data: dict[str, Any], loaded: LoadedFile) -> None:
    """The header, then each question on its own, so one bad question hides nothing (and no
    question is validated twice)."""
    loaded.kind = "bank"
    try:
        loaded.bank = BankEnvelope.model_validate(data).bank
    except ValidationError as error:
        _located(loaded, error, BankEnvelope)
        header = data.get("bank")
        if isinstance(header, dict):
            with contextlib.suppress(ValidationError):  # its errors are reported above
                loaded.bank = BankHeader.model_validate(header)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        return
    loaded.question_count = len(raw_questions)
    nodes = _item_nodes(loaded.root, len(raw_questions))
    past_cap = False  # items come in file order: once one is past the cap, all later ones are
    for index, item in enumerate(raw_questions):
        if past_cap and not isinstance(item, dict | str):
            loaded.skip(Severity.ERROR)  # not a mapping: one finding, counted (text may be a
            continue  # number refused where it is written, so it goes the long way)
        node = nodes[index] if nodes else None
        question = _question(loaded, index, item, node)
        if question is not None:
            loaded.questions.append((index, question))
        if node is not None and not past_cap:
            past_cap = not loaded.wants(node.start_mark.line + 1, node.start_mark.column + 1)
    ids = ((i, q.get("id")) for i, q in enumerate(raw_questions) if isinstance(q, dict))
    for problem in duplicate_ids((i, qid) for i, qid in ids if isinstance(qid, str)):
        loaded.add_problem(problem)
    for problem in questions_problems(loaded.questions):
        loaded.add_problem(problem)


def _item_nodes(root: yaml.Node | None, count: int) -> list[yaml.Node] | None:
    """The nodes of the questions, one per item (the builder keeps the first ``questions``)."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "questions" and key.tag == _STR:
            fits = isinstance(value, yaml.SequenceNode) and len(value.value) == count
            return value.value if fits else None
    return None


_STR = "tag:yaml.org,2002:str"


def _question(
    loaded: LoadedFile, index: int, item: object, node: yaml.Node | None
) -> Question | None:
    if not isinstance(item, dict):
        if node is None:
            line, column = loaded.position(("questions", index))
        else:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if (line, column) in loaded.refused:
            return None  # a number out of bounds, reported where it is written
        if loaded.wants(line, column):
            loaded.add(
                SourceIssue(
                    line,
                    column,
                    Code.WRONG_TYPE,
                    f"question {index + 1} should be a mapping (key: value lines), not "
                    f"{value_words(item)}",
                )
            )
        else:
            loaded.skip(Severity.ERROR)
        return None
    errors = _type_errors(item)
    if not errors:
        try:
            return QUESTION_ADAPTER.validate_python(item)
        except ValidationError as error:
            errors = validation_errors(error)
    assert loaded.locator is not None
    where = ("questions", index)
    base = None if node is None else (node, None, 2)
    add_located(loaded, errors, loaded.locator, BankFile, where, loaded.refused, base)
    return None


def _type_errors(item: dict[Any, Any]) -> list[ErrorDetails]:
    """pydantic's error for a question with no type or an unknown one (the only error it reports
    then), made here: no schema is tried, so a file of ten thousand '{}' costs little."""
    kind = item.get("type", _MISSING)
    if isinstance(kind, str) and kind in ITEM_TYPES:
        return []
    if kind is _MISSING:
        context = {"discriminator": "'type'"}
        return [ErrorDetails(type="union_tag_not_found", loc=(), msg="", input=None, ctx=context)]
    tag = str(kind) if isinstance(kind, str | int | float | Ambiguous | None) else value_words(kind)
    context = {"tag": tag, "expected_tags": ", ".join(ITEM_TYPES)}
    return [ErrorDetails(type="union_tag_invalid", loc=(), msg="", input=None, ctx=context)]


_MISSING = object()
