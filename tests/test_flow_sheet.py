"""Issue 14 ("Also"): the answer sheet. After "first unanswered" the next answers move on to the
next unanswered question, not back to the sheet; the sheet offers "back to question N"; its
legend does not read as "correct"; a script piped into plain mode that answers every question
is submitted at end of input; menus after a timed exam do not say "[untimed]"."""

from __future__ import annotations

import io
import subprocess
import sys

from rich.console import Console

from aitrainer_cli.exam.attempt import Attempt, Status
from aitrainer_cli.ui.ask_plain import PlainAsker
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.exam_views import sheet_view
from test_session import Clock, ScriptedAsker, _form, _run


def test_after_first_unanswered_the_answers_move_on_through_the_unanswered() -> None:
    attempt = Attempt(_form(4), Clock())
    asks = [Action.SKIP, Answer(True), Action.SKIP, Answer(True), Answer(False), Answer(True)]
    asker = ScriptedAsker(asks, ["unanswered", "submit"])
    _run(attempt, asker)
    # 1 skipped, 2 answered, 3 skipped, 4 answered; then 1 and 3 in turn, then the sheet once
    assert asker.asked == [1, 2, 3, 4, 1, 3]
    assert len(asker.titles) == 2
    assert attempt.status is Status.SUBMITTED


def test_the_sheet_opened_from_a_question_leads_back_to_it_and_on_in_order() -> None:
    attempt = Attempt(_form(3), Clock())
    asks = [Answer(True), Action.SHEET, Answer(False), Answer(True)]
    asker = ScriptedAsker(asks, ["back", "submit"])
    _run(attempt, asker)
    assert asker.asked == [1, 2, 2, 3]  # back to 2, then on to 3: the first pass goes on
    assert [s.response for s in attempt.states] == [True, False, True]


def test_back_to_question_n_is_the_sheets_default_when_opened_from_a_question() -> None:
    seen: list[str | None] = []

    class Recording(ScriptedAsker):
        async def choose(self, title, choices, *, remaining=lambda: None, default=None, body=None):  # type: ignore[no-untyped-def]
            seen.append(default)
            return await super().choose(title, choices, default=default)

    attempt = Attempt(_form(3), Clock())
    asker = Recording([Action.SHEET, Answer(True), Answer(True), Answer(True)], ["back", "submit"])
    _run(attempt, asker)
    assert seen[0] == "back"


def _text(renderable: object) -> str:
    console = Console(width=80, no_color=True)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def test_the_sheet_legend_does_not_read_as_correct() -> None:
    attempt = Attempt(_form(2), Clock())
    attempt.answer(True)
    text = _text(sheet_view(attempt))
    assert "✓" not in text
    assert "answered (not graded yet)" in text


def test_a_piped_script_that_answers_every_question_is_submitted() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", "exam", "--type", "true_false", "-n", "2",
         "--seed", "3", "--plain"],
        input="true\nfalse\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Saved with" not in run.stdout
    assert "Status: submitted" in run.stdout or "submitted" in run.stdout.lower()
    assert "[untimed]" not in run.stdout


def test_end_of_input_with_blanks_still_saves() -> None:
    attempt = Attempt(_form(2), Clock())
    asker = PlainAsker(out=lambda r: None, stdin=io.StringIO("true\n"), write=lambda t: None)
    import asyncio

    from aitrainer_cli.ui.session import SessionEnd, run_session
    from test_session import CATALOG

    end = asyncio.run(run_session(attempt, CATALOG.entries, asker))
    assert end is SessionEnd.PAUSED
    assert attempt.state(0).response is True


def test_plain_menus_show_no_clock_when_none_runs() -> None:
    written: list[str] = []
    asker = PlainAsker(out=lambda r: None, stdin=io.StringIO("1\n"), write=written.append)
    import asyncio

    assert asyncio.run(asker.choose("Done?", [("a", "A")])) == "a"
    assert written == ["choice> "]
    assert Signal.INTERRUPT  # (the import is used)


def test_practice_skip_from_the_sheet_moves_on_to_the_next_unanswered() -> None:
    """Skip in practice never brings the same question straight back while others are open."""
    attempt = Attempt(_form(3, limit=None), Clock(), lock_answers=True)
    asks = [Action.SKIP, Action.SKIP, Answer(True), Action.SKIP, Answer(True), Answer(False)]
    asker = ScriptedAsker(asks, ["unanswered", "unanswered"])
    _run(attempt, asker, immediate=True)
    # 1 and 2 skipped, 3 answered; from the sheet: 1 skipped again -> 2 (not 1), answered;
    # then the sheet, and 1, the last one open
    assert asker.asked == [1, 2, 3, 1, 2, 1]
    assert attempt.status is Status.SUBMITTED
