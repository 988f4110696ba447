"""The plain asker: numbered line prompts, one answer per line, no cursor tricks.

Used when stdin or stdout is not a terminal, with ``--plain``, and by screen-reader users. The
time left is printed before each prompt; a deadline passing while waiting for a line ends the
attempt. Lines are read on a daemon thread so a deadline never waits for input that never comes.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TextIO

from rich.console import RenderableType
from rich.text import Text

from aitrainer_cli.ui.asking import (
    Action,
    Answer,
    AskContext,
    Outcome,
    Signal,
    clock_text,
    number_in,
)
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompts import Again
from aitrainer_cli.ui.question_view import header, question_view

COMMANDS: dict[str, Action | Signal] = {
    ":m": Action.FLAG,
    ":mark": Action.FLAG,
    ":p": Action.BACK,
    ":prev": Action.BACK,
    ":l": Action.SHEET,
    ":list": Action.SHEET,
    ":sheet": Action.SHEET,
    ":q": Signal.INTERRUPT,
    ":quit": Signal.INTERRUPT,
}
HELP = (
    "Enter alone skips · :m marks for review · :p previous · :l answer sheet · "
    ":q pause (save, submit or continue)"
)


class LineReader:
    """Lines of a text stream, delivered to asyncio; None at end of input.

    The thread reads a line only when one is asked for: input beyond what the exam needs (a
    longer script, ``yes |``) is never read ahead, and a line arriving after the event loop has
    closed (typed after a timeout) is dropped instead of failing in the thread.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._queue: asyncio.Queue[str | None] | None = None
        self._wanted = threading.Semaphore(0)
        self._asked = False
        """A line has been asked for and not yet delivered (say, the last read timed out)."""
        self.ended = False
        """End of input has been read: no more lines will come."""

    def _start(self) -> asyncio.Queue[str | None]:
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def pump() -> None:
            while True:
                self._wanted.acquire()
                try:
                    line = self._stream.readline()
                except (OSError, ValueError):  # unreadable or closed stdin: end of input
                    line = ""
                try:
                    loop.call_soon_threadsafe(queue.put_nowait, line or None)
                except RuntimeError:  # the loop has closed: nobody waits for this line
                    return
                if not line:
                    return

        threading.Thread(target=pump, name="aitrainer-stdin", daemon=True).start()
        return queue

    async def read(self, timeout: float | None) -> str | Signal | None:
        """The next line without its newline, None at end of input, TIMEOUT at the deadline."""
        if self._queue is None:
            self._queue = self._start()
        if not self._asked:
            self._asked = True
            self._wanted.release()
        try:
            line = await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return Signal.TIMEOUT
        if line is None:
            self._queue.put_nowait(None)  # stays at end of input for later reads
            self.ended = True
            return None
        self._asked = False
        return line.rstrip("\r\n")


def _print_to(stream: TextIO) -> Callable[[RenderableType], None]:
    """Print without the trailing spaces Rich pads lines with (noise for screen readers)."""

    def print_(renderable: RenderableType) -> None:
        from aitrainer_cli.ui import console

        out = console.stdout()
        with out.capture() as captured:
            out.print(renderable)
        stream.write("\n".join(line.rstrip() for line in captured.get().split("\n")))
        stream.flush()

    return print_


def _write_to(stream: TextIO) -> Callable[[str], None]:
    def write(text: str) -> None:
        stream.write(text)
        stream.flush()

    return write


class PlainAsker:
    """Asks on numbered lines through any text streams."""

    interactive = False

    def __init__(
        self,
        out: Callable[[RenderableType], None] | None = None,
        stdin: TextIO | None = None,
        write: Callable[[str], None] | None = None,
        *,
        to_stderr: bool = False,
    ) -> None:
        """``to_stderr`` keeps stdout for a JSON result (``--plain --json``)."""
        stream = sys.stderr if to_stderr else sys.stdout
        self._print = out or _print_to(stream)
        self._write = write or _write_to(stream)
        self._reader = LineReader(stdin or sys.stdin)

    @property
    def input_ended(self) -> bool:
        """End of input was read (a script's last line has gone): no menu can be answered."""
        return self._reader.ended

    def show(self, renderable: RenderableType) -> None:
        self._print(renderable)

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        """Lines scroll by in order; nothing to wait for."""
        return None

    async def _line(self, prompt: str, remaining: Callable[[], float | None]) -> str | Signal:
        left = remaining()
        if left is not None and left <= 0:
            return Signal.TIMEOUT
        self._write(prompt)
        line = await self._reader.read(left)
        if line is Signal.TIMEOUT:
            self._write("\n")
            return Signal.TIMEOUT
        return Signal.INTERRUPT if line is None else line

    def _clock(self, remaining: Callable[[], float | None]) -> str:
        left = remaining()
        return f"{clock_text(left)} left" if left is not None else "untimed"

    def _mark(self, remaining: Callable[[], float | None]) -> str:
        """``[12:04 left] `` before a menu's prompt while a clock runs; nothing otherwise (a
        menu after the attempt, or with the clock stopped, is not "untimed")."""
        left = remaining()
        return f"[{clock_text(left)} left] " if left is not None else ""

    async def ask(self, context: AskContext) -> Outcome:
        from aitrainer_cli.items.task import Task

        if isinstance(context.question, Task):  # a task: its parts one by one
            from aitrainer_cli.ui.items.task import ask_parts

            outcome = await ask_parts(context, self._ask_one, skip_keeps=True)
            assert not isinstance(outcome, Again)  # plain lines never ask afresh
            return outcome
        return await self._ask_one(context)

    async def _ask_one(self, context: AskContext) -> Outcome:
        from aitrainer_cli.exam.answers import answer_hint

        position = f"Question {context.number} of {context.total}"
        self._print(
            Text(
                f"\n{position} · {self._clock(context.remaining)}"
                + (" · marked for review" if context.flagged else "")
            )
        )
        self._print(header(context.question, topic=False))
        self._print(question_view(context.question, context.item.letters))
        if context.response is not None:
            from aitrainer_cli.exam.answers import format_response

            self._print(
                bank_text(
                    "Your answer so far: "
                    + format_response(context.question, context.response, context.item.letters)
                )
            )
        book = " · :g guideline" if context.guideline is not None else ""
        help_ = HELP if context.can_go_back else HELP.replace(" · :p previous", "")
        self._print(Text(f"How to answer: {answer_hint(context.question)}. {help_}{book}"))
        while True:
            line = await self._line(
                f"[{self._clock(context.remaining)}] answer {context.number}> ", context.remaining
            )
            if isinstance(line, Signal):
                return line
            text = line.strip()
            if not text:
                return Action.SKIP
            command = COMMANDS.get(text.lower())
            if command is Action.BACK and not context.can_go_back:
                self._print(Text("There is no previous question to go back to here."))
                continue
            if command is not None:
                return command
            if text.lower() in (":h", ":help", "?"):
                self._print(Text(help_ + book))
                continue
            if text.lower() in (":g", ":guide", ":guideline"):
                self._print(_guideline_lines(context))
                continue
            answer = self._read_answer(context, text)
            if answer is not None:
                return answer

    def _read_answer(self, context: AskContext, text: str) -> Answer | None:
        """The answer typed, or None after saying what is wrong with it."""
        from aitrainer_cli.exam.answers import AnswerFormatError, parse_typed

        left_out = getattr(context.question, "left_out", None)
        missing = left_out(text) if callable(left_out) else None
        if missing:  # a ranking typed at the prompt names every response
            self._print(Text(f"Not complete: {missing}"))
            return None
        try:
            return Answer(parse_typed(context.question, text, context.item.letters))
        except AnswerFormatError as error:
            self._print(Text(f"Not understood: {error}"))
            return None

    async def choose(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        remaining: Callable[[], float | None] = lambda: None,
        default: str | None = None,
        body: RenderableType | None = None,
    ) -> str | Signal:
        if body is not None:
            self._print(body)
        self._print(Text(title))
        for number, (value, label) in enumerate(choices, 1):
            mark = " (default)" if value == default else ""
            self._print(Text(f"  {number}) {label}{mark}"))
        while True:
            line = await self._line(f"{self._mark(remaining)}choice> ", remaining)
            if isinstance(line, Signal):
                return line
            text = line.strip()
            if not text and default is not None:
                return default
            picked = number_in(text, 1, len(choices))
            if picked is not None:
                return choices[picked - 1][0]
            self._print(Text(f"Type a number from 1 to {len(choices)}."))

    async def ask_number(
        self,
        title: str,
        low: int,
        high: int,
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> int | Signal:
        while True:
            line = await self._line(f"{title} ", remaining)
            if isinstance(line, Signal):
                return line
            number = number_in(line, low, high)
            if number is not None:
                return number
            self._print(Text(f"Type a number from {low} to {high}."))

    async def tick_points(
        self,
        title: str,
        rows: Sequence[tuple[str, str]],
        ticked: Sequence[str],
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> list[str] | Signal:
        """The rows numbered, ``[x]`` for ticked; a line of numbers, Enter keeps them as they
        are, 0 (or "none") unticks all."""
        self._print(Text(title))
        for number, (value, label) in enumerate(rows, 1):
            self._print(bank_text(f"  {number}) [{'x' if value in ticked else ' '}] {label}"))
        self._print(
            Text("Type the numbers of the points made (e.g. 1 3), 0 for none; Enter keeps them.")
        )
        while True:
            line = await self._line(f"{self._mark(remaining)}points made> ", remaining)
            if isinstance(line, Signal):
                return line
            if not line.strip():
                return list(ticked)
            picked = _numbers(line, len(rows))
            if picked is None:
                self._print(Text(f"Type numbers from 1 to {len(rows)}, 0 for none, or Enter."))
                continue
            return [rows[i - 1][0] for i in picked]


def _numbers(line: str, high: int) -> list[int] | None:
    """The point numbers typed ([] for 0 or none); None if they are not valid."""
    words = line.replace(",", " ").lower().split()
    if words in (["0"], ["none"]):
        return []
    numbers = [number_in(word, 1, high) for word in words]
    if any(number is None for number in numbers):
        return None
    return sorted({number for number in numbers if number is not None})


def _guideline_lines(context: AskContext) -> RenderableType:
    """An open-book attempt's guideline for this question: the sections it references (the
    whole guideline when it references none); closed-book attempts say so."""
    guideline = context.guideline
    if guideline is None:
        return Text("This attempt is closed-book: no guideline can be opened.")
    from aitrainer_cli.banks.guideline import GuidePage
    from aitrainer_cli.ui.guide_view import guide_page

    sections = tuple(guideline.sections_for(context.question.guideline))
    caption = "this question's sections" if sections else ""
    return guide_page(GuidePage(context.item.bank_id, guideline, sections, caption))
