"""Export every attempt and per-question response as CSV or JSON: what an instructor collects.

One row per question of every attempt (answered or not), oldest attempt first. Topic and type
come from the current banks (empty for a question that is no longer in any bank). Core layer:
writes to the text stream it is given, never prints.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import json
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from aitrainer_cli.errors import UsageError
from aitrainer_cli.progress.assessments import Assessment, all_assessments
from aitrainer_cli.progress.records import timestamp
from aitrainer_cli.progress.rows import (
    AttemptRow,
    ItemRow,
    ResponseRow,
    decode_attempt,
    decode_item,
    decode_response,
)

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.progress.db import Database

FORMATS = ("csv", "json")

_ATTEMPTS = "SELECT * FROM attempts ORDER BY started_at, id"
_ITEMS = "SELECT * FROM attempt_items ORDER BY attempt_id, position"
_RESPONSES = "SELECT * FROM responses"


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One question of one attempt, flat (the CSV columns, in order)."""

    attempt_id: int
    started_at: str
    mode: str
    blueprint: str
    title: str
    status: str
    score_percent: float | None
    position: int
    question_id: str
    bank: str
    topic: str
    type: str
    response: str | None
    """The answer as JSON text; None when unanswered."""
    credit: float | None
    seconds: float
    flagged: bool
    answered_at: str | None
    content_hash: str
    graded_by: str | None = None
    """A written answer's grader: keywords, judge or self_check (None for other types)."""
    keyword_credit: float | None = None
    """A written answer's keyword credit, kept beside a judge's or a self-checked one."""
    judge_credit: float | None = None
    """The credit a judge's verdict gave it, when there was a usable one."""
    judge: str | None = None
    """The judge asked about a written answer: its name, the identity it reported, and why its
    verdict was not used if it was not."""
    response_shown: str | None = None
    """The answer as the learner saw it: with the option letters of their form (``response``
    holds the bank's keys), in the words the review uses; None when unanswered."""


COLUMNS = tuple(ExportRow.__dataclass_fields__)
_ATTEMPT_KEYS = COLUMNS[:7]
_RESPONSE_KEYS = COLUMNS[7:]


def export_rows(database: Database, entries: Mapping[str, Entry]) -> Iterator[ExportRow]:
    """Every question of every attempt, oldest attempt first, in form order.

    Each table is read once and every row decoded (a damaged one stops the export with an
    error naming it, before anything is written)."""
    attempts = database.fetch(_ATTEMPTS, (), decode_attempt)
    items: dict[int, list[ItemRow]] = {}
    for item in database.fetch(_ITEMS, (), decode_item):
        items.setdefault(item.attempt_id, []).append(item)
    responses = {
        (row.attempt_id, row.position): row
        for row in database.fetch(_RESPONSES, (), decode_response)
    }
    written = all_assessments(database)
    for attempt in attempts:
        started = timestamp(attempt.started_at)
        for item in items.get(attempt.id, ()):
            key = (attempt.id, item.position)
            row = _export_row(attempt, started, item, responses.get(key), entries)
            yield _with_grading(row, written.get(key), responses.get(key))


def _export_row(
    attempt: AttemptRow,
    started: str,
    item: ItemRow,
    response: ResponseRow | None,
    entries: Mapping[str, Entry],
) -> ExportRow:
    entry = entries.get(item.question_id)
    return ExportRow(
        attempt.id,
        started,
        attempt.mode,
        attempt.blueprint_id,
        attempt.title,
        attempt.status,
        attempt.score_percent,
        item.position,
        item.question_id,
        item.bank_id,
        entry.question.topic if entry else "",
        entry.question.type if entry else "",
        response.response_json if response else None,
        response.credit if response else None,
        response.seconds if response else 0,
        response.flagged if response else False,
        response.answered_text if response else None,
        response.content_hash if response else item.content_hash,
        response_shown=_shown(entry, item, response),
    )


def _shown(entry: Entry | None, item: ItemRow, response: ResponseRow | None) -> str | None:
    """The stored answer in the words and letters the learner saw (their form's lettering)."""
    if response is None or entry is None or response.response_json is None:
        return None
    from aitrainer_cli.exam.answers import format_response

    letters = dict(zip(item.option_order, string.ascii_lowercase, strict=False))
    return format_response(entry.question, json.loads(response.response_json), letters)


ROUNDING = {"score_percent": 2, "credit": 4, "seconds": 1, "keyword_credit": 4, "judge_credit": 4}
"""Decimals the CSV keeps (for a spreadsheet: 83.96, not 83.95833333333334); JSON keeps all."""


def _with_grading(
    row: ExportRow, assessment: Assessment | None, response: ResponseRow | None
) -> ExportRow:
    """The row with how a written answer was graded (keywords when nothing else was stored)."""
    applies = (
        assessment is not None
        and response is not None
        and assessment.response_json == response.response_json
        and assessment.content_hash == response.content_hash
    )
    if assessment is None or not applies:
        written = row.type == "free_text" and row.response is not None
        return dataclasses.replace(row, graded_by="keywords") if written else row
    judge = assessment.judge
    about = None
    if judge is not None:
        about = judge.name + (f" ({judge.identity})" if judge.identity else "")
        about += f": not used, {judge.failure}" if judge.failure else ""
    return dataclasses.replace(
        row,
        graded_by=assessment.graded_by,
        keyword_credit=assessment.keyword_credit,
        judge_credit=assessment.judge_credit,
        judge=about,
    )


def _values(row: ExportRow) -> tuple[object, ...]:
    return tuple(getattr(row, column) for column in COLUMNS)


def _rounded(column: str, value: object) -> object:
    if column in ROUNDING and isinstance(value, float):
        return round(value, ROUNDING[column])
    return value


def write_csv(rows: Iterator[ExportRow], stream: TextIO) -> int:
    """Write a header and one line per row; return the number of rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                "" if value is None else int(value) if isinstance(value, bool) else value
                for value in map(_rounded, COLUMNS, _values(row))
            ]
        )
        count += 1
    return count


def write_json(rows: Iterator[ExportRow], stream: TextIO) -> int:
    """Write ``{"format": 1, "attempts": [... {"responses": [...]}]}``, one attempt per line
    (compact lines keep json's fast C encoder); return the row count."""
    count = 0
    stream.write('{"format": 1, "attempts": [')
    for index, (_, group) in enumerate(groupby(rows, key=lambda row: row.attempt_id)):
        responses = []
        for row in group:
            values = dict(zip(COLUMNS, _values(row), strict=True))
            responses.append(
                {key: values[key] for key in _RESPONSE_KEYS}
                | {"response": None if row.response is None else json.loads(row.response)}
            )
        attempt = {key: values[key] for key in _ATTEMPT_KEYS}
        stream.write(
            ("," if index else "")
            + "\n"
            + json.dumps({**attempt, "responses": responses}, ensure_ascii=False)
        )
        count += len(responses)
    stream.write("\n]}\n" if count else "]}\n")
    return count


def write_export(
    database: Database | None, entries: Mapping[str, Entry], kind: str, stream: TextIO
) -> tuple[int, int]:
    """Export in ``kind`` (csv or json); return (attempts, rows) written. Without a database
    (no progress file yet) the export is empty but well-formed."""
    if kind not in FORMATS:
        raise ValueError(f"export format must be one of {', '.join(FORMATS)}, not {kind!r}")
    attempts: set[int] = set()

    def counted() -> Iterator[ExportRow]:
        for row in export_rows(database, entries) if database is not None else ():
            attempts.add(row.attempt_id)
            yield row

    try:
        count = (write_csv if kind == "csv" else write_json)(counted(), stream)
    except OSError as error:
        raise _output_error(stream, error) from error
    return len(attempts), count


def _output_error(stream: TextIO, error: OSError) -> UsageError:
    """Writing the export failed: say where, and name a full disk as one."""
    name = getattr(stream, "name", None)
    where = "standard output" if name in (None, "<stdout>") else str(name)
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return UsageError(
            f"cannot write the export to {where}: the disk is full ({reason})",
            hint="free some disk space, or write the export elsewhere with --output",
        )
    return UsageError(f"cannot write the export to {where}: {reason}")
