"""The exam loop with a scripted asker: navigation, the answer sheet, interrupts and expiry."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from rich.console import RenderableType

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import Attempt, Status
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.asking import Action, Answer, AskContext, Outcome, Signal
from aitrainer_cli.ui.session import SessionEnd, run_session

CATALOG = load_catalog([builtin_banks_dir()])
TRUE_FALSE = [e.question.id for e in CATALOG.entries.values() if e.question.type == "true_false"]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


Step = Outcome | Callable[[AskContext], Outcome]


class ScriptedAsker:
    """Plays back outcomes for questions and values for menus, recording what it was shown."""

    def __init__(self, asks: Sequence[Step], menus: Sequence[str | int | Signal] = ()) -> None:
        self.asks, self.menus = list(asks), list(menus)
        self.asked: list[int] = []
        self.titles: list[str] = []
        self.shown: list[RenderableType] = []
        self.acknowledged = 0

    async def ask(self, context: AskContext) -> Outcome:
        self.asked.append(context.number)
        step = self.asks.pop(0)
        return step(context) if callable(step) else step

    async def choose(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        remaining: Callable[[], float | None] = lambda: None,
        default: str | None = None,
        body: RenderableType | None = None,
    ) -> str | Signal:
        self.titles.append(title)
        chosen = self.menus.pop(0)
        assert isinstance(chosen, str | Signal)
        assert isinstance(chosen, Signal) or chosen in [value for value, _ in choices], (
            chosen,
            choices,
        )
        return chosen

    async def ask_number(
        self,
        title: str,
        low: int,
        high: int,
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> int | Signal:
        chosen = self.menus.pop(0)
        assert isinstance(chosen, int)
        return chosen

    def show(self, renderable: RenderableType) -> None:
        self.shown.append(renderable)

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        self.acknowledged += 1
        return None


def _form(count: int = 3, limit: int | None = 600) -> ExamForm:
    items = tuple(FormItem(qid, CATALOG.entries[qid].bank_id, "S") for qid in TRUE_FALSE[:count])
    return ExamForm("bp", "T", 1, limit, 80, items)


def _run(attempt: Attempt, asker: ScriptedAsker, immediate: bool = False) -> SessionEnd:
    return asyncio.run(run_session(attempt, CATALOG.entries, asker, immediate=immediate))


def test_answering_every_question_then_submitting_from_the_sheet() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker([Answer(True), Answer(False), Answer(True)], ["submit"])
    assert _run(attempt, asker) is SessionEnd.CLOSED
    assert attempt.status is Status.SUBMITTED
    assert [s.response for s in attempt.states] == [True, False, True]
    assert asker.titles[0].startswith("Answer sheet: 3 of 3 answered")


def test_a_skipped_question_is_offered_from_the_sheet_and_then_the_sheet_returns() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker(
        [Answer(True), Action.SKIP, Answer(True), Answer(False)], ["unanswered", "submit"]
    )
    _run(attempt, asker)
    assert asker.asked == [1, 2, 3, 2]
    assert [s.response for s in attempt.states] == [True, False, True]
    assert "2 of 3 answered" in asker.titles[0]
    assert "3 of 3 answered" in asker.titles[1]


def test_submitting_with_blanks_asks_first_and_no_keeps_the_attempt_open() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker(
        [Action.SKIP, Action.SKIP, Action.SKIP], ["submit", "back", "submit", "submit"]
    )
    _run(attempt, asker)
    assert "3 questions are unanswered" in asker.titles[1]
    assert attempt.status is Status.SUBMITTED
    assert len(asker.titles) == 4


def test_mark_for_review_and_previous_question() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker(
        [Action.FLAG, Answer(True), Action.BACK, Answer(False), Answer(True), Answer(True)],
        ["submit"],
    )
    _run(attempt, asker)
    assert asker.asked == [1, 1, 2, 1, 2, 3]
    assert attempt.state(0).flagged
    assert attempt.state(0).response is False


def test_going_to_a_question_by_number_from_the_sheet() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker(
        [Answer(True), Answer(True), Answer(True), Answer(False)], ["number", 1, "submit"]
    )
    _run(attempt, asker)
    assert asker.asked == [1, 2, 3, 1]
    assert attempt.state(0).response is False


def test_interrupt_then_save_pauses_with_every_answer_kept() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker([Answer(True), Signal.INTERRUPT], ["save"])
    assert _run(attempt, asker) is SessionEnd.PAUSED
    assert attempt.is_open
    assert attempt.state(0).response is True
    assert attempt.position == 1
    assert asker.titles == [
        "Paused. The clock is stopped (10:00 left). Your answers so far are kept. What next?"
    ]


def test_interrupt_then_continue_asks_the_same_question_again() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker(
        [Signal.INTERRUPT, Answer(True), Answer(True), Answer(True)], ["continue", "submit"]
    )
    _run(attempt, asker)
    assert asker.asked == [1, 1, 2, 3]
    assert attempt.status is Status.SUBMITTED


def test_end_of_input_in_the_pause_menu_saves_rather_than_losing_anything() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker([Answer(True), Signal.INTERRUPT], [Signal.INTERRUPT])
    assert _run(attempt, asker) is SessionEnd.PAUSED
    assert attempt.state(0).response is True


def test_interrupt_then_submit_now_closes_the_attempt() -> None:
    attempt = Attempt(_form(), Clock())
    asker = ScriptedAsker([Answer(True), Signal.INTERRUPT], ["submit", "submit"])
    assert _run(attempt, asker) is SessionEnd.CLOSED
    assert attempt.status is Status.SUBMITTED
    assert "2 questions are unanswered" in asker.titles[1]  # warned first, as from the sheet


def test_time_running_out_mid_question_expires_the_attempt() -> None:
    clock = Clock()
    attempt = Attempt(_form(limit=60), clock)

    def slow(context: AskContext) -> Outcome:
        clock.now += 61
        return Signal.TIMEOUT

    asker = ScriptedAsker([Answer(True), slow])
    assert _run(attempt, asker) is SessionEnd.CLOSED
    assert attempt.status is Status.EXPIRED
    assert attempt.state(0).response is True


def test_warnings_at_five_minutes_and_one_minute() -> None:
    clock = Clock()
    attempt = Attempt(_form(limit=400), clock)

    def wait(seconds: float) -> Callable[[AskContext], Outcome]:
        def step(context: AskContext) -> Outcome:
            clock.now += seconds
            return Answer(True)

        return step

    asker = ScriptedAsker([wait(150), wait(200), wait(10)], ["submit"])
    _run(attempt, asker)
    texts = [str(getattr(shown, "plain", "")) for shown in asker.shown]
    assert any("5 minutes left" in text for text in texts)
    assert any("1 minute left" in text for text in texts)


def test_practice_shows_feedback_after_each_answer_and_submits_when_all_are_done() -> None:
    attempt = Attempt(_form(2, limit=None), Clock(), lock_answers=True)
    asker = ScriptedAsker([Answer(True), Answer(False)])
    assert _run(attempt, asker, immediate=True) is SessionEnd.CLOSED
    assert len(asker.shown) == 2
    assert attempt.status is Status.SUBMITTED
    assert asker.acknowledged == 2
    assert asker.titles == []


def test_warning_levels_only_count_thresholds_shorter_than_the_limit() -> None:
    from aitrainer_cli.ui.asking import warning_level

    assert [warning_level(s) for s in (None, 900, 300, 61, 60, 1)] == [0, 0, 1, 1, 2, 2]
    assert [warning_level(s, 90) for s in (89, 61, 60, 19)] == [0, 0, 2, 2]
    assert warning_level(200, 240) == 0
    assert warning_level(20, 30) == 0


def _within(seconds: float, call: Callable[[], SessionEnd]) -> SessionEnd:
    """Fail, rather than hang, when the loop never waits for the learner again."""
    import signal

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"the session did not end within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_practice_picking_an_answered_marked_question_returns_to_the_sheet() -> None:
    attempt = Attempt(_form(3, limit=None), Clock(), lock_answers=True)
    asks = [Action.FLAG, Answer(True), Action.SKIP, Answer(True), Answer(False)]
    asker = ScriptedAsker(
        asks, ["0", "unanswered"]
    )  # marked question 1 (answered), then question 2
    assert _within(5, lambda: _run(attempt, asker, immediate=True)) is SessionEnd.CLOSED
    assert asker.asked == [1, 1, 2, 3, 2]
    assert attempt.status is Status.SUBMITTED


class InterruptingAsker(ScriptedAsker):
    """Ctrl-C while the feedback is on screen."""

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        await super().acknowledge(remaining)
        return Signal.INTERRUPT


def test_practice_submit_now_from_the_feedback_pause_closes_without_an_error() -> None:
    attempt = Attempt(_form(3, limit=None), Clock(), lock_answers=True)
    asker = InterruptingAsker([Answer(True)], ["submit", "submit"])
    assert _run(attempt, asker, immediate=True) is SessionEnd.CLOSED
    assert attempt.status is Status.SUBMITTED
    assert [s.response for s in attempt.states] == [True, None, None]
