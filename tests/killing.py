"""Killing a real ``aitrainer`` process mid-attempt, for the tests that check nothing is lost.

``killed_after`` starts ``python -m aitrainer_cli ARGS`` with answers on its standard input,
waits until the store shows what the test waits for, and SIGKILLs it: no clean-up code of ours
runs, as when a laptop's battery dies.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

POSIX_ONLY = "SIGKILL is POSIX"


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows a query gives on the store at ``db``."""
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Poll ``condition`` until it holds (a store whose schema is being made counts as not yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def aitrainer(
    env: dict[str, str], *args: str, stdin: str = "", timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """A whole run of ``aitrainer ARGS`` with ``stdin`` typed, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def killed_after(
    env: dict[str, str], args: Sequence[str], typed: str, ready: Callable[[], bool]
) -> None:
    """Run ``aitrainer ARGS``, type ``typed``, SIGKILL it once ``ready()`` holds."""
    with subprocess.Popen(
        [sys.executable, "-m", "aitrainer_cli", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    ) as process:
        assert process.stdin is not None
        try:
            process.stdin.write(typed)
            process.stdin.flush()
            wait_for(ready)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL
