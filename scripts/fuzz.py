"""Fuzz the bank loader outside pytest, with the generators of the hypothesis suite.

Each example is a hostile file from ``tests/hostile.py`` (valid banks mutated at random, and files
built from scratch: alias bombs, python tags, merge keys, huge files and strings, deep nesting,
bad encodings, NUL, CR LF, huge numbers, NaN, dates, several documents, escape sequences, bidi
and invisible characters, floods of findings), with a hostile file name. It goes through
``load_bytes``, the cross-file checks and all four report formats, and ``hostile.check`` asserts
the invariant: no exception, located findings in plain words, at most 100 per file plus one
counting the rest, reports with no live control character, JSON and JUnit XML that parse.

    python scripts/fuzz.py [--examples 50000] [--seed 0] [--max-bytes 1048576] [--out DIR]

prints the inputs tried (by family), the failures (the first failing input is saved in DIR),
the slowest input with its time, and peak memory.

    python scripts/fuzz.py --figures [--src DIR]

instead times the inputs that were quadratic (640,000 NULs; 10,000 anchors reported as JUnit;
3.5 MB of ``- {}``, as a list and as questions; 3.5 MB of ``[0,0,…]`` as questions), each through
``aitrainer bank validate`` in a fresh process after the time to start on a one-question bank,
and prints wall and CPU time and peak memory (max RSS). ``--src`` runs another source tree (an
export of an older commit, say) to compare.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import hostile  # found through the path above

WEIGHTS = {"huge-file": 1, "huge-string": 1, "shipped-bank-mutated": 1}
"""Families drawn less often (they are slow by design); every other family weighs 4."""


@dataclass
class Run:
    tried: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    first_failure: Path | None = None
    slowest: tuple[float, str, int, int] = (0.0, "", 0, 0)
    """(seconds, family, bytes, seed)."""
    findings: int = 0
    capped: int = 0


def examples(count: int, seed: int) -> Iterator[tuple[int, str, str, bytes]]:
    """(seed, family, file name, bytes) for ``count`` examples, reproducible from ``seed``."""
    families = [(name, generate) for name, generate in hostile.FAMILIES]
    weights = [WEIGHTS.get(name, 4) for name, _ in families]
    picker = random.Random(seed)
    for index in range(count):
        example_seed = seed * 1_000_003 + index
        family, generate = picker.choices(families, weights)[0]
        draw = hostile.RandomDraw(example_seed)
        yield example_seed, family, hostile.name(draw), generate(draw)


def fuzz(count: int, seed: int, out: Path) -> Run:
    run = Run()
    started = time.perf_counter()
    for done, (example_seed, family, name, raw) in enumerate(examples(count, seed), 1):
        run.tried[family] += 1
        start = time.perf_counter()
        try:
            checked = hostile.check(name, raw)
        except Exception as error:  # every failure is counted, the first one saved
            run.failed[family] += 1
            run.kinds[f"{family}: {type(error).__name__}: {str(error)[:120]}"] += 1
            if run.first_failure is None:
                run.first_failure = _save(out, example_seed, family, name, raw)
        else:
            run.findings += checked.findings
            run.capped += checked.findings > hostile.MAX_FINDINGS
        elapsed = time.perf_counter() - start
        if elapsed > run.slowest[0]:
            run.slowest = (elapsed, family, len(raw), example_seed)
        if done % 5_000 == 0:
            print(
                f"  {done:,} inputs, {sum(run.failed.values())} failures, "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    return run


def _save(out: Path, example_seed: int, family: str, name: str, raw: bytes) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"first-failure-{example_seed}.yaml"
    path.write_bytes(raw)
    path.with_suffix(".txt").write_text(
        f"family: {family}\nseed: {example_seed}\nfile name: {name!r}\n\n{traceback.format_exc()}",
        encoding="utf-8",
    )
    return path


def _replay(family: str, example_seed: int) -> tuple[str, bytes]:
    generate = dict(hostile.FAMILIES)[family]
    draw = hostile.RandomDraw(example_seed)
    name = hostile.name(draw)
    return name, generate(draw)


def report(run: Run, elapsed: float) -> None:
    tried, failed = sum(run.tried.values()), sum(run.failed.values())
    print(f"inputs tried : {tried:,} in {elapsed:.0f} s ({tried / elapsed:.0f}/s)")
    for family, count in sorted(run.tried.items()):
        failures = f", {run.failed[family]} failed" if run.failed[family] else ""
        print(f"  {family:22} {count:7,}{failures}")
    print(f"failures     : {failed:,}")
    for kind, count in run.kinds.most_common(10):
        print(f"  {count:5,} × {kind}")
    if run.first_failure is not None:
        print(f"  first failing input saved to {run.first_failure}")
    seconds, family, size, example_seed = run.slowest
    print(
        f"slowest input: {seconds:.3f} s, {family}, {size:,} bytes (seed {example_seed}); "
        f"{seconds / max(size, 1) * 2**20:.2f} s/MiB"
    )
    if family:
        name, raw = _replay(family, example_seed)
        tracemalloc.start()
        with contextlib.suppress(Exception):  # a failure was reported above
            hostile.check(name, raw)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  its peak Python allocation: {peak / 2**20:.1f} MiB ({peak / size:.0f} B/byte)")
    print(f"findings     : {run.findings:,} shown; {run.capped:,} files capped at 100 + 1")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory  : {rss:.0f} MiB (max RSS of the whole run)")


# -- --figures ------------------------------------------------------------------------------------

CHILD = r"""
import io, json, resource, sys, time
from contextlib import redirect_stdout
from aitrainer_cli.cli import main
sys.argv = ["aitrainer", "bank", "validate", "--format", sys.argv[1], sys.argv[2]]
out = io.StringIO()
wall, cpu = time.perf_counter(), time.process_time()
code = 0
try:
    with redirect_stdout(out):
        main()
except SystemExit as exit_:
    code = exit_.code
print(json.dumps({
    "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "code": code,
    "chars": len(out.getvalue()),
}), file=sys.stderr)
"""


def figure_inputs() -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    header = hostile.HEADER
    yield "(start-up: a valid one-question bank)", "text", lambda: header + hostile.QUESTION % 1
    yield "640,000 NUL bytes", "text", lambda: b"\x00" * 640_000
    yield (
        "10,000 anchors (20,000 findings)",
        "junit",
        lambda: header + b"".join(b"  - &a%d {}\n" % i for i in range(10_000)),
    )
    yield "3.5 MB of '- {}' lines", "text", lambda: b"- {}\n" * 700_000
    yield (
        "3.5 MB of '- {}' questions",
        "text",
        lambda: header + b"- {}\n" * ((3_500_000 - len(header)) // 5),
    )
    yield (
        "3.5 MB flow list of 0s as questions",
        "text",
        lambda: header[:-1] + b" [" + b"0," * 1_750_000 + b"0]\n",
    )


def figures(src: str | None) -> None:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    print(f"source: {src or 'this checkout'}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, form, make in figure_inputs():
            raw = make()
            path = Path(tmp) / "hostile.yaml"
            path.write_bytes(raw)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, form, str(path)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            result = json.loads(done.stderr.strip().splitlines()[-1])
            mib = len(raw) / 2**20
            print(
                f"{label:36} --format {form:5} {mib:5.2f} MiB: {result['wall']:7.2f} s wall, "
                f"{result['cpu']:7.2f} s CPU ({result['cpu'] / mib:6.2f} s/MiB), "
                f"peak {result['peak_mib']:5.0f} MiB, exit {result['code']}, "
                f"report {result['chars']:,} chars",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-bytes", type=int, default=1 << 20, help="largest generated input")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--figures", action="store_true", help="time the once-quadratic inputs")
    parser.add_argument("--src", help="with --figures: the source tree to run (PYTHONPATH)")
    args = parser.parse_args()
    if args.figures:
        figures(args.src)
        return
    hostile.HUGE_BYTES = args.max_bytes
    started = time.perf_counter()
    run = fuzz(args.examples, args.seed, args.out)
    report(run, time.perf_counter() - started)
    if run.failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
