"""A ``task`` asked through the prompts: its parts in order through prompt_toolkit pipe input and
through plain numbered lines, each part's answer committed as it is given, "previous" going back
one part, skip acting on the whole task, and a task resumed at its first open part."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console, RenderableType

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.items import score
from aitrainer_cli.items.task import Task
from aitrainer_cli.ui.ask_interactive import InteractiveAsker
from aitrainer_cli.ui.ask_plain import PlainAsker
from aitrainer_cli.ui.asking import Action, Answer, AskContext, Outcome, Signal

ENTER, DOWN, UP, FINISH_TEXT, CTRL_C = "\r", "\x1b[B", "\x1b[A", "\x1b\r", "\x03"

RUNS = Path(__file__).parent / "data" / "runs" / "task.yaml"
"""A copy of the first shipped task: these prompts type answers for it."""
CATALOG = load_catalog([RUNS])
TASK = next(e.question for e in CATALOG.entries.values() if isinstance(e.question, Task))
"""The shipped task: rate A, rate B (ratings 1..5 on correctness and helpfulness), a 7-point
preference, a justification."""
ITEM = FormItem(TASK.id, "runs-task", "Questions")
WHY = "B is much better: a set is unordered, so A loses the order; dict.fromkeys keeps it."
KEYS = {
    "rate-a": "1" + ENTER + "1" + ENTER,
    "rate-b": "5" + ENTER + "4" + ENTER,
    "verdict": DOWN * 3 + ENTER,
    "why": WHY + FINISH_TEXT,
}
KEY = {
    "rate-a": {"correctness": 1, "helpfulness": 1},
    "rate-b": {"correctness": 5, "helpfulness": 4},
    "verdict": 3,
    "why": WHY,
}


def _context(
    response: object = None, commits: list[object] | None = None, **more: Any
) -> AskContext:
    sink = commits if commits is not None else []
    return AskContext(TASK, ITEM, 1, 3, response, commit=sink.append, **more)


def _press(keys: str, run: Coroutine[Any, Any, Outcome]) -> Outcome:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return asyncio.run(asyncio.wait_for(run, 20))


def _ask(keys: str, context: AskContext) -> Outcome:
    return _press(keys, InteractiveAsker().ask(context))


def test_the_parts_are_asked_in_order_and_each_is_committed_as_given() -> None:
    commits: list[object] = []
    outcome = _ask("".join(KEYS.values()), _context(commits=commits))
    assert outcome == Answer(KEY)
    assert score(TASK, KEY).credit == 1.0
    # after each part but the last (the last is the answer itself)
    assert commits == [
        {"rate-a": KEY["rate-a"]},
        {"rate-a": KEY["rate-a"], "rate-b": KEY["rate-b"]},
        {"rate-a": KEY["rate-a"], "rate-b": KEY["rate-b"], "verdict": 3},
    ]


def test_previous_goes_back_one_part_and_keeps_what_was_given() -> None:
    # Part 2, first menu: "p" goes back to part 1, where Enter keeps each rating given.
    keys = (
        KEYS["rate-a"]
        + "p"
        + ENTER
        + ENTER
        + ENTER
        + KEYS["rate-b"]
        + KEYS["verdict"]
        + KEYS["why"]
    )
    assert _ask(keys, _context()) == Answer(KEY)


def test_previous_on_the_first_part_leaves_the_task() -> None:
    assert _ask("p" + ENTER, _context()) is Action.BACK


def test_skip_on_a_later_part_skips_the_task_with_the_earlier_parts_kept() -> None:
    commits: list[object] = []
    assert _ask(KEYS["rate-a"] + "s" + ENTER, _context(commits=commits)) is Action.SKIP
    assert commits == [{"rate-a": KEY["rate-a"]}]


def test_an_interrupt_between_parts_keeps_the_parts_given() -> None:
    commits: list[object] = []
    assert _ask(KEYS["rate-a"] + CTRL_C, _context(commits=commits)) is Signal.INTERRUPT
    assert commits == [{"rate-a": KEY["rate-a"]}]


def test_a_task_resumes_at_its_first_open_part() -> None:
    given = {"rate-a": KEY["rate-a"], "rate-b": KEY["rate-b"]}
    assert _ask(KEYS["verdict"] + KEYS["why"], _context(given)) == Answer(KEY)


def test_a_finished_task_revisited_starts_again_at_part_one_with_its_answers() -> None:
    enter_all = ENTER * 2 + ENTER * 2 + ENTER + FINISH_TEXT  # Enter keeps every answer
    assert _ask(enter_all, _context(KEY)) == Answer(KEY)


def test_the_deadline_mid_task_keeps_the_parts_given() -> None:
    deadline = time.monotonic() + 1.5
    context = _context(remaining=lambda: deadline - time.monotonic(), limit=60)
    assert _ask(KEYS["rate-a"], context) == Answer({"rate-a": KEY["rate-a"]})


# -- plain lines ---------------------------------------------------------------------------


class Plain:
    def __init__(self, text: str) -> None:
        self.printed: list[str] = []
        self.asker = PlainAsker(out=self._out, stdin=io.StringIO(text), write=self.printed.append)

    def _out(self, renderable: RenderableType) -> None:
        buffer = io.StringIO()
        Console(file=buffer, width=60, no_color=True).print(renderable)
        self.printed.append(buffer.getvalue())

    def ask(self, context: AskContext) -> Outcome:
        return asyncio.run(self.asker.ask(context))

    @property
    def text(self) -> str:
        return "".join(self.printed)


def _plain_lines(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def test_plain_lines_answer_one_part_each() -> None:
    commits: list[object] = []
    plain = Plain(_plain_lines("1 1", "5 4", "+3", WHY))
    assert plain.ask(_context(commits=commits)) == Answer(KEY)
    assert len(commits) == 3
    assert plain.text.count("Question 1 of 3") == 4  # one heading per part
    assert "Part 4 of 4." in plain.text


def test_plain_refuses_a_bad_part_line_and_goes_back_with_p() -> None:
    plain = Plain(_plain_lines("9 9", "1 1", ":p", "1 1", "5 4", "+3", WHY))
    assert plain.ask(_context()) == Answer(KEY)
    assert "Not understood: 9 is off the scale for correctness" in plain.text
    assert plain.text.count("Part 1 of 4.") == 2


def test_plain_skip_and_end_of_input_keep_the_parts_given() -> None:
    commits: list[object] = []
    assert Plain(_plain_lines("1 1", "")).ask(_context(commits=commits)) is Action.SKIP
    assert commits == [{"rate-a": KEY["rate-a"]}]
    assert Plain(_plain_lines("1 1")).ask(_context()) is Signal.INTERRUPT


def test_plain_enter_on_a_part_answered_before_keeps_it_and_moves_on() -> None:
    plain = Plain(_plain_lines("1 1", ":p", "", "5 4", "+3", WHY))
    assert plain.ask(_context()) == Answer(KEY)
    assert "Your answer so far: correctness 1, helpfulness 1" in plain.text
    assert Plain(_plain_lines("", "", "", "")).ask(_context(KEY)) == Answer(KEY)  # a revisit
