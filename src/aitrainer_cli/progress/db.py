"""Opening the progress database: checks before touching the file, pragmas, short write
transactions, decoding what is read back, and the translation of every SQLite or OS failure into
one ``DataStoreError``.

The file is never overwritten, truncated or deleted here: whatever is wrong with it, the user gets
a message naming the file and a hint, and the bytes stay as they were. Three checks stand between
a bad file and a write:

* on opening, ``quick_check`` (page structure; cheap), unless a ``-wal`` file beside the database
  holds frames SQLite would replay: then the log's header is read, and the full
  ``integrity_check`` and ``foreign_key_check`` run on a read-only connection first, so that a log
  left from another copy of the database is refused before it is replayed into this one;
* before the first write of a connection, the full ``integrity_check`` (indexes against tables:
  a file whose pages are sound but whose contents are not is never written to);
* every row read back goes through ``rows``: one that does not decode is reported by table, row
  and column, the full check runs to say whether the file as a whole is damaged, and this process
  writes nothing more to the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from aitrainer_cli.errors import DataStoreError
from aitrainer_cli.paths import data_dir
from aitrainer_cli.progress import wal
from aitrainer_cli.progress.rows import DamagedRow, text_factory

DB_FILENAME = "progress.db"
BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another process's write transaction before giving up."""
FULL_BELOW = 1 << 20
"""Free bytes under which an I/O error is taken for a full disk."""
INTEGRITY_ERRORS = 3
"""How many of the problems the integrity check finds a message lists."""
_CHECK_LIMIT = 100
"""How many problems the check may list before it stops: enough to see past value problems."""
_VALUES = ("CHECK constraint failed in ", "NULL value in ")
APPLICATION_ID = 0x41695472
"""``PRAGMA application_id`` of a progress file ("AiTr"); ``migrations`` writes it."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_MOVE_ASIDE = (
    "move it aside (aitrainer never deletes it) to start a fresh progress store; "
    "a backup from the last upgrade may sit beside it as {name}.bak-v*"
)
_RESET = (
    "it was changed outside aitrainer or damaged on disk: `aitrainer reset` saves a backup "
    "beside the file, then starts a fresh progress store; nothing more was written to it"
)
_STRAY_LOG = (
    "it was probably left by another copy of the database (say, a backup restored over "
    "{name}): move {log} aside (aitrainer never deletes it), with {name}-shm if present, "
    "and run the command again"
)
_WRITABLE = "make it writable, or point AITRAINER_HOME (or --data-dir) at a writable directory"
_FREE_SPACE = "free some disk space and try again; answers already saved are kept"

T = TypeVar("T")

_REFUSED: dict[str, DataStoreError] = {}
"""Files this process found damaged, by real path: it never writes to them again."""


def _identity(path: Path) -> str:
    return os.path.realpath(path)


class Database:
    """One open progress file: its connection and the path every error message names."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, verified: bool = False
    ) -> None:
        self.connection = connection
        self.path = path
        self.verified = verified
        """The full integrity check passed since this connection opened."""

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on error.

        Refused for a file found damaged in this process; the first one runs the full check."""
        refused = _REFUSED.get(_identity(self.path))
        if refused is not None:
            raise DataStoreError(
                f"nothing more is written to {self.path} in this run: {refused.message}",
                hint=refused.hint,
            )
        if not self.verified:
            self.verify()
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
        """Run one query and return all its rows (aggregates and pragmas; rows of a table go
        through ``fetch``)."""
        with translated(self.path):
            return list(self.connection.execute(sql, parameters))

    def fetch(
        self, sql: str, parameters: Sequence[object], decode: Callable[[sqlite3.Row], T]
    ) -> list[T]:
        """Run one query and decode each row with ``decode`` (one of ``rows.decode_*``)."""
        try:
            found = self.read(sql, parameters)
        except DataStoreError as error:
            if not _not_utf8(error):
                raise
            found = self._read_bytes(sql, parameters)
        with self.decoding():
            return [decode(row) for row in found]

    def _read_bytes(self, sql: str, parameters: Sequence[object]) -> list[sqlite3.Row]:
        """The query again, text that is not UTF-8 read as ``rows.BadText`` (sqlite3 fails the
        whole query on it), so the decoder can name the row that holds it."""
        self.connection.text_factory = text_factory
        try:
            return self.read(sql, parameters)
        finally:
            self.connection.text_factory = str

    @contextlib.contextmanager
    def decoding(self) -> Iterator[None]:
        """Where rows are decoded: a ``DamagedRow`` inside becomes the user's error, after the
        full integrity check, and the file is written no more in this process."""
        try:
            yield
        except DamagedRow as damage:
            raise self._damaged(damage) from damage

    def pragma(self, name: str) -> object:
        """The value of a one-value pragma such as ``user_version``."""
        return self.read(f"PRAGMA {name}")[0][0]

    def verify(self) -> None:
        """Run the full integrity check; a file that fails it is refused from then on."""
        with translated(self.path):
            problems = integrity_problems(self.connection)
        if problems:
            raise self._refuse(
                DataStoreError(
                    f"{self.path} is damaged (integrity check: {'; '.join(problems)})",
                    hint=_MOVE_ASIDE.format(name=self.path.name),
                )
            )
        self.verified = True

    def close(self) -> None:
        """Close the connection (the last one to close folds the WAL back into the file)."""
        with translated(self.path):
            self.connection.close()

    def _damaged(self, damage: DamagedRow) -> DataStoreError:
        with translated(self.path):
            problems = integrity_problems(self.connection)
        if problems:
            error = DataStoreError(
                f"{self.path} is damaged: {damage} (integrity check: {'; '.join(problems)})",
                hint=_MOVE_ASIDE.format(name=self.path.name),
            )
        else:
            error = DataStoreError(f"{self.path} holds a damaged row: {damage}", hint=_RESET)
        return self._refuse(error)

    def _refuse(self, error: DataStoreError) -> DataStoreError:
        _REFUSED[_identity(self.path)] = error
        return error


def progress_path(data_directory: Path | None = None) -> Path:
    """Where the progress file lives: ``progress.db`` in the (possibly overridden) data dir."""
    return data_dir(data_directory) / DB_FILENAME


def connect(path: Path) -> Database:
    """Open (or create) the database file without writing to it yet; check it is sound."""
    _make_directory(path.parent)
    header = _check_file(path)
    checked = _check_log(path, header)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise store_error(path, error) from error
    connection.row_factory = sqlite3.Row
    try:
        with translated(path):
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            # quick_check skips index/content cross-checks: cheap, but catches a truncated or
            # scrambled file before anything is written to it.
            problems = [] if checked else integrity_problems(connection, "quick_check")
    except BaseException:
        connection.close()
        raise
    if problems:
        connection.close()
        raise DataStoreError(
            f"{path} is damaged (integrity check: {'; '.join(problems)})",
            hint=_MOVE_ASIDE.format(name=path.name),
        )
    return Database(connection, path, verified=checked)


def use_wal(database: Database) -> None:
    """Switch to write-ahead logging with full syncs, so readers and one writer never block."""
    with translated(database.path):
        mode = database.connection.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        database.verify()  # the switch writes the file's header: only to a sound file
        with translated(database.path):
            mode = database.connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    with translated(database.path):
        # FULL (not NORMAL): an answer reported as saved survives a power cut, not only a crash.
        database.connection.execute("PRAGMA synchronous = FULL")
    if str(mode).lower() != "wal":
        raise DataStoreError(
            f"{database.path}: cannot switch the database to WAL mode ({mode})",
            hint="keep the data directory on a local disk, not a network share",
        )


def integrity_problems(
    connection: sqlite3.Connection, pragma: str = "integrity_check"
) -> list[str]:
    """What ``PRAGMA integrity_check`` (or ``quick_check``) finds wrong with the file's structure
    (pages, indexes against tables): nothing for a sound file. A file too damaged to check is one
    problem. A value that breaks a CHECK or NOT NULL constraint is not the file's structure:
    ``rows`` reports it, by row, when it is read (and ``aitrainer reset`` can still clear it)."""
    try:
        verdicts = connection.execute(f"PRAGMA {pragma}({_CHECK_LIMIT})").fetchall()
    except sqlite3.DatabaseError as error:
        if _primary(error) not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise
        return [str(error)]
    except UnicodeDecodeError:  # SQLite's message quotes a scrambled name of the schema
        return ["the schema is damaged: SQLite's message about it is not even UTF-8"]
    problems = [_one_line(row[0]) for row in verdicts]
    structural = [
        problem for problem in problems if problem != "ok" and not problem.startswith(_VALUES)
    ]
    return structural[:INTEGRITY_ERRORS]


def _not_utf8(error: DataStoreError) -> bool:
    cause = error.__cause__
    return isinstance(cause, sqlite3.OperationalError) and "Could not decode to UTF-8" in str(cause)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


# -- the write-ahead log beside the file ---------------------------------------------------------


def _check_log(path: Path, header: bytes) -> bool:
    """Refuse a ``-wal`` beside ``path`` that is not its log; True when a log with frames was
    found and the database, read with it, passed the full checks (on a read-only connection,
    which never writes to either file)."""
    log = wal.wal_path(path)
    if not _log_replays(path, log, header):
        return False
    problems = _problems_through(path, "mode=ro", foreign_keys=True, header=header)
    if not problems:
        return True
    if _problems_through(path, "immutable=1"):  # the database alone, without its log
        raise DataStoreError(
            f"{path} is damaged (integrity check with {log.name}: {'; '.join(problems)})",
            hint=_MOVE_ASIDE.format(name=path.name) + f"; keep {log.name} with it",
        )
    raise DataStoreError(
        f"{log} does not belong to {path}: read with it, the database fails its checks "
        f"({'; '.join(problems)}); nothing was written to either file",
        hint=_STRAY_LOG.format(name=path.name, log=log.name),
    )


def _log_replays(path: Path, log: Path, header: bytes, attempts: int = 3) -> bool:
    """Whether the log holds frames SQLite would replay; a header that is not a log's is read
    again (a writer may be rewriting it this instant) before the file is refused."""
    for attempt in range(attempts):
        try:
            return wal.replays_frames(log, wal.page_size_of(header))
        except OSError as error:
            raise os_error(log, error, "read") from error
        except wal.WalProblem as problem:
            if attempt + 1 == attempts:
                raise DataStoreError(
                    f"{log} is not a write-ahead log of {path}: {problem}; nothing was "
                    "written to either file",
                    hint=_STRAY_LOG.format(name=path.name, log=log.name),
                ) from problem
            time.sleep(0.05)
    return False  # pragma: no cover - the loop returns or raises


def _problems_through(
    path: Path, options: str, *, foreign_keys: bool = False, header: bytes = b""
) -> list[str]:
    """The full checks on a connection opened with the URI ``options``: ``mode=ro`` reads the
    database through its log and never writes either; ``immutable=1`` reads the file alone."""
    uri = f"{path.resolve().as_uri()}?{options}"
    with translated(path):
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            problems = integrity_problems(connection)
            if foreign_keys and not problems:
                problems = _foreign_key_problems(connection) + _header_problems(connection, header)
        finally:
            connection.close()
    return problems


def _foreign_key_problems(connection: sqlite3.Connection) -> list[str]:
    found = connection.execute("PRAGMA foreign_key_check").fetchmany(INTEGRITY_ERRORS)
    return [f"row {row[1]} of {row[0]} refers to a missing {row[2]} row" for row in found]


def _header_problems(connection: sqlite3.Connection, header: bytes) -> list[str]:
    """What the log changed in the file's header that no log of this file would: its kind, or
    a schema version older than the file's own."""
    if len(header) < _HEADER_SIZE:
        return []
    kind, version = (int.from_bytes(header[offset : offset + 4], "big") for offset in (68, 60))
    logged_kind = connection.execute("PRAGMA application_id").fetchone()[0]
    logged_version = connection.execute("PRAGMA user_version").fetchone()[0]
    problems = []
    if kind == APPLICATION_ID and logged_kind != kind:
        problems.append("it turns the progress store into another kind of SQLite file")
    if logged_version < version:
        problems.append(f"it takes the schema back from version {version} to {logged_version}")
    return problems


# -- errors ------------------------------------------------------------------------------------


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn any ``sqlite3.Error`` raised inside into a ``DataStoreError`` naming ``path``; so
    too a ``UnicodeDecodeError``, which sqlite3 raises for damaged text it decodes itself (a
    column's name in a damaged schema, rather than a value)."""
    try:
        yield
    except sqlite3.Error as error:
        raise store_error(path, error) from error
    except UnicodeDecodeError as error:
        raise DataStoreError(
            f"{path} is damaged: it holds text that is not UTF-8 where SQLite keeps its own names",
            hint=_RESET,
        ) from error


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else _code_from_message(str(error))


def store_error(path: Path, error: sqlite3.Error) -> DataStoreError:
    """The user-facing error for a SQLite failure on ``path``: what happened and what to do."""
    primary = _primary(error)
    if primary == sqlite3.SQLITE_FULL or (
        primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) and _looks_full(path, error)
    ):
        return full_disk(path)
    if "Could not decode to UTF-8" in str(error):  # raised by sqlite3, not SQLite
        return DataStoreError(f"{path} holds a damaged row ({error})", hint=_RESET)
    known = _KNOWN.get(primary) if primary is not None else None
    if known is not None:
        return known(path, error)
    return DataStoreError(f"{path}: {error}", hint="check the disk, then retry")


def full_disk(path: Path) -> DataStoreError:
    """The error for a write that found no room: the disk holding ``path`` is full."""
    return DataStoreError(
        f"{path}: the disk is full; nothing more could be written", hint=_FREE_SPACE
    )


def _looks_full(path: Path, error: sqlite3.Error) -> bool:
    """An I/O error on a disk with (next to) no room left is a full disk: SQLite reports a full
    disk met while growing its shared-memory file, or creating a file, as an I/O error."""
    if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_IOERR_SHMSIZE:
        return True
    free = free_bytes(path)
    return free is not None and free < FULL_BELOW


def free_bytes(path: Path) -> int | None:
    """Bytes free to this user on the disk holding ``path`` (None if it cannot be told)."""
    for directory in (path, *path.parents):
        with contextlib.suppress(OSError, AttributeError):
            stats = os.statvfs(directory)
            return stats.f_bavail * stats.f_frsize
    return None


def _corrupt(path: Path, error: sqlite3.Error) -> DataStoreError:
    return DataStoreError(f"{path} is damaged ({error})", hint=_MOVE_ASIDE.format(name=path.name))


def _not_a_database(path: Path, error: sqlite3.Error) -> DataStoreError:
    return DataStoreError(
        f"{path} is damaged or not an SQLite database ({error})",
        hint=_MOVE_ASIDE.format(name=path.name),
    )


def _locked(path: Path, error: sqlite3.Error) -> DataStoreError:
    return DataStoreError(
        f"{path} stayed locked by another aitrainer for more than {BUSY_TIMEOUT_MS // 1000} s",
        hint="finish or close the other session, then retry",
    )


_KNOWN: dict[int, Callable[[Path, sqlite3.Error], DataStoreError]] = {
    sqlite3.SQLITE_READONLY: lambda path, error: DataStoreError(
        f"{path} is read-only", hint=_WRITABLE
    ),
    sqlite3.SQLITE_PERM: lambda path, error: DataStoreError(
        f"{path}: permission denied ({error})", hint="check the file's permissions, then retry"
    ),
    sqlite3.SQLITE_CORRUPT: _corrupt,
    sqlite3.SQLITE_NOTADB: _not_a_database,
    sqlite3.SQLITE_BUSY: _locked,
    sqlite3.SQLITE_LOCKED: _locked,
    sqlite3.SQLITE_CANTOPEN: lambda path, error: DataStoreError(
        f"cannot open {path} ({error})", hint="check that its directory exists and is writable"
    ),
}


def _code_from_message(message: str) -> int | None:
    """Errors built by hand (or by old drivers) carry no code: recognise the common ones."""
    known = {
        "database or disk is full": sqlite3.SQLITE_FULL,
        "readonly database": sqlite3.SQLITE_READONLY,
        "malformed": sqlite3.SQLITE_CORRUPT,
        "file is not a database": sqlite3.SQLITE_NOTADB,
        "database is locked": sqlite3.SQLITE_BUSY,
        "unable to open database file": sqlite3.SQLITE_CANTOPEN,
        "disk I/O error": sqlite3.SQLITE_IOERR,
    }
    return next((code for text, code in known.items() if text in message), None)


def os_error(path: Path, error: OSError, doing: str, *, hint: str | None = None) -> DataStoreError:
    """The user-facing error for an OS failure while ``doing`` (read, create...) ``path``: a full
    disk is named as such, a permission problem as such; ``hint`` is for the other failures."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DataStoreError(
            f"cannot {doing} {path}: the disk is full ({reason})", hint=_FREE_SPACE
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return DataStoreError(f"cannot {doing} {path}: {reason}", hint="check its permissions")
    if error.errno == errno.EROFS:
        return DataStoreError(f"cannot {doing} {path}: {reason}", hint=_WRITABLE)
    return DataStoreError(f"cannot {doing} {path}: {reason}", hint=hint or "check the disk")


# -- before SQLite sees the file -----------------------------------------------------------------


def _make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise os_error(
            directory,
            error,
            "create the data directory",
            hint="point AITRAINER_HOME (or --data-dir) at a directory that can be created",
        ) from error
    if not os.access(directory, os.W_OK | os.X_OK):
        # SQLite needs to create its -wal and -shm files beside the database.
        raise DataStoreError(f"the data directory {directory} is read-only", hint=_WRITABLE)


def _check_file(path: Path) -> bytes:
    """Refuse, before SQLite sees it, a file that is not SQLite or that cannot be written;
    return its header (empty for a file not created yet)."""
    if not path.exists():
        return b""
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER_SIZE)
    except OSError as error:
        raise os_error(path, error, "read", hint="it should be the progress file") from error
    if header and header[: len(_SQLITE_MAGIC)] != _SQLITE_MAGIC[: len(header)]:
        raise DataStoreError(
            f"{path} is not an SQLite database", hint=_MOVE_ASIDE.format(name=path.name)
        )
    if not os.access(path, os.W_OK):
        raise DataStoreError(f"{path} is read-only", hint=_WRITABLE)
    return header
