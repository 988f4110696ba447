"""Crash campaign: plain-mode exams killed with SIGKILL at a random moment, then resumed.

Each run starts ``python -m aitrainer_cli exam --plain`` (true/false questions, stdin a pipe,
``AITRAINER_HOME`` a temporary directory shared by every run, so each kill leaves its write-ahead
log for the next process to recover), types answers one line at a time with random pauses, and
kills the process with SIGKILL at a random moment after at least one answer was typed.

What counts as *acknowledged*: the session stores an answer (``Attempt.answer`` -> the store's
listener, which commits it in its own ``BEGIN IMMEDIATE`` ... ``COMMIT`` with ``synchronous =
FULL``) before it moves on, and the plain asker prints the next question's header ``Question K of
N`` only after that. Answers are typed in order and never skipped, so a header ``Question K of N``
on screen guarantees answers 1..K-1 are committed, and the answer sheet header (``Answer sheet:``)
guarantees all N. An answer typed whose next header never appeared may or may not be stored: it
is not counted as acknowledged (finding it is fine; losing it is not a loss).

After the kill: ``PRAGMA integrity_check`` on a read-only connection, every acknowledged answer
looked up in the store (it must be there, with the value typed), then ``aitrainer resume ID
--plain`` answers the rest and submits; the attempt must end ``submitted``.

    python scripts/crash_campaign.py [--runs 50] [--questions 6] [--seed 1]

Prints one line per run and a summary; exits 1 if an answer was lost or a check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HEADER = re.compile(r"Question (\d+) of (\d+)")
SHEET = "Answer sheet:"


@dataclass
class Totals:
    runs: int = 0
    acknowledged: int = 0
    found: int = 0
    lost: int = 0
    unacknowledged: int = 0
    """Answers typed whose next header never appeared (the kill came first)."""
    unacknowledged_stored: int = 0
    integrity_failures: int = 0
    resume_failures: int = 0
    problems: list[str] = field(default_factory=list)


class Screen:
    """Everything the exam printed, read on a thread as it arrives."""

    def __init__(self, stream: object) -> None:
        self.text = ""
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: object) -> None:
        read = stream.read1 if hasattr(stream, "read1") else stream.read  # type: ignore[attr-defined]
        while True:
            chunk = read(4096)
            if not chunk:
                return
            with self._lock:
                self.text += chunk.decode("utf-8", "replace")

    def wait_for(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                if text in self.text:
                    return
            time.sleep(0.01)
        raise TimeoutError(f"the exam never printed {text!r}")

    def finish(self) -> str:
        self._thread.join(timeout=10)
        with self._lock:
            return self.text


def acknowledged_count(screen: str, total: int) -> int:
    """Answers whose commit what was printed guarantees (see the module docstring)."""
    if SHEET in screen:
        return total
    numbers = [int(match[1]) for match in HEADER.finditer(screen)]
    return max(numbers, default=1) - 1


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "aitrainer_cli", *args]


def stored_answers(path: Path, attempt_id: int) -> dict[int, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT position, response FROM responses"
            " WHERE attempt_id = ? AND response IS NOT NULL",
            (attempt_id,),
        ).fetchall()
    connection.close()
    return dict(rows)


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        verdict = "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    connection.close()
    return verdict


def newest_attempt(path: Path) -> tuple[int, str] | None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT id, status FROM attempts ORDER BY id DESC LIMIT 1")
        found = row.fetchone()
    connection.close()
    return None if found is None else (found[0], found[1])


def one_run(number: int, home: Path, rng: random.Random, questions: int, totals: Totals) -> str:
    env = {**os.environ, "AITRAINER_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    path = home / "progress.db"
    before = newest_attempt(path) if path.exists() else None
    exam = subprocess.Popen(
        command(
            "exam",
            "--plain",
            "--type",
            "true_false",
            "--count",
            str(questions),
            "--seed",
            str(rng.randrange(1, 10**6)),
            "--time",
            "30m",
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert exam.stdin is not None
    screen = Screen(exam.stdout)
    typed: list[str] = []
    kill_after = rng.randint(1, questions)  # answers typed before the kill
    try:
        screen.wait_for("Question 1 of", seconds=60)  # the attempt is stored by then
        for count in range(kill_after):
            if count:
                time.sleep(rng.uniform(0.0, 0.25))  # a learner's pause before the next answer
            answer = rng.choice(("true", "false"))
            exam.stdin.write(f"{answer}\n".encode())
            exam.stdin.flush()
            typed.append(answer)
        # Often within the few milliseconds the last answer takes to be read, stored and
        # acknowledged; sometimes well after.
        time.sleep(rng.choice((0.0, rng.uniform(0.0, 0.01), rng.uniform(0.0, 0.05), 0.3)))
    finally:
        os.kill(exam.pid, signal.SIGKILL)
        exam.wait(timeout=30)
    text = screen.finish()
    newest = newest_attempt(path) if path.exists() else None
    if newest is None or newest == before:
        totals.problems.append(f"run {number}: no attempt was started before the kill")
        return f"run {number:3}: killed before the attempt was stored"
    attempt_id = newest[0]
    acknowledged = min(acknowledged_count(text, questions), len(typed))
    stored = stored_answers(path, attempt_id)
    found = sum(1 for position in range(acknowledged) if stored.get(position) == typed[position])
    lost = acknowledged - found
    verdict = integrity(path)
    totals.unacknowledged += len(typed) - acknowledged
    totals.unacknowledged_stored += sum(
        1 for position in range(acknowledged, len(typed)) if position in stored
    )
    totals.runs += 1
    totals.acknowledged += acknowledged
    totals.found += found
    totals.lost += lost
    if lost:
        totals.problems.append(f"run {number}: {lost} acknowledged answer(s) lost: {stored}")
    if verdict != "ok":
        totals.integrity_failures += 1
        totals.problems.append(f"run {number}: integrity check: {verdict}")
    resumed = resume(attempt_id, questions, env, path)
    if resumed:
        totals.resume_failures += 1
        totals.problems.append(f"run {number}: resume: {resumed}")
    return (
        f"run {number:3}: attempt {attempt_id:3}, typed {len(typed)}, acknowledged "
        f"{acknowledged}, stored {len(stored)}, found {found}, lost {lost}, "
        f"integrity {verdict}, resume {'ok' if not resumed else 'FAILED'}"
    )


def resume(attempt_id: int, questions: int, env: dict[str, str], path: Path) -> str:
    """Finish the attempt: answer whatever is left, submit; '' when it ends submitted."""
    lines = "true\n" * questions + "1\n2\n"
    result = subprocess.run(
        command("resume", str(attempt_id), "--plain"),
        input=lines,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if result.returncode != 0 or "Traceback" in result.stderr:
        return f"exit {result.returncode}: {result.stderr.strip()[-300:]}"
    status = newest_attempt(path)
    if status is None or status != (attempt_id, "submitted"):
        return f"the attempt is {status} afterwards"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--questions", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    totals = Totals()
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="aitrainer-crash-") as temporary:
        home = Path(temporary)
        for number in range(1, options.runs + 1):
            print(one_run(number, home, rng, options.questions, totals), flush=True)
        final = integrity(home / "progress.db")
    print()
    print(f"runs:                {totals.runs}")
    print(f"answers acknowledged: {totals.acknowledged}")
    print(f"answers found:       {totals.found}")
    print(f"answers lost:        {totals.lost}")
    print(
        f"typed, not acknowledged: {totals.unacknowledged} "
        f"(of which stored anyway: {totals.unacknowledged_stored})"
    )
    print(f"integrity failures:  {totals.integrity_failures} (final store: {final})")
    print(f"resume failures:     {totals.resume_failures}")
    print(f"time:                {time.monotonic() - began:.0f} s")
    for problem in totals.problems:
        print(f"  {problem}")
    failed = totals.lost or totals.integrity_failures or totals.resume_failures or final != "ok"
    return 1 if failed or totals.problems else 0


if __name__ == "__main__":
    sys.exit(main())
