"""The home menu: what ``aitrainer`` with no arguments offers in a terminal."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aitrainer_cli.exam.compose import ExamRequest
from aitrainer_cli.ui.ask_interactive import InteractiveAsker
from aitrainer_cli.ui.asking import Signal
from aitrainer_cli.ui.exam_flow import (
    ExamOptions,
    builtin_catalog,
    open_store,
    resume_exam,
    run_exam,
    run_review,
)


def run_home(data_dir: Path | None = None) -> str | None:
    """Offer the main jobs and run the one chosen; returns "help" or "progress" for the
    command line to show (those belong to the commands)."""
    catalog = builtin_catalog()
    options = ExamOptions(data_dir=data_dir)
    with open_store(options) as store:
        unfinished = store.unfinished()
    choices: list[tuple[str, str]] = []
    if unfinished:
        newest = unfinished[0]
        choices.append(
            ("resume", f"Resume: {newest.title} ({newest.answered} of {newest.items} answered)")
        )
    for blueprint_id in ("quick-screening", "full-mock"):
        blueprint = catalog.blueprints.get(blueprint_id)
        if blueprint is not None:
            choices.append(
                (
                    blueprint_id,
                    f"Take the {blueprint.title.lower()} "
                    f"({blueprint.question_count} questions, "
                    f"{blueprint.time_limit or 'untimed'})",
                )
            )
    choices += [
        ("practice", "Practise one bank, with feedback after each answer"),
        ("review", "Spaced review: questions due, or your most missed"),
        ("progress", "See my progress and readiness"),
        ("help", "Help: list every command"),
        ("quit", "Quit"),
    ]
    asker = InteractiveAsker()
    chosen = asyncio.run(asker.choose("aitrainer: what would you like to do?", choices))
    if chosen == "resume":
        resume_exam(catalog, unfinished[0].id, options)
    elif chosen in catalog.blueprints:
        run_exam(catalog, ExamRequest(blueprint=str(chosen)), options)
    elif chosen == "practice":
        banks = [
            (bank_id, f"{header.title} ({len(catalog.questions_of(bank_id))} questions)")
            for bank_id, header in catalog.banks.items()
        ]
        bank = asyncio.run(asker.choose("Which bank?", banks))
        if not isinstance(bank, Signal):
            run_exam(
                catalog,
                ExamRequest(banks=(bank,), count=10, timed_by_default=False, practice=True),
                ExamOptions("practice", data_dir=data_dir),
            )
    elif chosen == "review":
        run_review(catalog, 10, None, options)
    elif chosen in ("progress", "help"):
        return str(chosen)
    return None
