"""Options more than one command takes, declared once."""

from __future__ import annotations

from typing import Any

import typer

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
