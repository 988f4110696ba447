"""Shared by the tests of multi-response ratings, claim checks and mistake feedback: questions
built from fields, and interactive prompts fed keystrokes through prompt_toolkit pipe input."""

from __future__ import annotations

import asyncio
import io
import re
import signal
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.items import QUESTION_ADAPTER, Question
from aitrainer_cli.ui.ask_interactive import InteractiveAsker
from aitrainer_cli.ui.asking import AskContext, Outcome

ENTER, DOWN, UP = "\r", "\x1b[B", "\x1b[A"
BASE = {
    "id": "q",
    "topic": "t",
    "difficulty": "easy",
    "prompt": "p",
    "explanation": "because the key is right and the others are wrong",
}


def make(**fields: Any) -> Question:
    """A question of any type from its own fields (the common ones filled in)."""
    return QUESTION_ADAPTER.validate_python({**BASE, **fields})


def context_of(question: Question, response: object = None) -> AskContext:
    """The question as the second of five, with an answer already given or none."""
    return AskContext(question, FormItem(question.id, "b", "S", ()), 2, 5, response=response)


@contextmanager
def watchdog(seconds: float = 10.0) -> Iterator[None]:
    """Fail, rather than hang, when a prompt never returns."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"the prompt did not return within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def press(
    keys: str,
    run: Callable[[], Coroutine[Any, Any, Any]],
    *,
    screen: io.StringIO | None = None,
    columns: int = 80,
) -> Any:
    """Run one asker call in a fresh prompt_toolkit session fed ``keys``."""
    output = (
        DummyOutput()
        if screen is None
        else Vt100_Output(screen, lambda: Size(rows=24, columns=columns), term="xterm")
    )
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        pipe.send_text(keys)
        with watchdog():
            return asyncio.run(run())


def ask(keys: str, context: AskContext, **kwargs: Any) -> Outcome:
    """The interactive asker's outcome for these keys."""
    return press(keys, lambda: InteractiveAsker().ask(context), **kwargs)  # type: ignore[no-any-return]


def plain_text(screen: str) -> str:
    """Terminal output without its escape sequences."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]", "", screen)
