"""After an attempt: the result page, then a walk through all, wrong-only or marked items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from aitrainer_cli.exam.attempt import Status
from aitrainer_cli.ui.asking import Signal

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.results import ExamResult
    from aitrainer_cli.ui.asking import Asker

_SELECTIONS = (
    ("wrong", "Review what cost points"),
    ("all", "Review every question"),
    ("flagged", "Review the questions you marked"),
)


async def walk_through(
    result: ExamResult,
    entries: Mapping[str, Entry],
    asker: Asker,
    *,
    exam: bool = False,
    after: RenderableType | None = None,
    first: Sequence[int] = (),
) -> None:
    """Show the result, then let the learner page through the items they choose (``exam``:
    the pages say how machine-scored answers were scored). ``after`` is shown below the result
    (calibration); ``first``: form positions offered first for review (sure but wrong)."""
    from aitrainer_cli.ui.result_view import result_view, walkthrough_selection

    if result.status is Status.EXPIRED:
        asker.show(
            Text(
                "⏱ Time is up: the attempt was submitted with the answers given.", style="bold red"
            )
        )
    asker.show(result_view(result, entries, exam=exam))
    if after is not None:
        asker.show(after)
    while True:
        choices = [
            (which, f"{label} ({len(walkthrough_selection(result, which))})")
            for which, label in _SELECTIONS
            if walkthrough_selection(result, which)
        ]
        if first:
            choices.insert(0, ("first", f"Review what you were sure of but missed ({len(first)})"))
        chosen = await asker.choose(
            "Review your answers?",
            [*choices, ("done", "Done")],
            default=choices[0][0] if choices else "done",
        )
        if chosen in ("done", Signal.INTERRUPT, Signal.TIMEOUT):
            return
        await _page_through(result, entries, asker, str(chosen), exam, first)


async def _page_through(
    result: ExamResult,
    entries: Mapping[str, Entry],
    asker: Asker,
    which: str,
    exam: bool,
    first: Sequence[int] = (),
) -> None:
    from aitrainer_cli.ui.result_view import answer_page, walkthrough_selection

    if which == "first":
        items = [item for item in result.items if item.position in first]
    else:
        items = walkthrough_selection(result, which)
    index = 0
    while 0 <= index < len(items):
        item = items[index]
        entry = entries[item.question_id]
        page = answer_page(
            item,
            entry.question,
            len(result.items),
            entry.guideline,
            exam=exam,
            references=dict(entry.references),
            more_above=True,
        )
        asker.show(page)
        step = await asker.choose(
            f"Reviewed {index + 1} of {len(items)}",
            [("next", "Next"), ("prev", "Previous"), ("stop", "Back to the review menu")],
            default="next",
        )
        if step in ("stop", Signal.INTERRUPT, Signal.TIMEOUT):
            return
        index = index + 1 if step == "next" else max(0, index - 1)
