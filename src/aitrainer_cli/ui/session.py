"""The exam loop: ask each question through an asker, move through the attempt, finish it.

The attempt (core) holds the state and the deadline; this loop only turns what the learner did
into attempt changes. It never loses an answer: every change reaches the attempt (and so its
listener, the store) before the next prompt opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from rich.table import Table
from rich.text import Text

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.exam.attempt import Attempt
from aitrainer_cli.exam.results import Scorer, grade_item
from aitrainer_cli.ui.asking import (
    Action,
    Answer,
    AskContext,
    Asker,
    Signal,
    clock_text,
    warning_level,
)


class SessionEnd(StrEnum):
    CLOSED = "closed"
    """Submitted or expired: grade it."""
    PAUSED = "paused"
    """Saved to finish later."""


class _Loop:
    def __init__(
        self, attempt: Attempt, entries: Mapping[str, Entry], asker: Asker, *, immediate: bool
    ) -> None:
        self.attempt, self.entries, self.asker, self.immediate = attempt, entries, asker, immediate
        self.scorer: Scorer | None = None
        self.at_sheet = False
        """Once the learner has seen the answer sheet, answering returns to it."""
        self.revisiting = False
        """A question picked from the sheet is asked once, then the sheet comes back."""
        self.limit = attempt.form.time_limit_seconds
        self.warned = warning_level(attempt.remaining(), self.limit)

    def context(self) -> AskContext:
        attempt = self.attempt
        state = attempt.state(attempt.position)
        return AskContext(
            self.entries[attempt.current.question_id].question,
            attempt.current,
            attempt.position + 1,
            len(attempt.form.items),
            state.response,
            state.flagged,
            can_go_back=attempt.position > 0 and not self.immediate,
            remaining=attempt.remaining,
            limit=self.limit,
        )

    def warn(self) -> None:
        level = warning_level(self.attempt.remaining(), self.limit)
        if level > self.warned:
            self.warned = level
            left = "1 minute" if level == 2 else "5 minutes"
            self.asker.show(
                Text(
                    f"⏱ {left} left ({clock_text(self.attempt.remaining())}).",
                    style="bold yellow" if level == 1 else "bold red",
                )
            )

    async def run(self) -> SessionEnd:
        attempt = self.attempt
        while attempt.is_open:
            if attempt.time_is_up():
                attempt.expire()
                break
            self.warn()
            if self.at_sheet and not self.revisiting:
                if await self.sheet() is SessionEnd.PAUSED:
                    return SessionEnd.PAUSED
                continue
            if self.immediate and attempt.state(attempt.position).answered:
                self.next()
                continue
            self.revisiting = False
            attempt.view()
            outcome = await self.asker.ask(self.context())
            if isinstance(outcome, Answer):
                attempt.answer(outcome.response)
                if self.immediate:
                    self.feedback()
                    signal = await self.asker.acknowledge(attempt.remaining)
                    if signal is Signal.INTERRUPT and (
                        await self.interrupted() is SessionEnd.PAUSED
                    ):
                        return SessionEnd.PAUSED
                self.next()
            elif outcome is Action.SKIP:
                self.next()
            elif outcome is Action.FLAG:
                attempt.toggle_flag()
                self.revisiting = self.at_sheet
            elif outcome is Action.BACK:
                if not self.at_sheet:
                    attempt.back()
            elif outcome is Action.SHEET:
                attempt.go_to(attempt.position)
                self.at_sheet = True
            elif outcome is Signal.TIMEOUT:
                attempt.expire()
            else:
                if await self.interrupted() is SessionEnd.PAUSED:
                    return SessionEnd.PAUSED
                self.revisiting = self.at_sheet
        return SessionEnd.CLOSED

    def next(self) -> None:
        """After an answer or a skip: the next question, or the sheet after the last one."""
        if self.at_sheet:
            self.attempt.go_to(self.attempt.position)
        elif not self.attempt.advance():
            self.at_sheet = True

    def feedback(self) -> None:
        from aitrainer_cli.ui.result_view import answer_page

        attempt = self.attempt
        item, state = attempt.current, attempt.state(attempt.position)
        question = self.entries[item.question_id].question
        if self.scorer is None:
            result = grade_item(attempt.position, item, question, state)
        else:
            result = grade_item(attempt.position, item, question, state, self.scorer)
        self.asker.show(answer_page(result, question, len(attempt.form.items)))

    async def sheet(self) -> SessionEnd | None:
        attempt = self.attempt
        unanswered, flagged = attempt.unanswered(), attempt.flagged()
        if self.immediate and not unanswered:
            attempt.submit()
            return None
        total = len(attempt.form.items)
        choices = [("submit", "Submit the attempt")]
        if unanswered:
            choices.append(
                (str(unanswered[0]), f"Go to the first unanswered question ({unanswered[0] + 1})")
            )
        choices += [(str(i), f"Go to marked question {i + 1}") for i in flagged[:5]]
        if not self.immediate:
            choices.append(("number", "Go to a question by number"))
        title = (
            f"Answer sheet: {total - len(unanswered)} of {total} answered, "
            f"{len(flagged)} marked for review"
        )
        chosen = await self.asker.choose(
            title,
            choices,
            remaining=attempt.remaining,
            default=choices[1][0] if unanswered else "submit",
            body=sheet_view(attempt),
        )
        if chosen == "number":
            number = await self.asker.ask_number(
                f"Which question (1-{total})?", 1, total, remaining=attempt.remaining
            )
            chosen = number if isinstance(number, Signal) else str(number - 1)
        if chosen is Signal.TIMEOUT:
            attempt.expire()
        elif chosen is Signal.INTERRUPT:
            return await self.interrupted()
        elif chosen == "submit":
            await self.confirm_submit(len(unanswered))
        else:
            attempt.go_to(int(chosen))
            self.revisiting = True
        return None

    async def confirm_submit(self, blanks: int) -> None:
        if blanks:
            chosen = await self.asker.choose(
                f"{blanks} question{'s are' if blanks != 1 else ' is'} unanswered and will "
                "earn no credit. Submit anyway?",
                [("back", "No, back to the answer sheet"), ("submit", "Yes, submit now")],
                remaining=self.attempt.remaining,
                default="back",
            )
            if chosen is Signal.TIMEOUT:
                self.attempt.expire()
                return
            if chosen != "submit":
                return
        self.attempt.submit()

    async def interrupted(self) -> SessionEnd | None:
        """Ctrl-C or end of input: continue, save and quit, or submit now."""
        attempt = self.attempt
        chosen = await self.asker.choose(
            "Paused. Your answers so far are kept. What next?",
            [
                ("continue", "Continue the attempt"),
                ("save", "Save and quit (resume later)"),
                ("submit", "Submit now and see the result"),
            ],
            remaining=attempt.remaining,
            default="continue",
        )
        if chosen is Signal.TIMEOUT:
            attempt.expire()
        elif chosen in ("save", Signal.INTERRUPT):
            attempt.pause()
            return SessionEnd.PAUSED
        elif chosen == "submit":
            attempt.submit()
        return None


def sheet_view(attempt: Attempt) -> Table:
    """The answer sheet: every question's number with ✓ answered, · blank, ⚑ marked."""
    table = Table.grid(padding=(0, 2))
    cells = []
    for index, state in enumerate(attempt.states):
        cell = Text(f"{index + 1:>2} ")
        cell.append("✓" if state.answered else "·", style="green" if state.answered else "dim")
        cell.append("⚑" if state.flagged else " ", style="yellow")
        cells.append(cell)
    columns = 6
    for _ in range(columns):
        table.add_column()
    for row in range(0, len(cells), columns):
        table.add_row(*cells[row : row + columns])
    legend = Text("✓ answered  · unanswered  ⚑ marked for review", style="dim")
    outer = Table.grid()
    outer.add_row(table)
    outer.add_row(legend)
    return outer


async def run_session(
    attempt: Attempt,
    entries: Mapping[str, Entry],
    asker: Asker,
    *,
    immediate: bool = False,
    scorer: Scorer | None = None,
) -> SessionEnd:
    """Take the learner through the attempt until it is submitted, expires or is paused.

    ``scorer`` scores the feedback of immediate mode (the app's, so each answer is scored once).
    """
    loop = _Loop(attempt, entries, asker, immediate=immediate)
    loop.scorer = scorer
    return await loop.run()
