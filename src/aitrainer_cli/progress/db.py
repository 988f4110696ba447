"""Opening the progress database: checks before touching the file, pragmas, short write
transactions, and the translation of every SQLite or OS failure into one ``DataStoreError``.

The file is never overwritten, truncated or deleted here: whatever is wrong with it, the user gets
a message naming the file and a hint, and the bytes stay as they were.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from aitrainer_cli.errors import DataStoreError
from aitrainer_cli.paths import data_dir

DB_FILENAME = "progress.db"
BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another process's write transaction before giving up."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_MOVE_ASIDE = (
    "move it aside (aitrainer never deletes it) to start a fresh progress store; "
    "a backup from the last upgrade may sit beside it as {name}.bak-v*"
)
_WRITABLE = "make it writable, or point AITRAINER_HOME (or --data-dir) at a writable directory"


class Database:
    """One open progress file: its connection and the path every error message names."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on error."""
        with translated(self.path):
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
                self.connection.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (e.g. on a full disk).
                if self.connection.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.connection.execute("ROLLBACK")
                raise

    def read(self, sql: str, parameters: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Run one query and return all its rows."""
        with translated(self.path):
            return list(self.connection.execute(sql, parameters))

    def pragma(self, name: str) -> object:
        """The value of a one-value pragma such as ``user_version``."""
        return self.read(f"PRAGMA {name}")[0][0]

    def close(self) -> None:
        """Close the connection (the last one to close folds the WAL back into the file)."""
        with translated(self.path):
            self.connection.close()


def progress_path(data_directory: Path | None = None) -> Path:
    """Where the progress file lives: ``progress.db`` in the (possibly overridden) data dir."""
    return data_dir(data_directory) / DB_FILENAME


def connect(path: Path) -> Database:
    """Open (or create) the database file without writing to it yet; check it is sound."""
    _make_directory(path.parent)
    _check_file(path)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise store_error(path, error) from error
    connection.row_factory = sqlite3.Row
    database = Database(connection, path)
    try:
        with translated(path):
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            # quick_check skips index/content cross-checks: cheap, but catches a truncated or
            # scrambled file before anything is written to it.
            verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    except BaseException:
        connection.close()
        raise
    if verdict != "ok":
        connection.close()
        problem = " ".join(str(verdict).split())
        raise DataStoreError(
            f"{path} is damaged (integrity check: {problem})",
            hint=_MOVE_ASIDE.format(name=path.name),
        )
    return database


def use_wal(database: Database) -> None:
    """Switch to write-ahead logging with full syncs, so readers and one writer never block."""
    with translated(database.path):
        mode = database.connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # FULL (not NORMAL): an answer reported as saved survives a power cut, not only a crash.
        database.connection.execute("PRAGMA synchronous = FULL")
    if str(mode).lower() != "wal":
        raise DataStoreError(
            f"{database.path}: cannot switch the database to WAL mode ({mode})",
            hint="keep the data directory on a local disk, not a network share",
        )


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn any ``sqlite3.Error`` raised inside into a ``DataStoreError`` naming ``path``."""
    try:
        yield
    except sqlite3.Error as error:
        raise store_error(path, error) from error


def store_error(path: Path, error: sqlite3.Error) -> DataStoreError:
    """The user-facing error for a SQLite failure on ``path``: what happened and what to do."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else _code_from_message(str(error))
    if primary == sqlite3.SQLITE_FULL:
        return DataStoreError(
            f"{path}: the disk is full; the last change was not saved",
            hint="free some disk space and try again; earlier answers are kept",
        )
    if primary == sqlite3.SQLITE_READONLY:
        return DataStoreError(f"{path} is read-only", hint=_WRITABLE)
    if primary == sqlite3.SQLITE_CORRUPT:
        return DataStoreError(
            f"{path} is damaged ({error})", hint=_MOVE_ASIDE.format(name=path.name)
        )
    if primary == sqlite3.SQLITE_NOTADB:
        return DataStoreError(
            f"{path} is damaged or not an SQLite database ({error})",
            hint=_MOVE_ASIDE.format(name=path.name),
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DataStoreError(
            f"{path} stayed locked by another aitrainer for more than {BUSY_TIMEOUT_MS // 1000} s",
            hint="finish or close the other session, then retry",
        )
    if primary == sqlite3.SQLITE_CANTOPEN:
        return DataStoreError(
            f"cannot open {path} ({error})", hint="check that its directory exists and is writable"
        )
    return DataStoreError(
        f"{path}: {error}", hint="check the disk and the file's permissions, then retry"
    )


def _code_from_message(message: str) -> int | None:
    """Errors built by hand (or by old drivers) carry no code: recognise the common ones."""
    known = {
        "database or disk is full": sqlite3.SQLITE_FULL,
        "readonly database": sqlite3.SQLITE_READONLY,
        "malformed": sqlite3.SQLITE_CORRUPT,
        "file is not a database": sqlite3.SQLITE_NOTADB,
        "database is locked": sqlite3.SQLITE_BUSY,
        "unable to open database file": sqlite3.SQLITE_CANTOPEN,
    }
    return next((code for text, code in known.items() if text in message), None)


def _make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataStoreError(
            f"cannot create the data directory {directory}: {error.strerror or error}",
            hint="point AITRAINER_HOME (or --data-dir) at a directory that can be created",
        ) from error
    if not os.access(directory, os.W_OK | os.X_OK):
        # SQLite needs to create its -wal and -shm files beside the database.
        raise DataStoreError(f"the data directory {directory} is read-only", hint=_WRITABLE)


def _check_file(path: Path) -> None:
    """Refuse, before SQLite sees it, a file that is not SQLite or that cannot be written."""
    if not path.exists():
        return
    try:
        with path.open("rb") as file:
            header = file.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise DataStoreError(
            f"cannot read {path}: {error.strerror or error}", hint="check the file's permissions"
        ) from error
    if header and header != _SQLITE_MAGIC[: len(header)]:
        raise DataStoreError(
            f"{path} is not an SQLite database", hint=_MOVE_ASIDE.format(name=path.name)
        )
    if not os.access(path, os.W_OK):
        raise DataStoreError(f"{path} is read-only", hint=_WRITABLE)
