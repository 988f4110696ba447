"""The figures of ``aitrainer progress`` that must not read rosier than the data: score trends
kept apart by kind, mastery and weakest topics over distinct questions with their interval, and
readiness with what it rests on. Built for 60 columns and NO_COLOR (words, never colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.progress.graded_answers import RECENT_ANSWERS
from aitrainer_cli.progress.intervals import percent_words

if TYPE_CHECKING:
    from aitrainer_cli.progress.stats import Mastery, Readiness, ScoreTrend

BAR_WIDTH = 20
SPARKS = "▁▂▃▄▅▆▇█"
TREND_TITLES = {"exam": "Exam scores", "practice": "Practice and review scores"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def sparkline(values: Sequence[float]) -> str:
    """Percentages 0..100 as block characters, one per value."""
    return "".join(SPARKS[min(len(SPARKS) - 1, int(value / 100 * len(SPARKS)))] for value in values)


def trend_words(change: float | None) -> str:
    """A trend in words: up, down or steady, with the size of the change."""
    if change is None:
        return "no trend yet"
    if abs(change) < 1:
        return "steady"
    return f"{'up' if change > 0 else 'down'} {abs(change):.1f} points"


def trend_view(trend: ScoreTrend) -> RenderableType:
    """One kind's latest scores as bars, oldest first, with its own trend."""
    title = Text(f"{TREND_TITLES.get(trend.kind, trend.kind)}: ", style="bold")
    if not trend.scores:
        title.append("none graded yet", style="dim")
        return title
    title.append(f"last {len(trend.scores)} ")
    title.append(sparkline([s.percent for s in trend.scores]))
    title.append(f"  trend: {trend_words(trend.change)}", style="bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for score in trend.scores:
        grid.add_row(
            f"#{score.attempt_id}",
            score.started_at.astimezone().strftime("%m-%d"),
            _bar(score.percent / 100),
            f"{score.percent:.0f}%",
        )
    return Group(title, grid)


def trends_view(trends: Sequence[ScoreTrend]) -> RenderableType:
    """Exams and practice apart: a practice streak never lifts the exam trend."""
    note = Text("(trend: newer half against older half; bars oldest first)", style="dim")
    return Group(*(trend_view(trend) for trend in trends), note)


def mastery_view(mastery: Sequence[Mastery]) -> RenderableType:
    """Recent accuracy per topic, grouped by bank: n distinct questions, and a likely range
    when n is small."""
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        title_justify="left",
        title=f"Mastery by topic (latest answer to each of the last {RECENT_ANSWERS} questions)",
        title_style="bold",
    )
    table.add_column("topic", overflow="fold", ratio=1)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("accuracy", overflow="fold")
    bank = None
    for row in mastery:
        if row.bank_id != bank:
            bank = row.bank_id
            table.add_row(Text(bank, style="bold"))
        table.add_row(
            Text("  " + row.topic),
            str(row.items),
            f"{_bar(row.accuracy, 6)} "
            + percent_words(row.accuracy, row.items, row.interval, short=True),
        )
    note = Text(
        "n: distinct questions (repeats count once); where n is small, the range in brackets "
        "is where your accuracy likely lies (95% Wilson interval).",
        style="dim",
    )
    return Group(table, note)


def weakest_view(weakest: Sequence[Mastery]) -> RenderableType:
    """The weakest topics, surest first, and how to drill the first one."""
    if not weakest:
        return Text("Weakest topics: none yet (no topic has lost credit).", style="dim")
    lines = [Text("Weakest topics (lowest likely accuracy first)", style="bold")]
    lines += [
        Text(
            f"  {row.topic}: {percent_words(row.accuracy, row.items, row.interval)}, n={row.items}"
        )
        for row in weakest
    ]
    lines.append(Text(f"Drill it: aitrainer practice --topic {weakest[0].topic}", style="dim"))
    return Group(*lines)


def readiness_view(readiness: Sequence[Readiness]) -> RenderableType:
    """One entry per blueprint: the estimate and its range against the target, and what it
    rests on."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for row in readiness:
        about = Text(row.blueprint_id, style="bold")
        about.append(
            f" · target {row.pass_mark:g}%" + ("" if row.estimate is None else f" · {row.verdict}")
        )
        if row.estimate is not None and row.interval is not None:
            about.append(
                f"\nlikely {100 * row.interval.low:.0f}–{100 * row.interval.high:.0f}% "
                f"({_plural(row.items, 'question')})"
            )
        about.append(f"\n{row.method}", style="dim")
        grid.add_row("—" if row.estimate is None else f"≈{row.estimate:.0f}%", about)
    title = "Readiness (an estimate from your answered questions, not a promise)"
    return Group(Text(title, style="bold"), grid)
