"""End to end: the real program in a pseudo-terminal (pexpect) and through pipes.

prompt_toolkit redraws only the characters that change, so once the countdown is on screen each
second writes a single digit: the raw stream never holds "00:04 left" again. ``Screen`` below
replays the stream onto a grid of cells (just the cursor moves, erases and scrolling that
prompt_toolkit and Rich use) and answers the terminal's cursor-position requests, so the tests
read what a learner would actually see.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
import yaml
from wcwidth import wcwidth

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.items.true_false import TrueFalse
from aitrainer_cli.paths import builtin_banks_dir
from killing import aitrainer

pytestmark = pytest.mark.slow

CATALOG = load_catalog([builtin_banks_dir()])
ROWS, COLUMNS = 24, 80
_TOKEN = re.compile(
    r"\x1b\[([0-9;?]*)([@-~])|\x1b[()][0-9A-Za-z]|\x1b[^\[()]|[\r\n\b]"
    r"|[^\x1b\r\n\b]+"
)
_INCOMPLETE = re.compile(r"\x1b(\[[0-9;?]*|[()])?\Z")


class Screen:
    """A minimal VT100 screen: enough to read a prompt_toolkit application and Rich output."""

    def __init__(self, rows: int = ROWS, columns: int = COLUMNS) -> None:
        self.rows, self.columns = rows, columns
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self._pending = ""
        self.replies: list[str] = []
        """Answers to cursor-position requests, for the caller to send back."""
        self.scrolled: list[str] = []
        """Lines scrolled off the top, oldest first."""

    def feed(self, data: str) -> None:
        data = self._pending + data
        held = _INCOMPLETE.search(data)
        self._pending = data[held.start() :] if held else ""
        data = data[: held.start()] if held else data
        for match in _TOKEN.finditer(data):
            token = match.group(0)
            if match.group(2):
                self._control(match.group(1), match.group(2))
            elif token == "\r":
                self.column = 0
            elif token == "\n":
                self._line_feed()
            elif token == "\b":
                self.column = max(0, self.column - 1)
            elif not token.startswith("\x1b"):
                self._text(token)

    def _line_feed(self) -> None:
        if self.row == self.rows - 1:
            self.scrolled.append("".join(self.cells[0]).rstrip())
            self.cells = [*self.cells[1:], [" "] * self.columns]
        else:
            self.row += 1

    def _text(self, text: str) -> None:
        for char in text:
            width = wcwidth(char)
            if width <= 0:
                continue
            if self.column + width > self.columns:
                self.column = 0
                self._line_feed()
            self.cells[self.row][self.column] = char
            if width == 2:
                self.cells[self.row][self.column + 1] = ""
            self.column += width

    def _control(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.lstrip("?").split(";")]
        n = max(1, numbers[0])
        if final in "ABCD":
            self._move(final, n)
        elif final == "G":
            self.column = min(self.columns - 1, n - 1)
        elif final in "Hf":
            self.row = min(self.rows, n) - 1
            self.column = min(self.columns, max(1, numbers[-1] if len(numbers) > 1 else 1)) - 1
        elif final == "J":
            start = self.row + 1 if numbers[0] == 0 else 0
            self.cells[self.row][self.column :] = [" "] * (self.columns - self.column)
            for row in range(start, self.rows):
                self.cells[row] = [" "] * self.columns
        elif final == "K":
            self.cells[self.row][self.column :] = [" "] * (self.columns - self.column)
        elif final == "n" and params == "6":
            self.replies.append(f"\x1b[{self.row + 1};{self.column + 1}R")

    def _move(self, direction: str, n: int) -> None:
        """Cursor up, down, right or left by ``n``, stopping at the edges."""
        if direction == "A":
            self.row = max(0, self.row - n)
        elif direction == "B":
            self.row = min(self.rows - 1, self.row + n)
        elif direction == "C":
            self.column = min(self.columns - 1, self.column + n)
        else:
            self.column = max(0, self.column - n)

    @property
    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.cells)

    @property
    def history(self) -> str:
        """The scrollback and the screen."""
        return "\n".join([*self.scrolled, self.text])


class Terminal:
    """``aitrainer`` in a pseudo-terminal, with the screen it draws and everything it wrote."""

    def __init__(self, args: list[str], home: Path) -> None:
        env = dict(
            os.environ,
            AITRAINER_HOME=str(home),
            COLUMNS=str(COLUMNS),
            LINES=str(ROWS),
            TERM="xterm-256color",
        )
        env.pop("NO_COLOR", None)  # the real, coloured output
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "aitrainer_cli", *args],
            env=env,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            timeout=10,
        )
        self.screen = Screen()
        self.transcript = ""

    def pump(self, seconds: float = 0.1) -> None:
        """Read whatever arrives within ``seconds`` onto the screen."""
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        self.transcript += data
        self.screen.feed(data)
        for reply in self.screen.replies:
            self.child.send(reply)
        self.screen.replies.clear()

    def wait_for(
        self, found: Callable[[str], object], limit: float = 10.0, *, scrollback: bool = False
    ) -> object:
        """Pump until ``found(screen text)`` is truthy; its value, or a failure showing the screen.

        With ``scrollback``, what scrolled off the top counts too."""
        end = time.monotonic() + limit
        while True:
            value = found(self.screen.history if scrollback else self.screen.text)
            if value or time.monotonic() > end:
                break
            try:
                self.pump()
            except pexpect.EOF:
                end = 0
        if not value:
            pytest.fail(f"not seen within {limit} s; the screen was:\n{self.screen.text}")
        return value

    def wait_for_text(self, needle: str, limit: float = 10.0) -> None:
        self.wait_for(lambda text: needle in text, limit)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def spawn(*args: str) -> Terminal:
        opened.append(Terminal(list(args), tmp_path))
        return opened[-1]

    yield spawn
    for each in opened:
        each.close()


def _clock(text: str) -> int | None:
    """Seconds on the (last) countdown line in ``text``, if there is one."""
    found = re.findall(r"⏱ (\d\d):(\d\d) left", text)
    return int(found[-1][0]) * 60 + int(found[-1][1]) if found else None


def test_the_countdown_ticks_and_the_attempt_submits_itself_at_zero(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal("exam", "--count", "3", "--time", "5s", "--seed", "1")
    term.wait_for_text("Start the clock")
    term.child.send("\r")
    started = time.monotonic()
    term.wait_for_text("question 1/3")
    # Nothing is typed from here on: the clock must move by itself, then end the attempt.
    shown: list[int] = []

    def watch(text: str) -> bool:
        seconds = _clock(text)
        if seconds is not None and seconds not in shown:
            shown.append(seconds)
        return "Time is up" in text and "Score" in text

    term.wait_for(watch, limit=8, scrollback=True)
    assert time.monotonic() - started < 8
    assert len(shown) >= 4, shown
    assert shown[0] <= 5, shown
    assert shown == sorted(shown, reverse=True), f"the clock went {shown}"
    assert re.search(r"Score\s+0 / 3 points", term.screen.history)
    assert "time ran out" in term.screen.history
    # The review menu is a prompt again; leave it and the program ends cleanly.
    term.wait_for_text("Review your answers?")
    term.child.send("\x1b[A")
    term.wait_for_text("» Done")
    term.child.send("\r")
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.transcript


def test_answering_in_the_terminal_then_submitting(terminal: Callable[..., Terminal]) -> None:
    """Three true/false questions answered with t/f, submitted from the answer sheet."""
    _, keys = _true_false_form(4)
    term = terminal("exam", "--count", "3", "--seed", "4", "--type", "true_false")
    term.wait_for_text("Ready?")
    term.child.send("\r")
    for number, key in enumerate(keys, 1):
        where, pointer = f"question {number}/3", f"» {'t) True' if key else 'f) False'}"
        term.wait_for_text(where)
        term.child.send("t" if key else "f")
        term.wait_for_text(pointer)
        term.child.send("\r")
    term.wait_for_text("Answer sheet: 3 of 3 answered")
    term.child.send("\r")
    term.wait_for(lambda text: re.search(r"Score\s+3 / 3 points", text), scrollback=True)
    term.wait_for_text("Review your answers?")
    term.child.send("\x03")  # Ctrl-C leaves the review menu too
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.transcript


def _run(args: list[str], home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AITRAINER_HOME=str(home), COLUMNS="100")
    return aitrainer(env, *args, stdin=stdin, timeout=30)


def _true_false_form(seed: int) -> tuple[list[str], list[bool]]:
    form = build_form(CATALOG, ExamRequest(count=3, seed=seed, types=("true_false",)))
    ids = [item.question_id for item in form.items]
    questions = [CATALOG.entries[qid].question for qid in ids]
    return ids, [q.answer for q in questions if isinstance(q, TrueFalse)]


def test_plain_mode_through_a_pipe_answers_and_submits(tmp_path: Path) -> None:
    _, keys = _true_false_form(2)
    lines = [str(key).lower() for key in keys]
    # Answers, "1" submits from the answer sheet, then input ends in the review menu.
    result = _run(
        ["exam", "--plain", "--count", "3", "--seed", "2", "--type", "true_false"],
        tmp_path,
        "\n".join([*lines, "1"]) + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for number in (1, 2, 3):
        assert f"Question {number} of 3" in result.stdout
    assert re.search(r"Score\s+3 / 3 points", result.stdout)


def test_plain_mode_end_of_input_mid_attempt_keeps_the_answers(tmp_path: Path) -> None:
    _, keys = _true_false_form(2)
    result = _run(
        ["exam", "--plain", "--count", "3", "--seed", "2", "--type", "true_false"],
        tmp_path,
        str(keys[0]).lower() + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Question 2 of 3" in result.stdout
    assert "Question 3 of 3" not in result.stdout
    assert "aitrainer resume" in result.stdout


def test_plain_mode_ignores_input_left_over_after_the_attempt(tmp_path: Path) -> None:
    """Endless input (``yes | aitrainer ...``): the exam reads what it needs, the result is
    printed, and the unread rest never reaches a closed event loop (no thread traceback)."""
    _, keys = _true_false_form(2)
    script = "\n".join([*(str(key).lower() for key in keys), "1"]) + "\n"
    env = dict(os.environ, AITRAINER_HOME=str(tmp_path), COLUMNS="100")
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aitrainer_cli",
                "exam",
                "--plain",
                "--count",
                "3",
                "--seed",
                "2",
                "--type",
                "true_false",
                "--json",
            ],
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=stderr,
            env=env,
            text=True,
        )

        def feed() -> None:
            assert process.stdin is not None
            try:
                process.stdin.write(script)
                while True:
                    process.stdin.write("spare line\n" * 100)
                    process.stdin.flush()
            except (OSError, ValueError):  # the program has ended and closed its end
                pass

        threading.Thread(target=feed, daemon=True).start()
        try:
            assert process.wait(timeout=30) == 0
        finally:
            process.kill()
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
    messages = err.read_text()  # with --json the questions and prompts go to stderr
    assert "Question 3 of 3" in messages
    assert "Traceback" not in messages
    assert "Exception in thread" not in messages
    assert json.loads(out.read_text())["percent"] == 100  # stdout holds the JSON alone


def test_an_answers_file_gives_a_json_result(tmp_path: Path) -> None:
    ids, keys = _true_false_form(3)
    answers = tmp_path / "answers.yaml"
    # The first two by key, the third wrong on purpose.
    answers.write_text(
        yaml.safe_dump({ids[0]: keys[0], ids[1]: keys[1], ids[2]: not keys[2]}), encoding="utf-8"
    )
    result = _run(
        [
            "exam",
            "--count",
            "3",
            "--seed",
            "3",
            "--type",
            "true_false",
            "--answers",
            str(answers),
            "--json",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [item["question_id"] for item in report["items"]] == ids
    assert [item["verdict"] for item in report["items"]] == ["correct", "correct", "wrong"]
    assert report["seed"] == 3
    assert report["status"] == "submitted"
    assert report["percent"] == pytest.approx(200 / 3, abs=0.1)


def test_the_screen_model_follows_cursor_moves() -> None:
    """The emulator the tests above rely on: overwrite in place after moving up and right."""
    screen = Screen(4, 20)
    screen.feed("⏱ 00:05 left\r\nnext line\x1b[1A\x1b[9D\x1b[6C4\x1b[")
    screen.feed("6n")
    assert screen.text.splitlines()[:2] == ["⏱ 00:04 left", "next line"]
    assert screen.replies == ["\x1b[1;8R"]


def _answer_first_then_wait(term: Terminal, key: bool) -> None:
    term.wait_for_text("Ready?")
    term.child.send("\r")
    term.wait_for_text("question 1/3")
    term.child.send("t" if key else "f")
    term.wait_for_text(f"» {'t) True' if key else 'f) False'}")
    term.child.send("\r")
    term.wait_for_text("question 2/3")


def test_ctrl_z_suspends_and_fg_brings_the_same_prompt_back(tmp_path: Path) -> None:
    """In a shell with job control, as a learner runs it: Ctrl-Z stops it, fg resumes it."""
    _, keys = _true_false_form(4)
    env = dict(os.environ, AITRAINER_HOME=str(tmp_path), PS1="$ ", TERM="xterm-256color")
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        env=env,
        dimensions=(ROWS, COLUMNS),
        encoding="utf-8",
        timeout=15,
    )
    try:
        shell.expect_exact("$ ")
        shell.sendline(
            f"{sys.executable} -m aitrainer_cli exam --count 3 --seed 4 --type true_false"
        )
        shell.expect_exact("Ready?")
        shell.send("\r")
        shell.expect_exact("question 1/3")
        shell.send("t" if keys[0] else "f")
        shell.send("\r")
        shell.expect_exact("question 2/3")
        shell.send("\x1a")  # Ctrl-Z
        shell.expect("Stopped")
        shell.expect_exact("$ ")
        shell.sendline("fg")
        shell.expect_exact("question 2/3")  # the same prompt, redrawn
        shell.send("t" if keys[1] else "f")
        shell.send("\r")
        shell.expect_exact("question 3/3")
        assert "Traceback" not in str(shell.before)
    finally:
        shell.terminate(force=True)


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_from_outside_saves_the_attempt_to_resume(
    terminal: Callable[..., Terminal], tmp_path: Path, sent: signal.Signals
) -> None:
    _, keys = _true_false_form(4)
    term = terminal("exam", "--count", "3", "--seed", "4", "--type", "true_false")
    _answer_first_then_wait(term, keys[0])
    os.kill(term.child.pid, sent)
    term.child.expect(pexpect.EOF, timeout=10)
    said = term.transcript + str(term.child.before)
    term.child.close()
    assert term.child.exitstatus == 130, said[-500:]
    assert "Traceback" not in said
    assert "aitrainer resume" in said
    with sqlite3.connect(tmp_path / "progress.db") as db:
        rows = db.execute("SELECT status, position FROM attempts").fetchall()
        answered = db.execute("SELECT count(*) FROM responses WHERE response IS NOT NULL")
        assert rows == [("in_progress", 1)]
        assert answered.fetchone() == (1,)
