"""Spaced review through the fsrs adapter: one card per question, ratings from credit, cards kept
as JSON, due and most-missed questions, and fsrs loaded only when scheduling."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, State

from aitrainer_cli.progress import fsrs_cards, review
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import (
    CATALOG,
    T0,
    graded_result,
    insert_attempt,
    questions,
    right_answer,
    take,
    wrong_answer,
)

SINGLE = questions(kind="single_choice")
MULTIPLE = questions(kind="multiple_choice")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttemptStore]:
    with AttemptStore.open(tmp_path / "progress.db") as opened:
        yield opened


def cards(path: Path) -> dict[str, tuple[Card, str]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT question_id, card, due FROM review_cards").fetchall()
    connection.close()
    return {qid: (Card.from_dict(json.loads(card)), due) for qid, card, due in rows}


def partial_answer(qid: str) -> object:
    """One of a multiple-choice key's options: partial credit under F1."""
    key = right_answer(qid)
    assert isinstance(key, list)
    assert len(key) >= 2
    return key[:1]


def test_credit_becomes_a_rating() -> None:
    result = graded_result(
        [
            (SINGLE[0], right_answer(SINGLE[0])),
            (MULTIPLE[0], partial_answer(MULTIPLE[0])),
            (SINGLE[1], wrong_answer(SINGLE[1])),
            (SINGLE[2], None),
        ]
    )
    assert [item.verdict for item in result.items] == ["correct", "partial", "wrong", "unanswered"]
    assert [fsrs_cards.rating_for(item) for item in result.items] == [
        Rating.Good,
        Rating.Hard,
        Rating.Again,
        Rating.Again,
    ]


def test_every_answered_item_reviews_its_card_stored_as_json(store: AttemptStore) -> None:
    result = graded_result(
        [
            (SINGLE[0], right_answer(SINGLE[0])),
            (MULTIPLE[0], partial_answer(MULTIPLE[0])),
            (SINGLE[1], wrong_answer(SINGLE[1])),
            (SINGLE[2], None),
        ]
    )
    fsrs_cards.record_result(store, result, T0)
    stored = cards(store.path)
    assert set(stored) == {SINGLE[0], MULTIPLE[0], SINGLE[1]}  # the unanswered one is not
    due = {qid: card.due - T0 for qid, (card, _) in stored.items()}
    # A new card: Again comes back first, then Hard, then Good (fsrs learning steps).
    assert due[SINGLE[1]] < due[MULTIPLE[0]] < due[SINGLE[0]]
    for card, due_text in stored.values():
        assert card.last_review == T0
        assert card.state is State.Learning
        assert due_text == card.due.isoformat(timespec="milliseconds")
    assert stored[SINGLE[0]][0].card_id != stored[SINGLE[1]][0].card_id


def test_reviews_build_on_the_stored_card(store: AttemptStore) -> None:
    qid = SINGLE[0]
    good = graded_result([(qid, right_answer(qid))])
    fsrs_cards.record_result(store.database, good, T0)  # a Database works as well as the store
    first, _ = cards(store.path)[qid]
    fsrs_cards.record_result(store, good, first.due)
    second, _ = cards(store.path)[qid]
    assert second.state is State.Review
    assert second.due - first.due >= timedelta(days=1)
    assert second.card_id == first.card_id


def test_due_questions_are_the_overdue_ones_most_overdue_first(store: AttemptStore) -> None:
    right, wrong = SINGLE[0], SINGLE[1]
    fsrs_cards.record_result(
        store, graded_result([(right, right_answer(right)), (wrong, wrong_answer(wrong))]), T0
    )
    assert review.due_questions(store.database, T0) == []
    assert review.due_questions(store.database, T0 + timedelta(minutes=2)) == [wrong]
    later = T0 + timedelta(hours=1)
    assert review.due_questions(store.database, later) == [wrong, right]
    assert review.due_questions(store.database, later, 1) == [wrong]
    assert review.due_questions(store.database, later, known={right}) == [right]
    assert review.next_due(store.database) == T0 + timedelta(minutes=1)


def test_most_missed_ranks_questions_by_credit_lost_recently(store: AttemptStore) -> None:
    a, b, c, d = SINGLE[:4]
    insert_attempt(store.path, 1, T0, [(a, 0.0), (b, 0.5), (c, 1.0), (d, None)])
    insert_attempt(store.path, 2, T0 + timedelta(hours=1), [(a, 1.0), (b, 0.0)])
    # d, left unanswered in a submitted attempt, lost its whole credit too
    assert review.most_missed(store.database, 10) == [b, *sorted([a, d])]
    assert review.most_missed(store.database, 1) == [b]
    assert review.most_missed(store.database, 10, known={a, c}) == [a]
    for n in range(20):  # twenty right answers since: b's old misses age out
        insert_attempt(store.path, 3 + n, T0 + timedelta(days=1, hours=n), [(b, 1.0)])
    assert review.most_missed(store.database, 10) == sorted([a, d])


def test_a_finished_attempt_through_the_store_then_cards(store: AttemptStore) -> None:
    attempt_id, result = take(
        store, [(SINGLE[0], right_answer(SINGLE[0])), (SINGLE[1], wrong_answer(SINGLE[1]))]
    )
    fsrs_cards.record_result(store, result, T0)
    assert review.most_missed(store.database, 5, known=CATALOG.entries) == [SINGLE[1]]
    assert set(cards(store.path)) == {SINGLE[0], SINGLE[1]}
    assert attempt_id == 1


def test_importing_the_adapter_does_not_load_fsrs() -> None:
    probe = (
        "import sys, aitrainer_cli.progress.fsrs_cards, aitrainer_cli.progress.review, "
        "aitrainer_cli.progress.stats, aitrainer_cli.progress.drills; print('fsrs' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_aitrainer_help_does_not_load_fsrs() -> None:
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['aitrainer', '--help']\n"
        "try:\n"
        "    runpy.run_module('aitrainer_cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('fsrs' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "False"


def test_cards_are_scheduled_before_the_write_transaction_opens(
    store: AttemptStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scheduling is CPU work: it never runs while the file is locked for writing."""
    from fsrs import Scheduler

    locked: list[bool] = []
    review_card = Scheduler.review_card

    def spy(self: Scheduler, *args: object, **kwargs: object) -> object:
        locked.append(store.database.connection.in_transaction)
        return review_card(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Scheduler, "review_card", spy)
    result = graded_result([(SINGLE[0], right_answer(SINGLE[0])), (SINGLE[1], None)])
    fsrs_cards.record_result(store, result, T0)
    assert locked == [False]
    assert set(cards(store.path)) == {SINGLE[0]}


def test_a_card_another_process_changed_meanwhile_is_scheduled_again_from_it(
    store: AttemptStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    qid = SINGLE[0]
    good = graded_result([(qid, right_answer(qid))])
    fsrs_cards.record_result(store, good, T0)
    first, _ = cards(store.path)[qid]
    real = fsrs_cards._reviewed
    raced: list[bool] = []

    def racing(*args: object) -> object:
        rows = real(*args)  # type: ignore[arg-type]
        if not raced:  # another process reviews the same card before this write
            raced.append(True)
            fsrs_cards.record_result(store, good, first.due)
        return rows

    monkeypatch.setattr(fsrs_cards, "_reviewed", racing)
    fsrs_cards.record_result(store, good, first.due + timedelta(days=3))
    final, _ = cards(store.path)[qid]
    # The same three reviews one after another, with no race, give the same card.
    monkeypatch.setattr(fsrs_cards, "_reviewed", real)
    with AttemptStore.open(tmp_path / "alone.db") as alone:
        for when in (T0, first.due, first.due + timedelta(days=3)):
            fsrs_cards.record_result(alone, good, when)
        expected, _ = cards(alone.path)[qid]
    assert final.to_dict() == expected.to_dict()
