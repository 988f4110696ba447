"""End to end in a pseudo-terminal: a rating of two responses and a cited claim check, as a
learner answers them (back to the previous rating, a passage after each verdict), a SIGKILL in
the middle of an item, the resumed attempt, and the mistake feedback that practice shows."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
import yaml

from support import REPO
from test_e2e import Terminal

pytestmark = pytest.mark.slow


def one_item_bank(tmp_path: Path, bank: str, question_id: str) -> Path:
    """A bank holding one shipped item."""
    data = yaml.safe_load((REPO / "question_banks" / f"{bank}.yaml").read_text(encoding="utf-8"))
    item = next(q for q in data["questions"] if q["id"] == question_id)
    item.pop("guideline", None)  # the bank's guideline is not copied along
    path = tmp_path / "banks" / "one.yaml"
    path.parent.mkdir(exist_ok=True)
    header = {"id": "one", "title": "One item", "description": "One shipped item."}
    document = {"format": 1, "bank": header, "questions": [item]}
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def spawn(*args: str) -> Terminal:
        opened.append(Terminal(list(args), tmp_path))
        return opened[-1]

    yield spawn
    for each in opened:
        each.close()


def pick(term: Terminal, prompt: str, key: str, pointer: str) -> None:
    """Wait for a menu, press a key, check where the pointer went, confirm."""
    term.wait_for_text(prompt)
    term.child.send(key)
    term.wait_for_text(pointer)
    term.child.send("\r")


def test_rating_two_responses_survives_a_kill_and_resumes(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    bank = one_item_bank(tmp_path, "rubric-rating", "rr-multi-oven-both-responses")
    args = ("--banks", str(bank), "--no-builtin")
    term = terminal("practice", *args, "-n", "1", "--seed", "3")
    term.wait_for_text("Ready?")
    term.child.send("\r")
    pick(term, "Response A · helpfulness (1/6)", "4", "» 4)")
    pick(term, "Response A · correctness (2/6)", "3", "» 3)")
    # back to correctness: its 3 is kept; change it to 4
    pick(term, "Response A · verbosity (3/6)", "b", "» b)")
    pick(term, "Response A · correctness (2/6)", "4", "» 4)")
    pick(term, "Response A · verbosity (3/6)", "2", "» 2)")
    term.wait_for_text("Response B · helpfulness (4/6)")
    term.wait_for_text("Your ratings of A: helpfulness 4, correctness 4, verbosity 2")
    pick(term, "Response B · helpfulness (4/6)", "1", "» 1)")
    term.wait_for_text("Response B · correctness (5/6)")
    os.kill(term.child.pid, signal.SIGKILL)  # half-way through the item
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    with sqlite3.connect(tmp_path / "progress.db") as db:
        assert db.execute("SELECT status FROM attempts").fetchall() == [("in_progress",)]
        # an item is committed when it is answered: nothing half-rated is stored
        stored = db.execute("SELECT count(*) FROM responses WHERE response IS NOT NULL")
        assert stored.fetchone() == (0,)

    again = terminal("resume", *args)
    again.wait_for_text("Ready?")
    again.child.send("\r")
    for number, (label, dimension, key) in enumerate(
        [
            ("A", "helpfulness", "4"),
            ("A", "correctness", "4"),
            ("A", "verbosity", "2"),
            ("B", "helpfulness", "1"),
            ("B", "correctness", "0"),
            ("B", "verbosity", "3"),
        ],
        1,
    ):
        pick(again, f"Response {label} · {dimension} ({number}/6)", key, f"» {key})")
    again.wait_for(lambda text: "Credit: 100%" in text, scrollback=True)
    again.wait_for(lambda text: "Sources:" in text, scrollback=True)
    assert "B: yours / key" in again.screen.history
    assert "Traceback" not in again.transcript


def test_a_cited_claim_check_with_mistake_feedback(
    terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    bank = one_item_bank(tmp_path, "fact-checking", "fc-ferry-passages-cited")
    term = terminal("practice", "--banks", str(bank), "--no-builtin", "-n", "1", "--seed", "3")
    term.wait_for_text("Ready?")
    term.child.send("\r")
    # verdicts are numbered: 1 supported, 2 refuted, 3 not enough info
    answers = [("1", "1"), ("2", "2"), ("1", "1"), ("1", "2"), ("3", None)]
    for number, (verdict, passage) in enumerate(answers, 1):
        pick(term, f"[c{number}]", verdict, f"» {verdict})")
        if passage is not None:
            pick(term, "which passage decides it?", passage, f"» {passage}) Passage {passage}")
    # c3 supported citing passage 1 (the tempting one): 0; the rest full credit: 4 of 5
    term.wait_for(lambda text: "Credit: 80%" in text, scrollback=True)
    term.wait_for(lambda text: "Sources:" in text, scrollback=True)
    history = term.screen.history
    assert "About your answer" in history
    assert "c3 supported" in history
    assert "Passage 1 lists a 16:45 sailing" in history
    assert "crossing time" not in history.split("Key and explanation")[0]
    assert "Traceback" not in term.transcript
