"""Concurrency: 8 aitrainer processes answering and reading one progress store at once.

Every worker process runs ``--runs`` rounds against the same ``AITRAINER_HOME`` (a temporary
directory, created empty: the first processes race to create the store), each round:
``aitrainer exam --answers FILE --json`` on its own form (true/false and single-choice questions,
some answered right, some wrong, some left out), then ``aitrainer progress``, ``aitrainer
history`` and, every other round, ``aitrainer export --format json`` and ``aitrainer history
ID`` of the attempt it just took. Every command is a real process, so up to 8 open the file, read
it and write to it at the same moment.

The workers report what they wrote: attempts (an exam that exited 0) and answers (the answered
items of its JSON result); the parent then counts what the store holds, runs ``PRAGMA
integrity_check``, and prints every error any command printed. None may mention a lock.

    python scripts/concurrency.py [--processes 8] [--runs 4] [--questions 8]

Exits 1 if anything written is missing, any command failed, or the file is not sound.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

TYPES = ("true_false", "single_choice")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "aitrainer_cli", *args]


def answers_for(form_ids: list[str], catalog: object, rng: random.Random) -> dict[str, object]:
    """Right, wrong or no answer for each question of the form."""
    entries = catalog.entries  # type: ignore[attr-defined]
    answers: dict[str, object] = {}
    for qid in form_ids:
        dumped = entries[qid].question.model_dump(mode="json")
        roll = rng.random()
        if roll < 0.15:
            continue  # left unanswered
        if dumped["type"] == "true_false":
            answers[qid] = dumped["answer"] if roll < 0.7 else not dumped["answer"]
        else:
            keys = list(dumped["options"])
            answers[qid] = dumped["answer"] if roll < 0.7 else rng.choice(keys)
    return answers


def worker(number: int, home: Path, runs: int, questions: int) -> dict[str, object]:
    """One process's rounds; returns what it wrote and every failure it saw."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.exam.compose import ExamRequest, build_form
    from aitrainer_cli.paths import builtin_banks_dir

    catalog = load_catalog([builtin_banks_dir()])
    env = {**os.environ, "AITRAINER_HOME": str(home), "NO_COLOR": "1"}
    rng = random.Random(number)
    written = {"attempts": 0, "answers": 0}
    failures: list[dict[str, object]] = []
    commands = 0

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        nonlocal commands
        commands += 1
        done = subprocess.run(command(*args), capture_output=True, text=True, env=env, timeout=300)
        if done.returncode != 0 or "Traceback" in done.stderr:
            failures.append(
                {"worker": number, "args": list(args), "code": done.returncode, "err": done.stderr}
            )
        return done

    for round_ in range(runs):
        seed = number * 1000 + round_
        request = ExamRequest(types=TYPES, count=questions, seed=seed)
        form_ids = [item.question_id for item in build_form(catalog, request).items]
        answers_file = home.parent / f"answers-{number}-{round_}.json"
        answers_file.write_text(json.dumps(answers_for(form_ids, catalog, rng)), encoding="utf-8")
        type_args = [arg for kind in TYPES for arg in ("--type", kind)]
        taken = run(
            "exam",
            *type_args,
            "--count",
            str(questions),
            "--seed",
            str(seed),
            "--answers",
            str(answers_file),
            "--json",
        )
        if taken.returncode == 0:
            report = json.loads(taken.stdout)
            if [item["question_id"] for item in report["items"]] != form_ids:
                failures.append({"worker": number, "args": ["exam"], "code": 0, "err": "form?"})
            written["attempts"] += 1
            written["answers"] += sum(item["response"] is not None for item in report["items"])
        run("progress")
        run("history", "--limit", "5")
        if round_ % 2:
            run("export", "--format", "json")
            run("history", "1")
    return {"worker": number, "written": written, "failures": failures, "commands": commands}


def store_counts(path: Path) -> tuple[int, int, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        attempts = connection.execute("SELECT count(*) FROM attempts").fetchone()[0]
        answers = connection.execute(
            "SELECT count(*) FROM responses WHERE response IS NOT NULL"
        ).fetchone()[0]
        verdict = "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    connection.close()
    return attempts, answers, verdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--runs", type=int, default=4, help="rounds per process")
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker is not None:
        print(json.dumps(worker(options.worker, options.home, options.runs, options.questions)))
        return 0
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="aitrainer-concurrency-") as temporary:
        home = Path(temporary) / "home"
        home.mkdir()
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    str(n),
                    "--home",
                    str(home),
                    "--runs",
                    str(options.runs),
                    "--questions",
                    str(options.questions),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(options.processes)
        ]
        reports = [json.loads(process.communicate(timeout=1800)[0]) for process in workers]
        attempts, answers, verdict = store_counts(home / "progress.db")
    written_attempts = sum(report["written"]["attempts"] for report in reports)
    written_answers = sum(report["written"]["answers"] for report in reports)
    failures = [failure for report in reports for failure in report["failures"]]
    commands = sum(report["commands"] for report in reports)
    locked = [f for f in failures if "locked" in str(f["err"]).lower()]
    print(f"processes:        {options.processes} x {options.runs} rounds, {commands} commands")
    print(f"attempts written: {written_attempts}   found: {attempts}")
    print(f"answers written:  {written_answers}   found: {answers}")
    print(f"integrity check:  {verdict}")
    print(f"errors seen:      {len(failures)} ({len(locked)} mention a lock)")
    for kind, count in Counter(
        (tuple(f["args"][:1]), str(f["err"]).strip().splitlines()[-1:][0] if f["err"] else "")
        for f in failures
    ).items():
        print(f"  {count} x aitrainer {kind[0][0]}: {kind[1]}")
    print(f"time:             {time.monotonic() - began:.0f} s")
    ok = (
        not failures
        and verdict == "ok"
        and (attempts, answers) == (written_attempts, written_answers)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
