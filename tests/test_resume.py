"""Resuming for real: an exam process killed with SIGKILL mid-attempt loses nothing, and a
resumed attempt whose questions changed underneath says so."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from killing import POSIX_ONLY, aitrainer, killed_after, rows
from support import Run


@pytest.mark.skipif(sys.platform == "win32", reason=POSIX_ONLY)
def test_an_exam_killed_with_sigkill_resumes_with_every_answer(tmp_path: Path) -> None:
    env = {**os.environ, "AITRAINER_HOME": str(tmp_path)}
    db = tmp_path / "progress.db"
    args = ["exam", "--type", "true_false", "--count", "4", "--seed", "8", "--time", "10m"]
    killed_after(
        env,
        [*args, "--plain"],
        "true\nfalse\n:m\n",
        lambda: (
            db.exists() and rows(db, "SELECT count(*) FROM responses WHERE flagged = 1") == [(1,)]
        ),
    )
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT status, position FROM attempts") == [("in_progress", 2)]
    credits = rows(db, "SELECT credit FROM responses WHERE response IS NOT NULL")
    assert len(credits) == 2
    assert all(credit in (0.0, 1.0) for (credit,) in credits)

    resumed = aitrainer(env, "resume", "--plain", stdin="true\n\n1\n2\n", timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming attempt 1: 2 of 4 answered" in resumed.stdout
    assert "Question 3 of 4" in resumed.stdout
    assert "marked for review" in resumed.stdout
    assert "Traceback" not in resumed.stderr
    assert rows(db, "SELECT response, flagged FROM responses ORDER BY position") == [
        ("true", 0),
        ("false", 0),
        ("true", 1),
        (None, 0),
    ]
    assert rows(db, "SELECT status FROM attempts") == [("submitted",)]
    left = rows(db, "SELECT time_remaining FROM attempts")[0][0]
    assert isinstance(left, float)
    assert 500 < left < 600


def test_resume_says_plainly_when_a_question_changed_underneath(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli("exam", "--type", "true_false", "--count", "2", "--seed", "1").code == 0
    db = Path(os.environ["AITRAINER_HOME"]) / "progress.db"
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE attempt_items SET content_hash = 'edited' WHERE position = 0")
    changed = rows(db, "SELECT question_id FROM attempt_items WHERE position = 0")[0][0]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    result = cli("resume")
    assert result.code == 0, result.err
    assert "1 question was edited since you started" in result.out
    assert str(changed) in result.out
