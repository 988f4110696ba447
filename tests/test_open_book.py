"""Open-book attempts: ``g`` (Ctrl-G while typing) opens the guideline inside the running prompt,
at the item's sections, with the countdown still on screen and still running; closing it
returns to the same prompt with nothing lost. Closed-book prompts do not offer it.

Prompts are driven through prompt_toolkit pipe input; the end-to-end test runs the real
program in a pseudo-terminal.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from aitrainer_cli.app.attempts import ExamOptions, open_book
from aitrainer_cli.banks.catalog import Entry, load_catalog
from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.ask_interactive import InteractiveAsker
from aitrainer_cli.ui.asking import Action, Answer, AskContext, Outcome, Signal

CATALOG = load_catalog([builtin_banks_dir()])
GUIDELINE = CATALOG.guidelines["ranking-preference"]
ENTER, DOWN, FINISH_TEXT, CTRL_G = "\r", "\x1b[B", "\x1b\r", "\x07"


def _entry(kind: str) -> Entry:
    return next(
        e
        for e in CATALOG.entries.values()
        if e.bank_id == "ranking-preference" and e.question.type == kind and e.question.guideline
    )


def _context(entry: Entry, *, book: bool = True, **changes: Any) -> AskContext:
    item = FormItem(entry.question.id, entry.bank_id, "S")
    context = AskContext(entry.question, item, 2, 5, guideline=GUIDELINE if book else None)
    return replace(context, **changes)


def _ask(
    keys: list[str],
    context: AskContext,
    *,
    rows: int = 24,
    columns: int = 80,
    raw: list[str] | None = None,
) -> tuple[Outcome, str]:
    """Ask through the interactive asker, sending each chunk of keys a moment apart (so the
    viewer is open before the next keys arrive); the outcome and what was drawn."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=rows, columns=columns), term="xterm")

    async def run() -> Outcome:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):

            async def feed() -> None:
                for chunk in keys:
                    await asyncio.sleep(0.15)
                    pipe.send_text(chunk)
                    await asyncio.sleep(0.3)
                    if raw is not None:  # what the screen shows after these keys
                        raw.append(screen.getvalue())

            feeding = asyncio.ensure_future(feed())
            try:
                return await asyncio.wait_for(InteractiveAsker().ask(context), 10)
            finally:
                feeding.cancel()

    return asyncio.run(run()), _plain(screen.getvalue())


def _plain(drawn: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b\][^\x07]*\x07", "", drawn)


def test_g_opens_the_guideline_at_the_items_section_and_q_returns_to_the_menu() -> None:
    entry = _entry("preference")
    first = GUIDELINE.section(entry.question.guideline[0])
    assert first is not None
    # g opens; Down and Enter scroll the guideline, not the menu; q closes; Enter answers.
    outcome, drawn = _ask(["g", DOWN + ENTER, "q", ENTER], _context(entry))
    assert outcome == Answer(0)  # the menu still points at "about the same"
    assert "Guideline · this item:" in drawn
    assert first.title in drawn
    assert "· g guide" in drawn
    assert "q closes" in drawn


def test_ctrl_g_keeps_a_half_typed_answer_and_nothing_typed_in_the_viewer_reaches_it() -> None:
    entry = _entry("ranking")
    labels = sorted(entry.question.response_labels())
    typed = f"{labels[1]} > {labels[0]}"
    rest = " > " + " > ".join(labels[2:])
    # t opens the typed order; Ctrl-G opens the viewer mid-answer; "xyz" is swallowed there.
    keys = ["t" + ENTER, typed, CTRL_G, "xyz", "q", rest + ENTER]
    outcome, drawn = _ask(keys, _context(entry))
    assert isinstance(outcome, Answer)
    order = [labels[1], labels[0], *labels[2:]]
    assert outcome.response == order
    assert "· ^G guide" in drawn


def test_ticks_survive_the_viewer() -> None:
    """A checkbox prompt (claim or multiple choice) keeps its ticks across the viewer."""
    from aitrainer_cli.ui.prompts import Choice, Prompts

    entry = _entry("preference")
    context = _context(entry)
    rows = [Choice("x", "first"), Choice("y", "second")]
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")

    async def run() -> object:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):

            async def feed() -> None:
                for chunk in [" ", "g", " " + DOWN, "q", ENTER]:
                    await asyncio.sleep(0.15)
                    pipe.send_text(chunk)

            feeding = asyncio.ensure_future(feed())
            try:
                return await asyncio.wait_for(Prompts().ticks("Tick", rows, context), 10)
            finally:
                feeding.cancel()

    assert asyncio.run(run()) == ["x"]
    assert "Guideline · " in _plain(screen.getvalue())


def test_closed_book_offers_no_guideline_and_g_does_nothing() -> None:
    entry = _entry("preference")
    outcome, drawn = _ask(["g", "s", "\r"], _context(entry, book=False))
    assert outcome is Action.SKIP
    assert "· g guide" not in drawn
    assert "Guideline · " not in drawn


def test_the_deadline_ends_the_prompt_while_the_guideline_is_open() -> None:
    entry = _entry("preference")
    deadline = time.monotonic() + 3.0  # room for a slow start on a loaded machine
    context = _context(entry, remaining=lambda: deadline - time.monotonic(), limit=600)
    outcome, drawn = _ask(["g"], context)
    assert outcome is Signal.TIMEOUT
    assert time.monotonic() < deadline + 2
    assert "Guideline · " in drawn
    assert "left" in drawn


def test_the_viewer_fits_60_columns() -> None:
    from test_e2e import Screen

    entry = _entry("preference")
    raw: list[str] = []
    outcome, _ = _ask(["g", "q", "s", "\r"], _context(entry), columns=60, raw=raw)
    assert outcome is Action.SKIP
    screen = Screen(rows=24, columns=60)
    screen.feed(raw[0])
    lines = screen.text.splitlines()
    title = next(line for line in lines if "Guideline · " in line)
    status = next(line for line in lines if "q closes" in line)
    assert title.startswith(" Guideline · this item: " + ", ".join(entry.question.guideline))
    assert "untimed · question 2/5" in status
    assert lines[-1] == status.rstrip()  # the status line is the screen's last row


def test_practice_is_open_book_and_an_exam_only_when_its_blueprint_says_so() -> None:
    drill = CATALOG.blueprints["drill-ranking-preference"]
    screening = CATALOG.blueprints["quick-screening"]
    assert drill.open_book is True
    assert screening.open_book is False
    assert open_book(ExamOptions("exam"), screening).open_book is False
    assert open_book(ExamOptions("exam"), None).open_book is False
    assert open_book(ExamOptions("exam"), drill).open_book is True
    assert open_book(ExamOptions("practice"), None).open_book is True
    assert open_book(ExamOptions("review"), screening).open_book is True


def test_the_session_gives_the_guideline_only_to_an_open_book_attempt() -> None:
    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.exam.attempt import Attempt
    from aitrainer_cli.ui.session import run_session

    entry = _entry("preference")
    form = ExamForm("t", "T", 1, None, 80, (FormItem(entry.question.id, entry.bank_id, "S"),))
    seen: list[AskContext] = []

    class Recorder:
        interactive = False

        async def ask(self, context: AskContext) -> Outcome:
            seen.append(context)
            return Answer(0)

        async def choose(self, title: str, choices: Any, **kwargs: Any) -> str:
            return "submit"

        def show(self, renderable: object) -> None:
            pass

        async def acknowledge(self, remaining: Callable[[], float | None]) -> None:
            return None

    for book in (True, False):
        attempt = Attempt(form, time.monotonic)
        asyncio.run(run_session(attempt, CATALOG.entries, Recorder(), open_book=book))  # type: ignore[arg-type]
    assert seen[0].guideline is GUIDELINE
    assert seen[1].guideline is None


# -- end to end ---------------------------------------------------------------------------------


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from test_e2e import Terminal

    opened: list[Any] = []

    def spawn(*args: str) -> Any:
        opened.append(Terminal(list(args), tmp_path))
        return opened[-1]

    yield spawn
    for each in opened:
        each.close()


def _seed_opening_on_sections() -> int:
    """A seed whose form for the ranking drill opens on an item that references sections (so the
    viewer opens at them), found rather than assumed: the bank's content changes."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.exam.compose import ExamRequest, build_form
    from aitrainer_cli.paths import builtin_banks_dir

    catalog = load_catalog([builtin_banks_dir()])
    for seed in range(1, 200):
        form = build_form(catalog, ExamRequest(blueprint="drill-ranking-preference", seed=seed))
        if catalog.entries[form.items[0].question_id].question.guideline:
            return seed
    raise AssertionError("no form of the ranking drill opens on an item with sections")


@pytest.mark.slow
def test_an_open_book_exam_shows_the_guideline_while_the_clock_runs(
    terminal: Callable[..., Any],
) -> None:
    from test_e2e import _clock

    term = terminal("exam", "drill-ranking-preference", "--seed", str(_seed_opening_on_sections()))
    term.wait_for_text("Open book: press g")
    term.wait_for_text("Start the clock")
    term.child.send("\r")
    term.wait_for_text("· g guide")
    term.child.send("g")
    term.wait_for_text("Guideline · this item:")
    term.wait_for_text("q closes")  # the viewer's own keys on the status line, drawn just after
    first = term.wait_for(_clock)
    # Nothing typed: the countdown keeps moving while the guideline is on screen.
    later = term.wait_for(lambda text: (s := _clock(text)) is not None and s <= first - 2, 6)
    assert "Guideline · " in term.screen.text
    assert later
    term.child.send("q")
    term.wait_for(lambda text: "q closes" not in text and "· g guide" in text)
    assert "question 1/15" in term.screen.text
    term.child.sendcontrol("c")
    term.wait_for_text("Paused")
    assert "Traceback" not in term.transcript


def test_the_guide_key_is_kept_on_a_60_column_status_line_and_dropped_before_scrolling() -> None:
    from aitrainer_cli.ui.prompt_frame import Status, _status_tokens

    status = Status("question 1/15", False, lambda: 1193.0, hint="s skip", book="g guide")

    def line(width: int) -> str:
        return "".join(text for _, text in _status_tokens(status, lambda: True, width=width))

    assert "· g guide · PgUp/PgDn scroll · s skip" in line(80)
    # narrower: the hints go first, then the guide key; "? keys" says where they all are
    assert "· PgUp/PgDn scroll · ? keys" in line(59)
    assert "s skip" not in line(59)
    narrower = line(50)
    assert "? keys" in narrower
    assert "g guide" not in narrower
    assert "19:53 left" in line(20)
