"""Options more than one command takes, declared once."""

from __future__ import annotations

import typer

DATA_DIR = typer.Option(
    None,
    "--data-dir",
    metavar="DIR",
    help="Where progress is kept (default: see 'path').",
    envvar="AITRAINER_HOME",
    show_envvar=False,
)
