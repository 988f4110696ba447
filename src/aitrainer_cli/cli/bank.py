"""``aitrainer bank``: validate, list, show, import and export question banks, and the schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aitrainer_cli.cli.options import BANKS, NO_BUILTIN, bank_choice, complete_bank
from aitrainer_cli.errors import ExitCode

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog

app = typer.Typer(help="Check, list and inspect question banks.", no_args_is_help=True)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"


class SchemaKind(StrEnum):
    BANK = "bank"
    EXAM = "exam"


PATHS = typer.Argument(None, metavar="PATH", help="Bank files or directories (default: built-in).")
REPORT = typer.Option(
    None, "--format", "-f", help="text, json, github (default under GitHub Actions), junit."
)
STRICT = typer.Option(False, "--strict", help="Treat warnings as failures.")


def _format(report: ReportFormat | None) -> ReportFormat:
    if report is None:
        on_github = os.environ.get("GITHUB_ACTIONS") == "true"
        return ReportFormat.GITHUB if on_github else ReportFormat.TEXT
    return report


@contextmanager
def _reported_usage_errors(report: ReportFormat | None) -> Iterator[None]:
    """On a usage error (exit 2), still print a report in a machine-readable format, so that a
    CI step reading it finds a file that says what went wrong; the error goes to stderr too."""
    from aitrainer_cli.banks.reports import render_usage_error
    from aitrainer_cli.errors import UsageError

    try:
        yield
    except UsageError as error:
        typer.echo(render_usage_error(_format(report).value, error.message, error.hint), nl=False)
        raise


def _report(catalog: Catalog, report: ReportFormat | None, strict: bool) -> None:
    """Print the findings in the chosen format; exit 1 when they fail the run."""
    from aitrainer_cli.ui.bank_views import render_report

    typer.echo(render_report(catalog, _format(report).value, strict=strict), nl=False)
    if catalog.errors(strict=strict):
        raise typer.Exit(int(ExitCode.FINDINGS))


@app.command()
def validate(
    paths: list[Path] = PATHS,
    report: ReportFormat | None = REPORT,
    strict: bool = STRICT,
) -> None:
    """Check bank and exam files.

    Exit 0 when clean, 1 on findings, 2 on a usage or I/O error. At most 100 findings are
    listed per file (the summary counts them all); file names and quoted text are printed with
    control and invisible characters written as escapes (ESC as \\x1b).
    """
    from aitrainer_cli.app.banks import load_paths
    from aitrainer_cli.ui.bank_views import validation_progress

    with _reported_usage_errors(report), validation_progress() as on_file:
        catalog = load_paths(paths, on_file)
    _report(catalog, report, strict)


def topics(
    bank_id: str = typer.Argument(
        None, metavar="BANK", help="Only this bank's topics.", autocompletion=complete_bank
    ),
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """List the topics, with how many questions each has.

    Any of them can be drilled with 'aitrainer practice --topic TOPIC'.
    """
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.ui.bank_views import show_topics

    show_topics(load_banks(bank_choice(banks, no_builtin)), bank_id)


@app.command("list")
def list_banks(
    paths: list[Path] = PATHS,
) -> None:
    """List banks and exam blueprints.

    With question counts by type and difficulty.
    """
    from aitrainer_cli.app.banks import load_paths
    from aitrainer_cli.ui.bank_views import show_listing

    show_listing(load_paths(paths))


@app.command()
def show(
    item_id: str = typer.Argument(..., metavar="ID", help="A bank, question or exam id."),
    paths: list[Path] = typer.Option(
        None, "--banks", metavar="PATH", help="Where to look (default: built-in)."
    ),
) -> None:
    """Show a bank, exam or question.

    A question is shown as a learner sees it, then its key and explanation.
    """
    from aitrainer_cli.app.banks import load_paths
    from aitrainer_cli.ui.bank_views import FindingsShown, show_item

    try:
        show_item(load_paths(paths), item_id)
    except FindingsShown:
        raise typer.Exit(int(ExitCode.FINDINGS)) from None


@app.command()
def lint(
    paths: list[Path] = PATHS,
    report: ReportFormat | None = REPORT,
    strict: bool = STRICT,
    ignore: list[str] = typer.Option(
        None, "--ignore", metavar="RULE", help="Skip this rule (repeatable)."
    ),
) -> None:
    """Find items that are valid but unfair or give themselves away.

    Key positions and lengths, all/none of the above, negative stems, near-duplicate prompts
    and options, explanations contradicting the key, rubric entries matching anything, unknown
    sources, sections drawing their whole pool, text renderers swallow. Exit 0 clean, 1 on
    findings (errors; warnings too with --strict), 2 on a usage error.
    """
    from aitrainer_cli.app.banks import load_paths
    from aitrainer_cli.banks.lint import configured_ignores, lint_catalog

    with _reported_usage_errors(report):
        skipped = [*(ignore or ()), *configured_ignores(paths or [])]
        catalog = lint_catalog(load_paths(paths), skipped)
    _report(catalog, report, strict)


@app.command()
def stats(
    paths: list[Path] = PATHS,
    json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Count questions and check the balance of keys.

    By bank, topic, type and difficulty; where keys sit among the options; key and distractor
    lengths; how often the best response is also the longest.
    """
    from aitrainer_cli.app.banks import load_paths
    from aitrainer_cli.banks.bank_stats import bank_stats
    from aitrainer_cli.ui.bank_views import show_stats

    catalog = load_paths(paths)
    figures = bank_stats((e.bank_id, e.question) for e in catalog.entries.values())
    show_stats(figures, as_json=json)


@app.command()
def new(
    bank_id: str = typer.Argument(..., metavar="ID", help="The new bank's id (kebab-case)."),
    directory: Path = typer.Option(
        Path("."), "--dir", metavar="DIR", help="Where to write it (default: here)."
    ),
    title: str = typer.Option(None, "--title", help="The bank's title (default: from the id)."),
) -> None:
    """Start a bank: one example of every item type and a drill.

    Writes ID.yaml, exams/ID-drill.yaml and the JSON Schemas; existing files are never replaced.
    """
    from aitrainer_cli.app.banks import new_bank
    from aitrainer_cli.ui.bank_views import show_created

    show_created(new_bank(bank_id, directory, title))


@app.command()
def schema(
    kind: SchemaKind = typer.Option(SchemaKind.BANK, "--kind", help="bank or exam."),
) -> None:
    """Print the JSON Schema for bank files.

    Point your editor at it for completion; --kind exam for blueprints.
    """
    from aitrainer_cli.banks.schema import schema_text

    typer.echo(schema_text(kind.value), nl=False)


class ImportFormat(StrEnum):
    GIFT = "gift"
    AIKEN = "aiken"
    MOODLE_XML = "moodle-xml"


class ExportFormat(StrEnum):
    GIFT = "gift"
    AIKEN = "aiken"
    MOODLE_XML = "moodle-xml"
    ANKI = "anki"


@app.command("import")
def import_bank(
    file: Path = typer.Argument(..., metavar="FILE", help="The quiz file to read."),
    fmt: ImportFormat = typer.Option(..., "--format", "-f", help="gift, aiken or moodle-xml."),
    bank_id: str | None = typer.Option(None, "--bank-id", help="Default: the file name."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Default: stdout."),
) -> None:
    """Turn a GIFT, Aiken or Moodle XML quiz into a bank file.

    What was skipped or needs an explanation is reported on stderr.
    """
    from aitrainer_cli.banks.formats import import_file

    text, report = import_file(file, fmt.value, bank_id)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(output, text)
    typer.echo("\n".join(report.lines()), err=True)


@app.command("export")
def export_bank(
    bank_id: str = typer.Argument(..., metavar="ID", help="A loaded bank's id."),
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="gift, aiken, moodle-xml, anki."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Default: stdout (anki: ID.apkg)."
    ),
    banks: list[Path] = BANKS,
    no_builtin: bool = NO_BUILTIN,
) -> None:
    """Write a bank as GIFT, Aiken, Moodle XML or an Anki deck.

    Questions the format cannot hold are reported on stderr by id.
    """
    from aitrainer_cli.app.banks import load_banks
    from aitrainer_cli.banks.formats import export_bank as export

    text, report = export(load_banks(bank_choice(banks, no_builtin)), bank_id, fmt.value, output)
    if text is not None:
        typer.echo(text, nl=False)
    typer.echo("\n".join(report.lines()), err=True)


def _write(output: Path, text: str) -> None:
    from aitrainer_cli.errors import UsageError

    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: cannot write the file: {error}") from None
