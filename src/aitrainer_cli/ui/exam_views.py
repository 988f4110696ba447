"""Views around exams that are not the exam itself: the list of blueprints."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from aitrainer_cli.banks.catalog import Catalog
from aitrainer_cli.ui import console


def show_blueprints(catalog: Catalog) -> None:
    """The exam blueprints: id and title, questions, time limit, target and feedback."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("exam", overflow="fold", min_width=14)
    for column in ("n", "time", "target"):
        table.add_column(column, no_wrap=True, justify="right")
    for blueprint in sorted(catalog.blueprints.values(),
                            key=lambda b: (b.feedback == "immediate", b.id)):
        name = Text(blueprint.id, style="bold")
        name.append("\n" + blueprint.title, style="dim")
        if blueprint.feedback == "immediate":
            name.append(" (feedback after each answer)", style="dim")
        table.add_row(name, str(blueprint.question_count), blueprint.time_limit or "untimed",
                      f"{blueprint.pass_mark:g}%")
    out = console.stdout()
    out.print(table)
    out.print(Text("Take one with: aitrainer exam ID", style="dim"))
