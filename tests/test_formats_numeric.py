"""Numerical questions in GIFT and Moodle XML: imported as ``numeric`` items, exported from them,
and the round trip; what cannot be carried over is reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aitrainer_cli.banks.formats.numeric import NumericAnswer, numeric_fields
from aitrainer_cli.items import QuestionBase
from formats_helpers import FORMATS, loaded
from support import Run

TRIP = FORMATS / "numeric-trip.yaml"


def _import(
    cli: Callable[..., Run], tmp_path: Path, source: Path, fmt: str
) -> tuple[Run, dict[str, QuestionBase]]:
    output = tmp_path / "imported.yaml"
    run = cli("bank", "import", str(source), "--format", fmt, "--bank-id", "n", "-o", str(output))
    assert run.code == 0, run.err
    assert cli("bank", "validate", str(output)).code == 0
    return run, {q.id: q for q in loaded(output).questions_of("n")}


def _key(question: QuestionBase) -> dict[str, object]:
    dumped = question.model_dump()
    return {k: dumped[k] for k in ("type", "answer", "tolerance", "unit", "bands")}


# -- GIFT ------------------------------------------------------------------------------------------


def test_gift_tolerance_range_and_partial_credit(cli: Callable[..., Run], tmp_path: Path) -> None:
    run, questions = _import(cli, tmp_path, FORMATS / "numeric.gift", "gift")
    kappa = questions["n-kappa"]
    assert _key(kappa) == {
        "type": "numeric",
        "answer": 0.34,
        "tolerance": 0.005,
        "unit": None,
        "bands": [],
    }
    assert kappa.explanation == "Because it is."
    grant = questions["n-grant"]  # =1822:0 and =%50%1822:2
    assert _key(grant)["answer"] == 1822
    assert _key(grant)["tolerance"] is None
    assert _key(grant)["bands"] == [{"within": 2, "credit": 0.5}]
    ranged = questions["n-range"]  # {#1..3}
    assert (_key(ranged)["answer"], _key(ranged)["tolerance"]) == (2, 1)
    assert "note question 2 (line 5, 'Grant'): numerical: feedback on each answer" in run.err


def test_gift_partial_answer_centred_elsewhere_becomes_a_reported_band(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run, questions = _import(cli, tmp_path, FORMATS / "numeric.gift", "gift")
    # {#=10:0.5 =%50%12:1 =%25%10:5}: 12±1 reaches 3 from 10; 10±5 reaches 5
    assert _key(questions["n-off"])["bands"] == [
        {"within": 3, "credit": 0.5},
        {"within": 5, "credit": 0.25},
    ]
    assert "the 50% answer 12±1 becomes a band within 3 of 10, on both sides" in run.err


def test_gift_unreadable_numbers_are_skipped_by_title(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run, questions = _import(cli, tmp_path, FORMATS / "numeric.gift", "gift")
    assert "skipped question 5 (line 14, 'Bad'): the numerical answer 'abc' cannot be read" in (
        run.err
    )
    assert "n-bad" not in questions


# -- Moodle XML ------------------------------------------------------------------------------------


def test_moodle_numerical_with_tolerance_fraction_and_unit(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run, questions = _import(cli, tmp_path, FORMATS / "numeric.xml", "moodle-xml")
    p95 = questions["n-p95"]
    assert _key(p95) == {
        "type": "numeric",
        "answer": 120,
        "tolerance": 5,
        "unit": "ms",
        "bands": [{"within": 20, "credit": 0.5}],
    }
    assert p95.prompt == "What is the p95 latency?"
    assert p95.topic == "latency"
    assert "the unit 's' (another multiplier) is left out" in run.err
    assert _key(questions["n-exact"])["answer"] == 6


def test_moodle_unreadable_or_creditless_numericals_are_skipped(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run, _ = _import(cli, tmp_path, FORMATS / "numeric.xml", "moodle-xml")
    assert "skipped question 4 ('Broken'): the numerical answer 'six' cannot be read" in run.err
    assert "skipped question 5 ('Nothing'): no numerical answer earns credit" in run.err


# -- export and the round trip -------------------------------------------------------------------


def _trip(cli: Callable[..., Run], tmp_path: Path, fmt: str) -> tuple[Run, list[QuestionBase]]:
    exported, back = tmp_path / f"trip.{fmt}", tmp_path / "back.yaml"
    run = cli("bank", "export", "ntrip", "--format", fmt, "--banks", str(TRIP), "-o", str(exported))
    assert run.code == 0, run.err
    again = cli(
        "bank", "import", str(exported), "--format", fmt, "--bank-id", "back", "-o", str(back)
    )
    assert again.code == 0, again.err
    return run, loaded(back).questions_of("back")


def _originals() -> list[QuestionBase]:
    return loaded(TRIP).questions_of("ntrip")


def test_moodle_round_trip_keeps_prompt_key_tolerance_bands_and_unit(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run, back = _trip(cli, tmp_path, "moodle-xml")
    original = _originals()
    assert [(q.prompt, q.explanation) for q in back] == [
        (q.prompt, q.explanation) for q in original
    ]
    same = [q for q in original if q.id != "ntrip-relative"]
    assert [_key(q) for q in back if not q.id.endswith("relative")] == [_key(q) for q in same]
    relative = next(q for q in back if q.id.endswith("relative"))
    assert _key(relative)["tolerance"] == 100  # 5% of 2000, written as ±100
    assert "note ntrip-relative: the relative tolerance 0.05 is written as ±100" in run.err


def test_gift_round_trip_keeps_prompt_key_tolerance_and_bands(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    run, back = _trip(cli, tmp_path, "gift")
    original = _originals()
    assert [q.prompt for q in back] == [q.prompt for q in original]
    for before, after in zip(original, back, strict=True):
        wanted = _key(before) | {"unit": None}  # GIFT has no units
        if before.id == "ntrip-relative":
            wanted |= {"tolerance": 100}
        assert _key(after) == wanted, before.id
    assert "note ntrip-unit: GIFT has no units: 'ms' is left out" in run.err


def test_exported_gift_text(cli: Callable[..., Run]) -> None:
    run = cli("bank", "export", "ntrip", "--format", "gift", "--banks", str(TRIP))
    assert "{\n#\n=0.34:0.005\n=%50%0.34:0.015\n=%20%0.34:0.05\n####" in run.out
    assert "{\n#10\n####" in run.out
    assert "{\n#-2.5:0.25\n####" in run.out


# -- the mapping itself --------------------------------------------------------------------------


def test_a_narrower_band_earning_no_more_than_a_wider_one_is_dropped() -> None:
    fields, notes = numeric_fields(  # type: ignore[misc]
        [
            NumericAnswer(10, 0, 100),
            NumericAnswer(10, 1, 20),
            NumericAnswer(10, 3, 50),
        ],
        None,
    )
    assert fields["bands"] == [{"within": 3, "credit": 0.5}]
    assert notes == ["the band within 1 earns no more than a wider one"]


def test_without_a_full_credit_answer_the_best_is_the_key() -> None:
    result = numeric_fields([NumericAnswer(4, 0.5, 80), NumericAnswer(4, 2, 40)], None)
    assert not isinstance(result, str)
    fields, notes = result
    assert (fields["answer"], fields["tolerance"]) == (4, 0.5)
    assert fields["bands"] == [{"within": 2, "credit": 0.4}]
    assert notes == ["no answer earns full credit: 4 is taken as the key"]


@pytest.mark.parametrize("answers", [[], [NumericAnswer(4, 0, 0)]])
def test_no_creditable_answer_is_a_reason(answers: list[NumericAnswer]) -> None:
    assert numeric_fields(answers, None) == "no numerical answer earns credit"
