"""Aiken import and export: the whole format, its errors by line, and the round trip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from formats_helpers import FORMATS, TRIP, loaded, originals, round_trip
from support import Run


def _imported(cli: Callable[..., Run], tmp_path: Path) -> list[object]:
    output = tmp_path / "aiken.yaml"
    cli("bank", "import", str(FORMATS / "sample.aiken"), "--format", "aiken", "-o", str(output))
    return list(loaded(output).questions_of("sample"))


def test_import_validates(cli: Callable[..., Run], tmp_path: Path) -> None:
    output = tmp_path / "aiken.yaml"
    cli("bank", "import", str(FORMATS / "sample.aiken"), "--format", "aiken", "-o", str(output))
    assert cli("bank", "validate", str(output)).code == 0


def test_import_reads_the_key(cli: Callable[..., Run], tmp_path: Path) -> None:
    first = _imported(cli, tmp_path)[0]
    assert first.key_text() == "c) Not enough info"


def test_true_false_options_become_true_false(cli: Callable[..., Run], tmp_path: Path) -> None:
    second = _imported(cli, tmp_path)[1]
    assert second.type == "true_false"


def test_every_question_needs_an_explanation(cli: Callable[..., Run]) -> None:
    run = cli("bank", "import", str(FORMATS / "sample.aiken"), "--format", "aiken")
    assert run.err.count("needs-explanation") == 2


def test_malformed_answer_line_names_file_and_line(cli: Callable[..., Run]) -> None:
    run = cli("bank", "import", str(FORMATS / "bad.aiken"), "--format", "aiken")
    assert "bad.aiken:4: an Aiken question must end with a line 'ANSWER: X'" in run.err


def test_malformed_file_exits_2(cli: Callable[..., Run]) -> None:
    assert cli("bank", "import", str(FORMATS / "bad.aiken"), "--format", "aiken").code == 2


def test_gift_read_as_aiken_exits_2(cli: Callable[..., Run]) -> None:
    assert cli("bank", "import", str(FORMATS / "sample.gift"), "--format", "aiken").code == 2


def test_round_trip_keeps_stems_options_and_keys(cli: Callable[..., Run], tmp_path: Path) -> None:
    back = round_trip(cli, tmp_path, "aiken")
    wanted = [q for q in originals().values() if q.type in ("single_choice", "true_false")]
    assert [(q.prompt, q.key_text()) for q in back] == [(q.prompt, q.key_text()) for q in wanted]


def test_export_reports_multiple_choice(cli: Callable[..., Run]) -> None:
    run = cli("bank", "export", "trip", "--format", "aiken", "--banks", str(TRIP))
    assert "skipped trip-multiple: Aiken holds single choice only" in run.err
