"""Statements read back from an LRS as analysis records and a per-learner table (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aitrainer_cli.app.cohort import since_filter
from aitrainer_cli.errors import UsageError
from aitrainer_cli.items.base import Score
from aitrainer_cli.xapi import ids
from aitrainer_cli.xapi import statements as st
from aitrainer_cli.xapi.cohort import cohort, response_value, seconds
from test_xapi_statements import catalog  # noqa: F401  (the module's fixture)

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _attempt(catalog_, learner: str, number: int, credits: list[float | None], day: int) -> list:
    """Statements of one attempt at two true/false questions (None: left unanswered)."""
    questions = [
        e.question for e in catalog_.entries.values() if e.question.type_name() == "true_false"
    ][:2]
    context = st.AttemptContext(ids.registration(learner, number), "quick", "Quick", "exam", "1")
    actor = st.account_actor(learner, "https://bootcamp.example.org")
    when = T0 + timedelta(days=day)
    found = []
    for position, (question, credit) in enumerate(zip(questions, credits, strict=True)):
        if credit is None:
            continue
        for revision, given in enumerate((0.0, credit)):  # a first answer, then the final one
            answer = st.Answer(
                position, revision, question, "b", "0" * 64, bool(given), Score(given), 5.0, when
            )
            found.append(st.with_actor(st.answered(context, answer), actor))
    earned = sum(c or 0 for c in credits)
    outcome = st.Outcome(
        earned, 2, 50 * earned, 70, 60, "submitted", when, tuple(q.id for q in questions)
    )
    found += [st.with_actor(s, actor) for s in st.finished(context, outcome)]
    return found


def test_records_take_the_newest_revision_and_unanswered_counts_zero(catalog) -> None:  # noqa: F811
    statements = _attempt(catalog, "ana", 1, [1.0, None], day=0)
    records, learners = cohort(reversed(statements))  # order on the wire does not matter
    assert [(r.credit, r.response, r.seconds) for r in records] == [
        (1.0, True, 5.0),
        (0.0, None, 0.0),
    ]
    assert {r.blueprint for r in records} == {"quick"}
    (row,) = learners
    assert (row.learner, row.attempts, row.best, row.latest) == (
        "ana@https://bootcamp.example.org",
        1,
        50.0,
        50.0,
    )
    assert row.readiness == "not yet"  # 50% against a 70% target


def test_learners_table_best_latest_and_readiness(catalog) -> None:  # noqa: F811
    statements = (
        _attempt(catalog, "ana", 1, [1.0, 1.0], day=0)
        + _attempt(catalog, "ana", 2, [1.0, 0.25], day=1)
        + _attempt(catalog, "bo", 1, [1.0, 0.5], day=0)
        + _attempt(catalog, "cy", 1, [1.0, 0.0], day=0)[:-2]  # not finished: left out
    )
    records, learners = cohort(statements)
    rows = {row.learner.split("@")[0]: row for row in learners}
    assert set(rows) == {"ana", "bo"}
    assert (rows["ana"].attempts, rows["ana"].best, rows["ana"].latest) == (2, 100.0, 62.5)
    assert rows["ana"].readiness == "close"  # 62.5 is within 10 points of 70
    assert (rows["bo"].best, rows["bo"].readiness) == (75.0, "ready")
    assert [r.attempt for r in records[:2]] == [ids.registration("ana", 1)] * 2  # first sitting
    assert len(records) == 6
    assert cohort(statements, blueprint="other") == ([], [])


@pytest.mark.parametrize(
    ("interaction", "text", "value"),
    [
        ("choice", "b", "b"),
        ("choice", "a[,]c", ["a", "c"]),
        ("true-false", "false", False),
        ("other", '{"c1":"refuted"}', {"c1": "refuted"}),
        ("other", "not json", "not json"),
        ("long-fill-in", "free words", "free words"),
        ("choice", None, None),
    ],
)
def test_responses_come_back_as_exports_hold_them(
    interaction: str, text: object, value: object
) -> None:
    assert response_value(interaction, text) == value


def test_durations_and_since_dates() -> None:
    assert seconds("PT1H2M5.25S") == 3725.25
    assert seconds("PT12.50S") == 12.5
    assert seconds("garbage") == 0.0
    assert since_filter("2026-03-01") == "2026-03-01T00:00:00Z"
    assert since_filter("2026-03-01T10:00:00+01:00") == "2026-03-01T09:00:00Z"
    with pytest.raises(UsageError, match="not a date"):
        since_filter("yesterday")
