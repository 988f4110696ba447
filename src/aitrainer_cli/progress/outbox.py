"""The xAPI outbox: statements queued with the data they describe, sent later by ``sync``.

A row is ``queued`` until an LRS stored it (``sent``) or refused it as invalid (``rejected``,
with the LRS's reason, kept aside and never sent again unless asked). Rows are never deleted:
revisions of an item's answers are counted from them and ``export --format xapi`` writes them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aitrainer_cli.progress.db import Database

STATES = ("queued", "sent", "rejected")


@dataclass(frozen=True, slots=True)
class Queued:
    """A statement ready to queue: its id, what it is of, and its JSON (without an actor)."""

    statement_id: str
    attempt_id: int
    position: int | None
    verb: str
    credit: float | None
    body: str

    @classmethod
    def of(
        cls, statement: dict[str, Any], attempt_id: int, position: int | None, credit: float | None
    ) -> Queued:
        """A built statement, serialised once (outside any write transaction)."""
        verb = str(statement["verb"]["id"]).rsplit("/", 1)[-1]
        body = json.dumps(statement, ensure_ascii=False, separators=(",", ":"))
        return cls(str(statement["id"]), attempt_id, position, verb, credit, body)


@dataclass(frozen=True, slots=True)
class Pending:
    """A queued statement as read back for sending."""

    seq: int
    statement_id: str
    body: str

    def statement(self) -> dict[str, Any]:
        """The statement's JSON as a mapping."""
        found: dict[str, Any] = json.loads(self.body)
        return found


@dataclass(frozen=True, slots=True)
class Latest:
    """The newest answered statement queued for one item of an attempt."""

    revision: int
    credit: float | None


def store_id(database: Database) -> str:
    """This progress file's random id (registrations are made unique with it)."""
    rows = database.read("SELECT value FROM xapi_store WHERE key = 'store_id'")
    return str(rows[0][0])


def latest(database: Database, attempt_id: int) -> dict[int, Latest]:
    """Per form position, the newest answered statement queued for the attempt."""
    rows = database.read(
        "SELECT position, count(*) AS n, (SELECT credit FROM xapi_outbox o2"
        " WHERE o2.attempt_id = o.attempt_id AND o2.position = o.position"
        " AND o2.verb = 'answered' ORDER BY seq DESC LIMIT 1) AS credit"
        " FROM xapi_outbox o WHERE attempt_id = ? AND verb = 'answered' GROUP BY position",
        (attempt_id,),
    )
    return {int(r["position"]): Latest(int(r["n"]) - 1, r["credit"]) for r in rows}


def queue(connection: sqlite3.Connection, statements: Iterable[Queued], now: str) -> None:
    """Queue statements inside the caller's write transaction (one already queued is kept)."""
    connection.executemany(
        "INSERT OR IGNORE INTO xapi_outbox (statement_id, attempt_id, position, verb, credit,"
        " body, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (s.statement_id, s.attempt_id, s.position, s.verb, s.credit, s.body, now)
            for s in statements
        ],
    )


def pending(database: Database, limit: int, after: int = 0) -> list[Pending]:
    """Up to ``limit`` queued statements after sequence number ``after``, oldest first."""
    rows = database.read(
        "SELECT seq, statement_id, body FROM xapi_outbox WHERE state = 'queued' AND seq > ?"
        " ORDER BY seq LIMIT ?",
        (after, limit),
    )
    return [Pending(int(r["seq"]), str(r["statement_id"]), str(r["body"])) for r in rows]


def mark_sent(database: Database, statement_ids: Sequence[str], now: str) -> None:
    """Record that the LRS stored these statements."""
    with database.write() as connection:
        connection.executemany(
            "UPDATE xapi_outbox SET state = 'sent', sent_at = ?, error = NULL"
            " WHERE statement_id = ?",
            [(now, i) for i in statement_ids],
        )


def set_aside(database: Database, statement_id: str, reason: str) -> None:
    """Keep a statement the LRS refused out of later syncs, with the LRS's reason."""
    with database.write() as connection:
        connection.execute(
            "UPDATE xapi_outbox SET state = 'rejected', error = ? WHERE statement_id = ?",
            (reason[:2000], statement_id),
        )


def requeue_rejected(database: Database) -> int:
    """Put the statements set aside back in the queue (``sync --retry-rejected``)."""
    with database.write() as connection:
        cursor = connection.execute(
            "UPDATE xapi_outbox SET state = 'queued' WHERE state = 'rejected'"
        )
        return cursor.rowcount


def counts(database: Database) -> dict[str, int]:
    """How many statements are in each state."""
    found = dict.fromkeys(STATES, 0)
    for row in database.read("SELECT state, count(*) FROM xapi_outbox GROUP BY state"):
        found[str(row[0])] = int(row[1])
    return found


def rejected(database: Database) -> list[tuple[str, str]]:
    """(statement id, the LRS's reason) of each statement set aside."""
    rows = database.read(
        "SELECT statement_id, coalesce(error, '') FROM xapi_outbox WHERE state = 'rejected'"
        " ORDER BY seq"
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def every(database: Database) -> list[Pending]:
    """Every statement of the outbox, whatever its state, oldest first (for export)."""
    rows = database.read("SELECT seq, statement_id, body FROM xapi_outbox ORDER BY seq")
    return [Pending(int(r["seq"]), str(r["statement_id"]), str(r["body"])) for r in rows]
