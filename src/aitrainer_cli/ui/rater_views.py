"""``aitrainer progress``: "How you judge" (the rater profile) and "How sure you were"
(calibration), each figure with its n and a sentence, only once it rests on enough answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from aitrainer_cli.progress.rater_profile import RaterProfile


def rater_profile_view(profile: RaterProfile | None) -> RenderableType:
    """The figures with enough data behind them; otherwise what is still needed."""
    title = Text("How you judge", style="bold")
    shown = profile.shown if profile is not None else ()
    if not shown:
        return Group(
            title,
            Text(
                "Not enough judgements yet: answer at least 5 side-by-side, rating or "
                "claim-check items (and safety items of both kinds) to see your habits.",
                style="dim",
            ),
        )
    grid = Table.grid(padding=(0, 0))
    grid.add_column(no_wrap=True, width=2)
    grid.add_column(overflow="fold")
    for figure in shown:
        line = Text(f"{figure.title} (n={figure.n}): ", style="bold")
        line.append(figure.sentence, style="")
        grid.add_row("", line)
    lines: list[RenderableType] = [title, grid]
    lines.append(
        Text(
            "(the measures platforms keep on raters; n: judgements behind each figure)",
            style="dim",
        )
    )
    return Group(*lines)
