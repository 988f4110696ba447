"""The rater profile ("How you judge", issue 14) on scripted answer histories where the right
figures are known: a learner who always prefers A, one who always prefers the longer response,
a timid one, a lenient one, one who confuses verdicts, one who over-refuses; and "not enough
data" below each figure's minimum."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from aitrainer_cli.items import QUESTION_ADAPTER, Question, score
from aitrainer_cli.items.preference import Preference
from aitrainer_cli.progress import rater_profile as rp
from aitrainer_cli.progress.judgements import Judgement, judgements
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.ui.rater_views import rater_profile_view
from progress_helpers import CATALOG, take
from support import Run

BASE = {"difficulty": "easy", "prompt": "p", "explanation": "e"}
SHORT, LONG = "Short answer here.", " ".join(["Much longer answer with padding."] * 4)


def make(qid: str, topic: str = "t", **fields: Any) -> Question:
    return QUESTION_ADAPTER.validate_python({**BASE, "id": qid, "topic": topic, **fields})


def pref(qid: str, key: int, a: str = "One.", b: str = "Two.") -> Question:
    return make(qid, type="preference", context={"responses": {"A": a, "B": b}}, answer=key)


def judged(question: Question, response: object) -> Judgement:
    return Judgement(question, response, score(question, response).credit)


def figure(name: str, history: Sequence[Judgement]) -> rp.Figure:
    return next(f for f in rp.rater_profile(history).figures if f.name == name)


KEYS = [2, 0, -1, 3, 1, -2]


def test_a_learner_who_always_prefers_a_leans_toward_a() -> None:
    history = [judged(pref(f"p{i}", key), -3) for i, key in enumerate(KEYS)]
    got = figure("position_bias", history)
    # errors: -5, -3, -2, -6, -4, -1 -> mean -21/6 = -3.5
    assert (got.n, got.value, got.enough) == (6, pytest.approx(-3.5), True)
    assert got.sentence.startswith("You lean toward response A (the left/first): 3.5 points")


def test_a_learner_who_answers_the_key_has_no_position_bias() -> None:
    history = [judged(pref(f"p{i}", key), key) for i, key in enumerate(KEYS)]
    got = figure("position_bias", history)
    assert got.value == 0.0
    assert got.sentence.startswith("No lean")


def test_a_learner_who_always_prefers_the_longer_response_is_swayed_by_length() -> None:
    # the key favours the shorter response (or neither) on each; the learner picks the longer
    items = [
        (pref("l1", -2, a=SHORT, b=LONG), 2),
        (pref("l2", 2, a=LONG, b=SHORT), -2),
        (pref("l3", 0, a=SHORT, b=LONG), 1),
        (pref("l4", -1, a=SHORT, b=LONG), 3),
        (pref("l5", 3, a=SHORT, b=LONG), 3),  # the key favours the longer: not a case
        (pref("l6", 1, a="Same size.", b="Also same."), -1),  # neither is longer: not a case
    ]
    got = figure("length_bias", [judged(q, r) for q, r in items])
    assert (got.n, got.value, got.enough) == (4, 1.0, True)
    assert "you favoured it 4 of 4 times: length is swaying you" in got.sentence
    keyed = figure("length_bias", [judged(q, q.answer) for q, _ in items])  # type: ignore[union-attr]
    assert (keyed.n, keyed.value) == (4, 0.0)
    assert keyed.sentence.endswith("length is not.")


def test_a_timid_learner_on_the_right_side_is_too_timid() -> None:
    keys = [3, -3, 2, -2, 3]
    history = [judged(pref(f"s{i}", key), 1 if key > 0 else -1) for i, key in enumerate(keys)]
    got = figure("strength", history)
    # |1| - |key|: -2, -2, -1, -1, -2 -> mean -1.6
    assert (got.n, got.value) == (5, pytest.approx(-1.6))
    assert got.sentence.startswith("Too timid: on the right side you rated 1.6 points weaker")
    strong = [judged(pref(f"t{i}", 1), 3) for i in range(5)]
    assert figure("strength", strong).sentence.startswith("Too strong")


def rating(qid: str, key: dict[str, Any]) -> Question:
    return make(
        qid,
        type="rating",
        context={"responses": {"A": "x"}},
        scale={"min": 1, "max": 5},
        dimensions={"helpfulness": "h", "verbosity": "v"},
        answer=key,
    )


def test_a_lenient_learner_rates_above_the_key_per_dimension() -> None:
    history = []
    for i in range(5):
        question = rating(f"r{i}", {"helpfulness": 3, "verbosity": [2, 3]})
        # helpfulness always one above the key; verbosity inside the band (0) or one below it
        history.append(judged(question, {"helpfulness": 4, "verbosity": 3 if i < 3 else 1}))
    got = figure("leniency", history)
    assert got.details == {
        "helpfulness": {"n": 5, "mean_error": 1.0},
        "verbosity": {"n": 5, "mean_error": -0.4},
    }
    assert got.sentence == (
        "You rate lenient on helpfulness (+1.0, n=5); severe on verbosity (-0.4, n=5) "
        "against the key."
    )
    assert got.enough


def claims(qid: str) -> Question:
    return make(
        qid,
        type="claim_check",
        context={"evidence": "e"},
        claims={"c1": "one", "c2": "two", "c3": "three"},
        answer={"c1": "supported", "c2": "refuted", "c3": "not_enough_info"},
    )


def test_verdict_confusions_name_the_wrong_label_for_the_keyed_one() -> None:
    response = {"c1": "supported", "c2": "refuted", "c3": "refuted"}
    history = [judged(claims(f"c{i}"), response) for i in range(3)]
    history.append(
        judged(claims("c9"), {"c1": "not_enough_info", "c2": "refuted", "c3": "refuted"})
    )
    got = figure("verdict_confusions", history)
    assert (got.n, got.value) == (12, pytest.approx(5 / 12))
    assert got.sentence == (
        'Most often: "refuted" where the key says "not enough info" (4×); '
        '"not enough info" where the key says "supported" (1×).'
    )


def tf(qid: str, topic: str, tags: list[str] | None = None) -> Question:
    return make(qid, topic, type="true_false", answer=True, tags=tags or [])


def test_a_learner_who_over_refuses_loses_credit_on_safe_requests() -> None:
    history = [judged(tf(f"o{i}", "over-refusal"), False) for i in range(3)]
    history += [judged(tf("x1", "calibration", ["xstest"]), True)]  # a tag counts too
    history += [judged(tf(f"h{i}", "harmful-compliance"), True) for i in range(3)]
    got = figure("refusal_stance", history)
    assert got.details == {"safe_requests": 4, "harmful_requests": 3}
    assert got.value == pytest.approx(0.75 - 0.0)
    assert got.sentence == (
        "You lean toward refusing: you lost 75% of the credit on safe requests (over-refusal) "
        "and 0% on harmful ones (harmful compliance)."
    )
    assert got.enough


def test_guideline_sections_mark_the_side_and_an_item_marked_both_ways_counts_for_neither() -> None:
    def marked(qid: str, guideline: list[str]) -> Question:
        return make(qid, "safety", type="true_false", answer=True, guideline=guideline)

    history = [judged(marked(f"h{i}", ["harmful-compliance", "sxs"]), False) for i in range(3)]
    history += [judged(marked(f"o{i}", ["over-refusal"]), True) for i in range(3)]
    history += [judged(marked("both", ["over-refusal", "harmful-compliance"]), False)]
    got = figure("refusal_stance", history)
    assert got.details == {"safe_requests": 3, "harmful_requests": 3}
    assert got.value == pytest.approx(0.0 - 1.0)
    assert got.sentence.startswith("You lean toward complying: you lost 0% of the credit")


def test_few_judgements_show_no_figure_and_say_what_is_needed() -> None:
    history = [judged(pref(f"p{i}", key), -3) for i, key in enumerate(KEYS[:4])]
    profile = rp.rater_profile(history)
    assert profile.shown == ()
    assert figure("position_bias", history).n == 4
    out = io.StringIO()
    Console(file=out, width=60, no_color=True).print(rater_profile_view(profile))
    text = " ".join(out.getvalue().split())
    assert "Not enough judgements yet: answer at least 5 side-by-side" in text


def shipped_preferences() -> list[Preference]:
    found = [e.question for e in CATALOG.entries.values() if isinstance(e.question, Preference)]
    return [q for q in found if q.answer is not None][:8]


def test_an_always_a_history_in_the_store_reaches_progress_json(cli: Callable[..., Run]) -> None:
    items = shipped_preferences()
    with AttemptStore.open(Path(os.environ["AITRAINER_HOME"]) / "progress.db") as store:
        take(store, [(q.id, -(q.scale // 2)) for q in items])
        read = judgements(store.database, CATALOG.entries)
    assert len(read) == len(items)
    expected = sum(-(q.scale // 2) - (q.answer or 0) for q in items) / len(items)
    result = cli("progress", "--json")
    assert result.code == 0, result.err
    profile = json.loads(result.out)["rater_profile"]
    assert profile["position_bias"]["n"] == len(items)
    assert profile["position_bias"]["value"] == pytest.approx(expected, abs=1e-4)
    assert profile["position_bias"]["enough"] is True
    text = " ".join(cli("progress").out.split())
    assert "How you judge" in text
    assert f"Position bias (n={len(items)}): You lean toward response A" in text


def test_probe_pairs_across_attempts_give_the_consistency_figure() -> None:
    from aitrainer_cli.exam.probes import swapped

    history = []
    for attempt, (first, second) in enumerate([(-2, 2), (-2, 1), (1, 1), (3, -3)], 1):
        original = pref(f"q{attempt}", -2)
        assert isinstance(original, Preference)
        probe = swapped(original)
        history += [
            Judgement(original, first, 1.0, attempt, 0),
            Judgement(probe, second, 1.0, attempt, 5),
        ]
    got = figure("probe_consistency", history)
    # the same response in pairs 1 (mirrored), 2 (same side) and 4; pair 3 flipped
    assert (got.n, got.value, got.enough) == (4, 0.75, True)
    assert got.sentence.endswith("in 3 of 4 pairs: the order of the responses sways you.")
