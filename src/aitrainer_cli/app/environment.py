"""Everything outside the process a use case touches, built once per command (tests build
their own): the standard streams, whether this is a terminal, the clocks, the data directory."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Environment:
    """The process's outside world, as the use cases see it."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    interactive: bool = False
    """Both stdin and stdout are terminals: prompts, not numbered lines."""
    monotonic: Callable[[], float] = time.monotonic
    """The clock exam deadlines run on."""
    now: Callable[[], datetime] = _utc_now
    """The wall clock, for review schedules."""
    data_dir: Path | None = None
    """``--data-dir`` (None: ``AITRAINER_HOME`` or the platform's data directory)."""

    @classmethod
    def of_process(cls, data_dir: Path | None = None) -> Environment:
        """This process's streams, clocks and terminal."""
        return cls(interactive=_is_terminal(), data_dir=data_dir)

    @property
    def progress_file(self) -> Path:
        """The progress store's file."""
        from aitrainer_cli.progress.db import progress_path

        return progress_path(self.data_dir)


def _is_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream is no terminal
        return False
