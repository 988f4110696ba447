"""The progress schema as a linear list of migration steps, and the code that applies them.

``PRAGMA user_version`` is the schema version: step N brings a file from N-1 to N. Steps are
append-only: a released step is never edited (files in the wild were made by it); a change is a new
step. Each step runs in its own write transaction, so a failed step leaves the file at the
previous version. Before an existing file is upgraded it is copied to ``progress.db.bak-v{old}``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.errors import DataStoreError
from aitrainer_cli.progress.db import APPLICATION_ID, translated

if TYPE_CHECKING:
    from aitrainer_cli.progress.db import Database

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "STEPS", "backup", "check_version", "migrate"]

STEPS: tuple[tuple[str, ...], ...] = (
    # 1: attempts, the form's items, one response row per item, spaced-repetition cards.
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('exam', 'practice', 'review')),
            blueprint_id TEXT NOT NULL,
            title TEXT NOT NULL,
            filters TEXT NOT NULL DEFAULT '{}',
            seed INTEGER NOT NULL,
            pass_mark REAL NOT NULL,
            time_limit_seconds INTEGER,
            time_remaining REAL,
            position INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('in_progress', 'submitted', 'expired', 'abandoned')),
            score_earned REAL,
            score_possible REAL,
            score_percent REAL,
            app_version TEXT NOT NULL
        )""",
        """CREATE TABLE attempt_items (
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            section TEXT NOT NULL,
            option_order TEXT NOT NULL DEFAULT '[]',
            content_hash TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        ) WITHOUT ROWID""",
        """CREATE TABLE responses (
            attempt_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            response TEXT,
            credit REAL,
            seconds REAL NOT NULL DEFAULT 0,
            flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
            answered_at TEXT,
            content_hash TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position),
            FOREIGN KEY (attempt_id, position)
                REFERENCES attempt_items (attempt_id, position) ON DELETE CASCADE
        ) WITHOUT ROWID""",
        """CREATE TABLE review_cards (
            question_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX attempts_by_start ON attempts (started_at)",
        "CREATE INDEX attempts_by_status ON attempts (status, started_at)",
        "CREATE INDEX attempt_items_by_question ON attempt_items (question_id)",
        "CREATE INDEX responses_by_question ON responses (question_id, answered_at)",
        "CREATE INDEX review_cards_by_due ON review_cards (due)",
    ),
    # 2: resuming practice with immediate feedback must keep answers locked once shown;
    # history per blueprint ("my last five quick screenings").
    (
        """ALTER TABLE attempts ADD COLUMN lock_answers INTEGER NOT NULL DEFAULT 0
            CHECK (lock_answers IN (0, 1))""",
        "CREATE INDEX attempts_by_blueprint ON attempts (blueprint_id, started_at)",
    ),
    # 3: how a written answer was graded: the automatic credit (keywords, or a judge command)
    # and the learner's self-check beside it, and which of them the grade used. A row is of one
    # answer (``response``) to one version of the question (``content_hash``); none means the
    # keyword score, as before this step.
    (
        """CREATE TABLE assessments (
            attempt_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            response TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            graded_by TEXT NOT NULL CHECK (graded_by IN ('keywords', 'judge', 'self_check')),
            credit REAL NOT NULL CHECK (credit BETWEEN 0 AND 1),
            keyword_credit REAL NOT NULL CHECK (keyword_credit BETWEEN 0 AND 1),
            keyword_points TEXT NOT NULL,
            judge_name TEXT,
            judge_identity TEXT,
            judge_points TEXT,
            judge_credit REAL CHECK (judge_credit BETWEEN 0 AND 1),
            judge_feedback TEXT,
            judge_note TEXT,
            self_points TEXT,
            self_credit REAL CHECK (self_credit BETWEEN 0 AND 1),
            assessed_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position),
            FOREIGN KEY (attempt_id, position)
                REFERENCES attempt_items (attempt_id, position) ON DELETE CASCADE
        ) WITHOUT ROWID""",
    ),
    # 4: the xAPI outbox (issue 15). Statements are queued in the transaction that writes what
    # they describe and kept once sent (revisions are counted from them, export writes them);
    # ``store_id`` makes each attempt's registration unique across learners' files.
    (
        """CREATE TABLE xapi_store (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
        "INSERT INTO xapi_store (key, value) VALUES ('store_id', lower(hex(randomblob(16))))",
        """CREATE TABLE xapi_outbox (
            seq INTEGER PRIMARY KEY,
            statement_id TEXT NOT NULL UNIQUE,
            attempt_id INTEGER NOT NULL,
            position INTEGER,
            verb TEXT NOT NULL,
            credit REAL,
            body TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
            sent_at TEXT,
            error TEXT
        )""",
        "CREATE INDEX xapi_outbox_by_state ON xapi_outbox (state, seq)",
        "CREATE INDEX xapi_outbox_by_attempt ON xapi_outbox (attempt_id, position, seq)",
    ),
    # 5: how sure the learner said they were of each answer (``--confidence``), for calibration.
    # (Whether an attempt asks it is kept in its ``filters``, so a resumed attempt goes on asking.)
    (
        """CREATE TABLE confidence (
            attempt_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('guess', 'unsure', 'sure')),
            PRIMARY KEY (attempt_id, position),
            FOREIGN KEY (attempt_id, position)
                REFERENCES attempt_items (attempt_id, position) ON DELETE CASCADE
        ) WITHOUT ROWID""",
    ),
    # 6: how long the clock stood still (the pause menu, and between save and resume), so a
    # result can say how much paused time it rests on.
    (
        """ALTER TABLE attempts ADD COLUMN paused_seconds REAL NOT NULL DEFAULT 0
            CHECK (paused_seconds >= 0)""",
    ),
)

SCHEMA_VERSION = len(STEPS)
"""The version this code writes; a file with a higher ``user_version`` is refused."""


def check_version(database: Database) -> int:
    """The file's schema version; refuse one newer than this code or not made by aitrainer."""
    version = int(str(database.pragma("user_version")))
    path = database.path
    if version > SCHEMA_VERSION:
        raise DataStoreError(
            f"{path} was written by a newer aitrainer (schema version {version}; this one "
            f"understands up to {SCHEMA_VERSION}); upgrade aitrainer",
            hint="upgrade with `pipx upgrade aitrainer-cli` (or pip install -U aitrainer-cli); "
            "the file was left untouched",
        )
    foreign = (version == 0 and bool(database.read("SELECT 1 FROM sqlite_master LIMIT 1"))) or (
        version > 0 and database.pragma("application_id") != APPLICATION_ID
    )
    if foreign:
        raise DataStoreError(
            f"{path} is an SQLite database but not an aitrainer progress store",
            hint="move it aside, or point AITRAINER_HOME at another directory",
        )
    return version


def migrate(database: Database, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to ``target``, one transaction per step; return the version it had."""
    found = check_version(database)
    if found >= target:
        return found
    if found > 0:
        backup(database, found)
    for version in range(found + 1, target + 1):
        with database.write() as connection:
            # Another process may have migrated since we looked: re-read inside the lock.
            if connection.execute("PRAGMA user_version").fetchone()[0] >= version:
                continue
            for statement in STEPS[version - 1]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version}")
    return found


def backup(database: Database, version: int) -> Path:
    """Copy the file, as it is now, to ``<name>.bak-v<version>`` (never over an older copy)."""
    path = database.path
    target = path.with_name(f"{path.name}.bak-v{version}")
    copy = 1
    while target.exists():
        copy += 1
        target = path.with_name(f"{path.name}.bak-v{version}-{copy}")
    with translated(target):
        destination = sqlite3.connect(target)
        try:
            database.connection.backup(destination)
        finally:
            destination.close()
    return target
