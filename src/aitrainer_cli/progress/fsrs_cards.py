"""The adapter over the ``fsrs`` package: one FSRS card per question, kept in ``review_cards`` as
JSON, and the rating each graded answer gives its card.

``fsrs`` is imported only inside the functions that schedule, so importing this module stays
cheap. Which questions are due is asked of ``review``. Core layer: returns values, never prints.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from aitrainer_cli.progress.db import Database
from aitrainer_cli.progress.records import timestamp
from aitrainer_cli.progress.rows import decode_card

if TYPE_CHECKING:
    from fsrs import Rating
    from fsrs.card import CardDict

    from aitrainer_cli.exam.results import ExamResult, ItemResult
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
    """Review the card of every answered item of a graded attempt.

    The new cards are computed before the write transaction opens (scheduling is CPU work and
    never holds the write lock); the write goes ahead only if no other process changed those
    cards meanwhile, else they are computed again from what it wrote.
    """
    database = target if isinstance(target, Database) else target.database
    answered = [item for item in result.items if item.answered]  # a skipped item was not seen
    question_ids = json.dumps([item.question_id for item in answered])
    when = now.astimezone(UTC)
    for _ in range(_RETRIES):
        stored = _cards(database, question_ids)
        rows = _reviewed(answered, stored, when)
        with database.write() as connection:
            if _cards(database, question_ids) == stored:  # read again, inside the transaction
                connection.executemany(_UPSERT_CARD, rows)
                return
    with database.write() as connection:  # still contended: the last computation wins
        connection.executemany(_UPSERT_CARD, rows)


_RETRIES = 3
_CARDS = "SELECT * FROM review_cards WHERE question_id IN (SELECT value FROM json_each(?))"


def _cards(database: Database, question_ids: str) -> dict[str, object]:
    """The stored cards of these questions, each decoded and checked (``rows.decode_card``)."""
    return {
        row.question_id: row.card for row in database.fetch(_CARDS, (question_ids,), decode_card)
    }


def _reviewed(
    answered: Sequence[ItemResult], stored: Mapping[str, object], when: datetime
) -> list[tuple[str, str, str, str]]:
    """Each answered item's card after this review, as rows to upsert."""
    from fsrs import Card, Scheduler

    # No fuzzing: the same answers at the same time give the same schedule (and testable dates).
    scheduler = Scheduler(enable_fuzzing=False)
    rows = []
    for item in answered:
        known = stored.get(item.question_id)
        card = (
            Card.from_dict(cast("CardDict", known))
            if known is not None
            else Card(card_id=card_id(item.question_id), due=when)
        )
        card, _log = scheduler.review_card(card, rating_for(item), when)
        rows.append(
            (item.question_id, json.dumps(card.to_dict()), timestamp(card.due), timestamp(when))
        )
    return rows


def card_id(question_id: str) -> int:
    """A stable card id from the question id (fsrs's default sleeps 1 ms to make one up)."""
    return int(hashlib.sha256(question_id.encode()).hexdigest()[:12], 16)
