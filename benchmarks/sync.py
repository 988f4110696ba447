"""Benchmark: ``aitrainer sync`` of 10,000 statements to a local Ralph LRS beside one bulk POST
of the same statements with httpx, in the same run. Target: sync at least 0.8x the bulk POST's
statements per second.

Each side gets its own fresh Ralph (file-system backend, started as the tests start it, see
tests/ralph_fixture.py), so neither pays for the other's stored statements. Needs the test
extra (Ralph, httpx): ``pip install -e '.[test]'``.

    python benchmarks/sync.py [--statements 10000] [--batch N] [--runs 3]

Best of ``--runs`` for each side (a shared machine is noisy), each run on fresh servers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from aitrainer_cli.app.lrs_settings import LrsSettings
from aitrainer_cli.app.sync import client, sync
from aitrainer_cli.progress import outbox
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.xapi import ids
from aitrainer_cli.xapi import statements as st
from ralph_fixture import PASSWORD, USER, started

TARGET = 0.8
ACTOR = st.account_actor("bench", "https://bootcamp.example.org")


def _statements(count: int) -> list[dict[str, object]]:
    """``count`` distinct attempt-end statements (small and valid), as the outbox holds them."""
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    found: list[dict[str, object]] = []
    attempt = 0
    while len(found) < count:
        attempt += 1
        context = st.AttemptContext(ids.registration("bench", attempt), "quick", "Q", "exam", "1")
        outcome = st.Outcome(3, 4, 75, 70, 60, "submitted", moment, ("q1", "q2", "q3", "q4"))
        found += st.finished(context, outcome)
    return found[:count]


def _queue(path: Path, statements: list[dict[str, object]]) -> None:
    with AttemptStore.open(path) as store, store.database.write() as connection:
        outbox.queue(
            connection,
            [outbox.Queued.of(s, 1, None, None) for s in statements],
            "2026-03-01T00:00:00.000+00:00",
        )


def _bulk(url: str, statements: list[dict[str, object]]) -> float:
    settings = LrsSettings(url, USER, PASSWORD, ACTOR, timeout=600)
    body = [st.with_actor(s, ACTOR) for s in statements]
    with client(settings) as http:
        start = time.perf_counter()
        answer = http.post(settings.statements_url, json=body)
        elapsed = time.perf_counter() - start
    answer.raise_for_status()
    return elapsed


def _sync(url: str, path: Path, batch: int | None) -> float:
    settings = LrsSettings(url, USER, PASSWORD, ACTOR, timeout=600)
    if batch is not None:
        settings = replace(settings, batch=batch)
    with AttemptStore.open(path) as store:
        start = time.perf_counter()
        report = sync(store.database, settings)
        elapsed = time.perf_counter() - start
    if report.kept or report.rejected:
        raise SystemExit(f"sync left {report.kept} queued, {len(report.rejected)} refused")
    return elapsed


def _run(statements: list[dict[str, object]], batch: int | None) -> tuple[float, float]:
    """Seconds of one bulk POST and of one sync, each to its own fresh Ralph."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        store = root / "progress.db"
        _queue(store, statements)
        bulk_server, sync_server = started(root / "bulk"), started(root / "sync")
        try:
            bulk = _bulk(bulk_server.url, json.loads(json.dumps(statements)))
            synced = _sync(sync_server.url, store, batch)
        finally:
            bulk_server.stop()
            sync_server.stop()
    return bulk, synced


def main() -> None:
    """Run both sides and print statements per second and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=None, help="sync batch (default: lrs.batch)")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    statements = _statements(options.statements)
    bulk = synced = float("inf")
    for _ in range(options.runs):
        one_bulk, one_sync = _run(statements, options.batch)
        bulk, synced = min(bulk, one_bulk), min(synced, one_sync)
    count = len(statements)
    ratio = (count / synced) / (count / bulk)
    print(f"bulk POST : {count / bulk:10.0f} statements/s ({bulk:.2f} s)")
    print(f"sync      : {count / synced:10.0f} statements/s ({synced:.2f} s)")
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"ratio     : {ratio:.2f}x the bulk POST ({verdict} the {TARGET}x target)")


if __name__ == "__main__":
    main()
