"""``aitrainer progress``, ``history``, ``export``, ``reset`` and ``path``: what the progress
store holds, shown, exported, wiped (after a backup) or located."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog

DATA = typer.Option(
    None,
    "--data-dir",
    metavar="DIR",
    help="Where progress is kept (default: see 'path').",
    envvar="AITRAINER_HOME",
    show_envvar=False,
)


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class Selection(StrEnum):
    ALL = "all"
    WRONG = "wrong"
    FLAGGED = "flagged"


def progress(data_dir: Path | None = DATA) -> None:
    """Show your progress and readiness.

    Attempts, recent scores, mastery per topic, reviews due and readiness per exam.
    """
    from datetime import UTC, datetime

    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.progress.stats import progress_report
    from aitrainer_cli.ui import progress_views

    store = open_existing(_progress_file(data_dir))
    if store is None:
        progress_views.show_nothing_yet()
        return
    with store:
        report = progress_report(store.database, _catalog(), datetime.now(UTC))
    progress_views.show_progress(report)


def history(
    attempt_id: int = typer.Argument(None, metavar="[ID]", help="Show this attempt again."),
    limit: int = typer.Option(
        20, "--limit", "-n", metavar="N", help="How many attempts to list (0: all)."
    ),
    review: Selection = typer.Option(
        None, "--review", help="With ID: also show each question (all, wrong, flagged)."
    ),
    data_dir: Path | None = DATA,
) -> None:
    """List past attempts, or show one again.

    An attempt is shown re-graded against the current banks.
    """
    if attempt_id is None:
        _list_attempts(limit, data_dir)
    else:
        _show_attempt(attempt_id, review, data_dir)


def _list_attempts(limit: int, data_dir: Path | None) -> None:
    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.progress.stats import attempt_counts
    from aitrainer_cli.ui import progress_views

    store = open_existing(_progress_file(data_dir))
    if store is None:
        progress_views.show_nothing_yet()
        return
    with store:
        attempts, total = store.history(limit or None), attempt_counts(store.database).total
    progress_views.show_history(attempts, total)


def _show_attempt(attempt_id: int, review: Selection | None, data_dir: Path | None) -> None:
    from aitrainer_cli.errors import NotFoundError
    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.progress.history import review_attempt
    from aitrainer_cli.ui import progress_views

    store = open_existing(_progress_file(data_dir))
    if store is None:
        raise NotFoundError(f"there is no attempt #{attempt_id}", hint="no attempts yet")
    with store:
        catalog = _catalog()
        reviewed = review_attempt(store, attempt_id, catalog.entries)
    progress_views.show_attempt_review(reviewed, catalog.entries, review.value if review else None)


def export(
    kind: ExportFormat = typer.Option(ExportFormat.CSV, "--format", "-f", help="csv or json."),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        dir_okay=False,
        metavar="FILE",
        help="Write to this file (default: standard output).",
    ),
    data_dir: Path | None = DATA,
) -> None:
    """Export attempts and answers (CSV/JSON).

    Every attempt and per-question response, the file an instructor collects.
    """
    from aitrainer_cli.progress.export import write_export
    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.ui import progress_views

    store = open_existing(_progress_file(data_dir))
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(store).database if store is not None else None
        stream = stack.enter_context(_output(output))
        attempts, rows = write_export(database, _catalog().entries, kind.value, stream)
    progress_views.show_exported(attempts, rows, output)


def reset(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    data_dir: Path | None = DATA,
) -> None:
    """Remove all progress (after a backup).

    Attempts, answers and review cards; a backup is saved beside the file first.
    """
    from datetime import UTC, datetime

    from aitrainer_cli.progress.files import contents, open_existing, reset_progress
    from aitrainer_cli.ui import progress_views

    path = _progress_file(data_dir)
    store = open_existing(path)
    if store is None:
        progress_views.show_nothing_yet()
        return
    with store:
        question = progress_views.reset_question(path, contents(store))
        outcome = (
            reset_progress(store, datetime.now(UTC))
            if yes or typer.confirm(question, default=False)
            else None
        )
    progress_views.show_reset(outcome, path)


def data_path(data_dir: Path | None = DATA) -> None:
    """Print where progress is kept."""
    typer.echo(str(_progress_file(data_dir)))


def _progress_file(data_dir: Path | None) -> Path:
    from aitrainer_cli.progress.db import progress_path

    return progress_path(data_dir)


def _catalog() -> Catalog:
    """The built-in banks (a bank that fails to load only takes its own questions away)."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.paths import builtin_banks_dir

    return load_catalog([builtin_banks_dir()], cached=True)


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    from aitrainer_cli.errors import UsageError

    try:
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    with stream:
        yield stream
