"""Every finding code is documented in docs/findings.md, every example there reports exactly the
codes its caption names, and no producer of findings passes a code that is not in the registry.

Codes whose input cannot be an example file (too large, not UTF-8, unreadable) and the second
severity of a code whose example shows the first are made here, in ``GENERATED``.
"""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.lint.rules import RULES
from aitrainer_cli.banks.yaml_source import MAX_FILE_BYTES
from findings_doc import Example, parse
from support import REPO, Run

DOC = REPO / "docs" / "findings.md"
DOCUMENT = parse(DOC)
EXAMPLES = [example for section in DOCUMENT.sections.values() for example in section.examples]
CODES = {code.value for code in Code}
SOURCE = REPO / "src" / "aitrainer_cli"

QUESTION = """\
  - id: {id}
    type: true_false
    topic: basics
    difficulty: easy
    prompt: {prompt}
    answer: true
    explanation: {explanation}
"""


def bank(*questions: str) -> str:
    return "format: 1\nbank: {id: demo, title: Demo}\nquestions:\n" + "".join(questions)


def question(
    qid: str = "boiling-point",
    prompt: str = "Water boils at 100 °C at sea level.",
    explanation: str = "At standard pressure, which is sea level, pure water boils at 100 °C.",
) -> str:
    return QUESTION.format(id=qid, prompt=prompt, explanation=explanation)


def findings(cli: Callable[..., Run], command: str, paths: list[Path]) -> list[dict[str, object]]:
    """The findings of ``aitrainer bank COMMAND PATHS``, from its JSON report."""
    result = cli("bank", command, "--format", "json", *map(str, paths))
    assert result.code in (0, 1), result.err
    return [f for file in json.loads(result.out)["files"] for f in file["findings"]]


# -- (a) every code has a section, and every section is a code ---------------------------------


def test_every_code_and_every_lint_rule_has_a_section_and_every_section_is_a_code() -> None:
    documented = set(DOCUMENT.sections)
    assert CODES - documented == set(), "codes without a section in docs/findings.md"
    assert documented - CODES == set(), "sections of docs/findings.md for no code"
    assert set(RULES) <= documented


def test_the_index_lists_every_section_once() -> None:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| [")]
    indexed = [line.split("`")[1] for line in rows]
    assert sorted(indexed) == sorted(DOCUMENT.sections)


def test_examples_name_only_codes_that_exist() -> None:
    named = {code for example in EXAMPLES for code in example.reported}
    assert named - CODES == set()


def test_every_section_states_a_severity_and_a_fix() -> None:
    for code, section in DOCUMENT.sections.items():
        assert section.severities, f"{code}: no 'Severity: **error**' line"
        assert any(line.startswith("**Fix:**") for line in section.text), f"{code}: no fix"


def test_a_lint_rule_is_documented_with_its_severity() -> None:
    for code, rule in RULES.items():
        assert rule.severity.value in DOCUMENT.sections[code].severities, code


def test_every_code_has_an_example_or_is_generated_here() -> None:
    """A lint rule needs a lint example; any other code a validate example, or input made in
    ``GENERATED`` (and its section says so)."""
    for code, section in DOCUMENT.sections.items():
        commands = {example.command for example in section.examples if code in example.reported}
        generated = any(case[0] == code for case in GENERATED)
        if code in RULES:
            assert "lint" in commands, f"{code}: no lint example"
        else:
            assert "validate" in commands or generated, f"{code}: no example"
        if generated:
            assert "tests/test_finding_codes.py" in "\n".join(section.text), code


# -- (b) every example reports exactly what its caption says -----------------------------------


def _write(example: Example, where: Path) -> list[Path]:
    paths = []
    for name in example.names:
        text = example.files.get(name, DOCUMENT.shared.get(name))
        assert text is not None, f"{example.id()}: no file {name} in the example or the document"
        (where / name).write_text(text, encoding="utf-8")
        paths.append(where / name)
    assert set(example.files) <= set(example.names), f"{example.id()}: a file the command skips"
    for name, text in example.companions.items():
        (where / name).write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("example", EXAMPLES, ids=Example.id)
def test_each_example_reports_exactly_the_codes_its_caption_names(
    cli: Callable[..., Run], tmp_path: Path, example: Example
) -> None:
    paths = _write(example, tmp_path)
    found = findings(cli, example.command, paths)
    assert example.code in example.reported
    assert {f["code"] for f in found} == example.reported
    for finding in found:
        severities = DOCUMENT.sections[str(finding["code"])].severities
        assert finding["severity"] in severities, finding
    if example.command == "lint":
        assert findings(cli, "validate", paths) == [], "a lint example is a valid bank"


def test_the_shared_files_are_valid(cli: Callable[..., Run], tmp_path: Path) -> None:
    for name, text in DOCUMENT.shared.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert DOCUMENT.shared
    assert findings(cli, "validate", [tmp_path]) == []


# -- inputs that cannot be example files --------------------------------------------------------


def _oversized(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    return path


def _latin1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_bytes(bank(question()).encode("latin-1"))
    return path


def _unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file without read permission; as root (who may read anything) the read is refused
    the way the system would refuse it."""
    path = tmp_path / "bank.yaml"
    path.write_text(bank(question()), encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):
        read_bytes = Path.read_bytes

        def refused(self: Path) -> bytes:
            if self.name == path.name:
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refused)
    return path


def _joiner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(bank(question(prompt="Water boils at 100\u200d °C at sea level.")), "utf-8")
    return path


def _many_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bank.yaml"
    short = (question(f"q-{i}", explanation="It boils at 100 °C.") for i in range(101))
    path.write_text(bank(*short), encoding="utf-8")
    return path


def _guided(tmp_path: Path, guideline: bytes) -> Path:
    path = tmp_path / "bank.yaml"
    header = "bank: {id: demo, title: Demo, guideline: guide.md}"
    path.write_text(bank(question()).replace("bank: {id: demo, title: Demo}", header), "utf-8")
    (tmp_path / "guide.md").write_bytes(guideline)
    return path


def _latin1_guideline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _guided(tmp_path, "## Température\n\nÉbullition à 100 °C.\n".encode("latin-1"))


def _huge_guideline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _guided(tmp_path, b"## Huge\n\n" + b"word " * 250_000)


GENERATED: list[tuple[str, str, Callable[[Path, pytest.MonkeyPatch], Path]]] = [
    (Code.UNREADABLE_GUIDELINE, "error", _latin1_guideline),
    (Code.GUIDELINE_TOO_LARGE, "error", _huge_guideline),
    (Code.FILE_TOO_LARGE, "error", _oversized),
    (Code.ENCODING, "error", _latin1),
    (Code.UNREADABLE, "error", _unreadable),
    (Code.INVISIBLE_CHARACTER, "warning", _joiner),
    (Code.TOO_MANY_FINDINGS, "warning", _many_warnings),
]
"""(code, severity, a function making a file that reports the code with that severity)."""


@pytest.mark.parametrize(("code", "severity", "make"), GENERATED, ids=[c[0] for c in GENERATED])
def test_generated_input_reports_its_code_with_the_documented_severity(
    cli: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    severity: str,
    make: Callable[[Path, pytest.MonkeyPatch], Path],
) -> None:
    found = findings(cli, "validate", [make(tmp_path, monkeypatch)])
    assert (code, severity) in {(f["code"], f["severity"]) for f in found}
    assert severity in DOCUMENT.sections[code].severities


# -- (c) codes come from the registry only -----------------------------------------------------


def producers(tree: ast.Module) -> dict[str, tuple[int, str]]:
    """Classes and functions of a module that take a ``Code``: name -> (position of the code
    argument in a call, its keyword). Dataclass fields count in order; ``self`` does not."""
    found: dict[str, tuple[int, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = [s for s in node.body if isinstance(s, ast.AnnAssign)]
            fields = [s for s in fields if "ClassVar" not in ast.unparse(s.annotation)]
            for position, field in enumerate(fields):
                if ast.unparse(field.annotation) == "Code" and isinstance(field.target, ast.Name):
                    found[node.name] = (position, field.target.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [a for a in node.args.args if a.arg not in ("self", "cls")]
            for position, argument in enumerate(arguments):
                if argument.annotation and ast.unparse(argument.annotation) == "Code":
                    found[node.name] = (position, argument.arg)
    return found


def _visible(tree: ast.Module) -> set[str]:
    """Names a module defines or imports from aitrainer_cli (so rich's ``Rule`` is not ours)."""
    names = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aitrainer_cli"):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def bare_codes(tree: ast.Module, taking: dict[str, tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(line, source) of each code that is not a ``Code``: a string literal or an f-string given
    as the code of a producer the module can see, or a literal equal to a code's value."""
    visible = _visible(tree)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in taking or name not in visible:
                continue
            position, keyword = taking[name]
            given = [k.value for k in node.keywords if k.arg == keyword]
            given += node.args[position : position + 1]
            for value in given:
                if isinstance(value, ast.JoinedStr | ast.BinOp) or (
                    isinstance(value, ast.Constant) and isinstance(value.value, str)
                ):
                    yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.Constant) and node.value in CODES and id(node) not in docstrings:
            yield node.lineno, repr(node.value)


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if path != SOURCE / "banks" / "codes.py":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_the_producers_of_findings_take_a_code() -> None:
    taking: dict[str, tuple[int, str]] = {}
    for _, tree in _modules():
        taking |= producers(tree)
    expected = {"Problem", "Finding", "SourceIssue", "Hidden", "Rule", "issue", "refuse"}
    assert expected <= set(taking)


def test_no_code_is_written_outside_the_registry() -> None:
    modules = list(_modules())
    taking: dict[str, tuple[int, str]] = {}
    for _, tree in modules:
        taking |= producers(tree)
    bare = [
        f"{path.relative_to(REPO)}:{line}: {text}"
        for path, tree in modules
        for line, text in bare_codes(tree, taking)
    ]
    assert bare == []


def test_the_check_finds_bare_codes() -> None:
    """The check above can fail: a literal, an f-string and a literal compared with a code."""
    tree = ast.parse(
        "from dataclasses import dataclass\n"
        "@dataclass\n"
        "class Problem:\n"
        "    path: tuple[str, ...]\n"
        "    code: Code\n"
        "def check(name):\n"
        "    yield Problem(('a',), 'made-up', 'm')\n"
        "    yield Problem(('a',), f'unknown-{name}')\n"
        "    yield Problem(path=('a',), code=Code.BAD_VALUE)\n"
        "    yield name == 'duplicate-key'\n"
    )
    assert [line for line, _ in bare_codes(tree, producers(tree))] == [7, 8, 10]
