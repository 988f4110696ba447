"""``aitrainer bank``: validate, list, show and export the schema of question banks."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import typer

from aitrainer_cli.errors import ExitCode

app = typer.Typer(help="Check, list and inspect question banks.", no_args_is_help=True)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"


class SchemaKind(StrEnum):
    BANK = "bank"
    EXAM = "exam"


@app.command()
def validate(
    paths: list[Path] = typer.Argument(
        None, metavar="PATH", help="Bank files or directories (default: built-in)."
    ),
    report: ReportFormat | None = typer.Option(
        None, "--format", "-f", help="text, json, github (default under GitHub Actions), junit."
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as failures."),
) -> None:
    """Check bank and exam files.

    Exit 0 when clean, 1 on findings, 2 on a usage or I/O error. At most 100 findings are
    listed per file (the summary counts them all); file names and quoted text are printed with
    control and invisible characters written as escapes (ESC as \\x1b).
    """
    from aitrainer_cli.app.banks import load_paths
    from aitrainer_cli.ui.bank_views import render_report, validation_progress

    if report is None:
        on_github = os.environ.get("GITHUB_ACTIONS") == "true"
        report = ReportFormat.GITHUB if on_github else ReportFormat.TEXT
    with validation_progress() as on_file:
        catalog = load_paths(paths, on_file)
    typer.echo(render_report(catalog, report.value, strict=strict), nl=False)
    if catalog.errors(strict=strict):
        raise typer.Exit(int(ExitCode.FINDINGS))


@app.command("list")
def list_banks(
    paths: list[Path] = typer.Argument(
        None, metavar="PATH", help="Bank files or directories (default: built-in)."
    ),
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
    from aitrainer_cli.ui.bank_views import show_item

    show_item(load_paths(paths), item_id)


@app.command()
def schema(
    kind: SchemaKind = typer.Option(SchemaKind.BANK, "--kind", help="bank or exam."),
) -> None:
    """Print the JSON Schema for bank files.

    Point your editor at it for completion; --kind exam for blueprints.
    """
    from aitrainer_cli.banks.schema import schema_text

    typer.echo(schema_text(kind.value), nl=False)
