"""Consistency probes (issue 14): swapped duplicates of side-by-side items (A and B exchanged,
the key negated, placed far apart in the form), resolved by id like any question, and the
result's report of how consistently each pair was judged."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.exam.probes import (
    PROBE_SUFFIX,
    ProbeEntries,
    add_probes,
    can_probe,
    original_id,
    probe_pairs,
    swapped,
)
from aitrainer_cli.items import QUESTION_ADAPTER, score
from aitrainer_cli.items.preference import Preference
from support import Run

CATALOG = load_banks()
BASE = {"id": "p", "topic": "t", "difficulty": "easy", "explanation": "e"}


def pref(prompt: str = "Which is better?", **key: Any) -> Preference:
    question = QUESTION_ADAPTER.validate_python(
        {
            **BASE,
            "type": "preference",
            "prompt": prompt,
            "context": {"responses": {"A": "first text", "B": "second text"}},
            "mistakes": [{"when": "A", "feedback": "A is worse here."}],
            **key,
        }
    )
    assert isinstance(question, Preference)
    return question


def test_a_probe_swaps_the_responses_and_negates_the_key() -> None:
    original = pref(answer=-2)
    probe = swapped(original)
    assert probe.id == "p" + PROBE_SUFFIX
    assert probe.context is not None
    assert probe.context.responses == {"A": "second text", "B": "first text"}
    assert probe.answer == 2
    assert probe.mistakes == []
    assert probe.explanation.startswith("This was a consistency probe")
    for response in range(-3, 4):  # the mirrored answer earns the same credit
        assert score(probe, -response).credit == score(original, response).credit
    panel = swapped(pref(panel=[-1, 0, 2]))
    assert panel.panel == [1, 0, -2]


def test_only_items_that_never_name_a_response_by_label_are_probed() -> None:
    assert can_probe(pref())
    assert not can_probe(pref("Is Response A more helpful?", answer=1))
    assert not can_probe(pref("Compare A and B.", answer=1))


def test_probe_entries_resolve_probe_ids_without_listing_them() -> None:
    entries = CATALOG.entries
    assert isinstance(entries, ProbeEntries)
    qid = next(q for q, e in entries.items() if can_probe(e.question))
    probe = entries[qid + PROBE_SUFFIX]
    assert probe.question.id == qid + PROBE_SUFFIX
    assert qid + PROBE_SUFFIX in entries
    assert entries.get(qid + PROBE_SUFFIX) is not None
    assert not any(key.endswith(PROBE_SUFFIX) for key in entries)
    assert "nosuch" + PROBE_SUFFIX not in entries
    assert entries.get("nosuch" + PROBE_SUFFIX) is None
    with pytest.raises(KeyError):
        entries["nosuch" + PROBE_SUFFIX]
    assert original_id(qid) is None


def test_probes_are_placed_about_half_the_form_from_their_original() -> None:
    form = build_form(CATALOG, ExamRequest(types=("preference",), count=10, seed=4))
    probed = add_probes(form, CATALOG.entries, 3, form.seed)
    assert len(probed.items) == 13
    ids = [item.question_id for item in probed.items]
    probes = [i for i, qid in enumerate(ids) if qid.endswith(PROBE_SUFFIX)]
    assert len(probes) == 3
    for j in probes:
        i = ids.index(original_id(ids[j]) or "")
        assert abs(i - j) >= 5, (i, j)
    assert add_probes(form, CATALOG.entries, 3, form.seed) == probed  # reproducible


def test_fewer_swappable_items_give_fewer_probes() -> None:
    form = build_form(CATALOG, ExamRequest(types=("true_false",), count=5, seed=1))
    assert add_probes(form, CATALOG.entries, 3, 1) == form
    mixed = build_form(CATALOG, ExamRequest(types=("preference",), count=2, seed=2))
    assert len(add_probes(mixed, CATALOG.entries, 5, 2).items) == 4


def test_pairs_are_classified_mirrored_same_side_flipped_or_unanswered() -> None:
    form = build_form(CATALOG, ExamRequest(types=("preference",), count=8, seed=3))
    probed = add_probes(form, CATALOG.entries, 4, 3)
    ids = [item.question_id for item in probed.items]
    responses: list[object] = [None] * len(ids)
    plan = iter([(-2, 2, "mirrored"), (-2, 1, "same side"), (1, 1, "flipped"), (2, None, "")])
    expected = {}
    for j, qid in enumerate(ids):
        original = original_id(qid)
        if original is None:
            continue
        first, second, word = next(plan)
        responses[ids.index(original)], responses[j] = first, second
        expected[original] = word or "unanswered"
    got = {pair.question_id: pair.agreement for pair in probe_pairs(probed, responses)}
    assert got == expected


def test_an_exam_with_probes_from_an_answers_file_scales_the_time(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}", encoding="utf-8")
    args = ["exam", "--type", "preference", "--count", "6", "--seed", "5", "--json"]
    plain = json.loads(cli(*args, "--answers", str(empty)).out)
    probed = json.loads(cli(*args, "--probes", "2", "--answers", str(empty)).out)
    assert len(probed["items"]) == 8
    assert sum(i["question_id"].endswith(PROBE_SUFFIX) for i in probed["items"]) == 2
    assert probed["time_limit_seconds"] == plain["time_limit_seconds"] + 2 * 75
    assert cli(*args, "--probes", "21", "--answers", str(empty)).code == 2


def test_a_plain_exam_reports_consistency_and_a_resumed_one_keeps_its_probes(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["exam", "--type", "preference", "--count", "4", "--seed", "5", "--probes", "1"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    first = cli(*args, "--plain")
    assert first.code == 0, first.err
    assert "Continue with: aitrainer resume" in first.out
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n1\n1\n1\n3\n"))
    second = cli("resume", "--plain")
    assert second.code == 0, second.err
    text = " ".join(second.out.split())
    assert "Consistency probes" in text
    assert "1 side-by-side item was shown twice, the second time with A and B swapped." in text
    # every answer +1: the probe favours the other response than its original
    assert "judged differently" in text
    history = cli("history", "1")
    assert history.code == 0, history.err
    assert "no longer in the banks" not in history.out


def test_a_blueprint_with_probes_adds_them(cli: Callable[..., Run], tmp_path: Path) -> None:
    exams = tmp_path / "exams"
    exams.mkdir()
    (exams / "probed.yaml").write_text(
        "format: 1\n"
        "exam:\n"
        "  id: probed\n"
        "  title: Probed\n"
        "  probes: 2\n"
        "  sections:\n"
        "    - {title: Side by side, count: 6, types: [preference]}\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}", encoding="utf-8")
    args = ["exam", "probed", "--seed", "1", "--banks", str(exams), "--json"]
    result = cli(*args, "--answers", str(empty))
    assert result.code == 0, result.err
    ids = [item["question_id"] for item in json.loads(result.out)["items"]]
    assert len(ids) == 8
    assert sum(qid.endswith(PROBE_SUFFIX) for qid in ids) == 2
    none = json.loads(cli(*args, "--probes", "0", "--answers", str(empty)).out)
    assert len(none["items"]) == 6  # --probes 0 overrides the blueprint
