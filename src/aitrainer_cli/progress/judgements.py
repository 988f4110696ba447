"""The learner's graded judgements read back with their questions: what the rater profile is
worked out from. Only answers to the question as it is now (same content hash) count, so an
edited key never turns an old right answer into a bias. Core layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aitrainer_cli.progress.rows import DamagedRow, decode_response

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.items import Question
    from aitrainer_cli.progress.db import Database

RECENT_JUDGEMENTS = 1000
"""How many of the latest graded answers the profile reads."""

_LATEST = """
SELECT * FROM responses
WHERE response IS NOT NULL AND credit IS NOT NULL AND answered_at IS NOT NULL
ORDER BY answered_at DESC LIMIT ?
"""


@dataclass(frozen=True, slots=True)
class Judgement:
    """One graded answer: the question as it is now, the response and its credit."""

    question: Question
    response: object
    credit: float
    attempt_id: int = 0
    position: int = 0


def judgements(
    database: Database, entries: Mapping[str, Entry], limit: int = RECENT_JUDGEMENTS
) -> list[Judgement]:
    """The latest graded answers to questions still in the banks, unchanged since."""
    from aitrainer_cli.progress.records import content_hash

    found = []
    for row in database.read(_LATEST, (limit,)):
        try:
            decoded = decode_response(row)
        except DamagedRow:
            continue
        entry = entries.get(decoded.question_id)
        if entry is None or decoded.credit is None:
            continue
        if decoded.content_hash != content_hash(entry.question):
            continue
        found.append(
            Judgement(
                entry.question,
                decoded.response,
                decoded.credit,
                decoded.attempt_id,
                decoded.position,
            )
        )
    return found
