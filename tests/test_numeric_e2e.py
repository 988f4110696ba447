"""A ``numeric`` exam in a pseudo-terminal: an unreadable number is refused on the prompt's
toolbar and corrected in place, the unit is shown, and the attempt scores as hand-computed."""

from __future__ import annotations

import re
from collections.abc import Callable

import pexpect
import pytest

from test_e2e import Terminal, terminal  # noqa: F401  (the fixture)
from test_numeric_runs import FILTER, KAPPA, PAIRS, RUNS, _order


def test_numbers_typed_in_a_terminal_are_refused_corrected_and_scored(
    terminal: Callable[..., Terminal],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AITRAINER_BANKS", str(RUNS))
    typed = {KAPPA: "0.35", PAIRS: "80 %"}  # 0.5 + 1 of 2 points
    term = terminal("exam", *FILTER, "--time", "10m")
    term.wait_for_text("Ready?")
    term.child.send("\r")
    for number, question_id in enumerate(_order(), 1):
        term.wait_for_text(f"question {number}/2")
        if question_id == KAPPA:
            term.child.send("0,35\r")
            term.wait_for_text("That is not a number: decimals take a point (2.5)")
            term.child.send("\x15")  # Ctrl-U clears the line
        else:
            term.wait_for_text("Your answer (%)")
        term.child.send(typed[question_id] + "\r")
    term.wait_for_text("Answer sheet: 2 of 2 answered")
    term.child.send("\r")
    term.wait_for(lambda text: re.search(r"Score\s+1\.5 / 2 points", text), scrollback=True)
    term.wait_for_text("Review your answers?")
    term.child.send("\x03")
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.transcript
