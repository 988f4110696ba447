"""GIFT import and export: every construct, what is reported, and the round trip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aitrainer_cli.banks.formats.common import PLACEHOLDER
from formats_helpers import FORMATS, loaded, originals, round_trip
from support import Run

SAMPLE = FORMATS / "sample.gift"


def _imported(cli: Callable[..., Run], tmp_path: Path) -> tuple[Run, dict[str, object]]:
    output = tmp_path / "demo.yaml"
    run = cli(
        "bank", "import", str(SAMPLE), "--format", "gift", "--bank-id", "demo", "-o", str(output)
    )
    questions = {q.id: q for q in loaded(output).questions_of("demo")}
    return run, questions


def test_import_validates(cli: Callable[..., Run], tmp_path: Path) -> None:
    output = tmp_path / "demo.yaml"
    cli("bank", "import", str(SAMPLE), "--format", "gift", "--bank-id", "demo", "-o", str(output))
    assert cli("bank", "validate", str(output)).code == 0


def test_import_starts_with_the_schema_modeline(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("bank", "import", str(SAMPLE), "--format", "gift", "--bank-id", "demo")
    assert run.out.startswith("# yaml-language-server: $schema=")


def test_single_answer_with_feedback(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    capital = questions["demo-capital"]
    assert capital.model_dump()["option_feedback"] == {"a": "Yes", "b": "No, that is the UK"}


def test_general_feedback_is_the_explanation(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-capital"].explanation.startswith("Paris has been the capital")


def test_category_becomes_the_topic(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-capital"].topic == "fact-checking"


def test_weighted_answers_are_multiple_choice(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-primes"].model_dump()["answer"] == ["a", "b"]


def test_true_false(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    truths = [q for q in questions.values() if q.type == "true_false"]
    assert [q.model_dump()["answer"] for q in truths] == [True]


def test_short_answer_rubric_holds_every_accepted_answer(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-short"].model_dump()["rubric"][0]["any_of"] == ["blue", "azure"]


def test_essay_model_answer_from_general_feedback(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-essay"].key_text().startswith("Evidence grounds verdicts")


def test_escapes(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-esc"].prompt == "Use {braces} and a ~ tilde: 1:2"


def test_escaped_equals_in_an_option(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-esc"].model_dump()["options"]["a"] == "a = b"


def test_numerical_becomes_a_numeric_item(cli: Callable[..., Run], tmp_path: Path) -> None:
    run, questions = _imported(cli, tmp_path)
    assert "not supported" not in run.err
    assert questions["demo-num"].key_text() == "4  (exactly 4)"


def test_missing_feedback_is_reported(cli: Callable[..., Run], tmp_path: Path) -> None:
    run, _ = _imported(cli, tmp_path)
    assert "needs-explanation demo-primes" in run.err


def test_missing_feedback_gets_the_placeholder(cli: Callable[..., Run], tmp_path: Path) -> None:
    _, questions = _imported(cli, tmp_path)
    assert questions["demo-primes"].explanation == PLACEHOLDER


def test_ids_are_stable(cli: Callable[..., Run]) -> None:
    first = cli("bank", "import", str(SAMPLE), "--format", "gift", "--bank-id", "demo").out
    assert cli("bank", "import", str(SAMPLE), "--format", "gift", "--bank-id", "demo").out == first


def test_round_trip_keeps_stems_options_and_keys(cli: Callable[..., Run], tmp_path: Path) -> None:
    back = round_trip(cli, tmp_path, "gift")
    wanted = [q for q in originals().values() if q.type not in ("ranking", "preference")]
    assert [(q.prompt, q.option_keys(), q.key_text()) for q in back] == [
        (q.prompt, q.option_keys(), q.key_text()) for q in wanted
    ]


def test_export_reports_what_gift_cannot_hold(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli(
        "bank", "export", "trip", "--format", "gift", "--banks", str(FORMATS / "roundtrip.yaml")
    )
    assert "skipped trip-pref: GIFT cannot hold a preference question" in run.err


def test_empty_file_is_a_usage_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    empty = tmp_path / "empty.gift"
    empty.write_text("\n")
    run = cli("bank", "import", str(empty), "--format", "gift")
    assert str(empty) in run.err


def test_missing_file_is_a_usage_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("bank", "import", str(tmp_path / "none.gift"), "--format", "gift")
    assert run.code == 2
