"""Loading a bank's guideline with the bank, and checking the items' references to it.

The header's ``guideline`` names a Markdown file relative to the bank file's directory; a bank
pack's directory is a directory like any other (``importlib.resources`` gives its path), so the
guideline is read from beside the pack's bank. Every problem is a located finding: a missing or
unreadable file and a name leaving the bank's directory at the header's ``guideline:``, a
duplicate section id at its heading in the guideline, a reference that resolves to no section
at the reference, with the nearest ids.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.guideline import Guideline, read_guideline
from aitrainer_cli.banks.loaded import LoadedFile
from aitrainer_cli.banks.problems import Finding, Problem, Severity


def attach_guideline(loaded: LoadedFile, base: Path | None) -> None:
    """Read the guideline the bank names (if any) into ``loaded`` and check every reference."""
    header = loaded.bank
    name = header.guideline if header is not None else None
    if header is not None and name is not None:
        directory = base if base is not None else Path.cwd()
        where = _inside(directory, name)
        if where is None:
            loaded.add_problem(
                Problem(
                    ("bank", "guideline"),
                    Code.GUIDELINE_OUTSIDE_BANK,
                    f"the guideline {name!r} is not inside the bank's directory",
                    hint="put the guideline beside the bank (or below it) and give its "
                    "relative name, e.g. guideline: ranking-guideline.md",
                )
            )
        else:
            loaded.guideline_file = str(where)
            _read(loaded, where, name, header.title)
    _check_references(loaded)


def _inside(directory: Path, name: str) -> Path | None:
    """The file ``name`` names under ``directory``, or None if it would lead outside it."""
    relative = PurePath(name)
    if relative.is_absolute() or relative.drive:
        return None
    root = Path(os.path.realpath(directory))
    target = Path(os.path.realpath(root / relative))
    return target if target.is_relative_to(root) else None


def _read(loaded: LoadedFile, where: Path, name: str, title: str) -> None:
    display = str(Path(loaded.path).parent / name)
    if not where.is_file():
        loaded.add_problem(
            Problem(
                ("bank", "guideline"),
                Code.MISSING_GUIDELINE,
                f"the guideline {name!r} does not exist beside the bank"
                if not where.exists()
                else f"the guideline {name!r} is not a file",
                hint="create the Markdown file, or fix its name in the bank header",
            )
        )
        return
    guideline = read_guideline(where, display, title)
    for issue in guideline.issues:
        if issue.code == Code.UNREADABLE_GUIDELINE or issue.code == Code.GUIDELINE_TOO_LARGE:
            loaded.add_problem(Problem(("bank", "guideline"), issue.code, issue.message))
            return
        severity = Severity.WARNING if issue.code == Code.GUIDELINE_NO_SECTIONS else Severity.ERROR
        if loaded.found.wants(issue.line, issue.column):
            finding = Finding(
                display, issue.line, issue.column, issue.code, issue.message, severity, issue.hint
            )
            loaded.found.add(finding)
        else:
            loaded.skip(severity)
    loaded.guideline = guideline


def _check_references(loaded: LoadedFile) -> None:
    """Each item's ``guideline`` references resolve to sections of the bank's guideline."""
    from aitrainer_cli.banks.catalog import did_you_mean

    guideline: Guideline | None = loaded.guideline
    named = loaded.bank is not None and loaded.bank.guideline is not None
    ids = list(dict.fromkeys(s.id for s in guideline.sections)) if guideline is not None else []
    for index, question in loaded.questions:
        if not question.guideline:
            continue
        if not named:
            loaded.add_problem(
                Problem(
                    ("questions", index, "guideline"),
                    Code.NO_GUIDELINE,
                    "the item points to guideline sections but the bank names no guideline",
                    hint="add 'guideline: FILE.md' to the bank header, or remove the references",
                )
            )
            continue
        if guideline is None:
            continue  # the file itself is reported at the header
        for number, section_id in enumerate(question.guideline):
            if section_id not in ids:
                loaded.add_problem(
                    Problem(
                        ("questions", index, "guideline", number),
                        Code.UNKNOWN_SECTION,
                        f"the guideline has no section {section_id!r}",
                        hint=did_you_mean(section_id, ids, "section"),
                    )
                )
