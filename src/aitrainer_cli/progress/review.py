"""Spaced review: which questions a review session takes. The questions whose card is due, most
overdue first; when the next one falls due; and, for when nothing is due, the questions that lost
the most credit lately.

Reads ``review_cards`` (written by ``fsrs_cards``) and the graded answers; never loads ``fsrs``.
Core layer: returns values, never prints.
"""

from __future__ import annotations

from collections.abc import Collection, Container
from datetime import datetime
from typing import TYPE_CHECKING

from aitrainer_cli.progress.graded_answers import recent_answers
from aitrainer_cli.progress.records import timestamp
from aitrainer_cli.progress.rows import decode_card, decode_response

if TYPE_CHECKING:
    from aitrainer_cli.progress.db import Database


def due_questions(
    database: Database,
    now: datetime,
    limit: int | None = None,
    *,
    known: Container[str] | None = None,
) -> list[str]:
    """Questions whose card is due at ``now``, most overdue first (only ``known`` ones if given)."""
    rows = database.fetch(
        "SELECT * FROM review_cards WHERE due <= ? ORDER BY due, question_id",
        (timestamp(now),),
        decode_card,
    )
    found = [row.question_id for row in rows if known is None or row.question_id in known]
    return found if limit is None else found[:limit]


def next_due(database: Database) -> datetime | None:
    """When the next card falls due (None when there are no cards)."""
    rows = database.fetch("SELECT * FROM review_cards ORDER BY due LIMIT 1", (), decode_card)
    return rows[0].due if rows else None


def most_missed(
    database: Database, limit: int, *, known: Collection[str] | None = None
) -> list[str]:
    """Questions that lost the most credit over their last graded answers (for when nothing is
    due), most first; only ``known`` ones if given. Recent answers only, so a question missed
    long ago but answered well since drops out."""
    if known is None:
        known = sorted(
            {
                row.question_id
                for row in database.fetch("SELECT * FROM responses", (), decode_response)
            }
        )
    lost = {
        question_id: sum(1 - answer.credit for answer in answers)
        for question_id, answers in recent_answers(database, known).items()
    }
    ranked = sorted(
        (qid for qid, value in lost.items() if value > 1e-9), key=lambda qid: (-lost[qid], qid)
    )
    return ranked[:limit]
