"""The attempt state machine: answer, skip, flag, go back, submit, expire.

Pure logic with an injected monotonic clock. Every change is reported to an optional listener the
moment it happens, so a store can persist it; ``snapshot()`` and ``Attempt.restore`` rebuild an
attempt from what was persisted (same form, answers, flags, position and remaining time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from aitrainer_cli.exam.assembly import ExamForm, FormItem

Clock = Callable[[], float]
"""Monotonic seconds (``time.monotonic`` in the program, a fake in tests)."""


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"
    ABANDONED = "abandoned"


class ChangeKind(StrEnum):
    ANSWER = "answer"
    FLAG = "flag"
    POSITION = "position"
    STATUS = "status"
    PAUSE = "pause"


@dataclass(frozen=True, slots=True)
class ItemState:
    """What the learner has done with one question of the form."""

    response: object = None
    flagged: bool = False
    seconds: float = 0.0
    """Time spent looking at this question, over every visit."""

    @property
    def answered(self) -> bool:
        return self.response is not None


@dataclass(frozen=True, slots=True)
class Change:
    """One change, reported to the listener: ``index`` is the item concerned, if any."""

    kind: ChangeKind
    index: int | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything needed to rebuild an attempt (together with its form)."""

    states: tuple[ItemState, ...]
    position: int
    remaining: float | None
    status: Status
    paused: float = 0.0
    """Seconds the clock was stopped so far (the pause menu, and between save and resume)."""


class AttemptClosedError(RuntimeError):
    """A change was asked of an attempt that is already submitted, expired or abandoned."""


Listener = Callable[["Attempt", Change], None]
Finished = Callable[[int, object], bool]
"""Whether the response stored at a form position is a finished answer (a composite item, a
task, may hold some of its parts only); by default any response is."""


def _any_response(index: int, response: object) -> bool:
    return response is not None


class Attempt:
    """One learner working through one form against one deadline."""

    def __init__(
        self,
        form: ExamForm,
        clock: Clock,
        *,
        listener: Listener | None = None,
        lock_answers: bool = False,
        finished: Finished = _any_response,
        strict_clock: bool = False,
    ) -> None:
        self.form = form
        self.strict_clock = strict_clock
        """A real screening's rules: the clock runs through pauses and between save and
        resume (``hold`` does nothing; ``restore`` takes the time away off the budget)."""
        self.finished = finished
        """Whether a stored response is a finished answer: an unfinished one stays open to
        answering (locked answers included) and counts as unanswered on the sheet."""
        self.lock_answers = lock_answers
        """Practice with immediate feedback: an answer, once given and shown, is final."""
        self._clock = clock
        self._listener = listener
        self._states = [ItemState() for _ in form.items]
        self._position = 0
        self._status = Status.IN_PROGRESS
        self._budget: float | None = form.time_limit_seconds
        self._started = clock()
        self._viewing_since: float | None = None
        self._held_since: float | None = None
        """When the clock was stopped (the pause menu is open); None while it runs."""
        self._paused = 0.0

    @classmethod
    def restore(
        cls,
        form: ExamForm,
        snapshot: Snapshot,
        clock: Clock,
        *,
        listener: Listener | None = None,
        lock_answers: bool = False,
        finished: Finished = _any_response,
        strict_clock: bool = False,
        away: float = 0.0,
    ) -> Attempt:
        """Rebuild a persisted attempt; its clock restarts with the time that was left.

        ``away``: seconds since the snapshot was saved. They count as paused time, unless the
        clock is strict: then they come off the time that was left, as on a real screening."""
        if len(snapshot.states) != len(form.items):
            raise ValueError("the snapshot does not belong to this form")
        attempt = cls(
            form, clock, lock_answers=lock_answers, finished=finished, strict_clock=strict_clock
        )
        attempt._states = list(snapshot.states)
        attempt._position = min(max(snapshot.position, 0), len(form.items) - 1)
        attempt._status = snapshot.status
        attempt._budget = snapshot.remaining
        attempt._paused = snapshot.paused
        away = max(0.0, away)
        if snapshot.status is Status.IN_PROGRESS:
            if strict_clock and attempt._budget is not None:
                attempt._budget = max(0.0, attempt._budget - away)
            elif not strict_clock:
                attempt._paused += away
        attempt._listener = listener
        return attempt

    # -- reading ------------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._status

    @property
    def is_open(self) -> bool:
        return self._status is Status.IN_PROGRESS

    @property
    def position(self) -> int:
        return self._position

    @property
    def current(self) -> FormItem:
        return self.form.items[self._position]

    @property
    def states(self) -> tuple[ItemState, ...]:
        return tuple(self._states)

    def state(self, index: int) -> ItemState:
        return self._states[index]

    @property
    def is_last(self) -> bool:
        return self._position == len(self.form.items) - 1

    def remaining(self) -> float | None:
        """Seconds left, never below 0; None when untimed."""
        if self._budget is None:
            return None
        if not self.is_open:
            return max(0.0, self._budget)
        return max(0.0, self._budget - (self._now() - self._started))

    def deadline(self) -> float | None:
        """The clock reading at which time runs out; None when untimed or closed (or while the
        clock is stopped: no deadline comes nearer then)."""
        if self._budget is None or not self.is_open or self._held_since is not None:
            return None
        return self._started + self._budget

    @property
    def held(self) -> bool:
        """Whether the clock is stopped right now (the pause menu is open)."""
        return self._held_since is not None

    def paused_seconds(self) -> float:
        """Seconds the clock has been stopped, over the whole attempt (now included)."""
        now = 0.0 if self._held_since is None else self._clock() - self._held_since
        return self._paused + now

    def time_is_up(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    def unanswered(self) -> list[int]:
        """Questions without a finished answer (a task with parts still open counts)."""
        return [i for i, s in enumerate(self._states) if not self.finished(i, s.response)]

    def is_finished(self, index: int) -> bool:
        """Whether the question at ``index`` has a finished answer."""
        return self.finished(index, self._states[index].response)

    def flagged(self) -> list[int]:
        return [i for i, state in enumerate(self._states) if state.flagged]

    def snapshot(self) -> Snapshot:
        return Snapshot(
            tuple(self._states),
            self._position,
            self.remaining(),
            self._status,
            self.paused_seconds(),
        )

    # -- changing -----------------------------------------------------------------------------

    def view(self) -> None:
        """The current question is on screen from now: its time starts counting."""
        self._require_open()
        self._viewing_since = self._clock()

    def answer(self, response: object) -> None:
        """Record an answer to the current question (None clears it)."""
        self._require_open()
        if self.lock_answers and self.is_finished(self._position):
            raise AttemptClosedError("this answer was already given and shown")
        self._settle_time()
        self._update(self._position, response=response)
        self._notify(ChangeKind.ANSWER, self._position)

    def keep(self, index: int, response: object) -> None:
        """Record a draft (an answer left unconfirmed) as the response of any question; the
        time on the questions is untouched. A locked, finished answer is never replaced."""
        self._require_open()
        if self.lock_answers and self.is_finished(index):
            return
        self._update(index, response=response)
        self._notify(ChangeKind.ANSWER, index)

    def toggle_flag(self) -> bool:
        """Flag or unflag the current question for review; returns the new flag."""
        self._require_open()
        flagged = not self._states[self._position].flagged
        self._update(self._position, flagged=flagged)
        self._notify(ChangeKind.FLAG, self._position)
        return flagged

    def go_to(self, index: int) -> None:
        """Move to any question of the form (back, forward, from the answer sheet)."""
        self._require_open()
        if not 0 <= index < len(self._states):
            raise IndexError(f"there is no question {index + 1}")
        self._settle_time()
        if index != self._position:
            self._position = index
            self._notify(ChangeKind.POSITION, index)

    def advance(self) -> bool:
        """Move to the next question (skipping leaves the current one unanswered).

        Returns False when already on the last question.
        """
        if self.is_last:
            self._settle_time()
            return False
        self.go_to(self._position + 1)
        return True

    def back(self) -> bool:
        if self._position == 0:
            return False
        self.go_to(self._position - 1)
        return True

    def hold(self) -> None:
        """The learner paused (the pause menu): the clock stops until ``release``. A strict
        clock never stops; a stopped clock stays stopped."""
        self._require_open()
        if self.strict_clock or self._held_since is not None:
            return
        self._settle_time()
        self._held_since = self._clock()

    def release(self) -> None:
        """The clock runs again (after ``hold``): the deadline moves by the time it stood."""
        if self._held_since is None:
            return
        stood = max(0.0, self._clock() - self._held_since)
        self._held_since = None
        self._started += stood
        self._paused += stood

    def pause(self) -> None:
        """Save-and-quit: stop the clocks; the attempt stays open for resuming later."""
        self._require_open()
        self.release()
        self._settle_time()
        self._budget = self.remaining()
        self._started = self._clock()
        self._notify(ChangeKind.PAUSE)

    def submit(self) -> None:
        self._close(Status.EXPIRED if self.time_is_up() else Status.SUBMITTED)

    def expire(self) -> None:
        self._close(Status.EXPIRED)

    def abandon(self) -> None:
        self._close(Status.ABANDONED)

    def time_used(self) -> float:
        """Seconds spent on the attempt so far (the sum over questions)."""
        return sum(state.seconds for state in self._states)

    # -- internals ----------------------------------------------------------------------------

    def _now(self) -> float:
        """The clock reading time runs by: while stopped, the moment it stopped."""
        return self._clock() if self._held_since is None else self._held_since

    def _close(self, status: Status) -> None:
        self._require_open()
        self.release()
        self._settle_time()
        remaining = self.remaining()
        self._budget = 0.0 if status is Status.EXPIRED and remaining is not None else remaining
        self._status = status
        self._notify(ChangeKind.STATUS)

    def _settle_time(self) -> None:
        if self._viewing_since is None:
            return
        now = self._now()
        spent = now - self._viewing_since
        deadline = self.deadline()
        if deadline is not None:
            spent = max(0.0, min(now, deadline) - self._viewing_since)
        self._viewing_since = None
        state = self._states[self._position]
        self._states[self._position] = replace(state, seconds=state.seconds + spent)

    def _update(self, index: int, **changes: object) -> None:
        self._states[index] = replace(self._states[index], **changes)  # type: ignore[arg-type]

    def _require_open(self) -> None:
        if not self.is_open:
            raise AttemptClosedError(f"the attempt is {self._status.value.replace('_', ' ')}")

    def _notify(self, kind: ChangeKind, index: int | None = None) -> None:
        if self._listener is not None:
            self._listener(self, Change(kind, index))
