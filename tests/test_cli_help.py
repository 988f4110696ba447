"""Every command of the ``aitrainer`` tree, sub-groups included, has a help text, and so has every
option and argument it takes (``--help`` itself aside)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from typer.core import TyperGroup

from aitrainer_cli.cli import app


def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, object]]:
    """``(full name, command)`` for ``command`` and, depth first, everything under it."""
    yield " ".join(path), command
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


COMMANDS = dict(walk(typer.main.get_command(app), ("aitrainer",)))


def test_the_walk_reaches_commands_and_sub_groups() -> None:
    assert {"aitrainer", "aitrainer exam", "aitrainer history", "aitrainer bank"} <= set(COMMANDS)
    assert "aitrainer bank validate" in COMMANDS


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    command = COMMANDS[name]
    help_text = getattr(command, "help", None) or getattr(command, "short_help", None)
    assert help_text, f"'{name}' has no help text"
    assert help_text.strip(), f"'{name}' has no help text"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_and_argument_has_help(name: str) -> None:
    missing = [
        "/".join(parameter.opts) or str(parameter.name)
        for parameter in getattr(COMMANDS[name], "params", [])
        if "--help" not in parameter.opts and not (getattr(parameter, "help", None) or "").strip()
    ]
    assert not missing, f"'{name}': no help for {', '.join(missing)}"
