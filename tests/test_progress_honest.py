"""Issue 14, finding 4: progress must not read rosier than the answers behind it. The weakest
topic is decided with an interval, unanswered and timed-out questions count as 0, exam and
practice trends are apart, n counts distinct questions, and small n shows a range."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from aitrainer_cli.progress import stats
from aitrainer_cli.progress.intervals import percent_words, wilson
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.ui.progress_views import progress_view
from progress_helpers import CATALOG, T0, insert_attempt, questions

RLHF = questions("rlhf-principles")


def topic_of_size(size: int, *, not_topic: str = "") -> tuple[str, list[str]]:
    """A shipped topic with at least ``size`` questions (the banks' content changes; the figures
    below depend only on the credits given)."""
    topics: dict[str, list[str]] = {}
    banks: dict[str, set[str]] = {}
    for qid, entry in sorted(CATALOG.entries.items()):
        topics.setdefault(entry.question.topic, []).append(qid)
        banks.setdefault(entry.question.topic, set()).add(entry.bank_id)
    name = next(
        t
        for t, ids in sorted(topics.items())
        if len(ids) >= size and t != not_topic and len(banks[t]) == 1
    )
    return name, topics[name]


BIG, ATOMIC = topic_of_size(10)
SMALL, HACKING = topic_of_size(2, not_topic=BIG)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


def report(path: Path) -> stats.ProgressReport:
    with AttemptStore.open(path) as store:
        return stats.progress_report(store.database, CATALOG, T0 + timedelta(days=365))


def test_wilson_interval_matches_hand_computed_values() -> None:
    # p = 0.5, n = 2, z = 1.96: centre 0.5, half = 1.96 * sqrt(0.125 + 0.2401) / 2.9208
    half = 1.959964 * (0.125 + 1.959964**2 / 16) ** 0.5 / (1 + 1.959964**2 / 2)
    got = wilson(0.5, 2)
    assert (got.low, got.high) == pytest.approx((0.5 - half, 0.5 + half))
    assert (got.low, got.high) == pytest.approx((0.0945, 0.9055), abs=1e-3)
    assert wilson(1.0, 12).low == pytest.approx(0.7575, abs=1e-3)
    assert wilson(0.0, 1).high == pytest.approx(0.7935, abs=1e-3)
    assert (wilson(0.3, 0).low, wilson(0.3, 0).high) == (0.0, 1.0)


def test_small_n_reads_as_a_range_large_n_as_a_percentage() -> None:
    assert percent_words(0.5, 2, wilson(0.5, 2)) == "50% (likely 9–91%)"
    assert percent_words(0.8, 40, wilson(0.8, 40)) == "80%"


def test_a_fifty_percent_topic_at_n2_is_named_before_an_83_percent_one(path: Path) -> None:
    assert len(ATOMIC) >= 6
    assert len(HACKING) >= 2
    answers = [(HACKING[0], 1.0), (HACKING[1], 0.0)]
    answers += [(q, 1.0) for q in ATOMIC[:5]] + [(ATOMIC[5], 0.0)]
    insert_attempt(path, 1, T0, answers)
    weakest = report(path).weakest
    assert [(m.topic, m.items, round(m.accuracy, 3)) for m in weakest] == [
        (SMALL, 2, 0.5),
        (BIG, 6, 0.833),
    ]


def test_the_interval_decides_not_the_bare_mean(path: Path) -> None:
    # one miss (0% over 1 question: likely 0-79%) against 40% over 10 questions (likely 17-69%)
    insert_attempt(path, 1, T0, [(HACKING[0], 0.0)] + [(q, 0.4) for q in ATOMIC[:10]])
    assert [m.topic for m in report(path).weakest] == [BIG, SMALL]


def expire(path: Path, attempt_id: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE attempts SET status = 'expired' WHERE id = ?", (attempt_id,))
    connection.close()


def test_timed_out_and_unanswered_questions_count_as_zero_in_readiness(path: Path) -> None:
    # ten right, then two questions the clock cut off: 10 of 12, not 100%.
    insert_attempt(
        path, 1, T0, [(q, 1.0) for q in RLHF[:10]] + [(RLHF[10], None), (RLHF[11], None)]
    )
    expire(path, 1)
    drill = next(r for r in report(path).readiness if r.blueprint_id == "drill-rlhf-principles")
    assert drill.estimate == pytest.approx(100 * 10 / 12)
    assert drill.items == 12
    assert "unanswered and timed out count as 0" in drill.method


def test_an_unanswered_question_answered_later_counts_its_latest_answer(path: Path) -> None:
    insert_attempt(path, 1, T0, [(ATOMIC[0], None)])
    insert_attempt(path, 2, T0 + timedelta(hours=1), [(ATOMIC[0], 1.0)])
    [mastery] = report(path).mastery
    assert (mastery.accuracy, mastery.items, mastery.answers) == (1.0, 1, 2)


def test_an_unfinished_attempts_open_questions_do_not_count(path: Path) -> None:
    insert_attempt(path, 1, T0, [(ATOMIC[0], 1.0)])
    insert_attempt(path, 2, T0 + timedelta(hours=1), [(ATOMIC[1], None)], graded=False)
    [mastery] = report(path).mastery
    assert (mastery.accuracy, mastery.items) == (1.0, 1)


def test_exam_and_practice_trends_are_apart(path: Path) -> None:
    for n, (mode, credit) in enumerate(
        [("exam", 0.6), ("practice", 0.2), ("exam", 0.6), ("review", 1.0), ("practice", 1.0)]
    ):
        insert_attempt(path, n + 1, T0 + timedelta(hours=n), [(ATOMIC[0], credit)], mode=mode)
    trends = {t.kind: t for t in report(path).trends}
    assert [s.attempt_id for s in trends["exam"].scores] == [1, 3]
    assert trends["exam"].change == pytest.approx(0.0)
    assert [s.attempt_id for s in trends["practice"].scores] == [2, 4, 5]
    # older half (2, 4): 60; newer half (5): 100
    assert trends["practice"].change == pytest.approx(40.0)


def test_n_counts_distinct_questions_not_repeats(path: Path) -> None:
    for n in range(5):
        insert_attempt(path, n + 1, T0 + timedelta(hours=n), [(ATOMIC[0], 0.0)])
    [mastery] = report(path).mastery
    assert (mastery.items, mastery.answers) == (1, 5)
    out = io.StringIO()
    Console(file=out, width=60, no_color=True).print(progress_view(report(path)))
    text = out.getvalue()
    assert f"{BIG}: 0% (likely 0–79%), n=1" in text
    assert "n: distinct questions" in text
    assert "not enough data: 1 question answered so far, 10 needed" in text
