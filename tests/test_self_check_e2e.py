"""The practice self-check and the judge in a real pseudo-terminal: ticks changed by key, the
credit used, and a kill at the ticks losing neither the answer nor the judge's verdict."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from judge_support import JUDGE_SCRIPT, write_bank
from test_e2e import Terminal

ANSWER = "B is better, it is clearer."


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """``aitrainer ARGS`` in a pseudo-terminal (closed after the test)."""
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        opened.append(Terminal(list(args), tmp_path))
        return opened[-1]

    yield start
    for each in opened:
        each.close()


def _start(spawn: Callable[..., Terminal], tmp_path: Path) -> Terminal:
    bank = write_bank(tmp_path)
    judge = f"{sys.executable} {JUDGE_SCRIPT} all"
    term = spawn(
        "practice", "--banks", str(bank), "--no-builtin", "--bank", "judge-test", "-n", "1",
        "--judge", judge,
    )  # fmt: skip
    term.wait_for_text("Ready?")
    term.child.send("\r")
    term.wait_for_text("Your justification")
    term.child.send(ANSWER)
    term.child.send("\x1b\r")
    term.wait_for_text("Self-check: which points did you make?", limit=20)
    return term


def _rows(tmp_path: Path, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(tmp_path / "progress.db") as connection:
        connection.row_factory = sqlite3.Row
        return list(connection.execute(sql))


def test_ticks_changed_in_the_terminal_are_the_grade(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    term = _start(spawn, tmp_path)
    assert "● 2. Gives the sixty-day figure" in term.screen.text  # the judge found every point
    term.child.send("2")
    term.wait_for_text("○ 2. Gives the sixty-day figure")
    term.child.send("\r")
    term.wait_for_text("Self-checked credit 67% is used for your grade")
    term.child.send("\r")
    term.wait_for_text("Review your answers?")
    term.child.send("\x03")
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.transcript
    [row] = _rows(tmp_path, "SELECT * FROM assessments")
    assert (row["graded_by"], row["judge_credit"], row["self_points"]) == (
        "self_check",
        1.0,
        "[0, 2]",
    )
    assert _rows(tmp_path, "SELECT credit FROM responses")[0]["credit"] == pytest.approx(2 / 3)


def test_a_kill_at_the_ticks_keeps_the_answer_and_the_judges_grade(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    term = _start(spawn, tmp_path)
    term.child.kill(signal.SIGKILL)
    term.child.close()
    [response] = _rows(tmp_path, "SELECT response FROM responses")
    assert json.loads(response["response"]) == ANSWER
    assert _rows(tmp_path, "SELECT graded_by FROM assessments")[0]["graded_by"] == "judge"
    bank = tmp_path / "judge-test.yaml"
    resumed = subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", "resume", "--plain", "--json", "--banks",
         str(bank), "--no-builtin"],
        input="", capture_output=True, text=True, timeout=60,
        env={**os.environ, "AITRAINER_HOME": str(tmp_path)},
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout)
    assert result["items"][0]["graded_by"] == "judge"
    assert result["percent"] == 100.0
