"""Decoding stored rows: one function per table turns a row read back from ``progress.db`` into
checked values, or raises ``DamagedRow`` naming the table, the row and the column.

A row can be wrong in ways the schema does not stop: edited by hand (a CHECK bypassed, JSON
broken), written by another program, or scrambled on disk (a changed byte turns a timestamp into
nonsense or a NOT NULL value into NULL). Nothing read from the file is trusted until it has gone
through here; ``db.Database.decoding`` turns the exception into the user's ``DataStoreError``.
Core layer: returns values, never prints.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from aitrainer_cli.progress.records import MODES, Mode

if TYPE_CHECKING:
    import sqlite3

STATUSES = ("in_progress", "submitted", "expired", "abandoned")
"""The attempt statuses the schema allows (``exam.attempt.Status``, without importing it)."""
CARD_STATES = (1, 2, 3)
"""``fsrs.State``: learning, review, relearning."""


class DamagedRow(Exception):
    """A stored row that does not decode."""

    def __init__(self, table: str, key: str, column: str, problem: str) -> None:
        super().__init__(f"table {table}, row {key}: column {column} {problem}")
        self.table = table
        self.key = key
        self.column = column
        self.problem = problem


class BadText(bytes):
    """Text in the file that is not UTF-8: what the connection's text factory returns instead of
    failing the whole query, so the decoder can say which row holds it."""


def text_factory(data: bytes) -> str | BadText:
    """The connection's ``text_factory``: UTF-8 text, else ``BadText``."""
    try:
        return data.decode()
    except UnicodeDecodeError:
        return BadText(data)


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """A row of ``attempts``."""

    id: int
    started_at: datetime
    updated_at: datetime
    mode: Mode
    blueprint_id: str
    title: str
    filters: Mapping[str, object]
    seed: int
    pass_mark: float
    time_limit_seconds: int | None
    time_remaining: float | None
    position: int
    status: str
    """One of ``STATUSES``."""
    score_earned: float | None
    score_possible: float | None
    score_percent: float | None
    app_version: str
    lock_answers: bool
    paused_seconds: float


@dataclass(frozen=True, slots=True)
class ItemRow:
    """A row of ``attempt_items``: one question of an attempt's form."""

    attempt_id: int
    position: int
    question_id: str
    bank_id: str
    section: str
    option_order: tuple[str, ...]
    content_hash: str


@dataclass(frozen=True, slots=True)
class ResponseRow:
    """A row of ``responses``."""

    attempt_id: int
    position: int
    question_id: str
    response: object
    """The answer decoded from JSON; None when unanswered."""
    response_json: str | None
    """The same answer as stored (valid JSON)."""
    credit: float | None
    seconds: float
    flagged: bool
    answered_at: datetime | None
    answered_text: str | None
    """``answered_at`` as stored: UTC ISO text, so text order is time order."""
    content_hash: str


@dataclass(frozen=True, slots=True)
class CardRow:
    """A row of ``review_cards``: an FSRS card as ``fsrs.Card.from_dict`` accepts it."""

    question_id: str
    card: Mapping[str, Any]
    due: datetime
    updated_at: datetime


class _Bad(Exception):
    """One value that does not decode; ``_decoded`` adds the table, row and column."""


Check = Callable[[object], Any]
"""A column's check: the decoded value, or ``_Bad`` saying what is wrong."""


def _describe(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, BadText):
        return "text that is not UTF-8"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(f"should be text, not {_describe(value)}")
    return value


def _integer(minimum: int | None = None, *, optional: bool = False) -> Check:
    def check(value: object) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(f"should be a whole number, not {_describe(value)}")
        if minimum is not None and value < minimum:
            raise _Bad(f"should be at least {minimum}, not {value}")
        return value

    return check


def _number(
    low: float | None = None, high: float | None = None, *, optional: bool = False
) -> Check:
    def check(value: object) -> float | None:
        if value is None and optional:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise _Bad(f"should be a number, not {_describe(value)}")
        number = float(value)
        if not math.isfinite(number):
            raise _Bad(f"should be a finite number, not {value}")
        if (low is not None and number < low) or (high is not None and number > high):
            raise _Bad(f"should be between {low} and {high}, not {value}")
        return number

    return check


def _flag(value: object) -> bool:
    if value not in (0, 1) or isinstance(value, float):
        raise _Bad(f"should be 0 or 1, not {_describe(value)}")
    return bool(value)


def _one_of(allowed: Sequence[str]) -> Check:
    def check(value: object) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise _Bad(f"should be one of {', '.join(allowed)}, not {_describe(value)}")
        return value

    return check


def _moment(value: object) -> datetime:
    text = _text(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"should be an ISO timestamp, not {_describe(text)}") from None
    if moment.tzinfo is None:
        raise _Bad(f"should be a timestamp with its time zone, not {_describe(text)}")
    return moment


def _optional_moment(value: object) -> datetime | None:
    return None if value is None else _moment(value)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def _json(value: object) -> object:
    text = _text(value)
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError) as error:
        raise _Bad(f"is not valid JSON ({error})") from None


def _json_and_text(value: object) -> tuple[object, str | None]:
    """A nullable JSON column: (decoded, as stored), or (None, None)."""
    return (None, None) if value is None else (_json(value), cast(str, value))


def _moment_and_text(value: object) -> tuple[datetime | None, str | None]:
    """A nullable timestamp column: (moment, as stored), or (None, None)."""
    return (None, None) if value is None else (_moment(value), cast(str, value))


def _json_object(value: object) -> dict[str, object]:
    decoded = _json(value)
    if not isinstance(decoded, dict):
        raise _Bad(f"should be a JSON object, not {_describe(decoded)}")
    return decoded


def _option_order(value: object) -> tuple[str, ...]:
    if value == "[]":  # most questions keep their options in bank order
        return ()
    decoded = _json(value)
    if (
        not isinstance(decoded, list)
        or not all(isinstance(key, str) for key in decoded)
        or len(set(decoded)) != len(decoded)
    ):
        raise _Bad(f"should be a JSON list of distinct option keys, not {_describe(decoded)}")
    return tuple(decoded)


def _state(value: object) -> int:
    if value not in CARD_STATES or not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"should be one of 1, 2, 3, not {_describe(value)}")
    return value


_CARD_FIELDS: dict[str, Check] = {
    "card_id": _integer(),
    "state": _state,
    "step": _integer(0, optional=True),
    "stability": _number(0, optional=True),
    "difficulty": _number(0, 10, optional=True),
    "due": _moment,
    "last_review": _optional_moment,
}
"""What ``fsrs.Card.from_dict`` reads, and what each field must be for it to succeed."""


def _card(value: object) -> dict[str, object]:
    card = _json_object(value)
    for field, check in _CARD_FIELDS.items():
        if field not in card:
            raise _Bad(f"has no {field!r}")
        try:
            check(card[field])
        except _Bad as bad:
            raise _Bad(f"{field!r} {bad}") from None
    return card


KEYS: dict[str, tuple[str, ...]] = {
    "attempts": ("id",),
    "attempt_items": ("attempt_id", "position"),
    "responses": ("attempt_id", "position"),
    "review_cards": ("question_id",),
}
"""The columns that name a row of each table in messages."""

COLUMNS: dict[str, tuple[tuple[str, Check], ...]] = {
    "attempts": (
        ("id", _integer()),
        ("started_at", _moment),
        ("updated_at", _moment),
        ("mode", _one_of(MODES)),
        ("blueprint_id", _text),
        ("title", _text),
        ("filters", _json_object),
        ("seed", _integer()),
        ("pass_mark", _number(0, 100)),
        ("time_limit_seconds", _integer(0, optional=True)),
        ("time_remaining", _number(optional=True)),
        ("position", _integer(0)),
        ("status", _one_of(STATUSES)),
        ("score_earned", _number(0, optional=True)),
        ("score_possible", _number(0, optional=True)),
        ("score_percent", _number(0, 100, optional=True)),
        ("app_version", _text),
        ("lock_answers", _flag),
        ("paused_seconds", _number(0)),
    ),
    "attempt_items": (
        ("attempt_id", _integer()),
        ("position", _integer(0)),
        ("question_id", _text),
        ("bank_id", _text),
        ("section", _text),
        ("option_order", _option_order),
        ("content_hash", _text),
    ),
    "responses": (
        ("attempt_id", _integer()),
        ("position", _integer(0)),
        ("question_id", _text),
        ("response", _json_and_text),
        ("credit", _number(0, 1, optional=True)),
        ("seconds", _number(0)),
        ("flagged", _flag),
        ("answered_at", _moment_and_text),
        ("content_hash", _text),
    ),
    "review_cards": (
        ("question_id", _text),
        ("card", _card),
        ("due", _moment),
        ("updated_at", _moment),
    ),
}
"""Every column of every table, in the order of its record's fields, with its check."""


def row_key(columns: Sequence[str], values: Sequence[object]) -> str:
    """How a message names a row: ``attempt_id=3 position=0``."""
    return " ".join(
        f"{column}={_describe(value)}" for column, value in zip(columns, values, strict=True)
    )


def _decoded(table: str, row: sqlite3.Row) -> list[Any]:
    """Every column of ``row`` through its check, in ``COLUMNS`` order (a query may select more
    columns, e.g. counts: they are left alone)."""
    values = []
    for column, check in COLUMNS[table]:
        try:
            values.append(check(row[column]))
        except _Bad as bad:
            key = row_key(KEYS[table], [row[name] for name in KEYS[table]])
            raise DamagedRow(table, key, column, str(bad)) from None
    return values


def decode_attempt(row: sqlite3.Row) -> AttemptRow:
    """A row of ``attempts``."""
    return AttemptRow(*_decoded("attempts", row))


def decode_item(row: sqlite3.Row) -> ItemRow:
    """A row of ``attempt_items``."""
    return ItemRow(*_decoded("attempt_items", row))


def decode_response(row: sqlite3.Row) -> ResponseRow:
    """A row of ``responses``."""
    attempt_id, position, question_id, response, credit, seconds, flagged, answered, digest = (
        _decoded("responses", row)
    )
    return ResponseRow(
        attempt_id,
        position,
        question_id,
        response[0],
        response[1],
        credit,
        seconds,
        flagged,
        answered[0],
        answered[1],
        digest,
    )


def decode_card(row: sqlite3.Row) -> CardRow:
    """A row of ``review_cards``, its card checked field by field (without importing fsrs)."""
    return CardRow(*_decoded("review_cards", row))
