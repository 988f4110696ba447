"""Benchmark: `aitrainer progress` and `aitrainer history` on a large and a small progress store.

Fills one store with 100,000 responses over 2,000 attempts and another with 100 responses
(question ids, banks and content hashes from the shipped banks; rows inserted directly, a few
transactions), then times each command in fresh subprocesses (``--data-dir``, best of N runs) and
reports the times, the large/small ratio and the file sizes. Target: ratio under 2x.

    python benchmarks/progress.py [--runs 3] [--attempts 2000] [--per-attempt 50]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.progress.records import content_hash
from aitrainer_cli.progress.store import AttemptStore

COMMANDS = (("progress",), ("history",), ("history", "1"))
BLUEPRINTS = (
    ("quick-screening", "Quick screening"),
    ("full-mock", "Full mock qualification"),
    ("custom", "Practice: every bank"),
)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def fill(directory: Path, attempts: int, per_attempt: int, seed: int = 1) -> Path:
    """A progress store with ``attempts`` graded attempts of ``per_attempt`` answers each."""
    from fsrs import Card

    rng = random.Random(seed)
    catalog = load_catalog([builtin_banks_dir()])
    questions = [
        (qid, entry.bank_id, content_hash(entry.question))
        for qid, entry in sorted(catalog.entries.items())
    ]
    path = directory / "progress.db"
    AttemptStore.open(path).close()
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    attempt_rows, item_rows, response_rows = [], [], []
    for attempt_id in range(1, attempts + 1):
        began = start + timedelta(hours=7 * attempt_id)
        blueprint, title = rng.choice(BLUEPRINTS)
        picked = rng.sample(questions, per_attempt)
        skill = min(0.95, 0.45 + attempt_id / attempts / 2)
        credits = [1.0 if rng.random() < skill else rng.choice((0.0, 0.25, 0.5)) for _ in picked]
        percent = 100 * sum(credits) / len(credits)
        attempt_rows.append(
            (
                attempt_id,
                stamp(began),
                stamp(began + timedelta(minutes=40)),
                "exam" if blueprint != "custom" else "practice",
                blueprint,
                title,
                "{}",
                rng.randrange(1, 10**6),
                80.0,
                4500,
                120.0,
                per_attempt - 1,
                "submitted",
                sum(credits),
                float(len(credits)),
                percent,
                "bench",
            )
        )
        for position, ((qid, bank, digest), credit) in enumerate(zip(picked, credits, strict=True)):
            item_rows.append((attempt_id, position, qid, bank, "Section", "[]", digest))
            response_rows.append(
                (
                    attempt_id,
                    position,
                    qid,
                    json.dumps("a"),
                    credit,
                    rng.uniform(10, 90),
                    int(rng.random() < 0.05),
                    stamp(began + timedelta(seconds=45 * position)),
                    digest,
                )
            )
    cards = [
        (
            qid,
            json.dumps(Card(card_id=n + 1, due=start + timedelta(days=n)).to_dict()),
            stamp(start + timedelta(days=n)),
            stamp(start),
        )
        for n, (qid, _, _) in enumerate(questions)
    ]
    with AttemptStore.open(path) as store, store.database.write() as connection:
        connection.executemany(
            "INSERT INTO attempts (id, started_at, updated_at, mode, blueprint_id, title, filters,"
            " seed, pass_mark, time_limit_seconds, time_remaining, position, status,"
            " score_earned, score_possible, score_percent, app_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            attempt_rows,
        )
        connection.executemany("INSERT INTO attempt_items VALUES (?, ?, ?, ?, ?, ?, ?)", item_rows)
        connection.executemany(
            "INSERT INTO responses (attempt_id, position, question_id, response, credit,"
            " seconds, flagged, answered_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            response_rows,
        )
        connection.executemany("INSERT INTO review_cards VALUES (?, ?, ?, ?)", cards)
    return path


def best_of(runs: int, args: tuple[str, ...], directory: Path) -> float:
    command = [sys.executable, "-m", "aitrainer_cli", *args, "--data-dir", str(directory)]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--per-attempt", type=int, default=50)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        large, small = Path(temporary, "large"), Path(temporary, "small")
        large.mkdir()
        small.mkdir()
        began = time.perf_counter()
        large_file = fill(large, options.attempts, options.per_attempt)
        small_file = fill(small, 5, 20)
        print(
            f"filled in {time.perf_counter() - began:.1f} s: "
            f"{options.attempts * options.per_attempt:,} responses "
            f"({large_file.stat().st_size / 2**20:.1f} MiB) and 100 responses "
            f"({small_file.stat().st_size / 2**10:.0f} KiB)"
        )
        worst = 0.0
        for args in COMMANDS:
            big, little = (best_of(options.runs, args, d) for d in (large, small))
            worst = max(worst, big / little)
            print(
                f"aitrainer {' '.join(args):<10}  large {big * 1000:6.0f} ms   "
                f"small {little * 1000:6.0f} ms   ratio {big / little:.2f}x"
            )
        print(f"worst ratio {worst:.2f}x (target under 2x): {'met' if worst < 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
