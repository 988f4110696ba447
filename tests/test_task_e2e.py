"""A ``task`` answered end to end in a pseudo-terminal (pexpect): its four parts in order, back
to an earlier part, submit, and the result."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from test_e2e import Terminal

DOWN = "\x1b[B"
RUNS = Path(__file__).parent / "data" / "runs" / "task.yaml"
"""A copy of the first shipped task, as this run answers it."""


@pytest.fixture
def term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Terminal]:
    monkeypatch.setenv("AITRAINER_BANKS", str(RUNS))
    args = ["exam", "--type", "task", "--bank", "runs-task", "--count", "1", "--seed", "3"]
    opened = Terminal(args, tmp_path)
    yield opened
    opened.close()


def test_a_task_answered_part_by_part_in_a_terminal(term: Terminal) -> None:
    term.wait_for_text("Ready?")
    term.child.send("\r")
    term.wait_for_text("Part 1 of 4.")
    term.child.send("2")
    term.wait_for_text("» 2)")
    term.child.send("\r1\r")
    term.wait_for_text("Part 2 of 4.")
    term.wait_for_text("s skip")  # the keys are live (p prev may sit behind "? keys")
    term.child.send("p\r")  # back to part 1 (p, then Enter), its ratings kept
    term.wait_for_text("Part 1 of 4.")
    term.wait_for_text("» 2)")
    term.child.send("1\r")
    term.wait_for_text("» 1)")  # helpfulness keeps the 1 given before
    term.child.send("\r")
    term.wait_for_text("Part 2 of 4.")
    term.child.send("5\r4\r")
    term.wait_for_text("Part 3 of 4.")
    term.child.send(DOWN * 3)
    term.wait_for_text("» +3  B much better")
    term.child.send("\r")
    term.wait_for_text("Part 4 of 4.")
    term.child.send("B is much better: a set is unordered, and dict.fromkeys keeps the order.")
    term.child.send("\x1b\r")
    term.wait_for_text("Answer sheet: 1 of 1 answered")
    term.child.send("\r")
    term.wait_for(lambda text: re.search(r"Score\s+4 / 4 points", text), scrollback=True)
    term.wait_for_text("Review your answers?")
    term.child.send("\x03")
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.transcript
