"""The attempt state machine: answer, skip, flag, back, submit, expire, pause and restore."""

from __future__ import annotations

import pytest

from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import (
    Attempt,
    AttemptClosedError,
    Change,
    ChangeKind,
    Status,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def _form(count: int = 3, limit: int | None = 60) -> ExamForm:
    items = tuple(FormItem(f"q{i}", "bank", "S") for i in range(count))
    return ExamForm("bp", "Title", 7, limit, 80.0, items)


def test_answers_flags_and_time_spent_are_kept_per_question() -> None:
    clock = FakeClock()
    attempt = Attempt(_form(), clock)
    attempt.view()
    clock.tick(5)
    attempt.answer("a")
    assert attempt.advance()
    attempt.view()
    clock.tick(3)
    attempt.toggle_flag()
    assert attempt.advance()
    states = attempt.states
    assert states[0].response == "a"
    assert states[0].seconds == 5
    assert states[1].response is None
    assert states[1].flagged
    assert states[1].seconds == 3
    assert attempt.unanswered() == [1, 2]
    assert attempt.flagged() == [1]


def test_going_back_and_changing_an_answer_adds_to_the_time_of_that_question() -> None:
    clock = FakeClock()
    attempt = Attempt(_form(), clock)
    attempt.view()
    clock.tick(4)
    attempt.answer("a")
    attempt.advance()
    assert attempt.back()
    assert attempt.position == 0
    assert not attempt.back()
    attempt.view()
    clock.tick(2)
    attempt.answer("b")
    assert attempt.state(0).response == "b"
    assert attempt.state(0).seconds == 6


def test_advance_on_the_last_question_stays_there() -> None:
    attempt = Attempt(_form(2), FakeClock())
    assert attempt.advance()
    assert attempt.is_last
    assert not attempt.advance()
    assert attempt.position == 1
    with pytest.raises(IndexError):
        attempt.go_to(5)


def test_the_clock_runs_out_and_submitting_then_records_expiry() -> None:
    clock = FakeClock()
    attempt = Attempt(_form(limit=60), clock)
    attempt.view()
    clock.tick(59)
    assert attempt.remaining() == 1
    assert not attempt.time_is_up()
    clock.tick(5)
    assert attempt.time_is_up()
    assert attempt.remaining() == 0
    attempt.submit()
    assert attempt.status is Status.EXPIRED
    # time after the deadline is not charged to the question on screen
    assert attempt.state(0).seconds == 60


def test_expire_mid_question_keeps_earlier_answers_and_closes_the_attempt() -> None:
    clock = FakeClock()
    attempt = Attempt(_form(), clock)
    attempt.view()
    attempt.answer("a")
    attempt.advance()
    attempt.view()
    clock.tick(100)
    attempt.expire()
    assert attempt.status is Status.EXPIRED
    assert attempt.state(0).response == "a"
    for change in (lambda: attempt.answer("b"), attempt.toggle_flag, attempt.submit):
        with pytest.raises(AttemptClosedError):
            change()


def test_an_untimed_attempt_never_runs_out() -> None:
    clock = FakeClock()
    attempt = Attempt(_form(limit=None), clock)
    clock.tick(10**6)
    assert attempt.remaining() is None
    assert not attempt.time_is_up()
    attempt.submit()
    assert attempt.status is Status.SUBMITTED


def test_practice_locks_an_answer_once_given() -> None:
    attempt = Attempt(_form(), FakeClock(), lock_answers=True)
    attempt.answer("a")
    with pytest.raises(AttemptClosedError):
        attempt.answer("b")


def test_every_change_reaches_the_listener_as_it_happens() -> None:
    seen: list[tuple[Change, object]] = []
    attempt = Attempt(
        _form(), FakeClock(), listener=lambda a, change: seen.append((change, a.snapshot()))
    )
    attempt.answer("a")
    attempt.toggle_flag()
    attempt.advance()
    attempt.submit()
    kinds = [change.kind for change, _ in seen]
    assert kinds == [ChangeKind.ANSWER, ChangeKind.FLAG, ChangeKind.POSITION, ChangeKind.STATUS]
    answer_snapshot = seen[0][1]
    assert answer_snapshot.states[0].response == "a"  # type: ignore[attr-defined]


def test_pause_and_restore_continue_with_the_time_that_was_left() -> None:
    clock = FakeClock()
    attempt = Attempt(_form(limit=60), clock)
    attempt.view()
    clock.tick(20)
    attempt.answer("a")
    attempt.toggle_flag()
    attempt.advance()
    attempt.pause()
    snapshot = attempt.snapshot()
    assert snapshot.remaining == 40
    assert snapshot.status is Status.IN_PROGRESS

    later = FakeClock()
    later.now = 99999.0
    resumed = Attempt.restore(_form(limit=60), snapshot, later)
    assert resumed.position == 1
    assert resumed.state(0).response == "a"
    assert resumed.state(0).flagged
    assert resumed.remaining() == 40
    later.tick(15)
    assert resumed.remaining() == 25


def test_restore_refuses_a_snapshot_of_another_form() -> None:
    attempt = Attempt(_form(3), FakeClock())
    with pytest.raises(ValueError, match="does not belong"):
        Attempt.restore(_form(4), attempt.snapshot(), FakeClock())
