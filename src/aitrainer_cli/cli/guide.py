"""``aitrainer guide``: read a bank's guideline, one section, or the sections about some words."""

from __future__ import annotations

from pathlib import Path

import typer

from aitrainer_cli.cli.options import BANKS, NO_BUILTIN, bank_choice


def guide(
    words: list[str] = typer.Argument(
        None,
        metavar="BANK SECTION|WORDS",
        help="An optional bank id, then a section id or words to find.",
    ),
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """Show a bank's guideline, one section of it, or the sections that hold some words.

    In a pager when stdout is a terminal; plain text otherwise.
    """
    import sys

    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.app.guides import find_guide
    from aitrainer_cli.ui.console import stdout
    from aitrainer_cli.ui.guide_view import show_guide

    shown = find_guide(load_banks(bank_choice(banks, no_builtin), require_valid=False), words or [])
    show_guide(stdout(), shown, paged=sys.stdout.isatty())
