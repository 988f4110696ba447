"""Benchmark: the item analysis of 1,000 learners' export files against just parsing them.

Writes one ``aitrainer export --format json`` file per learner (60 questions of one form, a
third of them single choice, answers drawn from a 2PL model) into a temporary directory, then
times, in the same run and best of N: ``json.load`` of every file (the floor) and the full
analysis (reading and checking the files into records, then every statistic). Target: the
analysis within 3x the floor.

    python benchmarks/analyze.py [--runs 5] [--learners 1000] [--items 60]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aitrainer_cli.analysis import ChoiceKey, analyze
from aitrainer_cli.analysis.reader import read_exports

TARGET = 3.0
OPTIONS = ("a", "b", "c", "d")


def _response(index: int, question: str, right: bool, rng: random.Random) -> dict[str, object]:
    choice = index % 3 == 0
    answer: object = ("a" if right else rng.choice(OPTIONS[1:])) if choice else right
    return {
        "position": index,
        "question_id": question,
        "bank": "bench",
        "topic": "bench",
        "type": "single_choice" if choice else "true_false",
        "response": answer,
        "credit": 1.0 if right else 0.0,
        "seconds": round(rng.uniform(5, 90), 1),
        "flagged": False,
        "answered_at": "2025-01-01T00:10:00.000+00:00",
        "content_hash": "0" * 16,
    }


def write_files(folder: Path, learners: int, items: int, seed: int = 3) -> list[Path]:
    rng = random.Random(seed)
    params = [(rng.uniform(0.5, 2.0), rng.uniform(-1.5, 1.5)) for _ in range(items)]
    paths = []
    for learner in range(learners):
        ability = rng.gauss(0, 1)
        responses = [
            _response(i, f"q{i:03d}", rng.random() < 1 / (1 + math.exp(-a * (ability - b))), rng)
            for i, (a, b) in enumerate(params)
        ]
        attempt = {
            "attempt_id": 1,
            "started_at": "2025-01-01T00:00:00.000+00:00",
            "mode": "exam",
            "blueprint": "bench-form",
            "title": "Benchmark form",
            "status": "submitted",
            "score_percent": 50.0,
            "responses": responses,
        }
        path = folder / f"learner-{learner:04d}.json"
        path.write_text(json.dumps({"format": 1, "attempts": [attempt]}), encoding="utf-8")
        paths.append(path)
    return paths


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def floor(paths: list[Path]) -> None:
    for path in paths:
        with path.open("rb") as stream:
            json.load(stream)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--items", type=int, default=60)
    args = parser.parse_args()
    keys = {f"q{i:03d}": ChoiceKey(OPTIONS, frozenset("a")) for i in range(0, args.items, 3)}
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_files(Path(tmp), args.learners, args.items)
        size = sum(path.stat().st_size for path in paths)
        floor(paths)  # warm the page cache for both
        parse = best(args.runs, lambda: floor(paths))
        full = best(args.runs, lambda: analyze(read_exports(paths), keys))
    ratio = full / parse
    print(f"{args.learners} learners × {args.items} questions, {size / 1e6:.1f} MB of JSON")
    print(f"json.load of every file (floor): {parse * 1000:8.1f} ms")
    print(f"full analysis (read + stats):    {full * 1000:8.1f} ms")
    print(f"ratio: {ratio:.2f}x (target ≤ {TARGET:g}x, best of {args.runs})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
