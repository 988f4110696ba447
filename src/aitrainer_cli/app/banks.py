"""Which banks a command works on, and loading them once.

Banks come, in this order, from the built-in directory (unless ``--no-builtin``), installed bank
packs (the ``aitrainer.banks`` entry-point group), the config file's ``banks = [...]``,
``$AITRAINER_BANKS`` and ``--banks``. Ids must be unique across all of them (the catalog's
cross-file checks name both places of a clash).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog

PACK_GROUP = "aitrainer.banks"
"""Entry-point group of bank packs: ``name = "package:directory"`` inside the package."""
SHOWN_FINDINGS = 5
"""How many findings a refused exam lists (``bank validate`` shows them all)."""


@dataclass(frozen=True, slots=True)
class BankChoice:
    """What the command line said about banks: paths to add, and whether to keep the built-in."""

    extra: tuple[Path, ...] = ()
    builtin: bool = True


@dataclass(frozen=True, slots=True)
class BankSource:
    """One place banks are loaded from, and what put it on the list."""

    path: Path
    origin: str


def bank_sources(choice: BankChoice = BankChoice()) -> list[BankSource]:
    """Every place to load banks from, in order, each once."""
    from aitrainer_cli.paths import BANKS_ENV, builtin_banks_dir, config_file

    sources = [BankSource(builtin_banks_dir(), "built-in")] if choice.builtin else []
    sources += _packs()
    config = config_file()
    sources += [BankSource(path, f"config {config}") for path in _configured(config)]
    listed = os.environ.get(BANKS_ENV, "")
    sources += [BankSource(Path(p).expanduser(), BANKS_ENV) for p in listed.split(os.pathsep) if p]
    sources += [BankSource(path, "--banks") for path in choice.extra]
    unique: dict[Path, BankSource] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    for source in unique.values():
        if not source.path.exists():
            raise UsageError(
                f"{inert_line(str(source.path))} (from {inert_line(source.origin)}): no such "
                "file or directory",
                hint="fix the path, or remove it from where it was given",
            )
    return list(unique.values())


def load_banks(choice: BankChoice = BankChoice(), *, require_valid: bool = True) -> Catalog:
    """The chosen banks, from the cache when no file (nor the code) changed since the last start.

    With ``require_valid``, banks with errors are refused (an exam must not run on a broken key)
    with their located findings; without, a broken file only takes its own questions away.
    """
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.exam.probes import ProbeEntries

    catalog = load_catalog([source.path for source in bank_sources(choice)], cached=True)
    if not isinstance(catalog.entries, ProbeEntries):  # probe ids resolve to swapped items
        catalog.entries = ProbeEntries(catalog.entries)
    errors = catalog.errors()
    if require_valid and errors:
        shown = [inert_line(finding.text()) for finding in errors[:SHOWN_FINDINGS]]
        if len(errors) > SHOWN_FINDINGS:
            shown.append(f"… and {len(errors) - SHOWN_FINDINGS} more")
        raise UsageError(
            "the banks have errors, so no exam can run on them:\n  " + "\n  ".join(shown),
            hint="'aitrainer bank validate PATH' lists every problem with how to fix it",
        )
    return catalog


HOOK_ENV = "PRE_COMMIT"
"""Set to 1 by pre-commit for its hooks: a hook given no paths checks the repository."""


def load_paths(
    paths: Sequence[Path] | None, on_file: Callable[[int, int, Path], None] | None = None
) -> Catalog:
    """The banks and blueprints under ``paths``, with every finding, never from the cache;
    ``on_file(done, total, path)`` is told of each file.

    With no paths: the current directory when run as a pre-commit hook (so that a hook with no
    ``args`` checks the repository, not the banks aitrainer ships), else the built-in banks.
    Finding no bank file at all is a usage error: a check of nothing must not pass.
    """
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.paths import builtin_banks_dir

    if not paths:
        in_hook = os.environ.get(HOOK_ENV) == "1"
        paths = [Path.cwd() if in_hook else builtin_banks_dir()]
    catalog = load_catalog(list(paths), on_file)
    if not catalog.files:
        where = ", ".join(inert_line(str(path)) for path in paths[:3])
        if len(paths) > 3:
            where += f" and {len(paths) - 3} more"
        passed = len(catalog.skipped)
        note = (
            f" ({passed} YAML file{'' if passed == 1 else 's'} without a bank's top-level keys "
            f"{'was' if passed == 1 else 'were'} skipped)"
            if passed
            else ""
        )
        raise UsageError(
            f"no bank or exam files in {where}{note}",
            hint="bank files end in .yaml or .yml and start with `format: 1`; "
            "`aitrainer bank new ID` writes one to start from",
        )
    return catalog


def new_bank(bank_id: str, directory: Path, title: str | None = None) -> list[Path]:
    """Write a new bank's files under ``directory``; refuse a bad id or an existing file."""
    import re

    from aitrainer_cli.banks.scaffold import scaffold

    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?", bank_id):
        raise UsageError(
            f"{inert_line(bank_id)!r} is not a bank id",
            hint="use lower-case letters, digits and hyphens, e.g. acme-rating",
        )
    shown_title = title or bank_id.replace("-", " ").capitalize()
    files = {
        directory / name: text
        for name, text in scaffold(bank_id, shown_title, str(directory)).items()
    }
    existing = [path for path in files if path.exists()]
    if existing:
        raise UsageError(
            f"{inert_line(str(existing[0]))} exists already: nothing was written",
            hint="choose another --dir or id",
        )
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write the new bank: {error.strerror or error}") from None
    return list(files)


def _configured(config: Path) -> list[Path]:
    """The ``banks`` of the config file (relative paths are relative to the file)."""
    import tomllib

    if not config.is_file():
        return []
    name = inert_line(str(config))
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{name}: cannot read the config file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(
            f"{name}: {error}", hint='the file is TOML, e.g. banks = ["~/my-banks"]'
        ) from None
    banks = settings.get("banks", [])
    if not isinstance(banks, list) or not all(isinstance(item, str) for item in banks):
        raise UsageError(
            f"{name}: 'banks' must be a list of paths", hint='e.g. banks = ["~/my-banks"]'
        )
    return [config.parent / Path(item).expanduser() for item in banks]


def _packs() -> list[BankSource]:
    """The bank directories that installed packages register in the entry-point group."""
    from importlib.metadata import entry_points
    from importlib.resources import files

    sources = []
    for point in entry_points(group=PACK_GROUP):
        package, _, directory = point.value.partition(":")
        try:
            root = files(package.strip()).joinpath(directory.strip() or "banks")
        except (ImportError, TypeError, ValueError) as error:
            raise UsageError(
                f"bank pack {point.name!r} ({point.value}) cannot be found: {error}",
                hint="reinstall the pack, or uninstall it",
            ) from None
        sources.append(BankSource(Path(str(root)), f"bank pack {point.name}"))
    return sources
