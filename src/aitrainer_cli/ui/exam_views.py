"""Views around exams that are not the questions themselves: the list of blueprints, an
attempt's introduction, the answer sheet, the notes on resuming and on saving."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.ui.asking import clock_text
from aitrainer_cli.ui.markup import bank_text

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog
    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.exam.attempt import Attempt
    from aitrainer_cli.progress.records import StoredAttempt
from aitrainer_cli.ui import console
from aitrainer_cli.ui.bank_views import blueprint_table
from aitrainer_cli.words import counted


def show_blueprints(catalog: Catalog) -> None:
    """The exam blueprints, screenings before drills, and how to take one."""
    blueprints = sorted(
        catalog.blueprints.values(), key=lambda b: (b.feedback == "immediate", b.id)
    )
    out = console.stdout()
    out.print(blueprint_table(blueprints, note_feedback=True))
    out.print(Text("Take one with: aitrainer exam ID", style="dim"))


def intro_view(form: ExamForm, mode: str, *, strict_clock: bool = False) -> Group:
    """What the attempt is: title, length, time limit, target, when feedback comes, how the
    clock treats a pause, its seed."""
    limit = form.time_limit_seconds
    timing = f"{clock_text(limit)} time limit" if limit else "untimed"
    feedback = "feedback after each answer" if mode != "exam" else "results at the end"
    review = form.blueprint_id == "review"  # drawn from what is due: no target, no seed
    facts = [counted(len(form.items), "question"), timing]
    facts += [] if review else [f"practice target {form.pass_mark:g}%"]
    parts: list[RenderableType] = [
        bank_text(form.title, style="bold"),
        Text(" · ".join([*facts, feedback])),
    ]
    if limit and strict_clock:
        parts.append(
            Text(
                "Strict timing, as on a real screening: the clock keeps running while you are "
                "paused and after you save and quit.",
                style="bold yellow",
            )
        )
    elif limit:
        parts.append(
            Text("Pausing stops the clock until you continue (or resume a saved attempt).")
        )
    if not review:
        parts.append(retake_line(form))
    return Group(*parts)


SMALLEST = (60, 20)
"""The smallest window (columns, rows) whose screens are laid out to fit."""


def window_warning(columns: int, rows: int) -> Text | None:
    """A warning when the terminal is smaller than the screens are laid out for; None if not."""
    if columns >= SMALLEST[0] and rows >= SMALLEST[1]:
        return None
    return Text(
        f"Your window is {columns}×{rows}; questions are laid out for at least "
        f"{SMALLEST[0]}×{SMALLEST[1]}, so some may be cut. Enlarge the window, or use --plain.",
        style="bold yellow",
    )


def retake_line(form: ExamForm) -> Text:
    """How to take this exact form again (a spaced review has no seed to give: it is drawn
    from what is due)."""
    return Text(f"Seed {form.seed}: retake this exact form with --seed {form.seed}", style="dim")


def resume_note(stored: StoredAttempt, changed: Sequence[str], partly: int = 0) -> Group:
    """Where a resumed attempt stands (``partly``: how many answers are tasks with parts still
    open), and which of its questions were edited meanwhile."""
    answered = sum(1 for state in stored.snapshot.states if state.answered) - partly
    left = clock_text(stored.snapshot.remaining)
    parts = [
        Text(
            f"Resuming attempt {stored.id}: {answered} of {len(stored.form.items)} "
            f"answered"
            + (f", {partly} partly (resumed at the first open part)" if partly else "")
            + (f", {left} left" if left else ""),
            style="bold",
        )
    ]
    if changed:
        parts.append(
            Text(
                f"Note: {counted(len(changed), 'question')} "
                f"{'was' if len(changed) == 1 else 'were'} edited since you started "
                f"({', '.join(changed[:3])}); they are shown and scored as they are "
                "now.",
                style="yellow",
            )
        )
    return Group(*parts)


def saved_note(attempt: Attempt) -> Text:
    """What was kept when the learner saved and quit."""
    count = len(attempt.form.items) - len(attempt.unanswered())
    partly = sum(1 for i in attempt.unanswered() if attempt.state(i).answered)
    more = f" ({partly} more partly answered, its parts kept)" if partly else ""
    left = clock_text(attempt.remaining())
    kept = f"{counted(count, 'answer')} kept{more}"
    return Text(
        (f"Saved with {left} left and {kept}. " if left else f"Saved (untimed), {kept}. ")
        + "Continue with: aitrainer resume",
        style="bold",
    )


def review_intro(why: str, *, to_stderr: bool) -> None:
    """Why these questions are up for spaced review."""
    out = console.stderr() if to_stderr else console.stdout()
    out.print(Text(f"Spaced review: {why}.", style="bold"))


SHEET_MARKS = {"answered": "●", "partly": "◐", "blank": "○"}
"""The sheet's marks: filled for an answer given (not a tick: nothing is graded yet)."""


def sheet_view(attempt: Attempt) -> Table:
    """The answer sheet: every question's number with ● answered, ◐ partly, ○ blank, ⚑ marked."""
    table = Table.grid(padding=(0, 2))
    cells = []
    partly = False
    for index, state in enumerate(attempt.states):
        cell = Text(f"{index + 1:>2} ")
        kind = "answered" if attempt.is_finished(index) else "partly" if state.answered else "blank"
        partly = partly or kind == "partly"
        cell.append(SHEET_MARKS[kind], style="bold" if kind == "answered" else "dim")
        cell.append("⚑" if state.flagged else " ", style="yellow")
        cells.append(cell)
    columns = 6
    for _ in range(columns):
        table.add_column()
    for row in range(0, len(cells), columns):
        table.add_row(*cells[row : row + columns])
    legend = Text(
        "● answered (not graded yet)  "
        + ("◐ partly answered  " if partly else "")
        + "○ unanswered  ⚑ marked for review",
        style="dim",
    )
    outer = Table.grid()
    outer.add_row(table)
    outer.add_row(legend)
    return outer
