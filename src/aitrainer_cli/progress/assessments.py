"""How written answers were graded: the ``assessments`` table (schema step 3).

One row per free-text answer whose grading was more than the keyword score: a judge command was
asked (its verdict, or why it could not be used), or the learner self-checked the rubric in
practice. Each row keeps the keyword credit, the judge's and the self-checked credit side by side,
and names the one the grade used (``graded_by``). A row is of one answer to one version of the
question: when either has changed since, the row no longer applies and the keyword score is used.

Writes are single short transactions; whatever is computed (scores, a judge's run) is computed
before. Core layer: returns values, never prints.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from aitrainer_cli.progress.records import to_json
from aitrainer_cli.progress.rows import DamagedRow

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable

    from aitrainer_cli.progress.db import Database

GradedBy = Literal["keywords", "judge", "self_check"]
"""Which credit a written answer's grade used (as ``items.free_text_credit``, which this module
does not import: reading the store never loads the item models)."""
GRADERS: tuple[GradedBy, ...] = ("keywords", "judge", "self_check")


@dataclass(frozen=True, slots=True)
class JudgeVerdict:
    """What a judge command said about one answer, or why it could not be used."""

    name: str
    """The command's program name (its arguments are not kept: they may hold a key)."""
    identity: str | None = None
    """The name or version the judge reported in its verdict, if any."""
    points: frozenset[int] | None = None
    """The rubric points it found made (by place); None when it failed."""
    feedback: str = ""
    """Its one-line feedback, already made inert."""
    failure: str = ""
    """Why its verdict was not used (timed out, exit status 2, invalid JSON …); empty if used."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """How one written answer was graded."""

    response_json: str
    """The answer as stored in ``responses`` (JSON text)."""
    content_hash: str
    graded_by: GradedBy
    credit: float
    """The credit the grade used."""
    keyword_credit: float
    keyword_points: frozenset[int]
    judge: JudgeVerdict | None = None
    judge_credit: float | None = None
    self_points: frozenset[int] | None = None
    """The points the learner ticked; None when they kept the automatic grading."""
    self_credit: float | None = None

    def applies_to(self, response: object, content_hash: str | None) -> bool:
        """Whether this row grades ``response`` to the question as it now is."""
        return self.content_hash == content_hash and self.response_json == to_json(response)


_UPSERT = """
INSERT OR REPLACE INTO assessments (attempt_id, position, response, content_hash, graded_by,
    credit, keyword_credit, keyword_points, judge_name, judge_identity, judge_points,
    judge_credit, judge_feedback, judge_note, self_points, self_credit, assessed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def record(
    connection: sqlite3.Connection, attempt_id: int, position: int, row: Assessment, now: str
) -> None:
    """Write (or replace) the row of one answer, inside the caller's write transaction."""
    judge = row.judge
    connection.execute(
        _UPSERT,
        (
            attempt_id,
            position,
            row.response_json,
            row.content_hash,
            row.graded_by,
            row.credit,
            row.keyword_credit,
            _points_json(row.keyword_points),
            None if judge is None else judge.name,
            None if judge is None else judge.identity,
            None if judge is None or judge.points is None else _points_json(judge.points),
            row.judge_credit,
            None if judge is None else judge.feedback,
            None if judge is None else judge.failure or None,
            None if row.self_points is None else _points_json(row.self_points),
            row.self_credit,
            now,
        ),
    )


def assessments_of(database: Database, attempt_id: int) -> dict[int, Assessment]:
    """The assessments of an attempt's answers, by form position."""
    return dict(
        database.fetch(
            "SELECT * FROM assessments WHERE attempt_id = ?", (attempt_id,), decode_assessment
        )
    )


def all_assessments(database: Database) -> dict[tuple[int, int], Assessment]:
    """Every assessment, by (attempt id, position): what the export joins to the answers."""
    rows = database.fetch(
        "SELECT * FROM assessments", (), lambda row: (row["attempt_id"], decode_assessment(row))
    )
    return {(attempt, position): found for attempt, (position, found) in rows}


def decode_assessment(row: sqlite3.Row) -> tuple[int, Assessment]:
    """A row of ``assessments`` as (position, assessment); ``DamagedRow`` names a bad column."""
    key = f"attempt_id={row['attempt_id']!r} position={row['position']!r}"

    def column(name: str, check: Callable[[object], Any]) -> Any:
        try:
            return check(row[name])
        except ValueError as bad:
            raise DamagedRow("assessments", key, name, str(bad)) from None

    judge = None
    name = column("judge_name", _optional_text)
    if name is not None:
        judge = JudgeVerdict(
            name,
            column("judge_identity", _optional_text),
            column("judge_points", _optional_points),
            column("judge_feedback", _optional_text) or "",
            column("judge_note", _optional_text) or "",
        )
    return column("position", _position), Assessment(
        column("response", _text),
        column("content_hash", _text),
        column("graded_by", _graded_by),
        column("credit", _credit),
        column("keyword_credit", _credit),
        column("keyword_points", _points),
        judge,
        column("judge_credit", _optional_credit),
        column("self_points", _optional_points),
        column("self_credit", _optional_credit),
    )


def _points_json(points: frozenset[int]) -> str:
    return json.dumps(sorted(points))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"is {type(value).__name__}, not text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _position(value: object) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValueError("is not a position (a whole number from 0)")
    return value


def _graded_by(value: object) -> GradedBy:
    for grader in GRADERS:
        if value == grader:
            return grader
    raise ValueError(f"is not one of {', '.join(GRADERS)}")


def _credit(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError("is not a credit from 0 to 1")
    return float(value)


def _optional_credit(value: object) -> float | None:
    return None if value is None else _credit(value)


def _points(value: object) -> frozenset[int]:
    try:
        found = json.loads(_text(value))
    except json.JSONDecodeError:
        raise ValueError("is not a JSON list of rubric points") from None
    valid = isinstance(found, list) and all(
        isinstance(p, int) and not isinstance(p, bool) and 0 <= p < 100 for p in found
    )
    if not valid:
        raise ValueError("is not a JSON list of rubric points (whole numbers from 0)")
    return frozenset(found)


def _optional_points(value: object) -> frozenset[int] | None:
    return None if value is None else _points(value)


def summary(row: Assessment) -> Mapping[str, object]:
    """The assessment as plain JSON values (the learner's export and ``--json`` results)."""
    judge = row.judge
    return {
        "graded_by": row.graded_by,
        "credit": row.credit,
        "keyword_credit": row.keyword_credit,
        "judge": None
        if judge is None
        else {
            "name": judge.name,
            "identity": judge.identity,
            "credit": row.judge_credit,
            "points_met": None if judge.points is None else sorted(judge.points),
            "feedback": judge.feedback,
            "failure": judge.failure or None,
        },
        "self_check": None
        if row.self_points is None
        else {"points_met": sorted(row.self_points), "credit": row.self_credit},
    }


def save(database: Database, attempt_id: int, position: int, row: Assessment, now: str) -> None:
    """Write the row of one answer in its own short write transaction."""
    with database.write() as connection:
        record(connection, attempt_id, position, row, now)
