"""Which files to load: the files named, and the bank-like YAML files under named directories."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aitrainer_cli.banks.inert import inert, shorten
from aitrainer_cli.errors import UsageError

YAML_SUFFIXES = (".yaml", ".yml")
"""What a bank file's name ends with, in any case (``B.YAML`` counts)."""

_PRUNED = frozenset({"node_modules", "__pycache__", "site-packages"})
"""Directories a walk never enters (besides hidden ones and virtual environments)."""

_SNIFF_BYTES = 64 * 1024
_LOOKS_LIKE_BANK = re.compile(rb"^(?:format|bank|exam|questions)[ \t]*:", re.MULTILINE)
"""A top-level key only a bank or a blueprint starts with: other YAML in a walked directory
(CI workflows, ``.pre-commit-config.yaml``, docker compose files) is skipped, not reported."""


@dataclass(frozen=True, slots=True)
class BankFiles:
    """The files to load, and the YAML files a directory walk passed over as not banks."""

    files: list[Path]
    skipped: list[Path]


def bank_files(paths: Sequence[Path]) -> BankFiles:
    """The files named, and the bank-like YAML files found under named directories, in order.

    A named file is always loaded, whatever it holds. A directory is walked without entering
    hidden directories (``.git``), virtual environments and ``node_modules``; of the YAML files
    in it, those with none of a bank's or blueprint's top-level keys (``format:``, ``bank:``,
    ``exam:``, ``questions:``) are skipped. A named path that is not a directory or a regular
    file (a device such as /dev/null, a named pipe that would block a read, a socket, a broken
    link) is a usage error that says what it is.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        try:
            if path.is_dir():
                for candidate in _walk(path):
                    (found if _looks_like_bank(candidate) else skipped).append(candidate)
                continue
            if path.is_file():
                found.append(path)
                continue
            problem = _not_a_file(path)
        except OSError as error:  # a name too long, a loop of links …
            problem = f"cannot be read: {error.strerror or error}"
        raise UsageError(
            f"{shorten(inert(str(path)), 300)}: {problem}",
            hint="give bank files or directories that hold them",
        )
    files = list(dict.fromkeys(found))
    return BankFiles(files, [p for p in dict.fromkeys(skipped) if p not in set(files)])


def _walk(root: Path) -> list[Path]:
    """The YAML files under ``root``, sorted, skipping directories no bank lives in."""
    found: list[Path] = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [
            d
            for d in subdirs
            if not d.startswith(".")
            and d not in _PRUNED
            and not os.path.exists(os.path.join(directory, d, "pyvenv.cfg"))
        ]
        for name in names:
            if name.lower().endswith(YAML_SUFFIXES):
                candidate = Path(directory, name)
                if candidate.is_file():
                    found.append(candidate)
    return sorted(found)


def _looks_like_bank(path: Path) -> bool:
    """Whether the file starts like a bank or a blueprint; a file that cannot be read is kept,
    so that loading it reports why."""
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return True
    return _LOOKS_LIKE_BANK.search(head.removeprefix(b"\xef\xbb\xbf")) is not None


def _not_a_file(path: Path) -> str:
    """Why ``path`` cannot be read as a bank: what it is instead."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if path.is_symlink():
            return "a symbolic link to a missing file"
        if isinstance(error, FileNotFoundError):
            return "no such file or directory"
        return f"cannot be read: {error.strerror or error}"
    kinds = (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    what = next((name for test, name in kinds if test(mode)), "not a file or directory")
    return f"not a regular file ({what})"
