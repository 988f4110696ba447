"""Options more than one command takes, declared once."""

from __future__ import annotations

from collections.abc import Callable
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


def whole(what: str, low: int, high: int = MAX_ID, example: str = "") -> Callable[[str], int]:
    """A parser for a whole-number option, whose errors say in words what is wanted (a range
    given to typer as min/max shows as ``[0<=x<=9223372036854775807]`` in the help)."""
    largest = "" if high == MAX_ID else f" to {high}"

    def parse(text: str | int) -> int:
        try:
            value = int(str(text).strip())
        except ValueError:
            raise typer.BadParameter(
                f"{what} is a whole number{largest and f' from {low}{largest}'}"
                f"{f', such as {example}' if example else ''}, not {str(text)!r}"
            ) from None
        if value < low or (largest and value > high):
            wanted = f"from {low}{largest}" if largest else f"at least {low}"
            raise typer.BadParameter(f"{what} must be {wanted}")
        if value > high:
            raise typer.BadParameter(f"{what} is too large: at most {high}")
        return value

    return parse


def decimal(what: str, low: float, high: float) -> Callable[[str], float]:
    """A parser for a number option from ``low`` to ``high``, its errors in words."""

    def parse(text: str | float) -> float:
        try:
            value = float(str(text).strip())
        except ValueError:
            raise typer.BadParameter(f"{what} is a number, not {str(text)!r}") from None
        if not low <= value <= high:
            raise typer.BadParameter(f"{what} must be from {low:g} to {high:g}")
        return value

    return parse


def attempt_id(help_text: str) -> Any:  # typer declares parameters as call defaults
    """The optional ``[ID]`` of an attempt: a whole number, as ``history`` lists them."""
    return typer.Argument(
        None,
        metavar="ID",
        help=help_text,
        parser=whole("an attempt id", 1, example="12 (see 'aitrainer history')"),
    )


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


def _completions(kind: str, incomplete: str) -> list[str]:
    """Bank ids, blueprint ids, topics or types starting with ``incomplete``, for the shell's
    completion. The banks are loaded (from the cache) only here, when the shell asks, so --help
    and every ordinary run pay nothing; a broken bank or any error completes nothing."""
    try:
        from aitrainer_cli.app.banks import load_banks

        catalog = load_banks(require_valid=False)
        if kind == "bank":
            names: set[str] = set(catalog.banks)
        elif kind == "blueprint":
            names = set(catalog.blueprints)
        elif kind == "topic":
            names = {entry.question.topic for entry in catalog.entries.values()}
        else:
            from aitrainer_cli.items import ITEM_TYPES

            names = set(ITEM_TYPES)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return sorted(name for name in names if name.startswith(incomplete))


def complete_bank(incomplete: str) -> list[str]:
    """Shell completion of a bank id."""
    return _completions("bank", incomplete)


def complete_blueprint(incomplete: str) -> list[str]:
    """Shell completion of an exam blueprint id."""
    return _completions("blueprint", incomplete)


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion of a topic."""
    return _completions("topic", incomplete)


def complete_type(incomplete: str) -> list[str]:
    """Shell completion of an item type."""
    return _completions("type", incomplete)
