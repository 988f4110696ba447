"""Item analysis: the statistics by hand, planted bad items found among simulated learners, and
the ``aitrainer analyze`` command (its formats and its refusal of bad input)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from aitrainer_cli.analysis import (
    ResponseRecord,
    analyze,
    corrected_item_total,
    cronbach_alpha,
)
from aitrainer_cli.analysis.reader import read_export
from aitrainer_cli.errors import UsageError
from analysis_helpers import keys, planted_items, simulate, write_exports
from support import DATA, Run

CLI = Callable[..., Run]


# -- the statistics by hand ---------------------------------------------------------------------


def test_cronbach_alpha_matches_a_hand_computed_example() -> None:
    # item variances .1875 + .25 + .1875 = .625; totals 3, 2, 1, 0 have variance 1.25;
    # alpha = 3/2 · (1 − .625/1.25) = 0.75
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert cronbach_alpha(matrix) == pytest.approx(0.75)


def test_cronbach_alpha_is_undefined_for_one_learner() -> None:
    assert cronbach_alpha([[1, 0, 1]]) is None


def test_corrected_item_total_matches_a_hand_computed_example() -> None:
    # rest scores 2, 2, 1, 2 against credits 1, 1, 0, 0: Sxy = .5, Sxx = 1, Syy = .75 → 1/√3
    assert corrected_item_total([1, 1, 0, 0], [3, 3, 1, 2]) == pytest.approx(1 / math.sqrt(3))


def test_corrected_item_total_leaves_the_item_out_of_the_total() -> None:
    # against the uncorrected totals the correlation would be positive; the rest is constant
    assert corrected_item_total([1, 0, 1, 0], [3, 2, 3, 2]) is None


# -- simulated learners -------------------------------------------------------------------------


def _flagged(records: list[ResponseRecord], with_keys: bool = True) -> dict[str, set[str]]:
    items = planted_items()
    analysis = analyze(records, keys(items) if with_keys else None)
    return {
        item.question_id: {
            f"{flag.code}:{flag.option}" if flag.option else flag.code for flag in item.flags
        }
        for form in analysis.forms
        for item in form.items
        if item.flags
    }


def test_exactly_the_planted_items_are_flagged() -> None:
    assert _flagged(simulate(300, planted_items())) == {
        "neg": {"negative-discrimination"},
        "easy": {"easy"},
        "dead": {"weak-distractor:d"},
    }


def test_without_the_bank_a_dead_distractor_cannot_be_seen() -> None:
    assert "dead" not in _flagged(simulate(300, planted_items()), with_keys=False)


def test_a_simulated_form_is_reliable() -> None:
    (form,) = analyze(simulate(300, planted_items())).forms
    assert form.alpha is not None
    assert 0.7 < form.alpha < 0.95


def test_choice_shares_add_up_for_single_choice() -> None:
    items = planted_items()
    (form,) = analyze(simulate(300, items), keys(items)).forms
    dead = next(item for item in form.items if item.question_id == "dead")
    assert sum(dead.choices.values()) == pytest.approx(1.0)


def _record(
    learner: str, attempt: str, question: str, credit: float | None, response: object
) -> ResponseRecord:
    return ResponseRecord(learner, attempt, "f", question, "true_false", credit, response, 10.0)


def test_only_a_learners_first_attempt_at_a_form_counts() -> None:
    records = [
        _record("x", "1", "q1", 0.0, False),
        _record("x", "2", "q1", 1.0, True),
        _record("y", "1", "q1", 1.0, True),
    ]
    analysis = analyze(records)
    assert analysis.forms[0].items[0].facility == pytest.approx(0.5)
    assert analysis.skipped == 1


def test_unanswered_counts_zero_and_ungraded_is_left_out() -> None:
    records = [
        _record("x", "1", "q1", None, None),
        _record("y", "1", "q1", None, "some text"),
        _record("z", "1", "q1", 1.0, True),
    ]
    item = analyze(records).forms[0].items[0]
    assert (item.n, item.facility) == (2, pytest.approx(0.5))


def test_multiple_choice_key_is_inferred_from_full_credit_answers() -> None:
    records = [
        ResponseRecord("x", "1", "f", "m", "multiple_choice", 1.0, ["a", "c"], 5.0),
        ResponseRecord("y", "1", "f", "m", "multiple_choice", 0.5, ["a"], 5.0),
    ]
    assert analyze(records).forms[0].items[0].keyed == frozenset({"a", "c"})


# -- the reader ---------------------------------------------------------------------------------


def test_the_reader_takes_a_learner_named_in_the_file(tmp_path: Path) -> None:
    (path,) = write_exports(simulate(1, planted_items()), tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**document, "learner": "ada"}), encoding="utf-8")
    assert {record.learner for record in read_export(path)} == {"ada"}


def test_the_reader_leaves_attempts_in_progress_out(tmp_path: Path) -> None:
    (path,) = write_exports(simulate(1, planted_items()), tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["attempts"].append(
        {**document["attempts"][0], "attempt_id": 2, "status": "in_progress"}
    )
    path.write_text(json.dumps(document), encoding="utf-8")
    assert {record.attempt for record in read_export(path)} == {"1"}


def test_the_reader_names_the_file_of_a_bad_number(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    bad = {"question_id": "q", "type": "true_false", "credit": float("nan"), "response": True}
    path.write_text(json.dumps({"attempts": [{"blueprint": "f", "responses": [bad]}]}))
    with pytest.raises(UsageError, match=r"nan\.json: the credit of q is not a number"):
        read_export(path)


# -- the command --------------------------------------------------------------------------------


@pytest.fixture
def exports(tmp_path: Path) -> list[str]:
    items = planted_items()
    return [str(path) for path in write_exports(simulate(60, items), tmp_path)]


def test_the_table_fits_60_columns(
    cli: CLI, exports: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    run = cli("analyze", "--no-builtin", *exports)
    assert max(len(line) for line in run.out.splitlines()) <= 60


def test_the_table_names_the_flags_in_words(cli: CLI, exports: list[str]) -> None:
    run = cli("analyze", "--no-builtin", *exports)
    assert "too easy" in run.out


def test_the_table_shows_alpha(cli: CLI, exports: list[str]) -> None:
    run = cli("analyze", "--no-builtin", *exports)
    assert "sim-form · 60 learners · α 0." in run.out


def test_json_output_has_every_item(cli: CLI, exports: list[str]) -> None:
    run = cli("analyze", "--no-builtin", "--json", *exports)
    (form,) = json.loads(run.out)["forms"]
    assert len(form["items"]) == 20


def test_csv_output_has_a_row_per_item(cli: CLI, exports: list[str]) -> None:
    run = cli("analyze", "--no-builtin", "--format", "csv", *exports)
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [row["question_id"] for row in rows][-3:] == ["neg", "easy", "dead"]


def test_the_banks_name_a_distractor_nobody_picked(cli: CLI, tmp_path: Path) -> None:
    # s-single (options a, b, c; keyed b): everybody picks a or b, nobody c
    records = [
        ResponseRecord(f"l{n}", "1", "f", "s-single", "single_choice", n % 2, "ba"[n % 2], 3.0)
        for n in range(10)
    ]
    files = [str(path) for path in write_exports(records, tmp_path)]
    run = cli("analyze", "--no-builtin", "--banks", str(DATA / "valid"), "--json", *files)
    (item,) = json.loads(run.out)["forms"][0]["items"]
    assert item["flags"] == [{"code": "weak-distractor", "option": "c"}]


BAD_INPUTS = {
    "not-json.json": "this is not json",
    "empty.json": "",
    "list.json": "[1, 2]",
    "no-attempts.json": '{"format": 1, "attempts": []}',
    "bad-attempt.json": '{"attempts": [{"blueprint": 3, "responses": []}]}',
    "bad-response.json": '{"attempts": [{"blueprint": "f", "responses": [{"credit": 1}]}]}',
    "binary.json": "\udcff",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_naming_the_file(cli: CLI, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name].encode("utf-8", "surrogateescape"))
    run = cli("analyze", "--no-builtin", str(path))
    assert (run.code, name in run.err, "Traceback" in run.err) == (2, True, False)


def test_a_directory_exits_2_naming_it(cli: CLI, tmp_path: Path) -> None:
    run = cli("analyze", "--no-builtin", str(tmp_path))
    assert (run.code, "is a directory" in run.err) == (2, True)


def test_a_missing_file_exits_2_naming_it(cli: CLI, tmp_path: Path) -> None:
    run = cli("analyze", "--no-builtin", str(tmp_path / "gone.json"))
    assert (run.code, "gone.json does not exist" in run.err) == (2, True)
