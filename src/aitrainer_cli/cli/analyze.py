"""``aitrainer analyze``: item analysis of the JSON files learners export."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aitrainer_cli.cli.options import BANKS, NO_BUILTIN, bank_choice

if TYPE_CHECKING:
    from aitrainer_cli.analysis.records import ResponseRecord
    from aitrainer_cli.xapi.cohort import LearnerRow


class AnalyzeFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def analyze(
    files: list[Path] = typer.Argument(
        None,
        metavar="FILE",
        help="Files from 'aitrainer export --format json', one per learner.",
        show_default=False,
    ),
    kind: AnalyzeFormat = typer.Option(
        AnalyzeFormat.TABLE, "--format", "-f", help="table, json or csv."
    ),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    banks: list[Path] | None = BANKS,
    no_builtin: bool = NO_BUILTIN,
    lrs: bool = typer.Option(
        False, "--lrs", help="Read the cohort's attempts from the LRS (AITRAINER_LRS_URL)."
    ),
    since: str | None = typer.Option(
        None, "--since", metavar="DATE", help="With --lrs: attempts from this date on."
    ),
    blueprint: str | None = typer.Option(
        None, "--blueprint", metavar="ID", help="With --lrs: only this exam blueprint."
    ),
) -> None:
    """Item analysis of exported attempts: which questions work.

    \b
    Per question of each form, over each learner's first
    attempt at that form (blueprint):
    n: learners with a known credit (unanswered counts 0).
    facility: the mean credit, from 0 to 1.
    discrimination: how the question's credit correlates
      with the learner's score on the other questions.
    choices: the share of those answering who picked each
      option (* marks the keyed ones).
    time: the mean seconds of those who answered.
    alpha (per form): Cronbach's alpha, how consistently
      the form's questions measure one thing.
    Flagged: facility under 0.2 or over 0.95,
    discrimination under 0.1 or negative, a distractor
    picked by under 5% (options come from the banks).
    With --lrs: the statements every learner synced, read
    back from the LRS (docs/cohorts.md), and a table per
    learner: attempts, best and latest score, readiness.
    """
    from aitrainer_cli.analysis import analyze as run_analysis
    from aitrainer_cli.analysis.keys import choice_keys
    from aitrainer_cli.analysis.reader import read_exports
    from aitrainer_cli.app.banks import load_banks

    learners = None
    if lrs:
        records, learners = _from_lrs(files, since, blueprint)
    elif not files:
        raise typer.BadParameter("give export files, or --lrs", param_hint="FILE")
    else:
        records = read_exports(files)
    entries = load_banks(bank_choice(banks, no_builtin), require_valid=False).entries
    result = run_analysis(records, choice_keys(entries))
    chosen = AnalyzeFormat.JSON if as_json else kind
    if chosen is AnalyzeFormat.TABLE:
        from aitrainer_cli.ui.analysis_views import show_analysis

        show_analysis(result)
        if learners is not None:
            from aitrainer_cli.ui.cohort_views import show_learners

            show_learners(learners)
        return
    from aitrainer_cli.analysis.output import write_csv, write_json

    if chosen is AnalyzeFormat.JSON and learners is not None:
        from aitrainer_cli.ui.cohort_views import write_cohort_json

        write_cohort_json(result, learners, sys.stdout)
        return
    (write_json if chosen is AnalyzeFormat.JSON else write_csv)(result, sys.stdout)


def _from_lrs(
    files: list[Path], since: str | None, blueprint: str | None
) -> tuple[list[ResponseRecord], list[LearnerRow]]:
    """The cohort's records and learners, read back from the LRS."""
    from aitrainer_cli.app.cohort import pull_cohort
    from aitrainer_cli.app.lrs_settings import load_settings
    from aitrainer_cli.ui.cohort_views import reading_progress

    if files:
        raise typer.BadParameter("--lrs reads the LRS: give no files with it", param_hint="FILE")
    settings = load_settings()
    with reading_progress() as on_page:
        return pull_cohort(settings, since, blueprint, on_page)
