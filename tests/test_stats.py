"""Progress statistics: counts, recent scores and trend, mastery over the last answers per topic,
the weakest topics, readiness per blueprint (and its wording), and queries that use the indexes."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from aitrainer_cli.progress import stats
from aitrainer_cli.progress.db import Database
from aitrainer_cli.progress.graded_answers import recent_answers
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.ui.progress_views import progress_view
from progress_helpers import CATALOG, T0, insert_attempt, questions

ATOMIC = questions("fact-checking", "atomic-claims")
RLHF = questions("rlhf-principles")
RANKING = questions("ranking-preference")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


def report(path: Path) -> stats.ProgressReport:
    with AttemptStore.open(path) as store:
        return stats.progress_report(store.database, CATALOG, T0 + timedelta(days=365))


def test_an_empty_store_reports_nothing_and_not_enough_data(path: Path) -> None:
    empty = report(path)
    assert empty.is_empty
    assert [(t.kind, t.scores, t.change) for t in empty.trends] == [
        ("exam", (), None),
        ("practice", (), None),
    ]
    assert (empty.counts, empty.scores, empty.mastery, empty.weakest, empty.due) == (
        stats.AttemptCounts(0, 0, 0),
        (),
        (),
        (),
        0,
    )
    assert {r.blueprint_id for r in empty.readiness} == set(CATALOG.blueprints)
    for readiness in empty.readiness:
        assert readiness.estimate is None
        assert readiness.items == 0
        assert readiness.verdict == "not enough data"
        assert readiness.method.startswith("not enough data: 0 questions")


def test_counts_and_recent_scores_oldest_first_with_the_trend(path: Path) -> None:
    for n in range(12):  # scores 0, 10, ... 110 capped: credit n/12 on one question
        insert_attempt(path, n + 1, T0 + timedelta(hours=n), [(ATOMIC[0], n / 12)])
    insert_attempt(path, 13, T0 + timedelta(hours=20), [(ATOMIC[0], 1.0)], graded=False)
    got = report(path)
    assert got.counts == stats.AttemptCounts(total=13, graded=12, in_progress=1)
    assert [s.attempt_id for s in got.scores] == list(range(3, 13))
    assert [round(s.percent, 6) for s in got.scores] == [
        round(100 * n / 12, 6) for n in range(2, 12)
    ]
    # newer five (n = 7..11) against older five (n = 2..6): 5 steps of 100/12 apart
    exam = next(t for t in got.trends if t.kind == "exam")
    assert exam.change == pytest.approx(5 * 100 / 12)


def test_trend_needs_two_scores_and_splits_an_odd_count_towards_the_old(path: Path) -> None:
    def point(percent: float) -> stats.ScorePoint:
        return stats.ScorePoint(1, T0, percent, "exam", "t")

    assert stats.trend([point(50)]) is None
    assert stats.trend([point(40), point(60), point(90)]) == pytest.approx(90 - 50)


def test_mastery_is_each_questions_latest_credit_counted_once(path: Path) -> None:
    # 3 questions answered 5 times each: wrong at first, right in the last round.
    for n in range(15):
        insert_attempt(
            path, n + 1, T0 + timedelta(hours=n), [(ATOMIC[n % 3], 0.0 if n < 12 else 1.0)]
        )
    [mastery] = report(path).mastery
    assert (mastery.bank_id, mastery.topic, mastery.accuracy, mastery.items, mastery.answers) == (
        "fact-checking",
        "atomic-claims",
        1.0,
        3,
        15,
    )


def test_unanswered_counts_as_zero_ungraded_and_removed_questions_do_not_count(
    path: Path,
) -> None:
    insert_attempt(path, 1, T0, [(ATOMIC[0], 0.5), (ATOMIC[1], None), ("gone-question", 0.0)])
    insert_attempt(path, 2, T0 + timedelta(hours=1), [(ATOMIC[2], 1.0)], graded=False)
    got = report(path)
    assert [(m.topic, m.accuracy, m.items) for m in got.mastery] == [("atomic-claims", 0.25, 2)]


def test_the_weakest_topics_come_lowest_likely_accuracy_first(path: Path) -> None:
    evidence = questions("fact-checking", "evidence-verdicts")
    hacking_topic = next(  # any other topic with two questions (the banks' content changes)
        t
        for t in sorted({CATALOG.entries[q].question.topic for q in RLHF})
        if len(questions("rlhf-principles", t)) >= 2
    )
    hacking = questions("rlhf-principles", hacking_topic)
    answers = (
        [(ATOMIC[i], 0.25) for i in range(3)]
        + [(evidence[i], 0.75) for i in range(4)]
        + [(hacking[i], 0.0) for i in range(2)]
    )  # only two answers, both 0: still the weakest
    insert_attempt(path, 1, T0, answers)
    got = report(path)
    assert [(m.topic, m.items) for m in got.weakest] == [
        (hacking_topic, 2),
        ("atomic-claims", 3),
        ("evidence-verdicts", 4),
    ]
    assert len(got.mastery) == 3


def test_readiness_weights_each_sections_recent_accuracy_by_its_size(path: Path) -> None:
    # full-mock: RLHF principles 8, Ranking and preference 10, Rubric ratings 9, Fact-checking
    # 10 questions (37 of 60), three more sections.
    rubric, facts = questions("rubric-rating"), questions("fact-checking")
    insert_attempt(
        path,
        1,
        T0,
        [(q, 1.0) for q in RLHF[:6]]
        + [(q, 0.5) for q in RANKING[:6]]
        + [(q, 1.0) for q in rubric[:3]]
        + [(q, 0.0) for q in facts[:3]],
    )
    readiness = {r.blueprint_id: r for r in report(path).readiness}
    mock = readiness["full-mock"]
    assert mock.estimate == pytest.approx(100 * (8 * 1.0 + 10 * 0.5 + 9 * 1.0) / 37)
    assert mock.items == 18
    assert [s.items for s in mock.sections] == [6, 6, 3, 3, 0, 0, 0]
    assert "rests on 18 questions" in mock.method
    assert "only 4 of 7 sections have answers (37 of 60 questions)" in mock.method
    drill = readiness["drill-rlhf-principles"]
    assert drill.estimate is None
    assert drill.items == 6
    assert drill.method == "not enough data: 6 questions answered so far, 10 needed"


def test_readiness_is_not_claimed_from_a_minority_of_the_exam(path: Path) -> None:
    insert_attempt(path, 1, T0, [(q, 1.0) for q in RLHF[:6]] + [(q, 1.0) for q in RANKING[:6]])
    mock = next(r for r in report(path).readiness if r.blueprint_id == "full-mock")
    assert (mock.estimate, mock.verdict) == (None, "not enough data")
    assert mock.method == (
        "not enough data: your answers cover sections holding 18 of 60 questions; "
        "at least half needed"
    )


def test_readiness_uses_each_questions_latest_answer(path: Path) -> None:
    assert len(RLHF) >= 12
    for n in range(36):
        insert_attempt(
            path, n + 1, T0 + timedelta(hours=n), [(RLHF[n % 12], 0.0 if n < 24 else 1.0)]
        )
    drill = next(r for r in report(path).readiness if r.blueprint_id == "drill-rlhf-principles")
    assert (drill.estimate, drill.items) == (100.0, 12)
    assert drill.interval is not None
    assert drill.interval.low == pytest.approx(0.7575, abs=1e-3)
    assert drill.verdict == "too close to call"  # 12 of 12 right: likely 76-100%, target 80
    assert "only" not in drill.method


def test_the_overview_fits_sixty_columns_and_spells_out_the_trend(path: Path) -> None:
    for n in range(4):
        insert_attempt(
            path,
            n + 1,
            T0 + timedelta(hours=n),
            [(q, n / 4) for q in RLHF[:12]] + [(q, 1.0) for q in ATOMIC[:3]],
        )
    out = io.StringIO()
    Console(file=out, width=60, no_color=True).print(progress_view(report(path)))
    text = out.getvalue()
    assert all(len(line) <= 60 for line in text.splitlines()), text
    assert "4 attempts taken: 4 graded, 0 unfinished" in text
    assert "Exam scores: last 4" in text
    assert "trend: up" in text
    assert "Weakest topics" in text
    assert "full-mock" in text
    assert "rests on" in text


def queries_run(database: Database, read: Callable[[Database], object]) -> list[str]:
    """The SQL statements ``read(database)`` runs, with their parameters filled in."""
    statements: list[str] = []
    database.connection.set_trace_callback(statements.append)
    try:
        read(database)
    finally:
        database.connection.set_trace_callback(None)
    return statements


def test_the_per_question_query_searches_an_index(path: Path) -> None:
    AttemptStore.open(path).close()
    with AttemptStore.open(path) as store:
        statements = queries_run(store.database, lambda database: recent_answers(database, ["q"]))
        assert len(statements) == 2
        for sql in statements:
            plan = " ".join(row[3] for row in store.database.read(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SEARCH r USING" in plan or "SEARCH responses USING" in plan, plan
            assert "INDEX" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
