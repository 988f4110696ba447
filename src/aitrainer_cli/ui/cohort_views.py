"""The per-learner table of ``aitrainer analyze --lrs`` (readable at 60 columns, NO_COLOR safe),
and its JSON beside the item analysis."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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


@contextmanager
def reading_progress() -> Iterator[Callable[[int], None]]:
    """A count of the statements read so far, on stderr (a terminal only), fed page sizes."""
    err = console.stderr()
    if not err.is_terminal:
        yield lambda size: None
        return
    read = 0
    with err.status("Reading statements from the LRS…") as status:

        def update(size: int) -> None:
            nonlocal read
            read += size
            status.update(f"Reading statements from the LRS… {read}")

        yield update


def learners_table(learners: Sequence[LearnerRow]) -> Table:
    """One row per learner: attempts, best and latest score, the target, readiness. When every
    account is on one home page, the title names it once and the rows show the names."""
    pages = {row.learner.partition("@")[2] for row in learners}
    shared = next(iter(pages)) if len(pages) == 1 and "" not in pages else None
    title = "Learners" + (f" (accounts on {inert_line(shared)})" if shared else "")
    table = Table(title=title, box=box.SIMPLE, title_justify="left", pad_edge=False)
    table.add_column("learner", overflow="fold")
    table.add_column("tries", justify="right")
    table.add_column("best", justify="right")
    table.add_column("latest", justify="right")
    table.add_column("target", justify="right")
    table.add_column("readiness", no_wrap=True)
    for row in learners:
        name = row.learner.partition("@")[0] if shared else row.learner
        table.add_row(
            Text(inert_line(name)),
            str(row.attempts),
            f"{row.best:.0f}%",
            f"{row.latest:.0f}%",
            f"{row.pass_mark:.0f}%",
            row.readiness,
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
