"""Interchange formats: import GIFT, Aiken and Moodle XML into bank YAML; export banks to them.

One module per format; ``common`` holds the neutral draft every importer produces, how drafts
become validated bank questions, and the report of what was skipped or approximated. Nothing
here prints: importers and exporters return text (or write a file) and a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.banks.formats.common import Report

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog
    from aitrainer_cli.items import QuestionBase

IMPORT_FORMATS = ("gift", "aiken", "moodle-xml")
"""Formats ``bank import`` reads."""

EXPORT_FORMATS = ("gift", "aiken", "moodle-xml", "anki")
"""Formats ``bank export`` writes."""


def import_file(path: Path, fmt: str, bank_id: str | None) -> tuple[str, Report]:
    """Bank YAML of the questions a GIFT, Aiken or Moodle XML file holds, and the report."""
    from aitrainer_cli.banks.formats.common import (
        bad_input,
        bank_id_for,
        bank_yaml,
        build_questions,
        read_text,
    )

    report = Report()
    chosen = bank_id_for(path, bank_id)
    if fmt == "moodle-xml":
        from aitrainer_cli.banks.formats.moodle_xml import read_moodle

        try:
            data = path.read_bytes()
        except OSError as error:
            raise bad_input(path, f"cannot read the file: {error}") from None
        if not data.strip():
            raise bad_input(path, "the file is empty")
        drafts = read_moodle(path, data, report)
    elif fmt == "aiken":
        from aitrainer_cli.banks.formats.aiken import read_aiken

        drafts = read_aiken(path, read_text(path), report)
    else:
        from aitrainer_cli.banks.formats.gift import read_gift

        drafts = read_gift(path, read_text(path), report)
    questions = build_questions(drafts, chosen, report)
    if not questions:
        raise bad_input(path, "no question could be imported:\n  " + "\n  ".join(report.lines()))
    return bank_yaml(chosen, path.stem, questions), report


def export_text(questions: Sequence[QuestionBase], fmt: str) -> tuple[str, Report]:
    """The questions as GIFT, Aiken or Moodle XML text, and what was left out."""
    report = Report()
    if fmt == "gift":
        from aitrainer_cli.banks.formats.gift import write_gift

        return write_gift(questions, report), report
    if fmt == "aiken":
        from aitrainer_cli.banks.formats.aiken import write_aiken

        return write_aiken(questions, report), report
    from aitrainer_cli.banks.formats.moodle_xml import write_moodle

    return write_moodle(questions, report), report


def export_bank(
    catalog: Catalog, bank_id: str, fmt: str, output: Path | None
) -> tuple[str | None, Report]:
    """A loaded bank in a format: written to ``output`` (an Anki deck defaults to ID.apkg), or
    returned as text for the caller to print when no output is given."""
    from aitrainer_cli.banks.catalog import did_you_mean
    from aitrainer_cli.errors import NotFoundError, UsageError

    bank = catalog.banks.get(bank_id)
    if bank is None:
        raise NotFoundError(
            f"no loaded bank has the id {bank_id!r}",
            hint=did_you_mean(bank_id, catalog.banks, "bank"),
        )
    questions = catalog.questions_of(bank_id)
    if fmt == "anki":
        from aitrainer_cli.banks.formats.anki import write_anki

        report = Report()
        write_anki(bank, questions, output or Path(f"{bank_id}.apkg"), report)
        return None, report
    text, report = export_text(questions, fmt)
    if output is None:
        return text, report
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: cannot write the file: {error}") from None
    return None, report
