"""The exam loop: ask each question through an asker, move through the attempt, finish it.

The attempt (core) holds the state and the deadline; this loop only turns what the learner did
into attempt changes. It never loses an answer: every change reaches the attempt (and so its
listener, the store) before the next prompt opens.

The loop is a small state machine over three screens (``Screen``): the first pass through the
questions in order, the answer sheet, and a question revisited from the sheet. One table maps
each outcome of asking a question to its handler. The menus' choices are typed here and become
the asker's strings only at the call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum, auto
from typing import TypeVar

from rich.text import Text

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.exam.attempt import Attempt
from aitrainer_cli.exam.results import Scorer, grade_item, score_now
from aitrainer_cli.ui.asking import (
    Action,
    Answer,
    AskContext,
    Asker,
    Outcome,
    Signal,
    clock_text,
    warning_level,
)
from aitrainer_cli.ui.exam_views import sheet_view
from aitrainer_cli.ui.self_check import WrittenGrader, judge_first, self_check


class SessionEnd(StrEnum):
    CLOSED = "closed"
    """Submitted or expired: grade it."""
    PAUSED = "paused"
    """Saved to finish later."""


class Screen(Enum):
    """What the loop puts in front of the learner next."""

    QUESTION = auto()
    """The first pass, in form order: an answer or a skip moves on to the next question."""
    SHEET = auto()
    """The answer sheet: submit, or pick a question. Reached after the last question or on
    request; once reached, the first pass is over."""
    REVISIT = auto()
    """A question picked from the sheet: after one answer, skip or back the sheet returns (a
    mark or a pause asks the question again)."""
    UNANSWERED = auto()
    """Working through the unanswered questions (from the sheet's "first unanswered"): an
    answer or a skip moves on to the next unanswered one, the sheet after the last."""


class Flow(Enum):
    """What a screen or a handler tells the loop. A closed attempt needs no word: the loop
    reads that from the attempt itself."""

    CONTINUE = auto()
    PAUSED = auto()
    """Saved to finish later: the loop ends with ``SessionEnd.PAUSED``."""


class SheetEntry(StrEnum):
    """The answer sheet's fixed menu entries; their values are what the asker's menu carries."""

    SUBMIT = "submit"
    BY_NUMBER = "number"
    """Ask for a question number next (exams only)."""
    BACK = "back"
    """Back to the question the sheet was opened from, on the screen it was on."""
    UNANSWERED = "unanswered"
    """The first unanswered question, then the next ones in turn."""


@dataclass(frozen=True, slots=True)
class GoTo:
    """A sheet menu entry that opens one question."""

    index: int
    """0-based, as in the attempt."""


SheetChoice = SheetEntry | GoTo


class PauseChoice(StrEnum):
    CONTINUE = "continue"
    SAVE = "save"
    SUBMIT = "submit"


class ConfirmChoice(StrEnum):
    BACK = "back"
    SUBMIT = "submit"


_Choice = TypeVar("_Choice", bound=StrEnum)

_OutcomeKey = type[Answer] | Action | Signal
ConfidenceHook = Callable[[Asker, Attempt], Awaitable[Signal | None]]
"""Asks how sure the learner is of the answer just given (``ui/confidence.py``)."""
_Handler = Callable[[Outcome], Awaitable[Flow]]


def _outcome_key(outcome: Outcome) -> _OutcomeKey:
    """Answers carry a response, so the table knows them by type; actions and signals by value."""
    return type(outcome) if isinstance(outcome, Answer) else outcome


def _menu_value(choice: SheetChoice) -> str:
    return str(choice.index) if isinstance(choice, GoTo) else choice.value


def _sheet_choice(value: str) -> SheetChoice:
    """The inverse of ``_menu_value``: a fixed entry by its value, otherwise a question index."""
    try:
        return SheetEntry(value)
    except ValueError:
        return GoTo(int(value))


class _Loop:
    def __init__(
        self,
        attempt: Attempt,
        entries: Mapping[str, Entry],
        asker: Asker,
        *,
        immediate: bool,
        scorer: Scorer,
        open_book: bool = False,
        grader: WrittenGrader | None = None,
        confidence: ConfidenceHook | None = None,
    ) -> None:
        self.scorer, self.open_book, self.grader = scorer, open_book, grader
        self.confidence = confidence
        self.attempt, self.entries, self.asker, self.immediate = attempt, entries, asker, immediate
        self.screen = Screen.QUESTION
        self.opened_from: tuple[int, Screen] | None = None
        """The question (and its screen) the sheet was opened from with the sheet key."""
        self.drafts: dict[int, object] = {}
        """What was given on a question left without an answer, by form position (see
        ``AskContext.keep``): offered again, committed on saving or at the deadline."""
        self.limit = attempt.form.time_limit_seconds
        self.warned = warning_level(attempt.remaining(), self.limit)
        self.screens: dict[Screen, Callable[[], Awaitable[Flow]]] = {
            Screen.QUESTION: self.question,
            Screen.REVISIT: self.question,
            Screen.UNANSWERED: self.question,
            Screen.SHEET: self.sheet,
        }
        self.handlers: dict[_OutcomeKey, _Handler] = {
            Answer: self.on_answer,
            Action.SKIP: self.on_skip,
            Action.FLAG: self.on_flag,
            Action.BACK: self.on_back,
            Action.SHEET: self.on_sheet,
            Signal.TIMEOUT: self.on_timeout,
            Signal.INTERRUPT: self.on_interrupt,
        }

    async def run(self) -> SessionEnd:
        attempt = self.attempt
        try:
            while attempt.is_open:
                if attempt.time_is_up():
                    self.expire()
                    break
                self.warn()
                if await self.screens[self.screen]() is Flow.PAUSED:
                    return SessionEnd.PAUSED
        except asyncio.CancelledError:  # stopped by a signal: saved as "save and quit" is
            if attempt.is_open:
                self.keep_drafts()
            raise
        return SessionEnd.CLOSED

    def keep_drafts(self) -> None:
        """Commit every draft as its question's response: nothing given is lost."""
        for index, draft in sorted(self.drafts.items()):
            if self.attempt.is_open and not self.attempt.is_finished(index):
                self.attempt.keep(index, draft)
        self.drafts.clear()

    def expire(self) -> None:
        """The deadline has passed: what was given but not confirmed counts, then it ends."""
        self.keep_drafts()
        self.attempt.expire()

    def keep_draft(self, index: int) -> Callable[[object], None]:
        def keep(draft: object) -> None:
            if draft is not None and draft != [] and draft != {} and draft != "":
                self.drafts[index] = draft

        return keep

    def context(self) -> AskContext:
        attempt = self.attempt
        position = attempt.position
        state = attempt.state(position)
        entry = self.entries[attempt.current.question_id]
        return AskContext(
            entry.question,
            attempt.current,
            position + 1,
            len(attempt.form.items),
            self.drafts.get(position, state.response),
            state.flagged,
            can_go_back=attempt.position > 0 and not self.immediate,
            remaining=attempt.remaining,
            limit=self.limit,
            guideline=entry.guideline if self.open_book else None,
            commit=self.commit_part,
            keep=self.keep_draft(position),
        )

    def commit_part(self, response: object) -> None:
        """Keep the parts of an answer given so far (a task's); the store sees each at once."""
        if self.attempt.is_open and not self.attempt.is_finished(self.attempt.position):
            self.attempt.answer(response)
            self.attempt.view()  # the time on the later parts counts too

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

    # -- the question screens (first pass and revisit) and their outcome handlers -------------

    async def question(self) -> Flow:
        """Ask the current question, then let the handler for what the learner did act."""
        attempt = self.attempt
        if self.immediate and attempt.is_finished(attempt.position):
            # Practice locks an answer once its feedback was shown: the question is passed by.
            self.move_on()  # a revisit (marked, then answered) goes back to the sheet
            return Flow.CONTINUE
        attempt.view()
        outcome = await self.asker.ask(self.context())
        return await self.handlers[_outcome_key(outcome)](outcome)

    def move_on(self) -> None:
        """After an answer or a skip: the next question, or the sheet after the last one or
        after a revisit."""
        attempt = self.attempt
        if self.screen is Screen.REVISIT:
            attempt.go_to(attempt.position)  # not a move: it settles the time on the question
            self.screen = Screen.SHEET
        elif self.screen is Screen.UNANSWERED:
            later = [i for i in attempt.unanswered() if i > attempt.position]
            attempt.go_to(later[0] if later else attempt.position)
            if not later:
                self.screen = Screen.SHEET
        elif not attempt.advance():
            self.screen = Screen.SHEET

    async def on_answer(self, outcome: Outcome) -> Flow:
        assert isinstance(outcome, Answer)  # the table sends only answers here
        self.drafts.pop(self.attempt.position, None)
        self.attempt.answer(outcome.response)
        if self.confidence is not None:  # --confidence: how sure, asked before any feedback
            await self.confidence(self.asker, self.attempt)
        if self.immediate and await self.feedback() is Flow.PAUSED:
            return Flow.PAUSED
        if self.attempt.is_open:  # the pause menu at the feedback may have submitted it
            self.move_on()
        return Flow.CONTINUE

    async def on_skip(self, _: Outcome) -> Flow:
        self.move_on()
        return Flow.CONTINUE

    async def on_flag(self, _: Outcome) -> Flow:
        # The screen stays: the same question is asked again, showing its new mark.
        self.attempt.toggle_flag()
        return Flow.CONTINUE

    async def on_back(self, _: Outcome) -> Flow:
        if self.screen is Screen.REVISIT:
            # A revisited question was picked from the sheet: back leads there.
            self.screen = Screen.SHEET
        else:
            self.attempt.back()
        return Flow.CONTINUE

    async def on_sheet(self, _: Outcome) -> Flow:
        self.attempt.go_to(self.attempt.position)  # not a move: it settles the time on it
        self.opened_from = (self.attempt.position, self.screen)
        self.screen = Screen.SHEET
        return Flow.CONTINUE

    async def on_timeout(self, _: Outcome) -> Flow:
        self.expire()
        return Flow.CONTINUE

    async def on_interrupt(self, _: Outcome) -> Flow:
        # The screen stays: after "continue" the same question is asked again.
        return await self.interrupted()

    async def feedback(self) -> Flow:
        """Practice: grade the answer just given and wait until the learner has read it."""
        from aitrainer_cli.ui.result_view import answer_page

        attempt = self.attempt
        item, state = attempt.current, attempt.state(attempt.position)
        entry = self.entries[item.question_id]
        question = entry.question
        await judge_first(self.asker, self.grader, attempt.position, question, state.response)
        result = grade_item(attempt.position, item, question, state, self.scorer)
        total = len(attempt.form.items)
        cited = dict(entry.references)
        page = answer_page(
            result, question, total, entry.guideline, references=cited, more_above=True
        )
        self.asker.show(page)
        checked = await self_check(self.asker, self.grader, result, question, attempt.remaining)
        if checked is Signal.TIMEOUT:
            return Flow.CONTINUE
        # Ctrl-C at the self-check (checked) keeps the automatic grading, then pauses.
        if checked or await self.asker.acknowledge(attempt.remaining) is Signal.INTERRUPT:
            return await self.interrupted()
        return Flow.CONTINUE

    # -- the answer sheet ---------------------------------------------------------------------

    async def sheet(self) -> Flow:
        """The answer sheet: submit, or pick a question to revisit."""
        attempt = self.attempt
        unanswered = attempt.unanswered()
        if self.immediate and not unanswered:
            # Practice has shown the feedback on every answer already: nothing is left to do.
            attempt.submit()
            return Flow.CONTINUE
        opened_from, self.opened_from = self.opened_from, None
        match await self.pick_on_sheet(unanswered, opened_from):
            case GoTo(index):
                attempt.go_to(index)
                self.screen = Screen.REVISIT
            case SheetEntry.BACK if opened_from is not None:
                attempt.go_to(opened_from[0])
                self.screen = opened_from[1]
            case SheetEntry.UNANSWERED if unanswered:
                attempt.go_to(unanswered[0])
                self.screen = Screen.UNANSWERED
            case SheetEntry.SUBMIT:
                await self.confirm_submit(len(unanswered))
            case Signal.TIMEOUT:
                self.expire()
            case Signal.INTERRUPT:
                return await self.interrupted()
        return Flow.CONTINUE

    def sheet_entries(
        self, unanswered: list[int], flagged: list[int], opened_from: tuple[int, Screen] | None
    ) -> list[tuple[SheetChoice, str]]:
        """The questions the sheet offers: back to the one it was opened from, the first
        unanswered (then the others in turn), then up to five marked ones."""
        entries: list[tuple[SheetChoice, str]] = []
        if opened_from is not None:
            entries.append((SheetEntry.BACK, f"Back to question {opened_from[0] + 1}"))
        if unanswered:
            first = unanswered[0]
            more = ", then the others" if len(unanswered) > 1 else ""
            entries.append(
                (SheetEntry.UNANSWERED, f"Go to the first unanswered question ({first + 1}){more}")
            )
        return entries + [(GoTo(i), f"Go to marked question {i + 1}") for i in flagged[:5]]

    async def pick_on_sheet(
        self, unanswered: list[int], opened_from: tuple[int, Screen] | None = None
    ) -> SheetChoice | Signal:
        attempt = self.attempt
        total, flagged = len(attempt.form.items), attempt.flagged()
        questions = self.sheet_entries(unanswered, flagged, opened_from)
        menu: list[tuple[SheetChoice, str]] = [(SheetEntry.SUBMIT, "Submit the attempt")]
        menu += questions
        if not self.immediate:
            menu.append((SheetEntry.BY_NUMBER, "Go to a question by number"))
        default = questions[0][0] if opened_from is not None or unanswered else SheetEntry.SUBMIT
        chosen = await self.asker.choose(
            f"Answer sheet: {total - len(unanswered)} of {total} answered, "
            f"{len(flagged)} marked for review",
            [(_menu_value(choice), label) for choice, label in menu],
            remaining=attempt.remaining,
            default=_menu_value(default),
            body=sheet_view(attempt),
        )
        choice = chosen if isinstance(chosen, Signal) else _sheet_choice(chosen)
        if choice is Signal.INTERRUPT and self.input_ended() and not unanswered:
            return SheetEntry.SUBMIT  # a script answered every question and ended: it is done
        if choice is SheetEntry.BY_NUMBER:
            number = await self.asker.ask_number(
                f"Which question (1-{total})?", 1, total, remaining=attempt.remaining
            )
            return number if isinstance(number, Signal) else GoTo(number - 1)
        return choice

    async def confirm_submit(self, blanks: int) -> None:
        if blanks:
            chosen = await self.choose(
                f"{blanks} question{'s are' if blanks != 1 else ' is'} unanswered and will "
                "earn no credit. Submit anyway?",
                [
                    (ConfirmChoice.BACK, "No, back to the answer sheet"),
                    (ConfirmChoice.SUBMIT, "Yes, submit now"),
                ],
                default=ConfirmChoice.BACK,
            )
            if chosen is Signal.TIMEOUT:
                self.expire()
                return
            if chosen is not ConfirmChoice.SUBMIT:
                return
        self.attempt.submit()

    # -- the pause menu -----------------------------------------------------------------------

    def input_ended(self) -> bool:
        """Whether the asker's input has ended (a pipe at its end): nobody can answer a menu."""
        return bool(getattr(self.asker, "input_ended", False))

    async def interrupted(self) -> Flow:
        """Ctrl-C or end of input: continue, save and quit, or submit now. The clock stands
        while the menu is open (unless the blueprint's clock is strict)."""
        attempt = self.attempt
        attempt.hold()
        left = attempt.remaining()
        clock = (
            "The clock keeps running (strict timing)."
            if attempt.strict_clock and left is not None
            else f"The clock is stopped ({clock_text(left)} left)."
            if left is not None
            else ""
        )
        chosen = await self.choose(
            " ".join(filter(None, ["Paused.", clock, "Your answers so far are kept. What next?"])),
            [
                (PauseChoice.CONTINUE, "Continue the attempt"),
                (PauseChoice.SAVE, "Save and quit (resume later)"),
                (PauseChoice.SUBMIT, "Submit now and see the result"),
            ],
            default=PauseChoice.CONTINUE,
            # A stopped clock has no deadline to count down to: the title gives the time left.
            remaining=(lambda: None) if attempt.held else None,
        )
        if chosen is Signal.INTERRUPT and self.input_ended() and not attempt.unanswered():
            chosen = PauseChoice.SUBMIT  # input ended with every question answered: done
        match chosen:
            case PauseChoice.SAVE | Signal.INTERRUPT:
                # End of input in this menu too: saving is the choice that loses nothing.
                self.keep_drafts()
                attempt.pause()
                return Flow.PAUSED
            case PauseChoice.SUBMIT:
                # As from the sheet: blanks are named first, and "no" leads to the sheet.
                attempt.release()
                self.keep_drafts()
                await self.confirm_submit(len(attempt.unanswered()))
                if attempt.is_open:
                    attempt.go_to(attempt.position)  # settles the time on the question
                    self.screen = Screen.SHEET
            case Signal.TIMEOUT:
                self.expire()
            case _:
                attempt.release()
        return Flow.CONTINUE

    async def choose(
        self,
        title: str,
        options: Sequence[tuple[_Choice, str]],
        *,
        default: _Choice,
        remaining: Callable[[], float | None] | None = None,
    ) -> _Choice | Signal:
        """A menu of typed choices, asked through the asker's menu of strings."""
        chosen = await self.asker.choose(
            title,
            [(option.value, label) for option, label in options],
            remaining=self.attempt.remaining if remaining is None else remaining,
            default=default.value,
        )
        if isinstance(chosen, Signal):
            return chosen
        # An asker returns one of the values it was offered; anything else counts as the
        # default, which in these menus is the choice that changes nothing.
        return next((option for option, _ in options if option == chosen), default)


async def run_session(
    attempt: Attempt,
    entries: Mapping[str, Entry],
    asker: Asker,
    *,
    immediate: bool = False,
    scorer: Scorer = score_now,
    open_book: bool = False,
    grader: WrittenGrader | None = None,
    confidence: ConfidenceHook | None = None,
) -> SessionEnd:
    """Take the learner through the attempt until it is submitted, expires or is paused;
    ``open_book``: the learner may open the guideline of each question's bank; ``grader``:
    practice asks the judge and a self-check on written answers."""
    loop = _Loop(
        attempt,
        entries,
        asker,
        immediate=immediate,
        scorer=scorer,
        open_book=open_book,
        grader=grader,
        confidence=confidence,
    )
    return await loop.run()
