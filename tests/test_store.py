"""The attempt store: every change committed as it happens, resume, history, sharing the file
between processes, surviving SIGKILL, and clear errors (file untouched) when the file is bad."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.errors import DataStoreError, ExitCode, NotFoundError
from aitrainer_cli.exam.assembly import ExamForm, FormItem, assemble
from aitrainer_cli.exam.attempt import Attempt, ItemState, Status
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.paths import builtin_banks_dir, data_dir
from aitrainer_cli.progress import db
from aitrainer_cli.progress.records import content_hash, form_hashes
from aitrainer_cli.progress.store import AttemptStore
from progress_helpers import CATALOG, graded_result, questions, right_answer


class FakeClock:
    """Monotonic seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wall_clock() -> Iterator[datetime]:
    start = datetime(2025, 1, 1, 12, tzinfo=UTC)
    return (start + timedelta(minutes=n) for n in itertools.count())


def small_form(size: int = 5, limit: int | None = 600) -> ExamForm:
    items = tuple(
        FormItem(f"q{i}", "bank", "Section", ("b", "a", "c") if i % 2 else ()) for i in range(size)
    )
    return ExamForm("quick", "Quick", 42, limit, 80.0, items)


def hashes_of(form: ExamForm) -> dict[str, str]:
    return {item.question_id: f"{n:016x}" for n, item in enumerate(form.items)}


def open_store(path: Path) -> AttemptStore:
    ticks = wall_clock()
    return AttemptStore.open(path, now=lambda: next(ticks))


def rows(path: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, args).fetchall()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.db"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([builtin_banks_dir()])


# -- where the file lives ------------------------------------------------------------------------


def test_the_test_suite_points_the_data_dir_away_from_the_real_home() -> None:
    home = Path(os.environ["AITRAINER_HOME"])
    assert data_dir() == home
    assert not str(home).startswith(str(Path.home() / ".local"))
    assert db.progress_path() == home / "progress.db"
    assert db.progress_path(home / "elsewhere") == home / "elsewhere" / "progress.db"
    with AttemptStore.open() as store:
        assert store.path == home / "progress.db"
    assert (home / "progress.db").is_file()


def test_data_dir_prefers_the_override_then_the_environment_then_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AITRAINER_HOME", str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv("AITRAINER_HOME")
    import platformdirs

    assert data_dir() == Path(platformdirs.user_data_dir("aitrainer"))


def test_importing_the_store_does_not_load_pydantic() -> None:
    probe = (
        "import sys, aitrainer_cli.progress.store; "
        "print('pydantic' in sys.modules, 'platformdirs' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# -- recording and resuming ----------------------------------------------------------------------


def key_of(catalog: Catalog, question_id: str) -> object:
    """The keyed answer in its JSON shape (lists, dicts), or a free-text answer."""
    dumped = catalog.entries[question_id].question.model_dump(mode="json")
    return dumped.get("answer") if dumped.get("answer") is not None else "because it is so"


def test_a_full_attempt_is_recorded_as_it_goes_and_resumes_identically(
    path: Path, catalog: Catalog
) -> None:
    form = assemble(catalog.entries, catalog.blueprints["quick-screening"], seed=5)
    hashes = form_hashes(form, catalog.entries)
    clock = FakeClock()
    store = open_store(path)
    attempt_id = store.start(form, "exam", hashes=hashes, filters={"topics": ["atomic-claims"]})
    attempt = Attempt(form, clock, listener=store.listener(attempt_id, hashes))
    for _ in range(6):
        attempt.view()
        clock.now += 7
        attempt.answer(key_of(catalog, attempt.current.question_id))
        attempt.advance()
    attempt.view()
    clock.now += 3
    attempt.toggle_flag()
    attempt.back()  # settles the 3 s spent on the flagged, unanswered question
    # Committed already, before any pause: another connection sees every answer.
    answered = rows(
        path,
        "SELECT position, response IS NOT NULL, flagged, seconds FROM responses"
        " WHERE attempt_id = ? ORDER BY position",
        attempt_id,
    )
    assert answered == [(p, 1, 0, 7.0) for p in range(6)] + [(6, 0, 1, 3.0)]
    clock.now += 10
    attempt.pause()
    at_pause = attempt.snapshot()
    assert rows(path, "SELECT position, time_remaining, status FROM attempts") == [
        (5, at_pause.remaining, "in_progress")
    ]
    store.close()

    with open_store(path) as store:
        [summary] = store.unfinished()
        assert (summary.id, summary.answered, summary.items, summary.status) == (
            attempt_id,
            6,
            len(form.items),
            Status.IN_PROGRESS,
        )
        stored = store.load(attempt_id)
        assert stored.form == form
        assert stored.snapshot == at_pause
        assert (stored.mode, stored.filters, stored.lock_answers) == (
            "exam",
            {"topics": ["atomic-claims"]},
            False,
        )
        assert stored.changed_questions(hashes) == ()
        edited = {**hashes, form.items[2].question_id: "0" * 16}
        del edited[form.items[4].question_id]
        assert stored.changed_questions(edited) == (
            form.items[2].question_id,
            form.items[4].question_id,
        )

        resumed = Attempt.restore(
            stored.form, stored.snapshot, clock, listener=store.listener(attempt_id, hashes)
        )
        assert (resumed.states, resumed.position, resumed.remaining()) == (
            attempt.states,
            attempt.position,
            attempt.remaining(),
        )
        resumed.go_to(len(form.items) - 1)
        resumed.answer(key_of(catalog, resumed.current.question_id))
        resumed.submit()
        assert rows(path, "SELECT status FROM attempts") == [("submitted",)]
        result = grade(form, catalog.entries, resumed.states, resumed.status, resumed.remaining())
        store.finish(attempt_id, result)

        assert store.unfinished() == []
        [done] = store.history()
        assert (done.status, done.earned, done.possible, done.percent) == (
            Status.SUBMITTED,
            result.earned,
            result.possible,
            result.percent,
        )
        stored_responses = store.responses_of(attempt_id)
        assert [r.credit for r in stored_responses] == [i.score.credit for i in result.items]
        assert [r.response for r in stored_responses] == [i.response for i in result.items]
        assert stored_responses[6].flagged
        assert stored_responses[6].answered_at is None
        assert all(r.content_hash == hashes[r.question_id] for r in stored_responses)


@pytest.mark.parametrize(
    "response",
    [
        "b",
        True,
        False,
        0,
        -2,
        ["a", "c"],
        [["B", "A"], "C"],
        {"helpfulness": 2, "tone": [3, 4]},
        {"c1": "refuted", "c2": "not_enough_info"},
        "Ünïcode — “quotes” and\nnew lines",
    ],
)
def test_responses_come_back_exactly_as_given(path: Path, response: object) -> None:
    form = small_form(1)
    with open_store(path) as store:
        attempt_id = store.start(form, "practice", hashes=hashes_of(form))
        attempt = Attempt(form, FakeClock(), listener=store.listener(attempt_id, hashes_of(form)))
        attempt.answer(response)
        assert store.load(attempt_id).snapshot.states[0].response == response
        assert type(store.responses_of(attempt_id)[0].response) is type(response)


def test_tuples_come_back_as_lists_and_sets_as_sorted_lists(path: Path) -> None:
    form = small_form(2)
    with open_store(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes_of(form))
        attempt = Attempt(form, FakeClock(), listener=store.listener(attempt_id, hashes_of(form)))
        attempt.answer(("B", ("A", "C")))
        attempt.advance()
        attempt.answer(frozenset({"c", "a"}))
        states = store.load(attempt_id).snapshot.states
        assert [s.response for s in states] == [["B", ["A", "C"]], ["a", "c"]]


def test_an_answer_changed_or_cleared_updates_its_row_and_time(path: Path) -> None:
    form = small_form(2)
    with open_store(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes_of(form))
        attempt = Attempt(form, FakeClock(), listener=store.listener(attempt_id, {"q0": "new"}))
        attempt.answer("a")
        first = store.responses_of(attempt_id)[0]
        attempt.toggle_flag()  # a flag alone keeps when the answer was given
        assert store.responses_of(attempt_id)[0].answered_at == first.answered_at
        attempt.answer("b")
        second = store.responses_of(attempt_id)[0]
        assert (second.response, second.flagged, second.content_hash) == ("b", True, "new")
        assert second.answered_at is not None
        assert first.answered_at is not None
        assert second.answered_at > first.answered_at
        attempt.answer(None)
        cleared = store.responses_of(attempt_id)[0]
        assert (cleared.response, cleared.answered_at) == (None, None)
        assert store.history()[0].answered == 0


def test_practice_with_locked_answers_resumes_locked(path: Path) -> None:
    form = small_form(2, limit=None)
    with open_store(path) as store:
        attempt_id = store.start(form, "practice", hashes=hashes_of(form), lock_answers=True)
        stored = store.load(attempt_id)
        assert stored.lock_answers
        assert stored.snapshot.remaining is None


def test_history_is_newest_first_and_abandoned_attempts_leave_the_resume_list(path: Path) -> None:
    form = small_form(3)
    with open_store(path) as store:
        first, second, third = (store.start(form, "exam", hashes=hashes_of(form)) for _ in range(3))
        store.abandon(second)
        store.abandon(second)  # twice is harmless
        assert [a.id for a in store.unfinished()] == [third, first]
        assert [a.id for a in store.history()] == [third, second, first]
        assert [a.id for a in store.history(limit=2)] == [third, second]
        assert store.history()[1].status is Status.ABANDONED
    assert rows(path, "SELECT count(*) FROM attempt_items") == [(9,)]


def test_unknown_attempts_are_not_found(path: Path) -> None:
    with open_store(path) as store:
        for call in (store.load, store.abandon, store.responses_of):
            with pytest.raises(NotFoundError, match="no attempt #99"):
                call(99)
        result = ExamResult(small_form(0), Status.SUBMITTED, (), 0.0, None)
        with pytest.raises(NotFoundError, match="no attempt #99"):
            store.finish(99, result)


def test_start_refuses_a_form_without_hashes_or_an_unknown_mode(path: Path) -> None:
    form = small_form(2)
    with open_store(path) as store:
        with pytest.raises(ValueError, match="q1"):
            store.start(form, "exam", hashes={"q0": "x"})
        with pytest.raises(ValueError, match="mode"):
            store.start(form, "quiz", hashes=hashes_of(form))  # type: ignore[arg-type]
        assert store.history() == []


def test_content_hash_is_stable_and_follows_the_content(catalog: Catalog) -> None:
    question = next(iter(catalog.entries.values())).question
    assert content_hash(question) == content_hash(question.model_copy())
    assert len(content_hash(question)) == 16
    assert content_hash(question.model_copy(update={"prompt": "edited"})) != content_hash(question)


# -- two processes, one file ---------------------------------------------------------------------


def test_a_writer_waits_for_another_connections_short_transaction(path: Path) -> None:
    form = small_form(2)
    with open_store(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes_of(form))
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        began = time.monotonic()
        store.abandon(attempt_id)
        assert time.monotonic() - began >= 0.25
        other.close()
        assert store.history()[0].status is Status.ABANDONED


def test_a_lock_held_too_long_is_a_clear_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    form = small_form(2)
    with open_store(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes_of(form))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DataStoreError, match="locked by another aitrainer"):
            store.abandon(attempt_id)
        other.execute("ROLLBACK")
        other.close()


WRITER = """
import sys
from pathlib import Path
from aitrainer_cli.exam.attempt import Attempt
from aitrainer_cli.progress.store import AttemptStore

store = AttemptStore.open(Path(sys.argv[1]))
attempt_id = int(sys.argv[2])
stored = store.load(attempt_id)
attempt = Attempt.restore(stored.form, stored.snapshot, lambda: 0.0,
                          listener=store.listener(attempt_id, dict(stored.hashes)))
print("ready", flush=True)
sys.stdin.readline()
for n in range(int(sys.argv[3])):
    attempt.go_to(n % len(stored.form.items))
    attempt.answer(n)
    print(n, flush=True)
"""


@contextmanager
def writer(path: Path, attempt_id: int, answers: int) -> Iterator[subprocess.Popen[str]]:
    """A second aitrainer-like process answering ``answers`` times, started once it is ready."""
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(attempt_id), str(answers)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdin is not None
        assert child.stdout is not None
        try:
            assert child.stdout.readline() == "ready\n"
            child.stdin.write("go\n")
            child.stdin.flush()
            yield child
        finally:
            if child.poll() is None:
                child.kill()


def test_two_processes_write_to_the_same_file_at_once(path: Path) -> None:
    form = small_form(5)
    with open_store(path) as store:
        mine, theirs = (store.start(form, "exam", hashes=hashes_of(form)) for _ in range(2))
        with writer(path, theirs, 60) as child:
            attempt = Attempt(form, FakeClock(), listener=store.listener(mine, hashes_of(form)))
            for n in range(60):
                attempt.go_to(n % 5)
                attempt.answer(f"mine {n}")
            assert child.wait(timeout=30) == 0
        assert [s.response for s in store.load(mine).snapshot.states] == [
            f"mine {n}" for n in range(55, 60)
        ]
        assert [s.response for s in store.load(theirs).snapshot.states] == list(range(55, 60))


def test_a_killed_process_loses_nothing_it_had_committed(path: Path) -> None:
    form = small_form(5)
    with open_store(path) as store:
        attempt_id = store.start(form, "exam", hashes=hashes_of(form))
    reported: dict[int, int] = {}
    with writer(path, attempt_id, 10**9) as child:
        assert child.stdout is not None
        while len(reported) < 5 or max(reported.values()) < 60:
            line = child.stdout.readline()
            assert line, "the writer stopped before it was killed"
            reported[int(line) % 5] = int(line)
        os.kill(child.pid, signal.SIGKILL)  # mid-stream: it is writing as fast as it can
        assert child.wait(timeout=10) == -signal.SIGKILL

    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    with open_store(path) as store:
        states = store.load(attempt_id).snapshot.states
    for position, state in enumerate(states):
        assert isinstance(state.response, int)
        assert state.response % 5 == position
        assert state.response >= reported[position]


# -- bad files: a clear error, and the file left exactly as it was -------------------------------


def test_a_text_file_is_refused_untouched(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("my shopping list\n")
    with pytest.raises(DataStoreError) as error:
        AttemptStore.open(path)
    assert error.value.exit_code is ExitCode.DATA_STORE
    assert f"{path} is not an SQLite database" in error.value.message
    assert error.value.hint is not None
    assert "move it aside" in error.value.hint
    assert path.read_text() == "my shopping list\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["progress.db"]


def saved_store(path: Path, attempts: int = 30) -> bytes:
    form = small_form(40)
    with open_store(path) as store:
        for _ in range(attempts):
            store.start(form, "exam", hashes=hashes_of(form))
    return path.read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "scrambled", "header only"])
def test_a_damaged_database_is_refused_untouched(path: Path, damage: str) -> None:
    data = saved_store(path)
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "scrambled":
        data = data[:8192] + b"\xa5" * 4096 + data[8192 + 4096 :]
    else:
        data = data[:60]
    path.write_bytes(data)
    with pytest.raises(DataStoreError, match="is damaged") as error:
        AttemptStore.open(path)
    assert str(path) in error.value.message
    assert "\n" not in error.value.message
    assert error.value.hint is not None
    assert "progress.db.bak-v*" in error.value.hint
    assert path.read_bytes() == data


@contextmanager
def read_only(target: Path) -> Iterator[None]:
    """Make a file or directory read-only, even for root (who ignores permission bits)."""
    mode = target.stat().st_mode
    target.chmod(0o555 if target.is_dir() else 0o444)
    immutable = False
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        immutable = (
            bool(chattr)
            and subprocess.run([str(chattr), "+i", str(target)], capture_output=True).returncode
            == 0
        )
        if not immutable:
            target.chmod(mode)
            pytest.skip("running as root where files cannot be made immutable")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(target)], check=True)
        target.chmod(mode)


def test_a_read_only_file_is_refused_untouched(path: Path) -> None:
    data = saved_store(path, attempts=1)
    with read_only(path), pytest.raises(DataStoreError, match="is read-only") as error:
        AttemptStore.open(path)
    assert error.value.message == f"{path} is read-only"
    assert error.value.hint is not None
    assert "AITRAINER_HOME" in error.value.hint
    assert path.read_bytes() == data


def test_a_read_only_directory_is_refused_untouched(path: Path) -> None:
    data = saved_store(path, attempts=1)
    with read_only(path.parent), pytest.raises(DataStoreError, match="read-only") as error:
        AttemptStore.open(path)
    assert str(path.parent) in error.value.message
    assert path.read_bytes() == data


def test_a_data_directory_that_cannot_be_created_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("plain file\n")
    monkeypatch.setenv("AITRAINER_HOME", str(blocker / "aitrainer"))
    with pytest.raises(DataStoreError, match="cannot create the data directory") as error:
        AttemptStore.open()
    assert str(blocker / "aitrainer") in error.value.message
    assert error.value.hint is not None
    assert "AITRAINER_HOME" in error.value.hint
    assert blocker.read_text() == "plain file\n"


def test_a_directory_where_the_file_should_be_is_refused(path: Path) -> None:
    path.mkdir(parents=True)
    with pytest.raises(DataStoreError, match="cannot read"):
        AttemptStore.open(path)
    assert path.is_dir()


def test_a_full_disk_is_a_clear_error_and_the_missed_change_is_written_later(path: Path) -> None:
    form = small_form(3)
    store = open_store(path)
    attempt_id = store.start(form, "exam", hashes=hashes_of(form))
    attempt = Attempt(form, FakeClock(), listener=store.listener(attempt_id, hashes_of(form)))
    attempt.answer("kept")
    attempt.advance()
    connection = store.database.connection
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now "full"
    data = path.read_bytes()
    with pytest.raises(DataStoreError, match="the disk is full") as error:
        attempt.answer("x" * 100_000)
    assert str(path) in error.value.message
    assert error.value.hint is not None
    assert "free some disk space" in error.value.hint
    assert path.read_bytes() == data
    assert [s.response for s in store.load(attempt_id).snapshot.states] == ["kept", None, None]

    connection.execute("PRAGMA max_page_count = 1073741823")  # space was freed
    attempt.toggle_flag()
    assert store.load(attempt_id).snapshot.states[1] == ItemState("x" * 100_000, True, 0.0)
    store.close()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database or disk is full", "the disk is full"),
        ("attempt to write a readonly database", "is read-only"),
        ("database disk image is malformed", "is damaged"),
        ("file is not a database", "not an SQLite database"),
        ("unable to open database file", "cannot open"),
        ("disk I/O error", "disk I/O error"),
    ],
)
def test_sqlite_failures_become_data_store_errors_naming_the_file(
    tmp_path: Path, message: str, expected: str
) -> None:
    error = db.store_error(tmp_path / "progress.db", sqlite3.OperationalError(message))
    assert isinstance(error, DataStoreError)
    assert error.exit_code == 3
    assert expected in error.message
    assert str(tmp_path / "progress.db") in error.message
    assert error.hint


def test_a_loaded_attempt_carries_the_score_stored_once_graded(path: Path) -> None:
    qid = questions(kind="single_choice")[0]
    result = graded_result([(qid, right_answer(qid))])
    with open_store(path) as store:
        attempt_id = store.start(
            result.form, "practice", hashes=form_hashes(result.form, CATALOG.entries)
        )
        assert store.load(attempt_id).percent is None
        store.finish(attempt_id, result)
        assert store.load(attempt_id).percent == result.percent == 100.0


def test_answers_are_scored_before_the_write_transaction_opens(
    path: Path, catalog: Catalog
) -> None:
    """Scoring is CPU work: it must never run while the file is locked for writing."""
    form = assemble(catalog.entries, catalog.blueprints["quick-screening"], seed=5)
    hashes = form_hashes(form, catalog.entries)
    store = open_store(path)
    attempt_id = store.start(form, "exam", hashes=hashes)
    locked_while_scoring: list[bool] = []

    def credit(position: int, response: object) -> float:
        locked_while_scoring.append(store.database.connection.in_transaction)
        return 1.0

    attempt = Attempt(form, FakeClock(), listener=store.listener(attempt_id, hashes, credit=credit))
    attempt.view()
    attempt.answer(key_of(catalog, attempt.current.question_id))
    assert locked_while_scoring == [False]
    stored = store.responses_of(attempt_id)[0]
    assert stored.credit == 1.0
