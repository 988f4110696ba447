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

from aitrainer_cli.cli.options import BANKS, DATA_DIR, NO_BUILTIN, bank_choice, whole
from aitrainer_cli.cli.options import attempt_id as attempt_id_argument

if TYPE_CHECKING:
    from aitrainer_cli.app.banks import BankChoice
    from aitrainer_cli.banks.catalog import Catalog
    from aitrainer_cli.progress.store import AttemptStore


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    XAPI = "xapi"
    ANKI = "anki"


class Selection(StrEnum):
    ALL = "all"
    WRONG = "wrong"
    FLAGGED = "flagged"


def progress(
    data_dir: Path | None = DATA_DIR,
    banks: list[Path] | None = BANKS,
    no_builtin: bool = NO_BUILTIN,
    as_json: bool = typer.Option(
        False, "--json", help="Print the report as JSON (with rater_profile and calibration)."
    ),
) -> None:
    """Show your progress and readiness.

    Attempts, recent scores, mastery per topic, reviews due, readiness per exam, and how you
    judge.
    """
    from datetime import UTC, datetime

    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.progress.stats import progress_report
    from aitrainer_cli.ui import progress_views

    store = open_existing(_progress_file(data_dir))
    if store is None:
        if as_json:
            typer.echo('{"attempts": {"total": 0, "graded": 0, "in_progress": 0}}')
            return
        progress_views.show_nothing_yet()
        return
    with store:
        report = progress_report(
            store.database, _catalog(bank_choice(banks, no_builtin)), datetime.now(UTC)
        )
    if as_json:
        import json

        from aitrainer_cli.progress.report_json import report_json

        typer.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
        return
    progress_views.show_progress(report)


def history(
    attempt_id: int = attempt_id_argument("Show this attempt again."),
    limit: int = typer.Option(
        20,
        "--limit",
        "-n",
        metavar="N",
        help="How many attempts to list (0: all).",
        parser=whole("--limit", 0),
    ),
    review: Selection = typer.Option(
        None, "--review", help="With ID: also show each question (all, wrong, flagged)."
    ),
    data_dir: Path | None = DATA_DIR,
    banks: list[Path] | None = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """List past attempts, or show one again.

    An attempt is shown re-graded against the current banks.
    """
    if attempt_id is None:
        _list_attempts(limit, data_dir)
    else:
        _show_attempt(attempt_id, review, data_dir, bank_choice(banks, no_builtin))


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


def _show_attempt(
    attempt_id: int, review: Selection | None, data_dir: Path | None, choice: BankChoice
) -> None:
    from aitrainer_cli.errors import NotFoundError
    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.progress.history import regrade_attempt
    from aitrainer_cli.ui import progress_views

    store = open_existing(_progress_file(data_dir))
    if store is None:
        raise NotFoundError(f"there is no attempt #{attempt_id}", hint="no attempts yet")
    from aitrainer_cli.ui.attempt_extras import attempt_extras

    with store:
        catalog = _catalog(choice)
        reviewed = regrade_attempt(store, attempt_id, catalog.entries)
        responses = [state.response for state in reviewed.attempt.snapshot.states]
        extras = attempt_extras(
            store.database, attempt_id, reviewed.attempt.form, responses, catalog.entries
        )
    progress_views.show_attempt_review(
        reviewed, catalog.entries, review.value if review else None, extras
    )


def export(
    kind: ExportFormat = typer.Option(
        ExportFormat.CSV,
        "--format",
        "-f",
        help="csv, json or xapi (statements, JSON lines); anki with --missed.",
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        dir_okay=False,
        metavar="FILE",
        help="Write to this file (default: standard output).",
    ),
    missed: bool = typer.Option(
        False,
        "--missed",
        help="Only the questions your latest answer missed, as an Anki deck (--format anki).",
    ),
    data_dir: Path | None = DATA_DIR,
    banks: list[Path] | None = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """Export attempts and answers (CSV, JSON, xAPI statements), or missed questions (Anki).

    Every attempt and per-question response, the file an instructor collects; with --missed
    --format anki, a deck of the questions to study elsewhere.
    """
    from aitrainer_cli.progress.export import write_export
    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.ui import progress_views

    if missed or kind is ExportFormat.ANKI:
        _export_missed(kind, missed, output, data_dir, bank_choice(banks, no_builtin))
        return
    store = open_existing(_progress_file(data_dir))
    if kind is ExportFormat.XAPI:
        _export_xapi(store, output)
        return
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(store).database if store is not None else None
        stream = stack.enter_context(_output(output))
        attempts, rows = write_export(
            database, _catalog(bank_choice(banks, no_builtin)).entries, kind.value, stream
        )
    progress_views.show_exported(attempts, rows, output)


def _export_missed(
    kind: ExportFormat, missed: bool, output: Path | None, data_dir: Path | None, choice: BankChoice
) -> None:
    """The missed questions as an Anki deck (the default file: aitrainer-missed.apkg)."""
    from aitrainer_cli.errors import UsageError
    from aitrainer_cli.inert import inert_line
    from aitrainer_cli.progress.files import open_existing
    from aitrainer_cli.progress.missed import DECK_ID, write_missed_deck

    if not (missed and kind is ExportFormat.ANKI):
        raise UsageError(
            "--missed and --format anki go together",
            hint="aitrainer export --missed --format anki [-o FILE.apkg]",
        )
    target = output if output is not None else Path(f"{DECK_ID}.apkg")
    entries = _catalog(choice).entries
    store = open_existing(_progress_file(data_dir))
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(store).database if store is not None else None
        report = write_missed_deck(database, entries, target)
    for where, reason in report.skipped:
        typer.echo(inert_line(f"skipped {where}: {reason}"), err=True)
    noun = "question" if report.written == 1 else "questions"
    typer.echo(inert_line(f"Wrote {report.written} missed {noun} to {target}."), err=True)


def reset(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    data_dir: Path | None = DATA_DIR,
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


def data_path(
    data_dir: Path | None = DATA_DIR,
    every: bool = typer.Option(
        False, "--all", help="Also the config file, the cache and where banks come from."
    ),
    banks: list[Path] | None = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """Print where progress is kept (--all: config, cache and banks too)."""
    if not every:
        typer.echo(str(_progress_file(data_dir)))
        return
    from aitrainer_cli.app.banks import bank_sources
    from aitrainer_cli.banks.cache import cache_dir
    from aitrainer_cli.inert import inert_line
    from aitrainer_cli.paths import config_file

    typer.echo(f"progress: {inert_line(str(_progress_file(data_dir)))}")
    typer.echo(f"config:   {inert_line(str(config_file()))}")
    typer.echo(f"cache:    {inert_line(str(cache_dir()))}")
    for source in bank_sources(bank_choice(banks, no_builtin)):
        typer.echo(f"banks:    {inert_line(str(source.path))} ({inert_line(source.origin)})")


def _progress_file(data_dir: Path | None) -> Path:
    from aitrainer_cli.progress.db import progress_path

    return progress_path(data_dir)


def _catalog(choice: BankChoice) -> Catalog:
    """The chosen banks (a bank that fails to load only takes its own questions away)."""
    from aitrainer_cli.app.banks import load_banks

    return load_banks(choice, require_valid=False)


def _export_xapi(store: AttemptStore | None, output: Path | None) -> None:
    """The outbox's statements as JSON lines, the learner as their actor."""
    from aitrainer_cli.app.lrs_settings import load_settings
    from aitrainer_cli.app.sync import export_statements
    from aitrainer_cli.ui.sync_views import show_exported_statements

    learner = load_settings().require_learner()
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(store).database if store is not None else None
        stream = stack.enter_context(_output(output))
        attempts, count = export_statements(database, learner, stream)
    show_exported_statements(attempts, count, output)


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
