"""aitrainer bank stats: counts and balance figures an author checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from support import Run

BANK = """\
format: 1
bank: {id: stats-bank, title: Stats}
questions:
  - id: sb-one
    type: single_choice
    topic: t-one
    difficulty: easy
    prompt: Pick.
    options: {a: short, b: a much longer option text}
    answer: b
    explanation: The longer one is right here, which is the give-away being measured.
  - id: sb-two
    type: single_choice
    topic: t-one
    difficulty: hard
    prompt: Pick again.
    options: {a: right, b: wrong one, c: also wrong}
    answer: a
    explanation: The first one is right here; the others contradict the premise stated.
  - id: sb-pref
    type: preference
    topic: t-two
    difficulty: medium
    prompt: Which is better?
    context: {responses: {A: a long and careful answer, B: short}}
    answer: -2
    explanation: A answers the question carefully; B does not answer it at all, sadly.
"""


def test_stats_count_and_measure_the_balance(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(BANK, encoding="utf-8")
    result = cli("bank", "stats", "--json", str(tmp_path))
    assert result.code == 0, result.err
    [figures] = json.loads(result.out)
    assert figures["questions"] == 3
    assert figures["by_type"] == {"preference": 1, "single_choice": 2}
    assert figures["by_topic"] == {"t-one": 2, "t-two": 1}
    assert figures["by_difficulty"] == {"easy": 1, "hard": 1, "medium": 1}
    assert figures["key_positions"] == {"1": 1, "2": 1}
    assert figures["mean_key_length"] == (len("a much longer option text") + len("right")) / 2
    distractors = [len("short"), len("wrong one"), len("also wrong")]
    assert figures["mean_distractor_length"] == round(sum(distractors) / 3, 1)
    assert figures["best_is_longest_share"] == 1.0


def test_stats_of_the_built_in_banks_print_as_a_table(cli: Callable[..., Run]) -> None:
    result = cli("bank", "stats")
    assert result.code == 0
    assert "all banks" in result.out
    assert "key position" in result.out


def test_a_new_bank_validates_clean_and_can_be_practised(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    made = cli("bank", "new", "acme-rating", "--dir", str(tmp_path / "banks"))
    assert made.code == 0, made.err
    checked = cli("bank", "validate", "--strict", str(tmp_path / "banks"))
    assert checked.code == 0, checked.out
    from aitrainer_cli.items import ITEM_TYPES

    assert f"{len(ITEM_TYPES)} questions: 0 errors, 0 warnings" in checked.out  # one of each type
    stats = json.loads(cli("bank", "stats", "--json", str(tmp_path / "banks")).out)
    assert set(stats[0]["by_type"]) == set(ITEM_TYPES)
    drill = cli("exam", "--banks", str(tmp_path / "banks"), "--list")
    assert "acme-rating-drill" in drill.out


def test_a_new_bank_never_replaces_a_file_or_takes_a_bad_id(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    assert cli("bank", "new", "acme", "--dir", str(tmp_path)).code == 0
    before = (tmp_path / "acme.yaml").read_text()
    again = cli("bank", "new", "acme", "--dir", str(tmp_path))
    assert again.code == 2
    assert "exists already" in again.err
    assert (tmp_path / "acme.yaml").read_text() == before
    assert cli("bank", "new", "Bad Id", "--dir", str(tmp_path)).code == 2


BROKEN = """\
format: 1
bank: {id: bs, title: BS}
questions:
  - id: bs-bad
    type: single_choice
    topic: t
    difficulty: easy
    prompt: Which?
    options: {a: meat, b: fish}
    answer: vegan
    explanation: The vegan option is right because the others contain animal products, of course.
  - id: bs-broken
    type: single_choice
    topic: t
    difficulty: easy
    prompt: Which?
    answer: a
    explanation: This item has no options at all, so it cannot even be loaded as a model.
"""


def test_show_on_an_item_with_errors_shows_its_findings(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    (tmp_path / "b.yaml").write_text(BROKEN, encoding="utf-8")
    bad = cli("bank", "show", "bs-bad", "--banks", str(tmp_path))
    assert bad.code == 1
    assert "Traceback" not in bad.err
    assert "unknown-option" in bad.out
    broken = cli("bank", "show", "bs-broken", "--banks", str(tmp_path))
    assert broken.code == 1
    assert "missing required key 'options'" in " ".join(broken.out.split())
