"""Benchmark: how fast ``aitrainer`` starts and answers, against floors measured in the same run.

Every command runs in a fresh subprocess. Each round runs every row once, in turn, so that a
busy machine slows all rows alike; the best of the rounds is compared (the median is shown too).
Ratios, not absolute times, are what the targets judge:

- floor: ``python -c "import typer"`` (no CLI can start faster than its framework imports);
- ``aitrainer --help``: at most 1.2x the floor;
- ``aitrainer exam --plain``, until "Question 1 of" is on stdout (stdin is a pipe, so no prompt
  library starts; the process is then killed), with a warm catalog cache: at most 2.5x the
  floor; the same with the cache emptied before every run is shown for comparison;
- ``aitrainer exam full-mock --seed 1 --answers FILE --json``: all 60 questions answered from a
  file, graded, stored and printed, warm cache: at most 3x ``--help``;
- for reference, what an option costs before any aitrainer code runs: a five-line Typer app
  with one ``str`` option (Typer 0.29 coerces option values with pydantic TypeAdapters, so it
  imports pydantic), and ``aitrainer path``, the cheapest aitrainer command with an option.

CPU time (user + system of the child) is shown beside wall time: on a loaded machine it is the
steadier of the two (but it leaves out waits, such as the progress store's fsyncs). The
verdicts use the best wall times, or the best CPU times with ``--by cpu``.
The data directory (``AITRAINER_HOME``) and the cache (``AITRAINER_CACHE``) are temporary.

    python benchmarks/startup.py [--runs 15] [--by wall|cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FIRST_QUESTION = b"Question 1 of"
ONE_OPTION_APP = """
import typer
app = typer.Typer(add_completion=False)
@app.command()
def main(name: str = typer.Option("world", "--name")) -> None:
    print(name)
app()
"""
MOCK, SEED = "full-mock", 1


@dataclass
class Row:
    name: str
    run: Callable[[], tuple[float, float]]
    """One run: (wall seconds, CPU seconds of the child)."""
    base: Row | None = None
    """What the ratio is taken to (None: the floor itself)."""
    target: float | None = None
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.walls)

    @property
    def cpu(self) -> float:
        return min(self.cpus)


def _reap(process: subprocess.Popen[bytes]) -> float:
    """Wait for the child; its CPU time (user + system) in seconds."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def wall(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds from start to exit of a command that must succeed."""
    start = time.perf_counter()
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdin=quiet, stdout=quiet, stderr=subprocess.PIPE)
    assert process.stderr is not None
    error = process.stderr.read()
    process.stderr.close()
    cpu = _reap(process)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{command} exited {process.returncode}: {error[-500:]!r}")
    return elapsed, cpu


def until_first_question(
    command: list[str], env: dict[str, str], limit: float = 30
) -> tuple[float, float]:
    """Wall seconds until stdout shows the first question (then the child is killed), and CPU."""
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
        elapsed = time.perf_counter() - start
    finally:
        process.kill()
    cpu = _reap(process)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    return elapsed, cpu


def write_answers(path: Path) -> int:
    """An answers file answering every question of the ``--seed 1`` full mock; the item count.

    Built with the same code the command uses (same blueprint, same seed, same form); each
    answer is the question's key (the middle of a panel, a rating range's low end).
    """
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.exam.compose import ExamRequest, build_form
    from aitrainer_cli.paths import builtin_banks_dir

    catalog = load_catalog([builtin_banks_dir()])
    form = build_form(catalog, ExamRequest(MOCK, seed=SEED))
    answers: dict[str, object] = {}
    for item in form.items:
        question = catalog.entries[item.question_id].question
        dumped = question.model_dump(mode="json")
        answer = dumped.get("answer", dumped.get("model_answer"))
        if answer is None and dumped.get("panel"):
            panel = dumped["panel"]
            answer = round(statistics.median(panel)) if question.type == "preference" else panel[0]
        if question.type == "rating":
            answer = {k: v[0] if isinstance(v, list) else v for k, v in answer.items()}
        answers[item.question_id] = answer
    path.write_text(json.dumps(answers, indent=1), encoding="utf-8")
    return len(form.items)


def check_result(command: list[str], env: dict[str, str], count: int) -> None:
    """The answers-file run grades every question as answered (else the benchmark is wrong)."""
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    counts = json.loads(result.stdout)["counts"]
    if sum(counts.values()) != count or counts["unanswered"]:
        raise RuntimeError(f"the answers file does not answer all {count} questions: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--by", choices=("wall", "cpu"), default="wall", help="what verdicts use")
    args = parser.parse_args()
    python = sys.executable
    cli = [python, "-m", "aitrainer_cli"]
    with tempfile.TemporaryDirectory() as scratch:
        home, cache, cold_cache = (Path(scratch) / name for name in ("home", "cache", "cold"))
        env = dict(os.environ, AITRAINER_HOME=str(home), AITRAINER_CACHE=str(cache), NO_COLOR="1")
        env["COLUMNS"] = "100"
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with byte code, as installed
        cold_env = dict(env, AITRAINER_CACHE=str(cold_cache))
        answers = Path(scratch) / "answers.json"
        count = write_answers(answers)

        def cold() -> tuple[float, float]:
            shutil.rmtree(cold_cache, ignore_errors=True)
            return until_first_question([*cli, "exam", "--plain"], cold_env)

        mock = [*cli, "exam", MOCK, "--seed", str(SEED), "--answers", str(answers), "--json"]
        typer_only = [python, "-c", "import typer"]
        floor = Row("python -c 'import typer' (floor)", lambda: wall(typer_only, env))
        help_ = Row("aitrainer --help", lambda: wall([*cli, "--help"], env), floor, 1.2)
        option = [python, "-c", ONE_OPTION_APP]
        one_option = Row("typer app, 1 option (reference)", lambda: wall(option, env), floor)
        path = Row("aitrainer path (reference)", lambda: wall([*cli, "path"], env), floor)
        first_cold = Row("exam --plain: 1st question, cold cache", cold, floor)
        first = Row(
            "exam --plain: 1st question, warm cache",
            lambda: until_first_question([*cli, "exam", "--plain"], env),
            floor,
            2.5,
        )
        answered = Row(
            f"exam {MOCK} --answers ({count} q) --json", lambda: wall(mock, env), help_, 3.0
        )
        check_result(mock, env, count)
        rows = [floor, help_, one_option, path, first_cold, first, answered]
        for row in rows:  # untimed warm-up: disk caches, byte code, the catalog cache, the store
            row.run()
        for _ in range(args.runs):
            for row in rows:
                elapsed, cpu = row.run()
                row.walls.append(elapsed)
                row.cpus.append(cpu)

    print(f"python {sys.version.split()[0]}, {args.runs} interleaved rounds: best and median wall")
    print("time, best CPU time (user + system), and the bests' ratios to the row's floor\n")
    print(f"{'':<44}{'best':>8}{'median':>8}{'cpu':>8}   {'ratio wall / cpu':<26}target")
    verdicts = []
    for row in rows:
        line = (
            f"{row.name:<44}{row.best * 1000:6.0f}ms{statistics.median(row.walls) * 1000:6.0f}ms"
            f"{row.cpu * 1000:6.0f}ms"
        )
        if row.base is not None:
            versus = "--help" if row.base is help_ else "floor"
            ratio, cpu_ratio = row.best / row.base.best, row.cpu / row.base.cpu
            line += f"   {ratio:5.2f}x / {cpu_ratio:4.2f}x {versus:<7}"
            if args.by == "cpu":
                ratio = cpu_ratio
            if row.target is not None:
                verdict = "PASS" if ratio <= row.target else "FAIL"
                verdicts.append(verdict)
                line += f"   <= {row.target}x {versus}: {verdict}"
        print(line)
    print(f"\n{verdicts.count('PASS')} of {len(verdicts)} targets met (judged by {args.by} time)")


if __name__ == "__main__":
    main()
