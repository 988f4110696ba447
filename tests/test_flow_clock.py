"""Issue 14, finding 3: "Paused" stops the clock, in the pause menu and between save and resume;
a blueprint's ``strict_clock: true`` keeps it running; the result records the paused time."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import RenderableType

from aitrainer_cli.app.attempts import ExamOptions, resume_attempt, take_exam
from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.app.environment import Environment
from aitrainer_cli.banks.blueprint import Blueprint
from aitrainer_cli.exam.attempt import Attempt, Status
from aitrainer_cli.exam.compose import ExamRequest
from aitrainer_cli.ui.asking import Answer, AskContext, Outcome, Signal
from aitrainer_cli.ui.exam_views import intro_view
from aitrainer_cli.ui.session import SessionEnd, run_session
from test_session import CATALOG, Clock, _form


class MenuClockAsker:
    """Answers from a script; the first menu (the pause menu) lets ``wait`` seconds pass
    before its choice, the others none."""

    interactive = False

    def __init__(self, clock: Clock, asks: Sequence[Outcome], menus: Sequence[str], wait: float):
        self.clock, self.asks, self.menus, self.wait = clock, list(asks), list(menus), wait
        self.titles: list[str] = []
        self.remaining_seen: list[float | None] = []

    async def ask(self, context: AskContext) -> Outcome:
        self.remaining_seen.append(context.remaining())
        return self.asks.pop(0)

    async def choose(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        remaining: Callable[[], float | None] = lambda: None,
        default: str | None = None,
        body: RenderableType | None = None,
    ) -> str | Signal:
        self.clock.now += 0 if self.titles else self.wait
        self.titles.append(title)
        return self.menus.pop(0)

    async def ask_number(self, *args: object, **kwargs: object) -> int | Signal:
        raise AssertionError("not asked")

    def show(self, renderable: RenderableType) -> None:
        pass

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        return None


def _session(attempt: Attempt, asker: MenuClockAsker) -> SessionEnd:
    return asyncio.run(run_session(attempt, CATALOG.entries, asker))


def test_continue_after_ctrl_c_finds_the_clock_where_it_stopped() -> None:
    clock = Clock()
    attempt = Attempt(_form(1, limit=600), clock)
    clock.now = 3.0  # three seconds on the question, then Ctrl-C, ten seconds in the menu
    asker = MenuClockAsker(clock, [Signal.INTERRUPT, Answer(True)], ["continue", "submit"], 10)
    _session(attempt, asker)
    assert asker.remaining_seen[1] == 597.0  # not 587: the ten paused seconds did not count
    assert "The clock is stopped (09:57 left)." in asker.titles[0]
    assert attempt.paused_seconds() == 10.0
    assert attempt.state(0).seconds == 0.0  # the question's own time: asked at 0, answered at 0


def test_a_strict_clock_runs_through_the_pause_menu_and_says_so() -> None:
    clock = Clock()
    attempt = Attempt(_form(1, limit=600), clock, strict_clock=True)
    asker = MenuClockAsker(clock, [Signal.INTERRUPT, Answer(True)], ["continue", "submit"], 10)
    _session(attempt, asker)
    assert asker.remaining_seen[1] == 590.0
    assert "keeps running (strict timing)" in asker.titles[0]
    assert attempt.paused_seconds() == 0.0


def test_a_pause_menu_left_open_past_the_deadline_does_not_expire_the_attempt() -> None:
    clock = Clock()
    attempt = Attempt(_form(1, limit=60), clock)
    clock.now = 50.0
    asker = MenuClockAsker(clock, [Signal.INTERRUPT, Answer(True)], ["continue", "submit"], 300)
    _session(attempt, asker)
    assert attempt.status is Status.SUBMITTED
    assert attempt.state(0).response is True


def test_save_then_resume_keeps_the_time_left_and_counts_the_gap_as_paused() -> None:
    clock = Clock()
    attempt = Attempt(_form(2, limit=600), clock)
    clock.now = 100.0
    attempt.pause()
    snapshot = attempt.snapshot()
    resumed = Attempt.restore(_form(2, limit=600), snapshot, Clock(), away=3600)
    assert resumed.remaining() == 500.0
    assert resumed.paused_seconds() == 3600.0


def test_a_strict_clock_runs_between_save_and_resume() -> None:
    clock = Clock()
    attempt = Attempt(_form(2, limit=600), clock, strict_clock=True)
    clock.now = 100.0
    attempt.pause()
    snapshot = attempt.snapshot()
    later = Attempt.restore(_form(2, limit=600), snapshot, Clock(), strict_clock=True, away=120)
    assert later.remaining() == 380.0
    gone = Attempt.restore(_form(2, limit=600), snapshot, Clock(), strict_clock=True, away=3600)
    assert gone.time_is_up()


def test_hold_and_release_move_the_deadline_and_submit_releases() -> None:
    clock = Clock()
    attempt = Attempt(_form(1, limit=100), clock)
    clock.now = 10.0
    attempt.hold()
    clock.now = 50.0
    assert attempt.remaining() == 90.0
    assert attempt.deadline() is None
    assert attempt.paused_seconds() == 40.0
    attempt.submit()
    assert attempt.remaining() == 90.0
    assert attempt.paused_seconds() == 40.0


def test_strict_clock_needs_a_time_limit() -> None:
    base = {"id": "x", "title": "X", "sections": [{"title": "S", "count": 1}]}
    untimed = Blueprint.model_validate({**base, "strict_clock": True})
    assert [p.code for p in untimed.problems()] == ["strict-clock-untimed"]
    timed = Blueprint.model_validate({**base, "strict_clock": True, "time_limit": "10m"})
    assert list(timed.problems()) == []


def test_the_intro_says_how_the_clock_treats_a_pause() -> None:
    form = _form(2, limit=600)
    strict = _plain(intro_view(form, "exam", strict_clock=True))
    assert "clock keeps running while you are paused" in strict
    assert "Pausing stops the clock" in _plain(intro_view(form, "exam"))
    assert "clock" not in _plain(intro_view(_form(2, limit=None), "practice"))


def _plain(renderable: RenderableType) -> str:
    from rich.console import Console

    console = Console(width=200, no_color=True)
    with console.capture() as captured:
        console.print(renderable)
    return " ".join(captured.get().split())


def test_paused_time_is_stored_and_in_the_json_result(tmp_path: Path) -> None:
    """A plain run paused and saved, then resumed an hour later: the JSON result says so."""
    catalog = load_banks()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    times = iter([start + timedelta(seconds=s) for s in range(0, 100000, 1)])
    out = io.StringIO()
    env = Environment(
        stdin=io.StringIO("true\n:q\n2\n"),
        stdout=out,
        stderr=io.StringIO(),
        now=lambda: next(times),
        data_dir=tmp_path,
    )
    request = ExamRequest(types=("true_false",), count=2, seed=3, time="10m")
    take_exam(env, catalog, request, ExamOptions("exam", plain=True))
    db = tmp_path / "progress.db"
    with sqlite3.connect(db) as connection:
        [(updated,)] = connection.execute("SELECT updated_at FROM attempts").fetchall()
    saved = datetime.fromisoformat(updated)
    later = Environment(
        stdin=io.StringIO("false\n1\n"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        now=lambda: saved + timedelta(hours=1),
        data_dir=tmp_path,
    )
    resume_attempt(later, catalog, None, ExamOptions(plain=True, json=True))
    result = json.loads(later.stdout.getvalue())  # type: ignore[attr-defined]
    assert result["status"] == "submitted"
    assert result["paused_seconds"] >= 3600
    with sqlite3.connect(db) as connection:
        [(paused,)] = connection.execute("SELECT paused_seconds FROM attempts").fetchall()
    assert paused >= 3600
