"""Terminal views for ``aitrainer bank``: progress while loading, reports, listings, show."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.banks.catalog import Catalog, item_findings
from aitrainer_cli.errors import NotFoundError
from aitrainer_cli.ui import console
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.words import counted

if TYPE_CHECKING:
    from rich.table import Table

    from aitrainer_cli.banks.bank_stats import BankStats
    from aitrainer_cli.banks.blueprint import Blueprint


@contextmanager
def validation_progress() -> Iterator[Callable[[int, int, Path], None] | None]:
    """A callback for loading that shows a transient progress bar on an interactive stderr."""
    err = console.stderr()
    if not err.is_terminal:
        yield None
        return
    from rich.markup import escape  # a file named "[link=x]" is no markup
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Validating", total=None)

        def advance(done: int, total: int, path: Path) -> None:
            progress.update(
                task, completed=done, total=total, description=f"Validating {escape(path.name)}"
            )

        yield advance


def render_report(catalog: Catalog, report: str, *, strict: bool) -> str:
    from aitrainer_cli.banks import reports

    if report == "json":
        return reports.render_json(catalog)
    if report == "github":
        return reports.render_github(catalog, strict=strict)
    if report == "junit":
        return reports.render_junit(catalog, strict=strict)
    return reports.render_text(catalog)


def show_listing(catalog: Catalog) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console.stdout()
    banks = Table(title="Banks", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    banks.add_column("bank", overflow="fold", min_width=14)
    banks.add_column("n", justify="right")
    banks.add_column("by type", no_wrap=True)
    banks.add_column("E/M/H", no_wrap=True)
    for bank_id, header in catalog.banks.items():
        questions = catalog.questions_of(bank_id)
        types = Counter(q.type for q in questions)
        levels = Counter(q.difficulty.value for q in questions)
        name = Text(bank_id, style="bold")
        name.append("\n" + header.title, style="dim")
        banks.add_row(
            name,
            str(len(questions)),
            Text("\n".join(f"{count:>2} {kind}" for kind, count in sorted(types.items()))),
            f"{levels['easy']}/{levels['medium']}/{levels['hard']}",
        )
    out.print(banks)
    out.print(blueprint_table(catalog.blueprints.values(), title="Exam blueprints"))
    errors = catalog.errors()
    if errors:
        out.print(
            Text(f"{len(errors)} validation errors: run 'aitrainer bank validate'", style="yellow")
        )


def show_topics(catalog: Catalog, bank_id: str | None = None) -> None:
    """Each topic with its question count (of one bank, or of each bank), and how to drill it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if bank_id is not None and bank_id not in catalog.banks:
        close = difflib.get_close_matches(bank_id, sorted(catalog.banks), n=3)
        raise NotFoundError(
            f"no bank called {bank_id!r}",
            hint=(f"did you mean {', '.join(close)}? " if close else "")
            + "`aitrainer bank list` lists the banks",
        )
    out = console.stdout()
    table = Table(title="Topics", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("bank / topic", overflow="fold")
    table.add_column("n", justify="right", no_wrap=True)
    for bank in [bank_id] if bank_id is not None else list(catalog.banks):
        topics = Counter(question.topic for question in catalog.questions_of(bank))
        if not topics:
            continue
        table.add_row(Text(bank, style="bold"), "", end_section=False)
        for topic, count in sorted(topics.items()):
            table.add_row(bank_text("  " + topic), str(count))
    out.print(table)
    out.print(Text("Drill one with: aitrainer practice --topic TOPIC", style="dim"))


def blueprint_table(
    blueprints: Iterable[Blueprint], *, title: str | None = None, note_feedback: bool = False
) -> Table:
    """Blueprints as rows: id and title, questions, time limit and practice target."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("exam", overflow="fold", min_width=14)
    for column in ("n", "time", "target"):
        table.add_column(column, no_wrap=True, justify="right")
    for blueprint in blueprints:
        name = Text(blueprint.id, style="bold")
        name.append("\n" + blueprint.title, style="dim")
        if note_feedback and blueprint.feedback == "immediate":
            name.append(" (feedback after each answer)", style="dim")
        table.add_row(
            name,
            str(blueprint.question_count),
            blueprint.time_limit or "untimed",
            f"{blueprint.pass_mark:g}%",
        )
    return table


class FindingsShown(Exception):
    """The item was not shown: its findings were, and the command exits 1."""


def show_item(catalog: Catalog, item_id: str) -> None:
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from aitrainer_cli.ui.question_view import header, key_view, question_view

    out = console.stdout()
    problems = item_findings(catalog, item_id)
    if problems:
        out.print(
            bank_text(f"{item_id} has {counted(len(problems), 'problem')} to fix first:", "bold")
        )
        for finding in problems:
            out.print(bank_text("  " + finding.text()))
        if any(finding.severity == "error" for finding in problems):
            raise FindingsShown
    if item_id in catalog.entries:
        entry = catalog.entries[item_id]
        out.print(Text(f"{entry.question.id} (bank {entry.bank_id})", style="dim"))
        out.print(header(entry.question))
        out.print(question_view(entry.question))
        out.print(Rule("Key and explanation"))
        out.print(key_view(entry.question, references=dict(entry.references)))
        return
    if item_id in catalog.banks:
        bank = catalog.banks[item_id]
        out.print(bank_text(bank.title, style="bold"))
        if bank.description:
            out.print(bank_text(bank.description))
        table = Table("id", "type", "topic", "level")
        for question in catalog.questions_of(item_id):
            table.add_row(question.id, question.type, question.topic, question.difficulty.value)
        out.print(table)
        return
    if item_id in catalog.blueprints:
        blueprint = catalog.blueprints[item_id]
        out.print(bank_text(blueprint.title, style="bold"))
        out.print(
            Text(
                f"{counted(blueprint.question_count, 'question')} · "
                f"{blueprint.time_limit or 'untimed'}"
                f" · practice target {blueprint.pass_mark:g}%"
            )
        )
        for section in blueprint.sections:
            filters = ", ".join(section.banks + section.topics + list(section.types)) or "any"
            out.print(Text(f"  {section.count:>3} × {section.title} ({filters})"))
        return
    known = [*catalog.entries, *catalog.banks, *catalog.blueprints]
    close = difflib.get_close_matches(item_id, known, n=3)
    raise NotFoundError(
        f"no bank, exam or question has the id {item_id!r}",
        hint=f"did you mean {', '.join(close)}?"
        if close
        else "run 'aitrainer bank list' to see the ids",
    )


def show_stats(figures: Sequence[BankStats], *, as_json: bool) -> None:
    """Each bank's counts and balance figures, as a table or JSON."""
    import json

    from rich.table import Table
    from rich.text import Text

    if as_json:
        print(json.dumps([f.as_json() for f in figures], indent=2, ensure_ascii=False))
        return
    out = console.stdout()
    for f in figures:
        data = f.as_json()
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row("questions", str(f.questions))
        table.add_row("types", _counts(f.by_type))
        table.add_row("difficulty", _counts(f.by_difficulty))
        table.add_row("topics", _counts(f.by_topic))
        if f.key_positions:
            table.add_row("key position", _counts({f"#{k}": v for k, v in f.key_positions.items()}))
        if data["mean_key_length"] is not None:
            table.add_row(
                "mean length",
                f"key {data['mean_key_length']} · distractors {data['mean_distractor_length']}",
            )
        if data["best_is_longest_share"] is not None:
            share = float(str(data["best_is_longest_share"]))
            table.add_row(
                "best is longest", f"{share:.0%} of {data['best_is_longest_items']} items"
            )
        out.print(bank_text(f.name, style="bold underline"))
        out.print(table)
        out.print(Text())


def _counts(counter: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items()))


def show_created(paths: Sequence[Path]) -> None:
    """The files a new bank was written to, and what to do next."""
    from rich.text import Text

    out = console.stdout()
    for path in paths:
        out.print(bank_text(f"wrote {path}"))
    bank = paths[0]
    out.print(Text("Next: edit the examples, then check them with:", style="bold"))
    out.print(bank_text(f"  aitrainer bank validate {bank.parent}"))
    out.print(bank_text(f"  aitrainer practice --banks {bank.parent} --bank {bank.stem}"))
