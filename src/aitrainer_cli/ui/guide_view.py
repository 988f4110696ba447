"""The guideline on screen: ``aitrainer guide`` pages, the list of guidelines, and the section
notes feedback and review show under an item's explanation.

Guideline text is Markdown from a bank: it is only ever rendered through ``BankMarkdown`` or
``bank_text``, so nothing in the file reaches the terminal as a live control sequence.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from aitrainer_cli.ui.markup import BankMarkdown, bank_text

if TYPE_CHECKING:
    from rich.console import Console

    from aitrainer_cli.banks.guideline import (
        GuideHits,
        Guideline,
        GuideList,
        GuidePage,
        GuideSection,
    )
    from aitrainer_cli.ui.guide_viewer import Guide


def contents(guideline: Guideline, bank_id: str) -> RenderableType:
    """The section ids, indented by level, for ``aitrainer guide BANK SECTION``."""
    lines = Text(f"Sections (aitrainer guide {bank_id} SECTION):\n", style="bold")
    top = guideline.top_level
    for section in guideline.sections:
        lines.append("  " * (section.level - top + 1))
        lines.append(bank_text(section.id, style="cyan"))
        lines.append(bank_text(f"  {section.title}\n"))
    return lines


def guide_page(page: GuidePage) -> RenderableType:
    """A guideline, whole (with its contents first) or as the sections asked for."""
    guideline = page.guideline
    title = bank_text(guideline.title, style="bold")
    title.append(f"  ({page.caption or 'whole guideline'} · bank {page.bank_id})", style="dim")
    parts: list[RenderableType] = [title, Text()]
    if not page.sections:
        parts += [contents(guideline, page.bank_id), BankMarkdown(guideline.markdown)]
    for section in page.sections:
        parts += [bank_text(f"§ {section.id}", style="dim"), BankMarkdown(section.markdown)]
    return Group(*parts)


def guide_list(found: GuideList) -> RenderableType:
    """The loaded guidelines, one line each, and how to open one."""
    lines = Text("Guidelines of the loaded banks:\n", style="bold")
    for bank_id, guideline in found.guidelines:
        count = len(guideline.sections)
        lines.append(f"  {bank_id}", style="cyan")
        lines.append(bank_text(f"  {guideline.title} ({count} sections)\n"))
    lines.append("Open one with: aitrainer guide BANK [SECTION | words…]", style="dim")
    return lines


def show_guide(console: Console, shown: GuidePage | GuideList | GuideHits, *, paged: bool) -> None:
    """Print ``shown``; in a pager when ``paged`` (Rich's pager: ``$PAGER``, else ``less``).

    Styles go to the pager only when it will show them (``LESS`` or ``PAGER`` has ``-R``) and
    NO_COLOR is unset; otherwise the pager gets plain text.
    """
    from aitrainer_cli.banks.guideline import GuideHits, GuideList

    renderable: RenderableType
    if isinstance(shown, GuideList):
        renderable = guide_list(shown)
    elif isinstance(shown, GuideHits):
        renderable = Group(*(guide_page(page) for page in shown.pages))
    else:
        renderable = guide_page(shown)
    if not paged or isinstance(shown, GuideList):
        console.print(renderable)
        return
    with console.pager(styles=_pager_styles()):
        console.print(renderable)


def _pager_styles() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    less, pager = os.environ.get("LESS", ""), os.environ.get("PAGER", "")
    return "R" in less.lstrip("-") or "-R" in pager.split()


def guide_notes(sections: Sequence[GuideSection]) -> RenderableType | None:
    """Each referenced section named, with its first paragraph quoted (feedback and review)."""
    if not sections:
        return None
    parts: list[RenderableType] = []
    for section in sections:
        name = Text("Guideline: ", style="bold")
        name.append(bank_text(f"{section.title} ({section.id})", style="bold cyan"))
        parts.append(name)
        if section.first_paragraph:
            parts.append(BankMarkdown("> " + section.first_paragraph))
    return Group(*parts)


def viewer_guide(guideline: Guideline, anchors: Sequence[str]) -> Guide:
    """What the in-attempt viewer shows: every section (its own heading and text, in file
    order, so the viewer can open at any one) and the item's sections to open at."""
    from aitrainer_cli.ui.guide_viewer import Guide

    parts = tuple(
        (
            section.id,
            BankMarkdown("#" * section.level + " " + section.title + "\n\n" + section.own_text),
        )
        for section in guideline.sections
    )
    return Guide(guideline.title, parts, tuple(anchors))


def open_book_note(*, timed: bool = True) -> RenderableType:
    """Said before an open-book attempt starts: how to open the guideline, and (when a clock
    runs) that the clock does not stop for it."""
    clock = "; the clock keeps running while you read." if timed else "."
    return Text(
        "Open book: press g (Ctrl-G while typing an answer) to read the guideline at this "
        f"question's sections{clock}",
        style="cyan",
    )
