"""A ``task`` killed between parts: each part's answer is in the store as soon as it is given, and
``resume`` continues at the first open part with the earlier parts kept (exam and practice); then
history and the export show the task as one item with its credit per part."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from killing import POSIX_ONLY, aitrainer, killed_after, rows

RUNS = str(Path(__file__).parent / "data" / "runs" / "task.yaml")
"""A copy of the first shipped task: these runs type answers for it."""
WHY = "B is much better: a set is unordered, so A loses the order; dict.fromkeys keeps it."


def _killed_after_two_parts(env: dict[str, str], db: Path, command: str) -> None:
    """Start a one-task attempt, answer parts 1 and 2, and SIGKILL it."""
    args = [command, "--type", "task", "--bank", "runs-task", "--count", "1", "--seed", "3"]
    args += ["--time", "10m", "--plain"]
    killed_after(
        env,
        args,
        "1 1\n5 4\n",
        lambda: db.exists() and "rate-b" in str(rows(db, "SELECT response FROM responses")),
    )


@pytest.mark.skipif(sys.platform == "win32", reason=POSIX_ONLY)
@pytest.mark.parametrize("command", ["exam", "practice"])
def test_a_task_killed_between_parts_resumes_at_the_first_open_part(
    tmp_path: Path, command: str
) -> None:
    env = {**os.environ, "AITRAINER_HOME": str(tmp_path), "COLUMNS": "100", "AITRAINER_BANKS": RUNS}
    db = tmp_path / "progress.db"
    _killed_after_two_parts(env, db, command)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    (stored,) = rows(db, "SELECT response FROM responses WHERE response IS NOT NULL")
    assert json.loads(str(stored[0])) == {
        "rate-a": {"correctness": 1, "helpfulness": 1},
        "rate-b": {"correctness": 5, "helpfulness": 4},
    }

    resumed = aitrainer(env, "resume", "--plain", stdin=f"+3\n{WHY}\n1\n2\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert "0 of 1 answered, 1 partly (resumed at the first open part)" in resumed.stdout
    first_part = resumed.stdout.index("Part ")
    assert resumed.stdout[first_part:].startswith("Part 3 of 4.")
    (final,) = rows(db, "SELECT response, credit FROM responses")
    assert json.loads(str(final[0]))["rate-a"] == {"correctness": 1, "helpfulness": 1}
    assert json.loads(str(final[0]))["why"] == WHY
    assert final[1] == 1.0
    assert rows(db, "SELECT status FROM attempts") == [("submitted",)]
    if command == "practice":  # the feedback page of the task, parts and consistency
        assert "Consistency: your parts agree with each other." in resumed.stdout

    shown = aitrainer(env, "history", "1")
    assert shown.returncode == 0, shown.stderr
    assert "task" in shown.stdout

    exported = aitrainer(env, "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert "runs-task-dedupe-keep-order" in exported.stdout
    assert "rate-b" in exported.stdout
