"""The banks a command works on, loaded once: today the built-in ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.errors import UsageError

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog


def load_paths(
    paths: Sequence[Path] | None, on_file: Callable[[int, int, Path], None] | None = None
) -> Catalog:
    """The banks and blueprints under ``paths`` (the built-in ones when none are given), with
    every finding; ``on_file(done, total, path)`` is told of each file, for progress displays."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.paths import builtin_banks_dir

    return load_catalog(list(paths or [builtin_banks_dir()]), on_file)


def load_banks(*, require_valid: bool = True) -> Catalog:
    """The built-in banks. With ``require_valid``, refuse banks that do not validate (an exam
    must not run on a broken key); without, a broken file only takes its own questions away."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.paths import builtin_banks_dir

    # From the cache when no bank file (nor the code) changed since the last start.
    catalog = load_catalog([builtin_banks_dir()], cached=True)
    if require_valid and catalog.errors():
        first = catalog.errors()[0]
        raise UsageError(
            f"the built-in banks do not validate: {first.text()}",
            hint="run 'aitrainer bank validate' to see every problem",
        )
    return catalog
