"""``aitrainer sync``: send the queued xAPI statements to the learning record store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from aitrainer_cli.cli.options import DATA_DIR


def sync(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print what would be sent (JSON lines) and send nothing."
    ),
    retry_rejected: bool = typer.Option(
        False, "--retry-rejected", help="Send the statements the LRS refused before again."
    ),
    data_dir: Path | None = DATA_DIR,
) -> None:
    """Send your attempts to your cohort's learning record store (xAPI).

    \b
    The LRS is AITRAINER_LRS_URL (its xAPI endpoint, e.g.
    http://HOST:8100/xAPI/), with AITRAINER_LRS_USER and
    AITRAINER_LRS_PASSWORD, or [lrs] url, user, password
    in the config file; you are [learner] name and
    home_page there (docs/cohorts.md). Exit code 4: the
    LRS is unreachable or refused the credentials; what
    was not sent stays queued for the next sync. Exit
    code 1: the LRS refused some statements as invalid;
    they are listed by id and set aside.
    """
    from aitrainer_cli.app.lrs_settings import load_settings
    from aitrainer_cli.app.sync import SyncRequest, run_sync
    from aitrainer_cli.progress.db import progress_path
    from aitrainer_cli.ui import sync_views

    settings = load_settings()
    request = SyncRequest(progress_path(data_dir), dry_run, retry_rejected)
    with sync_views.sync_progress() as progress:
        report, listed = run_sync(request, settings, progress)
    if listed is not None:
        sync_views.write_statements(listed, sys.stdout)
        sync_views.show_dry_run(len(listed), settings.statements_url)
        return
    sync_views.show_sync(report.sent, report.rejected, report.kept, settings.statements_url)
    if report.rejected:
        raise typer.Exit(1)
