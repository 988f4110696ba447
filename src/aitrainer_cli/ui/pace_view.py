"""The result page's "Time per question" and "Study next" blocks (60 columns and up, NO_COLOR:
every figure in words)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.exam.pace import pace, study_next
from aitrainer_cli.items import TITLES

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.results import ExamResult


def _seconds(value: float) -> str:
    minutes, rest = divmod(round(value), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


def pace_view(result: ExamResult) -> RenderableType | None:
    """Mean time per question against the limit's pace, and the slowest questions."""
    found = pace(result)
    if found is None or found.total < 1:  # answered from a file or a pipe: no time to show
        return None
    line = Text(f"Time per question: {_seconds(found.mean)} on average")
    if found.allowed is not None:
        line.append(f" (the limit allows {_seconds(found.allowed)})")
        if found.mean > found.allowed:
            line.append(": slower than the pace a screening needs", style="bold")
    lines: list[RenderableType] = [Text(), Text("Pace", style="bold"), line]
    slowest = [item for item in found.slowest if item.seconds >= 1]
    if slowest:
        lines.append(Text("Slowest:"))
    for item in slowest:
        kind = TITLES.get(item.type, item.type)
        lines.append(
            Text(f"  #{item.position + 1} {_seconds(item.seconds)} · {kind} · {item.verdict}")
        )
    return Group(*lines)


def study_next_view(result: ExamResult, entries: Mapping[str, Entry]) -> RenderableType | None:
    """The weakest topics of this attempt with the command to drill each and the guideline
    sections to read."""
    topics = study_next(result, entries)
    if not topics:
        return None
    lines: list[RenderableType] = [Text(), Text("Study next", style="bold")]
    for topic in topics:
        share = 100 * (1 - topic.lost / topic.possible) if topic.possible else 0.0
        head = Table.grid()
        head.add_column(no_wrap=True, width=2)
        head.add_column(overflow="fold")
        head.add_row("", f"{topic.bank_id} / {topic.topic}: {share:.0f}% of its points")
        lines.append(head)
        commands = Table.grid(padding=(0, 1))
        commands.add_column(no_wrap=True, style="dim")
        commands.add_column(overflow="fold", style="dim")
        commands.add_row("    drill:", topic.drill)
        for command in topic.read:
            commands.add_row("    read:", command)
        lines.append(commands)
    return Group(*lines)
