"""Exit codes and the error hierarchy; the CLI entry point is the one place that maps them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes shared by every command."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    DATA_STORE = 3
    LRS = 4
    """The learning record store is unreachable or refused the credentials (``sync``)."""
    INTERNAL = 70
    """A bug: the traceback went to a crash report, the user saw one line."""
    INTERRUPTED = 130


class AitrainerError(Exception):
    """Base class for errors shown to the user as one clear message (never a traceback)."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AitrainerError):
    """Bad arguments or input files given by the user."""

    exit_code = ExitCode.USAGE


class NotFoundError(UsageError):
    """A bank, question or blueprint id that does not exist."""


class StoppedBySignal(AitrainerError):
    """A signal (SIGINT, SIGTERM, SIGHUP) stopped the program after saving what there was."""

    exit_code = ExitCode.INTERRUPTED


class DataStoreError(AitrainerError):
    """The progress store cannot be opened, read or written."""

    exit_code = ExitCode.DATA_STORE


class LrsError(AitrainerError):
    """The learning record store cannot be reached, or refused us (statements stay queued)."""

    exit_code = ExitCode.LRS
