"""Spaced review: one FSRS card per question, kept in ``review_cards`` as JSON.

A small adapter over the ``fsrs`` package (imported only inside the functions that schedule):
every graded item of a finished attempt is a review of its question's card; the cards say which
questions are due. Core layer: returns values, never prints.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Container
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aitrainer_cli.progress.graded_answers import recent_answers

if TYPE_CHECKING:
    from fsrs import Rating

    from aitrainer_cli.exam.results import ExamResult, ItemResult
    from aitrainer_cli.progress.db import Database
    from aitrainer_cli.progress.store import AttemptStore

_UPSERT_CARD = """
INSERT INTO review_cards (question_id, card, due, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (question_id) DO UPDATE SET
    card = excluded.card, due = excluded.due, updated_at = excluded.updated_at
"""


def rating_for(item: ItemResult) -> Rating:
    """Full credit is Good, partial credit Hard, no credit (or no answer) Again."""
    from fsrs import Rating

    if not item.answered or item.score.credit <= 0:
        return Rating.Again
    return Rating.Good if item.score.credit >= 1 - 1e-9 else Rating.Hard


def record_result(target: AttemptStore | Database, result: ExamResult, now: datetime) -> None:
    """Review the card of every answered item of a graded attempt, in one write transaction."""
    from fsrs import Card, Scheduler

    database = _database_of(target)
    # No fuzzing: the same answers at the same time give the same schedule (and testable dates).
    scheduler = Scheduler(enable_fuzzing=False)
    question_ids = [item.question_id for item in result.items]
    when = now.astimezone(UTC)
    with database.write() as connection:
        stored = {
            row[0]: row[1]
            for row in connection.execute(
                "SELECT question_id, card FROM review_cards WHERE question_id IN"
                " (SELECT value FROM json_each(?))",
                (json.dumps(question_ids),),
            )
        }
        for item in result.items:
            if not item.answered:  # never seen (skipped, or the time ran out): not a review
                continue
            text = stored.get(item.question_id)
            card = (
                Card.from_dict(json.loads(text))
                if text is not None
                else Card(card_id=_card_id(item.question_id), due=when)
            )
            card, _log = scheduler.review_card(card, rating_for(item), when)
            connection.execute(
                _UPSERT_CARD,
                (
                    item.question_id,
                    json.dumps(card.to_dict()),
                    _timestamp(card.due),
                    _timestamp(when),
                ),
            )


def due_questions(
    database: Database,
    now: datetime,
    limit: int | None = None,
    *,
    known: Container[str] | None = None,
) -> list[str]:
    """Questions whose card is due at ``now``, most overdue first (only ``known`` ones if given)."""
    rows = database.read(
        "SELECT question_id FROM review_cards WHERE due <= ? ORDER BY due, question_id",
        (_timestamp(now),),
    )
    found = [row[0] for row in rows if known is None or row[0] in known]
    return found if limit is None else found[:limit]


def most_missed(
    database: Database, limit: int, *, known: Collection[str] | None = None
) -> list[str]:
    """Questions that lost the most credit over their last graded answers (for when nothing is
    due), most first; only ``known`` ones if given. Recent answers only, so a question missed
    long ago but answered well since drops out."""
    if known is None:
        known = [row[0] for row in database.read("SELECT DISTINCT question_id FROM responses")]
    lost = {
        question_id: sum(1 - answer.credit for answer in answers)
        for question_id, answers in recent_answers(database, known).items()
    }
    ranked = sorted(
        (qid for qid, value in lost.items() if value > 1e-9), key=lambda qid: (-lost[qid], qid)
    )
    return ranked[:limit]


def next_due(database: Database) -> datetime | None:
    """When the next card falls due (None when there are no cards)."""
    row = database.read("SELECT min(due) FROM review_cards")[0]
    return None if row[0] is None else datetime.fromisoformat(row[0])


def _database_of(target: AttemptStore | Database) -> Database:
    from aitrainer_cli.progress.db import Database

    return target if isinstance(target, Database) else target.database


def _card_id(question_id: str) -> int:
    """A stable card id from the question id (fsrs's default sleeps 1 ms to make one up)."""
    return int(hashlib.sha256(question_id.encode()).hexdigest()[:12], 16)


def _timestamp(moment: datetime) -> str:
    """UTC, fixed width: text order is time order, as in the rest of the store."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")
