"""Moodle XML import and export: types, categories, refused entities, and the round trip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from formats_helpers import FORMATS, TRIP, key_of, loaded, originals, round_trip
from support import Run

SAMPLE = FORMATS / "sample.xml"


def _imported(cli: Callable[..., Run], tmp_path: Path) -> dict[str, object]:
    output = tmp_path / "quiz.yaml"
    cli(
        "bank", "import", str(SAMPLE), "--format", "moodle-xml", "--bank-id", "q", "-o", str(output)
    )
    return {q.id: q for q in loaded(output).questions_of("q")}


def test_import_validates(cli: Callable[..., Run], tmp_path: Path) -> None:
    output = tmp_path / "quiz.yaml"
    cli("bank", "import", str(SAMPLE), "--format", "moodle-xml", "-o", str(output))
    assert cli("bank", "validate", str(output)).code == 0


def test_html_is_read_as_text(cli: Callable[..., Run], tmp_path: Path) -> None:
    question = _imported(cli, tmp_path)["q-mc-one"]
    assert question.prompt == "Pick one & only one"


def test_category_becomes_the_topic(cli: Callable[..., Run], tmp_path: Path) -> None:
    question = _imported(cli, tmp_path)["q-mc-one"]
    assert question.topic == "ranking-stuff"


def test_ordering_becomes_a_ranking_in_key_order(cli: Callable[..., Run], tmp_path: Path) -> None:
    question = _imported(cli, tmp_path)["q-ord"]
    assert question.key_text() == "A > B > C"


def test_numerical_becomes_a_numeric_item(cli: Callable[..., Run]) -> None:
    run = cli("bank", "import", str(SAMPLE), "--format", "moodle-xml")
    assert "question 3 ('N')" not in run.err
    assert "type: numeric\n  topic: ranking-stuff\n  difficulty: medium\n  prompt: 2+2\n" in run.out
    assert "  answer: 4\n" in run.out


def test_other_types_are_reported(cli: Callable[..., Run]) -> None:
    run = cli("bank", "import", str(SAMPLE), "--format", "moodle-xml")
    assert "skipped question 5 ('M'): Moodle question type 'matching' is not supported" in run.err


def test_billion_laughs_is_refused(cli: Callable[..., Run]) -> None:
    run = cli("bank", "import", str(FORMATS / "bomb.xml"), "--format", "moodle-xml")
    assert "declares a DOCTYPE or entities, which are refused" in run.err


def test_billion_laughs_exits_2(cli: Callable[..., Run]) -> None:
    assert cli("bank", "import", str(FORMATS / "bomb.xml"), "--format", "moodle-xml").code == 2


def test_broken_xml_names_the_line(cli: Callable[..., Run]) -> None:
    run = cli("bank", "import", str(FORMATS / "broken.xml"), "--format", "moodle-xml")
    assert "broken.xml:4: not well-formed XML" in run.err


def test_round_trip_keeps_stems_options_and_keys(cli: Callable[..., Run], tmp_path: Path) -> None:
    back = round_trip(cli, tmp_path, "moodle-xml")
    wanted = [q for q in originals().values() if q.type != "preference"]
    assert [(q.prompt, key_of(q)) for q in back] == [(q.prompt, key_of(q)) for q in wanted]


def test_round_trip_keeps_explanations(cli: Callable[..., Run], tmp_path: Path) -> None:
    back = round_trip(cli, tmp_path, "moodle-xml")
    wanted = [q for q in originals().values() if q.type != "preference"]
    assert [q.explanation for q in back] == [q.explanation for q in wanted]


def test_export_reports_preference(cli: Callable[..., Run]) -> None:
    run = cli("bank", "export", "trip", "--format", "moodle-xml", "--banks", str(TRIP))
    assert "skipped trip-pref: Moodle XML cannot hold this preference question" in run.err


def test_unknown_bank_exits_2(cli: Callable[..., Run]) -> None:
    assert cli("bank", "export", "no-such-bank", "--format", "gift").code == 2
