"""The progress file as a whole: open it only if it exists, count what it holds, back it up and
reset it. Core layer: returns values, never prints.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.progress.db import translated

if TYPE_CHECKING:
    from aitrainer_cli.progress.store import AttemptStore


@dataclass(frozen=True, slots=True)
class StoreContents:
    """How much a progress file holds."""

    attempts: int
    answers: int
    review_cards: int


@dataclass(frozen=True, slots=True)
class ResetOutcome:
    """What a reset removed, and where the copy made before it is."""

    backup: Path
    removed: StoreContents


def open_existing(path: Path) -> AttemptStore | None:
    """The store at ``path`` if the file exists (a reader never creates one), else None.

    An existing file goes through the usual checks, so a bad one is a ``DataStoreError``.
    """
    from aitrainer_cli.progress.store import AttemptStore

    if not path.exists() and not path.is_symlink():
        return None
    return AttemptStore.open(path)


def contents(store: AttemptStore) -> StoreContents:
    """Attempts, given answers and review cards in the store."""
    row = store.database.read(
        "SELECT (SELECT count(*) FROM attempts),"
        " (SELECT count(*) FROM responses WHERE response IS NOT NULL),"
        " (SELECT count(*) FROM review_cards)"
    )[0]
    return StoreContents(row[0], row[1], row[2])


def backup_path(path: Path, now: datetime) -> Path:
    """A fresh name beside ``path``: ``progress.db.bak-20250101-120000`` (never an old one's)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    copy = 1
    while target.exists():
        copy += 1
        target = path.with_name(f"{path.name}.bak-{stamp}-{copy}")
    return target


def backup(store: AttemptStore, target: Path) -> None:
    """Copy the store, as it is now (answers still in the WAL included), to ``target``."""
    with translated(target):
        destination = sqlite3.connect(target)
        try:
            store.database.connection.backup(destination)
        finally:
            destination.close()


def reset_progress(store: AttemptStore, now: datetime) -> ResetOutcome:
    """Back the store up beside itself, then remove every attempt, answer and review card."""
    removed = contents(store)
    target = backup_path(store.path, now)
    backup(store, target)
    with store.database.write() as connection:
        for table in ("responses", "attempt_items", "attempts", "review_cards"):
            connection.execute(f"DELETE FROM {table}")  # children first: foreign keys hold
    # Give the space back; harmless to skip if another aitrainer holds the file right now.
    with contextlib.suppress(sqlite3.Error):
        store.database.connection.execute("VACUUM")
    return ResetOutcome(target, removed)
