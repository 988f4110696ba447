"""Exam blueprints: timed screenings made of sections that draw questions by filter."""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import FormatVersion, Level, Slug, Stated, Strict, Text, Whole
from aitrainer_cli.banks.problems import Problem
from aitrainer_cli.items import ITEM_TYPES

_FORM = r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?"
_DURATION = re.compile(_FORM)
DURATION_PATTERN = rf"^(?=.*[1-9]){_FORM}$"
"""A duration as the JSON Schema states it: the form, and some digit that is not zero. That it
is at most 24h is arithmetic, checked by ``parse_duration`` alone."""

if TYPE_CHECKING:
    ItemType = str
else:
    ItemType = Literal[ITEM_TYPES]
"""An item type's name, as a section filters by it."""


MAX_SECTION_COUNT = 500
"""The most questions a section (and so a composed exam) may draw."""
MAX_TIME_LIMIT = 24 * 3600
"""The longest time limit in seconds: no screening runs longer than a day."""


def parse_duration(text: str) -> int:
    """Seconds in ``90s``, ``25m`` or ``1h30m`` (digits 0-9, nothing around them); ValueError
    for anything else."""
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise ValueError(f"{reprlib.repr(text)} is not a duration like 90s, 25m or 1h30m")
    if any(len(group or "") > 6 for group in match.groups()):
        raise ValueError("a time limit is at most 24h")
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if total <= 0:
        raise ValueError("a time limit must be longer than zero")
    if total > MAX_TIME_LIMIT:
        raise ValueError("a time limit is at most 24h")
    return total


Duration = Annotated[
    str, StringConstraints(min_length=2, max_length=12), Stated(pattern=DURATION_PATTERN)
]
"""A time limit (``25m``): its form is checked by ``Blueprint.problems``, which says why not."""


class Section(Strict):
    """A slice of the exam: ``count`` questions matching every filter that is given."""

    title: Text
    count: Whole = Field(ge=1, le=MAX_SECTION_COUNT)
    banks: list[Slug] = Field(default_factory=list)
    topics: list[Slug] = Field(default_factory=list)
    types: list[ItemType] = Field(default_factory=list)
    difficulty: list[Level] = Field(default_factory=list)


class Blueprint(Strict):
    """A reusable exam form."""

    id: Slug
    title: Text
    description: Text | None = None
    time_limit: Duration | None = None
    pass_mark: float = Field(default=80, ge=0, le=100)
    """A *practice target* in percent: platforms publish no cut-offs."""
    feedback: Literal["end", "immediate"] = "end"
    shuffle: bool = True
    open_book: bool = False
    """The learner may open the banks' guidelines during the attempt (key ``g``)."""
    confidence: bool = False
    """Ask after each answer how sure the learner is (guess / unsure / sure), for calibration."""
    probes: int = Field(default=0, ge=0, le=20)
    """Add this many consistency probes: side-by-side items repeated with A and B exchanged."""
    strict_clock: bool = False
    """A real screening's rules: the clock runs through pauses and between saving and resuming
    (by default a pause stops it)."""
    sections: list[Section] = Field(min_length=1, max_length=20)

    @property
    def time_limit_seconds(self) -> int | None:
        return parse_duration(self.time_limit) if self.time_limit else None

    @property
    def question_count(self) -> int:
        return sum(section.count for section in self.sections)

    def problems(self) -> Iterator[Problem]:
        if self.time_limit is not None:
            try:
                parse_duration(self.time_limit)
            except ValueError as error:
                yield Problem(("time_limit",), Code.BAD_DURATION, str(error))
        titles = [section.title for section in self.sections]
        if len(set(titles)) != len(titles):
            yield Problem(("sections",), Code.DUPLICATE_SECTION, "two sections share a title")
        if self.strict_clock and self.time_limit is None:
            yield Problem(
                ("strict_clock",),
                Code.STRICT_CLOCK_UNTIMED,
                "strict_clock: true needs a time_limit: an untimed exam has no clock to keep",
            )


class ExamFile(Strict):
    """A blueprint file: ``format`` and ``exam``."""

    format: FormatVersion
    exam: Blueprint
