"""The per-learner table of ``aitrainer analyze --lrs`` (readable at 60 columns, NO_COLOR safe),
and its JSON beside the item analysis."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from aitrainer_cli.inert import inert_line
from aitrainer_cli.ui import console

if TYPE_CHECKING:
    from aitrainer_cli.analysis.stats import Analysis
    from aitrainer_cli.xapi.cohort import LearnerRow


def learners_table(learners: Sequence[LearnerRow]) -> Table:
    """One row per learner: attempts, best and latest score, readiness."""
    table = Table(title="Learners", box=box.SIMPLE, title_justify="left", expand=False)
    table.add_column("learner", overflow="fold", ratio=3)
    table.add_column("tries", justify="right")
    table.add_column("best", justify="right")
    table.add_column("latest", justify="right")
    table.add_column("readiness", overflow="fold")
    for row in learners:
        table.add_row(
            Text(inert_line(row.learner)),
            str(row.attempts),
            f"{row.best:.0f}%",
            f"{row.latest:.0f}%",
            Text(f"{row.readiness} (target {row.pass_mark:.0f}%)"),
        )
    return table


def show_learners(learners: Sequence[LearnerRow]) -> None:
    """Print the learners' table (or say there is no one)."""
    out = console.stdout()
    if not learners:
        out.print(Text("No finished attempts in the LRS yet."))
        return
    out.print(learners_table(learners))


def write_cohort_json(analysis: Analysis, learners: Sequence[LearnerRow], stream: TextIO) -> None:
    """The item analysis's JSON document with a ``learners`` list beside its forms."""
    from aitrainer_cli.analysis.output import form_dict

    document = {
        "format": 1,
        "records": analysis.records,
        "skipped": analysis.skipped,
        "forms": [form_dict(form) for form in analysis.forms],
        "learners": [asdict(row) for row in learners],
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
