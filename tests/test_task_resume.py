"""A ``task`` killed between parts: each part's answer is in the store as soon as it is given, and
``resume`` continues at the first open part with the earlier parts kept (exam and practice); then
history and the export show the task as one item with its credit per part."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

WHY = "B is much better: a set is unordered, so A loses the order; dict.fromkeys keeps it."


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except sqlite3.OperationalError:  # the file exists but its schema is being created
            pass
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def _run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
        check=False,
    )


def _killed_after_two_parts(env: dict[str, str], db: Path, command: str) -> None:
    """Start a one-task attempt, answer parts 1 and 2, and SIGKILL it."""
    args = [command, "--type", "task", "--count", "1", "--seed", "3", "--time", "10m", "--plain"]
    with subprocess.Popen(
        [sys.executable, "-m", "aitrainer_cli", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    ) as exam:
        assert exam.stdin is not None
        try:
            exam.stdin.write("1 1\n5 4\n")
            exam.stdin.flush()
            _wait_for(
                lambda: db.exists() and "rate-b" in str(_rows(db, "SELECT response FROM responses"))
            )
            os.kill(exam.pid, signal.SIGKILL)
            exam.wait(10)
        finally:
            if exam.poll() is None:
                exam.kill()
    assert exam.returncode == -signal.SIGKILL


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("command", ["exam", "practice"])
def test_a_task_killed_between_parts_resumes_at_the_first_open_part(
    tmp_path: Path, command: str
) -> None:
    env = {**os.environ, "AITRAINER_HOME": str(tmp_path), "COLUMNS": "100"}
    db = tmp_path / "progress.db"
    _killed_after_two_parts(env, db, command)
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    (stored,) = _rows(db, "SELECT response FROM responses WHERE response IS NOT NULL")
    assert json.loads(str(stored[0])) == {
        "rate-a": {"correctness": 1, "helpfulness": 1},
        "rate-b": {"correctness": 5, "helpfulness": 4},
    }

    resumed = _run(env, "resume", "--plain", stdin=f"+3\n{WHY}\n1\n2\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert "0 of 1 answered, 1 partly (resumed at the first open part)" in resumed.stdout
    first_part = resumed.stdout.index("Part ")
    assert resumed.stdout[first_part:].startswith("Part 3 of 4.")
    (final,) = _rows(db, "SELECT response, credit FROM responses")
    assert json.loads(str(final[0]))["rate-a"] == {"correctness": 1, "helpfulness": 1}
    assert json.loads(str(final[0]))["why"] == WHY
    assert final[1] == 1.0
    assert _rows(db, "SELECT status FROM attempts") == [("submitted",)]
    if command == "practice":  # the feedback page of the task, parts and consistency
        assert "Consistency: your parts agree with each other." in resumed.stdout

    shown = _run(env, "history", "1")
    assert shown.returncode == 0, shown.stderr
    assert "task" in shown.stdout

    exported = _run(env, "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert "rp-task-dedupe-keep-order" in exported.stdout
    assert "rate-b" in exported.stdout
