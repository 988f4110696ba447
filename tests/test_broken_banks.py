"""Every broken bank reports each expected error at its exact line and column, all in one run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.banks.loader import LoadedFile, load_bytes
from aitrainer_cli.banks.yaml_source import MAX_FILE_BYTES
from support import DATA

BROKEN = DATA / "broken"
_EXPECT = re.compile(r"(\d+):(\d+) ([a-z-]+)")


def expectations(path: Path) -> set[tuple[int, int, str]]:
    found: set[tuple[int, int, str]] = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("# expect"):
            found |= {(int(a), int(b), code) for a, b, code in _EXPECT.findall(line)}
    return found


CASES = sorted(p for p in BROKEN.glob("*.yaml") if p.name not in {"exam-bad.yaml"})


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_each_broken_bank_reports_every_expected_finding_at_its_position(path: Path) -> None:
    catalog = load_catalog([path])
    got = {(f.line, f.column, f.code) for f in catalog.findings}
    assert expectations(path), f"{path.name} has no '# expect' line"
    assert got == expectations(path)


def test_blueprint_errors_are_checked_against_the_loaded_banks() -> None:
    path = BROKEN / "exam-bad.yaml"
    catalog = load_catalog([path, BROKEN / "semantics.yaml"])
    got = {(f.line, f.column, f.code) for f in catalog.findings if f.file.endswith(path.name)}
    assert got == expectations(path)


def test_cross_file_duplicates_are_reported_in_the_later_file() -> None:
    catalog = load_catalog([BROKEN / "cross"])
    two = BROKEN / "cross" / "two.yaml"
    got = {(f.line, f.column, f.code) for f in catalog.findings}
    assert got == expectations(two)
    assert all(f.file.endswith("two.yaml") for f in catalog.findings)


def test_one_bad_file_does_not_stop_the_others_from_being_checked() -> None:
    catalog = load_catalog([BROKEN])
    files_with_findings = {Path(f.file).name for f in catalog.findings}
    expected = {"syntax.yaml", "semantics.yaml", "structure.yaml", "control.yaml"}
    assert expected <= files_with_findings


def test_oversized_file_is_refused_with_a_clear_limit() -> None:
    loaded = load_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n", LoadedFile("big.yaml"))
    assert [(f.line, f.column, f.code) for f in loaded.findings] == [(1, 1, "file-too-large")]
    assert f"{MAX_FILE_BYTES:,}" in loaded.findings[0].message


def test_invalid_utf8_is_reported_at_the_byte() -> None:
    loaded = load_bytes(b"format: 1\nbank: {id: x, title: caf\xe9}\n", LoadedFile("enc.yaml"))
    assert [(f.line, f.column, f.code) for f in loaded.findings] == [(2, 25, "encoding")]


def test_semantic_checks_of_valid_questions_run_even_when_another_question_is_malformed() -> None:
    catalog = load_catalog([BROKEN / "structure.yaml", BROKEN / "semantics.yaml"])
    codes = {f.code for f in catalog.findings}
    assert {"unknown-option", "missing-field", "unknown-type"} <= codes


def test_text_where_a_number_or_true_false_belongs_is_refused_with_how_to_write_it() -> None:
    catalog = load_catalog([BROKEN / "quoted.yaml"])
    hints = {(f.line, f.hint) for f in catalog.findings}
    assert (12, "write true, without quotes") in hints
    assert (13, "remove the quotes: 2") in hints
    assert (30, "remove the quotes: 4") in hints
    messages = {f.line: f.message for f in catalog.findings}
    assert messages[20] == "'answer' should be true or false, not a number"
    assert messages[21] == "'points' should be a number, not true or false"


def test_plain_values_that_yaml_1_1_and_1_2_read_differently_are_refused_with_a_fix() -> None:
    catalog = load_catalog([BROKEN / "yaml-versions.yaml"])
    hints = {f.line: f.hint for f in catalog.findings}
    assert hints[11] == "write true"
    assert hints[12] == "write 8 or 10, whichever is meant, in plain decimal digits"
    assert hints[13] == 'quote the value: "1e3"'
    assert hints[23] == 'quote the value: "no"'
    messages = {f.line: f.message for f in catalog.findings}
    assert messages[22] == (
        "'a' should be text, not an unquoted 1:30, which YAML 1.1 tools (PyYAML) read as the "
        "number 90 and YAML 1.2 tools (editors) as text"
    )


def test_answers_files_still_read_yes_as_true() -> None:
    from aitrainer_cli.banks.yaml_source import parse_source

    assert parse_source(b"q1: yes\nq2: 010\n").data == {"q1": True, "q2": 8}
