"""A bank's guideline: a Markdown file beside the bank, cut into sections by its headings.

A section is an ATX heading (``#`` to ``######``) and everything under it up to the next heading
of the same or a higher level (its subsections included). Its id is the heading's GitHub-style
slug (lower case, punctuation dropped, spaces as hyphens: ``## Ties & near-ties`` is
``ties--near-ties``) unless the heading ends with an explicit ``{#id}``. Headings inside fenced
code blocks are text. Ids must be unique in a guideline; problems are returned, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aitrainer_cli.banks.codes import Code

MAX_GUIDELINE_BYTES = 1_000_000
"""A guideline longer than this is refused: a rating guideline is tens of kilobytes."""

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_EXPLICIT = re.compile(r"[ \t]*\{#([A-Za-z0-9][A-Za-z0-9_-]{0,79})\}$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_DROPPED = re.compile(r"[^\w\- ]")


@dataclass(frozen=True, slots=True)
class GuideIssue:
    """A problem of the guideline file, at a line and column of it."""

    line: int
    column: int
    code: Code
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class GuideSection:
    """One heading of the guideline and the Markdown under it."""

    id: str
    title: str
    level: int
    line: int
    markdown: str
    """The heading and everything up to the next heading of its level or above (explicit
    ``{#id}`` marks removed, so they do not show)."""
    own_text: str
    """The text under the heading before any subheading: what a word search reads."""

    @property
    def first_paragraph(self) -> str:
        """The first paragraph under the heading (quoted by feedback and review)."""
        block: list[str] = []
        for line in self.own_text.splitlines():
            if line.strip():
                block.append(line.strip())
            elif block:
                break
        return " ".join(block)


@dataclass(frozen=True, slots=True)
class Guideline:
    """A parsed guideline: where it is, its title, its sections in file order."""

    path: str
    """The display form of the file's name (inert where printed)."""
    title: str
    sections: tuple[GuideSection, ...] = ()
    issues: tuple[GuideIssue, ...] = field(default=(), compare=False)

    def section(self, section_id: str) -> GuideSection | None:
        """The section with this id, if any."""
        return next((s for s in self.sections if s.id == section_id), None)

    def sections_for(self, ids: Iterable[str]) -> list[GuideSection]:
        """The sections named (in the order given), skipping ids that do not resolve."""
        found = (self.section(section_id) for section_id in ids)
        return [section for section in found if section is not None]

    def matching(self, words: Sequence[str]) -> list[GuideSection]:
        """The sections whose heading or own text holds every word (case-insensitive)."""
        wanted = [word.casefold() for word in words if word.strip()]
        return [
            section
            for section in self.sections
            if wanted
            and all(word in f"{section.title}\n{section.own_text}".casefold() for word in wanted)
        ]

    @property
    def markdown(self) -> str:
        """The whole guideline as shown (explicit ids removed)."""
        return "\n\n".join(s.markdown for s in self.sections if s.level == self.top_level)

    @property
    def top_level(self) -> int:
        return min((s.level for s in self.sections), default=1)


@dataclass(frozen=True, slots=True)
class GuidePage:
    """What to show of one guideline: all of it (no sections), or these sections."""

    bank_id: str
    guideline: Guideline
    sections: tuple[GuideSection, ...] = ()
    caption: str = ""
    """Why these sections ('sections matching "tie"'), empty for the whole guideline."""


@dataclass(frozen=True, slots=True)
class GuideList:
    """Several guidelines are loaded and none was named: (bank id, guideline) pairs."""

    guidelines: tuple[tuple[str, Guideline], ...]


@dataclass(frozen=True, slots=True)
class GuideHits:
    """Words looked for in every loaded guideline: the matching sections of each, in bank order."""

    pages: tuple[GuidePage, ...]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = _LINK.sub(r"\1", heading).strip().lower()
    return _DROPPED.sub("", text).replace(" ", "-")


def read_guideline(path: Path, display: str, fallback_title: str) -> Guideline:
    """Read and parse the file; an unreadable or oversized one gives a guideline with no
    sections and one issue."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_GUIDELINE_BYTES + 1)
    except OSError as error:
        return _broken(display, fallback_title, Code.UNREADABLE_GUIDELINE, error.strerror or "")
    if len(raw) > MAX_GUIDELINE_BYTES:
        return _broken(
            display,
            fallback_title,
            Code.GUIDELINE_TOO_LARGE,
            f"larger than {MAX_GUIDELINE_BYTES // 1000} kB",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _broken(
            display, fallback_title, Code.UNREADABLE_GUIDELINE, f"not UTF-8 text ({error.reason})"
        )
    return parse_guideline(text, display, fallback_title)


def _broken(display: str, title: str, code: Code, why: str) -> Guideline:
    issue = GuideIssue(1, 1, code, f"cannot read the guideline: {why}")
    return Guideline(display, title, (), (issue,))


@dataclass(slots=True)
class _Heading:
    line: int
    level: int
    title: str
    id: str
    explicit: bool


def parse_guideline(text: str, display: str, fallback_title: str) -> Guideline:
    """The sections of Markdown ``text``, and its problems (duplicate ids, no headings)."""
    lines = text.splitlines()
    headings = list(_headings(lines))
    cleaned = list(lines)
    for heading in headings:
        cleaned[heading.line - 1] = "#" * heading.level + " " + heading.title
    sections = []
    for n, heading in enumerate(headings):
        end = next((h.line - 1 for h in headings[n + 1 :] if h.level <= heading.level), len(lines))
        own_end = headings[n + 1].line - 1 if n + 1 < len(headings) else len(lines)
        sections.append(
            GuideSection(
                heading.id,
                heading.title,
                heading.level,
                heading.line,
                "\n".join(cleaned[heading.line - 1 : end]).strip("\n"),
                "\n".join(lines[heading.line : own_end]),
            )
        )
    title = next((h.title for h in headings if h.level == 1), fallback_title)
    return Guideline(display, title, tuple(sections), tuple(_issues(headings)))


def _headings(lines: Sequence[str]) -> Iterator[_Heading]:
    fence = ""
    for number, line in enumerate(lines, 1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        match = _HEADING.match(line)
        if match is None:
            continue
        title = _CLOSING.sub("", match.group(2) or "").strip()
        explicit = _EXPLICIT.search(title)
        if explicit:
            title = title[: explicit.start()].strip()
        section_id = explicit.group(1) if explicit else slug(title)
        yield _Heading(number, len(match.group(1)), title, section_id, explicit is not None)


def _issues(headings: Sequence[_Heading]) -> Iterator[GuideIssue]:
    if not headings:
        yield GuideIssue(
            1,
            1,
            Code.GUIDELINE_NO_SECTIONS,
            "the guideline has no headings, so items cannot point to a section",
            "start each section with a Markdown heading such as '## Verbosity'",
        )
    seen: dict[str, int] = {}
    for heading in headings:
        if not heading.id:
            yield GuideIssue(
                heading.line,
                1,
                Code.GUIDELINE_EMPTY_ID,
                f"the heading {heading.title!r} gives no section id",
                "give it words, or an explicit id: '## … {#my-id}'",
            )
        elif heading.id in seen:
            yield GuideIssue(
                heading.line,
                1,
                Code.DUPLICATE_SECTION_ID,
                f"section id {heading.id!r} is already used by the heading on line "
                f"{seen[heading.id]}",
                "rename one heading, or give it an explicit id: '## … {#other-id}'",
            )
        seen.setdefault(heading.id, heading.line)
