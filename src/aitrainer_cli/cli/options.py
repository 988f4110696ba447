"""Options more than one command takes, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from aitrainer_cli.app.banks import BankChoice

DATA_DIR = typer.Option(
    None,
    "--data-dir",
    metavar="DIR",
    help="Where progress is kept (default: see 'path').",
    envvar="AITRAINER_HOME",
    show_envvar=False,
)

MAX_ID = 2**63 - 1
"""The largest attempt id or seed SQLite can store."""

MAX_COUNT = 500
"""The most questions a command may ask for (a section's limit)."""


def attempt_id(help_text: str) -> Any:  # typer declares parameters as call defaults
    """The optional ``[ID]`` of an attempt."""
    return typer.Argument(None, metavar="[ID]", help=help_text, min=1, max=MAX_ID)


BANKS = typer.Option(
    None,
    "--banks",
    metavar="PATH",
    help="Also load the banks in this file or directory (repeatable).",
)
NO_BUILTIN = typer.Option(False, "--no-builtin", help="Leave the built-in banks out.")


def bank_choice(banks: list[Path] | None, no_builtin: bool) -> BankChoice:
    """The banks a command line chose."""
    from aitrainer_cli.app.banks import BankChoice

    return BankChoice(tuple(banks or ()), builtin=not no_builtin)
