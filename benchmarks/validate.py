"""Benchmark: `bank validate` on a 10,000-question corpus against a bare libyaml parse.

Generates 20 bank files (all eight item types), then in fresh subprocesses times (a) a bare
``yaml.load(..., Loader=yaml.CSafeLoader)`` of every file and (b) full validation through
``load_catalog``, and reports each one's best time of N runs, peak memory (max RSS) and the
ratios. Target: validation within 1.5x of the bare parse.

    python benchmarks/validate.py [--runs 3] [--questions 10000] [--files 20]
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

TEMPLATES = [
    {
        "type": "single_choice",
        "options": {
            "a": "First option text here",
            "b": "Second option",
            "c": "Third option text",
            "d": "Fourth option",
        },
        "answer": "c",
        "option_feedback": {"a": "Not this one, because it confuses the stages."},
    },
    {
        "type": "multiple_choice",
        "options": {"a": "One", "b": "Two", "c": "Three", "d": "Four"},
        "answer": ["a", "c"],
    },
    {"type": "true_false", "answer": True},
    {
        "type": "ranking",
        "context": {
            "responses": {
                "A": "Alpha reply.",
                "B": "Beta reply.",
                "C": "Gamma reply.",
                "D": "Delta reply.",
            }
        },
        "answer": ["B", ["A", "C"], "D"],
        "critical_pairs": [["B", "D"]],
    },
    {
        "type": "preference",
        "context": {"responses": {"A": "Short answer.", "B": "Long answer."}},
        "panel": [-2, -1, -2],
    },
    {
        "type": "rating",
        "context": {"responses": {"A": "A response to rate."}},
        "scale": {"min": 0, "max": 4, "labels": {0: "Very poor", 4: "Excellent"}},
        "dimensions": {"helpfulness": "Does it help?", "verbosity": "How long is it?"},
        "answer": {"helpfulness": 3, "verbosity": [1, 2]},
    },
    {
        "type": "claim_check",
        "context": {"evidence": "The Orlo dam opened in 1962 in Vessa."},
        "claims": {"c1": "It opened in 1962.", "c2": "It is in Brill.", "c3": "It is 90 m tall."},
        "answer": {"c1": "supported", "c2": "refuted", "c3": "not_enough_info"},
    },
    {
        "type": "free_text",
        "model_answer": "B is better because it answers the question asked.",
        "rubric": [{"point": "Names the decisive flaw", "any_of": ["flaw", "/wrong|incorrect/"]}],
    },
]


def generate(directory: Path, questions: int, files: int) -> list[Path]:
    paths = []
    per_file = questions // files
    for f in range(files):
        items = []
        for i in range(per_file):
            template = TEMPLATES[(f * per_file + i) % len(TEMPLATES)]
            items.append(
                {
                    "id": f"bench-{f}-{i}",
                    **copy.deepcopy(template),
                    "topic": f"topic-{i % 7}",
                    "difficulty": ["easy", "medium", "hard"][i % 3],
                    "prompt": f"Question {i} of file {f}: judge the material below carefully.\n",
                    "explanation": "The key follows the guideline; each distractor misreads it "
                    "in a specific way that the feedback names.\n",
                    "sources": ["Ouyang22"],
                    "tags": ["bench"],
                }
            )
        path = directory / f"bank-{f:02d}.yaml"
        path.write_text(
            yaml.safe_dump(
                {
                    "format": 1,
                    "bank": {"id": f"bench-{f}", "title": f"Benchmark bank {f}"},
                    "questions": items,
                },
                sort_keys=False,
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


CHILD = """
import json, resource, sys, time
from pathlib import Path
mode, directory = sys.argv[1], Path(sys.argv[2])
files = sorted(directory.glob('*.yaml'))
if mode.startswith('bare'):
    import gc, yaml
    if mode == 'bare-nogc':
        gc.disable()
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
else:
    from aitrainer_cli.banks.catalog import load_catalog
    start = time.perf_counter()
    catalog = load_catalog([directory])
    assert not catalog.errors(), catalog.errors()[:3]
elapsed = time.perf_counter() - start
print(json.dumps({'seconds': elapsed,
                  'peak_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(mode: str, directory: Path, runs: int) -> dict[str, float]:
    best: dict[str, float] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(directory)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out)
        if not best or result["seconds"] < best["seconds"]:
            best = result
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        paths = generate(directory, args.questions, args.files)
        size = sum(p.stat().st_size for p in paths) / 2**20
        print(f"corpus: {args.questions} questions in {args.files} files, {size:.1f} MiB")
        bare = measure("bare", directory, args.runs)
        bare_nogc = measure("bare-nogc", directory, args.runs)
        full = measure("validate", directory, args.runs)
    print(f"bare CSafeLoader yaml.load : {bare['seconds']:.3f} s, peak {bare['peak_mib']:.0f} MiB")
    print(
        f"  same, cyclic GC disabled : {bare_nogc['seconds']:.3f} s (the loader also disables it)"
    )
    print(f"aitrainer validation       : {full['seconds']:.3f} s, peak {full['peak_mib']:.0f} MiB")
    print(
        f"ratio time   : {full['seconds'] / bare['seconds']:.2f}x (target <= 1.5x); "
        f"{full['seconds'] / bare_nogc['seconds']:.2f}x against the GC-free parse"
    )
    print(f"ratio memory : {full['peak_mib'] / bare['peak_mib']:.2f}x")


if __name__ == "__main__":
    main()
