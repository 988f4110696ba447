"""The attempt store: record attempts in ``progress.db`` as they happen, list them, resume them.

Every change of a running attempt is committed before the listener returns, in its own short
``BEGIN IMMEDIATE`` transaction, so a crash or kill loses at most the question on screen and two
aitrainer processes can share the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, cast

from aitrainer_cli import __version__
from aitrainer_cli.errors import NotFoundError
from aitrainer_cli.progress import db, migrations, outbox
from aitrainer_cli.progress.records import (
    MODES,
    AttemptSummary,
    Mode,
    StoredAttempt,
    StoredResponse,
    timestamp,
    to_json,
)
from aitrainer_cli.progress.rows import (
    AttemptRow,
    DamagedRow,
    ItemRow,
    ResponseRow,
    decode_attempt,
    decode_item,
    decode_response,
)

if TYPE_CHECKING:
    import sqlite3

    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.exam.attempt import Attempt, Change, ItemState, Listener
    from aitrainer_cli.exam.results import ExamResult

Now = Callable[[], datetime]
"""The wall clock for timestamps (injected in tests)."""

StatementHook = Callable[[int, "ItemState", int], Sequence[outbox.Queued]]
"""The xAPI statements of a new answer: (position, its state, revision) -> statements to queue
in the same transaction as the answer."""


class _ItemRecord(Protocol):
    """What a response row is written from: an ``ItemState`` or a graded ``ItemResult``."""

    @property
    def response(self) -> object: ...
    @property
    def flagged(self) -> bool: ...
    @property
    def seconds(self) -> float: ...


_UPSERT_RESPONSE = """
INSERT INTO responses (attempt_id, position, question_id, response, credit, seconds, flagged,
                       answered_at, content_hash)
VALUES (:attempt, :position, :question, :response, :credit, :seconds, :flagged,
        CASE WHEN :response IS NULL THEN NULL ELSE :now END,
        COALESCE(:hash, (SELECT content_hash FROM attempt_items
                         WHERE attempt_id = :attempt AND position = :position)))
ON CONFLICT (attempt_id, position) DO UPDATE SET
    seconds = excluded.seconds,
    flagged = excluded.flagged,
    credit = CASE WHEN excluded.response IS response THEN COALESCE(excluded.credit, credit)
                  ELSE excluded.credit END,
    answered_at = CASE WHEN excluded.response IS response THEN answered_at
                       ELSE excluded.answered_at END,
    content_hash = CASE WHEN excluded.response IS response THEN content_hash
                        ELSE excluded.content_hash END,
    response = excluded.response
"""

_SUMMARY = """
SELECT a.*,
       (SELECT count(*) FROM attempt_items i WHERE i.attempt_id = a.id) AS items,
       (SELECT count(*) FROM responses r
        WHERE r.attempt_id = a.id AND r.response IS NOT NULL) AS answered
FROM attempts a
"""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AttemptStore:
    """Attempts, their items and responses in one SQLite file."""

    def __init__(self, database: db.Database, now: Now = _utc_now) -> None:
        self.database = database
        self._now = now

    @classmethod
    def open(cls, path: Path | None = None, *, now: Now = _utc_now) -> AttemptStore:
        """Open ``path`` (default: ``db.progress_path()``), creating or upgrading it as needed."""
        database = db.connect(path if path is not None else db.progress_path())
        try:
            migrations.check_version(database)  # before the first write, even the WAL switch
            db.use_wal(database)
            migrations.migrate(database)
        except BaseException:
            database.close()
            raise
        return cls(database, now)

    @property
    def path(self) -> Path:
        """The progress file."""
        return self.database.path

    def close(self) -> None:
        """Close the file."""
        self.database.close()

    def __enter__(self) -> AttemptStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------

    def start(
        self,
        form: ExamForm,
        mode: Mode,
        *,
        hashes: Mapping[str, str],
        filters: Mapping[str, object] | None = None,
        lock_answers: bool = False,
    ) -> int:
        """Record a new attempt and its form's items; return the attempt id."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        missing = [item.question_id for item in form.items if item.question_id not in hashes]
        if missing:
            raise ValueError(f"no content hash for {', '.join(missing)}")
        now = self._timestamp()
        with self.database.write() as connection:
            cursor = connection.execute(
                "INSERT INTO attempts (started_at, updated_at, mode, blueprint_id, title, filters,"
                " seed, pass_mark, time_limit_seconds, time_remaining, app_version, lock_answers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    now,
                    mode,
                    form.blueprint_id,
                    form.title,
                    to_json(dict(filters or {})),
                    form.seed,
                    form.pass_mark,
                    form.time_limit_seconds,
                    form.time_limit_seconds,
                    __version__,
                    int(lock_answers),
                ),
            )
            attempt_id = cast(int, cursor.lastrowid)
            connection.executemany(
                "INSERT INTO attempt_items (attempt_id, position, question_id, bank_id, section,"
                " option_order, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        attempt_id,
                        position,
                        item.question_id,
                        item.bank_id,
                        item.section,
                        to_json(list(item.option_order)),
                        hashes[item.question_id],
                    )
                    for position, item in enumerate(form.items)
                ],
            )
        return attempt_id

    def listener(
        self,
        attempt_id: int,
        hashes: Mapping[str, str],
        *,
        credit: Callable[[int, object], float] | None = None,
        statements: StatementHook | None = None,
    ) -> Listener:
        """A listener for ``Attempt`` that commits each change before returning.

        Every item whose state changed (answer, flag, or seconds settled on leaving it) gets its
        response row upserted, and the attempt row takes the position, time left and status.
        ``hashes`` are the questions' current content hashes, stored with each new answer;
        ``credit(position, response)``, when given, scores each answer as it is stored;
        ``statements``, when given, builds each new answer's xAPI statements, which are queued
        in the outbox in the answer's transaction.
        """
        written = list(self._load(attempt_id).snapshot.states)
        revisions = {
            p: found.revision + 1 for p, found in outbox.latest(self.database, attempt_id).items()
        }

        def record(attempt: Attempt, change: Change) -> None:
            states = attempt.states
            changed = [i for i, state in enumerate(states) if state != written[i]]
            # Scored before the write begins: CPU work never holds the file's write lock.
            credits = {
                i: None
                if credit is None or states[i].response is None
                else credit(i, states[i].response)
                for i in changed
            }
            new = [
                i for i in changed if not _same_response(states[i].response, written[i].response)
            ]
            queued = [
                statement
                for i in new
                if statements is not None and states[i].response is not None
                for statement in statements(i, states[i], revisions.get(i, 0))
            ]
            with self.database.write() as connection:
                for position in changed:
                    question_id = attempt.form.items[position].question_id
                    self._upsert(
                        connection,
                        attempt_id,
                        position,
                        question_id,
                        states[position],
                        hashes.get(question_id),
                        credit=credits[position],
                    )
                outbox.queue(connection, queued, self._timestamp())
                connection.execute(
                    "UPDATE attempts SET position = ?, time_remaining = ?, status = ?,"
                    " paused_seconds = ?, updated_at = ? WHERE id = ?",
                    (
                        attempt.position,
                        attempt.remaining(),
                        attempt.status.value,
                        attempt.paused_seconds(),
                        self._timestamp(),
                        attempt_id,
                    ),
                )
            for position in changed:  # only once committed: a failed write is retried next time
                written[position] = states[position]
            for statement in queued:
                if statement.position is not None:
                    revisions[statement.position] = revisions.get(statement.position, 0) + 1

        return record

    def finish(
        self, attempt_id: int, result: ExamResult, statements: Sequence[outbox.Queued] = ()
    ) -> None:
        """Store a graded attempt: every item's response and credit, the score and the status,
        and its xAPI ``statements`` (built by the caller) queued in the same transaction."""
        with self.database.write() as connection:
            updated = connection.execute(
                "UPDATE attempts SET status = ?, time_remaining = ?, score_earned = ?,"
                " score_possible = ?, score_percent = ?, paused_seconds = ?, updated_at = ?"
                " WHERE id = ?",
                (
                    result.status.value,
                    result.time_remaining,
                    result.earned,
                    result.possible,
                    result.percent,
                    result.paused_seconds,
                    self._timestamp(),
                    attempt_id,
                ),
            )
            if updated.rowcount == 0:
                raise _no_such_attempt(attempt_id)
            for item in result.items:
                self._upsert(
                    connection,
                    attempt_id,
                    item.position,
                    item.question_id,
                    item,
                    None,
                    credit=item.score.credit,
                )
            outbox.queue(connection, statements, self._timestamp())

    def abandon(self, attempt_id: int) -> None:
        """Mark an unfinished attempt abandoned (it leaves the resume list; history keeps it)."""
        with self.database.write() as connection:
            found = connection.execute(
                "SELECT status FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if found is None:
                raise _no_such_attempt(attempt_id)
            connection.execute(
                "UPDATE attempts SET status = 'abandoned', updated_at = ?"
                " WHERE id = ? AND status = 'in_progress'",
                (self._timestamp(), attempt_id),
            )

    # -- reading ------------------------------------------------------------------------------

    def unfinished(self) -> list[AttemptSummary]:
        """Attempts still in progress, newest first."""
        return self._summaries(
            " WHERE a.status = 'in_progress' ORDER BY a.started_at DESC, a.id DESC", ()
        )

    def history(self, limit: int | None = None) -> list[AttemptSummary]:
        """Every attempt, newest first (at most ``limit``)."""
        return self._summaries(
            " ORDER BY a.started_at DESC, a.id DESC LIMIT ?", (-1 if limit is None else limit,)
        )

    def load(self, attempt_id: int) -> StoredAttempt:
        """Everything needed to resume or review an attempt."""
        return self._load(attempt_id)

    def responses_of(self, attempt_id: int) -> list[StoredResponse]:
        """Every item of an attempt in form order, answered or not."""
        self._attempt_row(attempt_id)
        items, responses = self._items_of(attempt_id)
        return [stored_response(item, responses.get(item.position)) for item in items]

    # -- internals ----------------------------------------------------------------------------

    def _timestamp(self) -> str:
        return timestamp(self._now())

    def _upsert(
        self,
        connection: sqlite3.Connection,
        attempt_id: int,
        position: int,
        question_id: str,
        state: _ItemRecord,
        content_hash: str | None,
        *,
        credit: float | None = None,
    ) -> None:
        connection.execute(
            _UPSERT_RESPONSE,
            {
                "attempt": attempt_id,
                "position": position,
                "question": question_id,
                "response": None if state.response is None else to_json(state.response),
                "credit": credit,
                "seconds": state.seconds,
                "flagged": int(state.flagged),
                "now": self._timestamp(),
                "hash": content_hash,
            },
        )

    def _summaries(self, tail: str, parameters: Sequence[object]) -> list[AttemptSummary]:
        return self.database.fetch(_SUMMARY + tail, parameters, _summary)

    def _attempt_row(self, attempt_id: int) -> AttemptRow:
        found = self.database.fetch(
            "SELECT * FROM attempts WHERE id = ?", (attempt_id,), decode_attempt
        )
        if not found:
            raise _no_such_attempt(attempt_id)
        return found[0]

    def _items_of(self, attempt_id: int) -> tuple[list[ItemRow], dict[int, ResponseRow]]:
        """The form's items in order and the responses by position, checked to fit together."""
        items = self.database.fetch(
            "SELECT * FROM attempt_items WHERE attempt_id = ? ORDER BY position",
            (attempt_id,),
            decode_item,
        )
        responses = self.database.fetch(
            "SELECT * FROM responses WHERE attempt_id = ?", (attempt_id,), decode_response
        )
        with self.database.decoding():
            return items, _fitted(attempt_id, items, responses)

    def _load(self, attempt_id: int) -> StoredAttempt:
        from aitrainer_cli.exam.assembly import ExamForm, FormItem
        from aitrainer_cli.exam.attempt import ItemState, Snapshot, Status

        row = self._attempt_row(attempt_id)
        items, responses = self._items_of(attempt_id)
        form = ExamForm(
            row.blueprint_id,
            row.title,
            row.seed,
            row.time_limit_seconds,
            row.pass_mark,
            tuple(FormItem(i.question_id, i.bank_id, i.section, i.option_order) for i in items),
        )
        states = tuple(
            ItemState()
            if (r := responses.get(i.position)) is None
            else ItemState(r.response, r.flagged, r.seconds)
            for i in items
        )
        snapshot = Snapshot(
            states, row.position, row.time_remaining, Status(row.status), row.paused_seconds
        )
        return StoredAttempt(
            row.id,
            row.mode,
            form,
            snapshot,
            row.filters,
            {i.question_id: i.content_hash for i in items},
            row.lock_answers,
            row.started_at,
            row.updated_at,
            row.app_version,
            row.score_percent,
        )


def _same_response(first: object, second: object) -> bool:
    """Equal and of the same type: True is not 1 (a changed answer gets a new statement)."""
    return type(first) is type(second) and repr(first) == repr(second)


def _fitted(
    attempt_id: int, items: Sequence[ItemRow], responses: Sequence[ResponseRow]
) -> dict[int, ResponseRow]:
    """The responses by position, once the rows are seen to fit together: items numbered 0, 1, 2
    … and each response on an item, for the item's question."""
    for expected, item in enumerate(items):
        if item.position != expected:
            raise DamagedRow(
                "attempt_items",
                f"attempt_id={attempt_id} position={expected}",
                "position",
                f"is missing: the form's items jump from {expected - 1} to {item.position}",
            )
    by_position = {response.position: response for response in responses}
    for position, response in by_position.items():
        if position >= len(items) or items[position].question_id != response.question_id:
            raise DamagedRow(
                "responses",
                f"attempt_id={attempt_id} position={position}",
                "question_id",
                f"{response.question_id!r} is not the question of that item of the form",
            )
    return by_position


def stored_response(item: ItemRow, response: ResponseRow | None) -> StoredResponse:
    """One item of an attempt as the store hands it back, answered (``response``) or not."""
    if response is None:
        return StoredResponse(
            item.position,
            item.question_id,
            item.bank_id,
            item.section,
            None,
            None,
            0.0,
            False,
            None,
            item.content_hash,
        )
    return StoredResponse(
        item.position,
        item.question_id,
        item.bank_id,
        item.section,
        response.response,
        response.credit,
        response.seconds,
        response.flagged,
        response.answered_at,
        response.content_hash,
    )


def _summary(found: sqlite3.Row) -> AttemptSummary:
    """An attempts row with its ``items`` and ``answered`` counts (``_SUMMARY``)."""
    from aitrainer_cli.exam.attempt import Status

    row = decode_attempt(found)
    return AttemptSummary(
        row.id,
        row.started_at,
        row.updated_at,
        row.mode,
        row.blueprint_id,
        row.title,
        Status(row.status),
        found["items"],
        found["answered"],
        row.position,
        row.time_remaining,
        row.pass_mark,
        row.score_earned,
        row.score_possible,
        row.score_percent,
    )


def _no_such_attempt(attempt_id: int) -> NotFoundError:
    return NotFoundError(
        f"there is no attempt #{attempt_id}", hint="the history lists the attempts that exist"
    )
