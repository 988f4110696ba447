"""``aitrainer guide``: which guideline, and which of its sections, the words on the line ask for.

``guide`` alone shows the only loaded guideline, or lists them when there are several;
``guide BANK`` shows that bank's; then a section id shows that section, and other words show
the sections whose heading or text holds every word. Words that do not start with a bank id,
with several guidelines loaded, are looked for in all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aitrainer_cli.banks.guideline import GuideHits, Guideline, GuideList, GuidePage
from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog


def find_guide(catalog: Catalog, words: Sequence[str]) -> GuidePage | GuideList | GuideHits:
    """The page ``words`` ask for; a usage error names what is unknown and what is near."""

    guidelines = catalog.guidelines
    if not guidelines:
        raise UsageError(
            "no loaded bank has a guideline",
            hint="a bank names one in its header (guideline: FILE.md); load it with --banks",
        )
    if words and words[0] in catalog.banks:
        bank_id, rest = words[0], list(words[1:])
        if bank_id not in guidelines:
            raise UsageError(
                f"bank {inert_line(bank_id)!r} has no guideline",
                hint="banks with one: " + ", ".join(sorted(guidelines)),
            )
    elif len(guidelines) == 1:
        bank_id, rest = next(iter(guidelines)), list(words)
    elif not words:
        return GuideList(tuple(sorted(guidelines.items())))
    else:
        return _everywhere(guidelines, list(words))
    return _page(bank_id, guidelines[bank_id], rest)


def _everywhere(guidelines: dict[str, Guideline], words: list[str]) -> GuidePage | GuideHits:
    """The sections of every guideline that are ``words`` (a section id) or hold them."""
    from aitrainer_cli.banks.catalog import did_you_mean

    pages = []
    for bank_id, guideline in sorted(guidelines.items()):
        try:
            pages.append(_page(bank_id, guideline, words))
        except UsageError:
            continue
    if len(pages) == 1:
        return pages[0]
    if pages:
        return GuideHits(tuple(pages))
    shown = " ".join(words)
    close = did_you_mean(words[0], guidelines, "bank")
    raise UsageError(
        f"no bank with a guideline has the id {inert_line(words[0])!r}, and no guideline has a "
        f"section {inert_line(shown)!r} or one holding those words",
        hint=close if close.startswith("did you mean") else "'aitrainer guide' lists them",
    )


def _page(bank_id: str, guideline: Guideline, words: list[str]) -> GuidePage:
    from aitrainer_cli.banks.catalog import did_you_mean

    if not words:
        return GuidePage(bank_id, guideline)
    if len(words) == 1 and guideline.section(words[0]) is not None:
        section = guideline.section(words[0])
        assert section is not None
        return GuidePage(bank_id, guideline, (section,), f"section {section.id}")
    found = guideline.matching(words)
    shown = " ".join(words)
    if not found:
        ids = list(dict.fromkeys(section.id for section in guideline.sections))
        raise UsageError(
            f"no section of the {inert_line(bank_id)} guideline is {inert_line(shown)!r} or "
            "holds those words",
            hint=did_you_mean(words[0] if len(words) == 1 else "-".join(words), ids, "section"),
        )
    plural = "s" if len(found) != 1 else ""
    caption = f"{len(found)} section{plural} matching {shown!r}"
    return GuidePage(bank_id, guideline, tuple(found), inert_line(caption))
