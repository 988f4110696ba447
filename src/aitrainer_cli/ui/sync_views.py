"""What ``aitrainer sync`` shows: a progress bar while it sends, then one summary."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from rich.text import Text

from aitrainer_cli.inert import inert_line
from aitrainer_cli.ui import console


@contextmanager
def sync_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (a terminal only; nothing elsewhere), fed (done, total)."""
    err = console.stderr()
    if not err.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("Sending statements"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("sync", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, 1))

        yield update


def show_sync(sent: int, rejected: Sequence[tuple[str, str]], kept: int, url: str) -> None:
    """The summary: how many went, which were refused and why."""
    out = console.stdout()
    where = inert_line(url)
    if not sent and not rejected:
        out.print(Text(f"Nothing to send: every statement is already in {where}."))
    else:
        noun = "statement" if sent == 1 else "statements"
        out.print(Text(f"Sent {sent} {noun} to {where}."))
    if rejected:
        err = console.stderr()
        err.print(
            Text(
                f"{len(rejected)} refused by the LRS and set aside (not sent again unless "
                "'aitrainer sync --retry-rejected'):"
            )
        )
        for statement_id, reason in rejected:
            err.print(Text(f"  {inert_line(statement_id)}: {inert_line(reason)[:300]}"))
    if kept:
        out.print(Text(f"{kept} still queued."))


def write_statements(statements: Sequence[dict[str, Any]], stream: TextIO) -> None:
    """Statements as JSON lines (ASCII-escaped: no control sequence reaches a terminal)."""
    for statement in statements:
        stream.write(json.dumps(statement, ensure_ascii=True, separators=(",", ":")) + "\n")


def show_dry_run(count: int, url: str) -> None:
    """Say on stderr what the JSON lines on stdout are."""
    noun = "statement" if count == 1 else "statements"
    console.stderr().print(Text(f"Dry run: {count} {noun} would be sent to {inert_line(url)}."))


def show_exported_statements(attempts: int, count: int, output: object) -> None:
    """Say on stderr what was exported (stdout may carry the statements themselves)."""
    where = f" to {inert_line(str(output))}" if output is not None else ""
    noun = "statement" if count == 1 else "statements"
    tries = "attempt" if attempts == 1 else "attempts"
    console.stderr().print(
        Text(f"Exported {count} xAPI {noun} of {attempts} {tries}{where}.", style="dim"),
        soft_wrap=True,
    )
