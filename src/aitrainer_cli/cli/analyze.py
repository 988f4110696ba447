"""``aitrainer analyze``: item analysis of the JSON files learners export."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from aitrainer_cli.cli.options import BANKS, NO_BUILTIN, bank_choice


class AnalyzeFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def analyze(
    files: list[Path] = typer.Argument(
        ...,
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
    """
    from aitrainer_cli.analysis import analyze as run_analysis
    from aitrainer_cli.analysis.keys import choice_keys
    from aitrainer_cli.analysis.reader import read_exports
    from aitrainer_cli.app.banks import load_banks

    records = read_exports(files)
    entries = load_banks(bank_choice(banks, no_builtin), require_valid=False).entries
    result = run_analysis(records, choice_keys(entries))
    chosen = AnalyzeFormat.JSON if as_json else kind
    if chosen is AnalyzeFormat.TABLE:
        from aitrainer_cli.ui.analysis_views import show_analysis

        show_analysis(result)
        return
    from aitrainer_cli.analysis.output import write_csv, write_json

    (write_json if chosen is AnalyzeFormat.JSON else write_csv)(result, sys.stdout)
