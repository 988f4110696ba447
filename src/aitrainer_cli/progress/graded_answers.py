"""The latest graded answers to each question, read back from ``responses``: what topic mastery,
readiness and the most-missed questions are worked out from.

Only graded answers count (an answer given in an attempt that was never submitted has no credit
yet); "recent" means the last ``RECENT_ANSWERS`` of them. Core layer: returns values, never
prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aitrainer_cli.progress.rows import decode_response

if TYPE_CHECKING:
    from aitrainer_cli.progress.db import Database

RECENT_ANSWERS = 20
"""How many of the latest answers a topic's or a section's accuracy is the mean of."""

_RECENT_OF_QUESTION = """
SELECT * FROM responses
WHERE question_id = ? AND answered_at IS NOT NULL AND credit IS NOT NULL
ORDER BY answered_at DESC LIMIT ?
"""
_MISSED_OF_QUESTION = """
SELECT a.updated_at AS finished_at FROM responses r JOIN attempts a ON a.id = r.attempt_id
WHERE r.question_id = ? AND r.answered_at IS NULL AND r.credit IS NOT NULL
  AND a.status IN ('submitted', 'expired')
"""
# Short reads per question on the responses_by_question index (question_id, answered_at): the
# cost follows the number of questions in the banks, not the number of answers ever given. The
# second read finds the questions a graded attempt left unanswered or ran out of time on: they
# count as answers earning 0, dated when the attempt ended.


@dataclass(frozen=True, slots=True)
class GradedAnswer:
    """One graded answer: when it was given and the credit (0..1) it earned."""

    question_id: str
    answered_at: str
    """ISO timestamp in UTC, so text order is time order."""
    credit: float
    answered: bool = True
    """False for a question left unanswered (or cut off by the clock) in a graded attempt."""


def recent_answers(
    database: Database, question_ids: Iterable[str], per_question: int = RECENT_ANSWERS
) -> dict[str, list[GradedAnswer]]:
    """The latest graded answers to each question, newest first (questions never answered are
    left out; one left unanswered in a submitted or timed-out attempt counts as an answer earning
    0). Enough for any group's last ``per_question`` answers: those are among the union
    of its questions' last ``per_question``."""
    found: dict[str, list[GradedAnswer]] = {}
    for question_id in question_ids:
        rows = database.fetch(_RECENT_OF_QUESTION, (question_id, per_question), decode_response)
        graded = [
            GradedAnswer(question_id, row.answered_text, row.credit)
            for row in rows
            if row.answered_text is not None and row.credit is not None
        ]
        missed = [
            GradedAnswer(question_id, str(row["finished_at"]), 0.0, answered=False)
            for row in database.read(_MISSED_OF_QUESTION, (question_id,))
        ]
        if missed:
            graded = sorted([*graded, *missed], key=lambda a: a.answered_at, reverse=True)
            del graded[per_question:]
        if graded:
            found[question_id] = graded
    return found
