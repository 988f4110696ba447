"""How sure the learner said they were of each answer (``--confidence``): stored beside the
response in the ``confidence`` table (schema step 4), read back for calibration. Core layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from aitrainer_cli.progress.db import Database

Level = Literal["guess", "unsure", "sure"]
LEVELS: tuple[Level, ...] = ("guess", "unsure", "sure")

_RECORD = """
INSERT INTO confidence (attempt_id, position, level) VALUES (?, ?, ?)
ON CONFLICT (attempt_id, position) DO UPDATE SET level = excluded.level
"""

_RATED = """
SELECT c.attempt_id, c.position, c.level, r.question_id, r.credit, a.mode
FROM confidence c
JOIN responses r ON r.attempt_id = c.attempt_id AND r.position = c.position
JOIN attempts a ON a.id = c.attempt_id
WHERE r.credit IS NOT NULL AND r.response IS NOT NULL {where}
ORDER BY a.started_at DESC, c.attempt_id DESC, c.position
LIMIT ?
"""

RECENT_RATED = 400
"""How many of the latest rated answers ``progress`` works calibration out from."""


@dataclass(frozen=True, slots=True)
class Rated:
    """One graded answer with the confidence the learner gave it."""

    attempt_id: int
    position: int
    question_id: str
    level: Level
    credit: float


def record_confidence(database: Database, attempt_id: int, position: int, level: Level) -> None:
    """Store (or replace) the confidence of the answer at ``position``, committed at once."""
    if level not in LEVELS:
        raise ValueError(f"unknown confidence level {level!r}")
    with database.write() as connection:
        connection.execute(_RECORD, (attempt_id, position, level))


def rated_answers(
    database: Database, attempt_id: int | None = None, limit: int = RECENT_RATED
) -> list[Rated]:
    """Graded answers that carry a confidence, newest attempts first (one attempt's, if
    given). A level that is not one of ``LEVELS`` (a damaged row) is left out."""
    where, parameters = (
        ("AND c.attempt_id = ?", [attempt_id])
        if attempt_id is not None
        else (
            "",
            [],
        )
    )
    rows = database.read(_RATED.format(where=where), (*parameters, limit))
    found = []
    for row in rows:
        level, credit = row["level"], row["credit"]
        if level in LEVELS and isinstance(credit, int | float) and 0 <= credit <= 1:
            found.append(
                Rated(row["attempt_id"], row["position"], str(row["question_id"]), level, credit)
            )
    return found
