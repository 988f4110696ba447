"""Benchmark: how fast ``aitrainer`` starts, against the floor of importing Typer alone.

Times, in fresh subprocesses and in the same run, (a) ``python -c "import typer"`` (the floor:
no CLI can start faster than its framework imports), (b) ``aitrainer --help`` and (c) the time
until ``aitrainer exam --plain`` shows its first question (stdin is a pipe, so no prompt library
starts; the process is killed as soon as "Question 1 of" appears). Reports the best and the
median of N runs of each, in ms, and each best's ratio to the floor's best.
Target: --help within 1.5x of the floor.

    python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

HELP_TARGET = 1.5
FIRST_QUESTION = b"Question 1 of"


def wall(command: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of a command that must succeed."""
    start = time.perf_counter()
    subprocess.run(
        command,
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def until_first_question(command: list[str], env: dict[str, str], limit: float = 30) -> float:
    """Seconds from start until stdout shows the first question; then the process is killed."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    seen = b""
    try:
        while FIRST_QUESTION not in seen:
            if time.perf_counter() - start > limit:
                raise RuntimeError(f"no first question within {limit} s: {seen[-500:]!r}")
            ready, _, _ = select.select([process.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    error = process.stderr.read() if process.stderr else b""
                    raise RuntimeError(f"exited before the first question: {error[-500:]!r}")
                seen += chunk
        return time.perf_counter() - start
    finally:
        process.kill()
        process.communicate()


def measure(run: Callable[[], float], runs: int) -> tuple[float, float]:
    """(best, median) seconds of ``runs`` runs, after one untimed warm-up (disk caches)."""
    run()
    times = [run() for _ in range(runs)]
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, AITRAINER_HOME=home, NO_COLOR="1", COLUMNS="100")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        floor = measure(lambda: wall([python, "-c", "import typer"], env), args.runs)
        help_ = measure(lambda: wall([python, "-m", "aitrainer_cli", "--help"], env), args.runs)
        first = measure(
            lambda: until_first_question([python, "-m", "aitrainer_cli", "exam", "--plain"], env),
            args.runs,
        )
    print(f"python {sys.version.split()[0]}, best and median of {args.runs} runs each")
    rows = [
        ("python -c 'import typer' (floor)", floor),
        ("aitrainer --help", help_),
        ("aitrainer exam --plain: first question", first),
    ]
    for name, (best, median) in rows:
        print(
            f"{name:<40} best {best * 1000:6.0f} ms   median {median * 1000:6.0f} ms   "
            f"{best / floor[0]:.2f}x floor"
        )
    ratio = help_[0] / floor[0]
    verdict = "met" if ratio <= HELP_TARGET else "NOT met"
    print(f"target: --help within {HELP_TARGET}x of the floor: {ratio:.2f}x, {verdict}")


if __name__ == "__main__":
    main()
