"""Views around exams that are not the exam itself: the list of blueprints."""

from __future__ import annotations

from rich.text import Text

from aitrainer_cli.banks.catalog import Catalog
from aitrainer_cli.ui import console
from aitrainer_cli.ui.bank_views import blueprint_table


def show_blueprints(catalog: Catalog) -> None:
    """The exam blueprints, screenings before drills, and how to take one."""
    blueprints = sorted(
        catalog.blueprints.values(), key=lambda b: (b.feedback == "immediate", b.id)
    )
    out = console.stdout()
    out.print(blueprint_table(blueprints, note_feedback=True))
    out.print(Text("Take one with: aitrainer exam ID", style="dim"))
