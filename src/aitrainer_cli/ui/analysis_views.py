"""Render an item analysis: one table per form, readable at 60 columns.

Flags are spelled out in words (never colour alone) and output goes through the shared
console, so NO_COLOR is respected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.inert import inert_line
from aitrainer_cli.ui import console

if TYPE_CHECKING:
    from aitrainer_cli.analysis.stats import Analysis, Flag, FormStats, ItemStats

FLAG_WORDS = {
    "hard": "too hard (facility < 0.2)",
    "easy": "too easy (facility > 0.95)",
    "negative-discrimination": "negative discrimination",
    "low-discrimination": "low discrimination (< 0.1)",
}
LEGEND = (
    "facility: mean credit · discr.: correlation with the score on the other questions · "
    "time: mean seconds · * keyed option"
)


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def flag_words(flag: Flag) -> str:
    if flag.code == "weak-distractor":
        return f"distractor {inert_line(flag.option or '')} chosen by < 5%"
    return FLAG_WORDS.get(flag.code, flag.code)


def _question_cell(item: ItemStats) -> Text:
    cell = Text(inert_line(item.question_id), style="bold")
    if item.type:
        cell.append(f" {inert_line(item.type)}", style="dim")
    if item.choices:
        shares = "  ".join(
            f"{inert_line(option)}{'*' if option in item.keyed else ''} {100 * share:.0f}%"
            for option, share in item.choices.items()
        )
        cell.append(f"\n{shares}", style="dim")
    for flag in item.flags:
        cell.append(f"\n⚑ {flag_words(flag)}", style="yellow")
    return cell


def form_view(form: FormStats) -> RenderableType:
    """The form's heading (learners, alpha) and a row per question."""
    alpha = (
        f"α {form.alpha:.2f} (over {form.alpha_learners} learners with every question)"
        if form.alpha is not None
        else "α — (needs two learners who had every question)"
    )
    title = f"{inert_line(form.blueprint)} · {form.learners} learners · {alpha}"
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        title=title,
        title_justify="left",
        title_style="bold",
    )
    table.add_column("question", overflow="fold", ratio=1)
    for name in ("n", "facility", "discr.", "time"):
        table.add_column(name, justify="right", no_wrap=True)
    for item in form.items:
        table.add_row(
            _question_cell(item),
            str(item.n),
            _figure(item.facility),
            _figure(item.discrimination),
            _figure(item.mean_seconds, 0),
        )
    return table


def analysis_view(analysis: Analysis) -> RenderableType:
    flagged = sum(bool(item.flags) for form in analysis.forms for item in form.items)
    parts: list[RenderableType] = []
    for form in analysis.forms:
        parts += [form_view(form), Text()]
    summary = f"{flagged} question{'' if flagged == 1 else 's'} flagged."
    if analysis.skipped:
        summary += f" {analysis.skipped} answers from repeat attempts at a form left out."
    parts += [Text(summary, style="bold"), Text(LEGEND, style="dim")]
    return Group(*parts)


def show_analysis(analysis: Analysis) -> None:
    console.stdout().print(analysis_view(analysis))
