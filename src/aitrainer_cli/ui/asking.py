"""The asker interface: what the exam loop needs from a way of asking (interactive or plain).

An asker shows one question and returns an outcome: an answer, an action (skip, flag, back, the
answer sheet), a timeout, or an interrupt (Ctrl-C / end of input). It also asks small menus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.items import Question

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aitrainer_cli.banks.guideline import Guideline


class Action(StrEnum):
    SKIP = "skip"
    FLAG = "flag"
    BACK = "back"
    SHEET = "sheet"


class Signal(StrEnum):
    TIMEOUT = "timeout"
    INTERRUPT = "interrupt"


@dataclass(frozen=True, slots=True)
class Answer:
    response: object


Outcome = Answer | Action | Signal


@dataclass(frozen=True, slots=True)
class AskContext:
    """Everything an asker shows around one question."""

    question: Question
    item: FormItem
    number: int
    total: int
    response: object = None
    """The answer already given, when revisiting."""
    flagged: bool = False
    can_go_back: bool = True
    remaining: Callable[[], float | None] = lambda: None
    """Seconds left right now (None when untimed)."""
    limit: float | None = None
    """The attempt's whole time limit in seconds."""
    guideline: Guideline | None = None
    """In an open-book attempt, the guideline of the question's bank (None: closed book, or
    the bank has none): the learner may open it during the question."""
    commit: Callable[[object], None] = lambda response: None
    """Records part of an answer the moment it is given (a task's parts, one by one), so a
    session killed between parts keeps them."""
    keep: Callable[[object], None] = lambda draft: None
    """Hands the session what the learner had given when a prompt ended without an answer (an
    action, a pause, the deadline): ticks not confirmed, text typed, the claims judged so far.
    The session offers it again when the question comes back, commits it when the attempt is
    saved or the time runs out, and drops it when the question is answered."""


class Asker(Protocol):
    """A way of asking: interactive prompts, or plain numbered lines."""

    interactive: bool
    """Prompts in a terminal (the clock waits for "Ready?"), not numbered lines."""

    async def ask(self, context: AskContext) -> Outcome:
        """Show the question and return what the learner did."""

    async def choose(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        remaining: Callable[[], float | None] = lambda: None,
        default: str | None = None,
        body: RenderableType | None = None,
    ) -> str | Signal:
        """A short menu under an optional body: ``choices`` are (value, label)."""

    async def ask_number(
        self,
        title: str,
        low: int,
        high: int,
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> int | Signal:
        """A whole number from ``low`` to ``high``."""

    async def tick_points(
        self,
        title: str,
        rows: Sequence[tuple[str, str]],
        ticked: Sequence[str],
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> list[str] | Signal:
        """Checkboxes: ``rows`` are (value, label), ``ticked`` the values ticked to begin with;
        the values ticked when confirmed (confirming unchanged is the usual answer)."""

    def show(self, renderable: RenderableType) -> None:
        """Print feedback, warnings and results."""

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        """Let the learner read what was just shown before the screen moves on."""


def number_in(text: str, low: int, high: int) -> int | None:
    """The whole number typed, if it lies in [low, high]; None otherwise (thousands of digits
    included: they are never turned into a number)."""
    text = text.strip()
    if not text.isdecimal() or len(text.lstrip("0")) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def clock_text(seconds: float | None) -> str:
    """``12:04`` (or ``1:02:03``) for a number of seconds; empty for None."""
    if seconds is None:
        return ""
    whole = max(0, int(seconds + 0.999))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


WARNINGS = (300, 60)
"""Seconds left at which the learner is warned: 5 minutes and 1 minute."""


def warning_level(seconds: float | None, limit: float | None = None) -> int:
    """0 normally, 1 within five minutes, 2 within the last minute.

    A threshold only counts when the whole limit is longer than it: a 3-minute drill is not
    "under five minutes" from its first second.
    """
    if seconds is None:
        return 0
    five, one = WARNINGS
    if seconds <= one and (limit is None or limit > one):
        return 2
    return 1 if seconds <= five and (limit is None or limit > five) else 0
