"""The home menu: what ``aitrainer`` with no arguments offers in a terminal."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from aitrainer_cli.app.attempts import ExamOptions, resume_attempt, spaced_review, take_exam
from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.exam.compose import ExamRequest
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.words import counted

if TYPE_CHECKING:
    from aitrainer_cli.app.environment import Environment
    from aitrainer_cli.banks.catalog import Catalog
    from aitrainer_cli.progress.records import AttemptSummary

SCREENINGS = ("quick-screening", "full-mock")
"""The blueprints the menu offers by name."""


def _choices(catalog: Catalog, unfinished: list[AttemptSummary]) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    if unfinished:
        newest = unfinished[0]
        choices.append(
            ("resume", f"Resume: {newest.title} ({newest.answered} of {newest.items} answered)")
        )
    for blueprint_id in SCREENINGS:
        blueprint = catalog.blueprints.get(blueprint_id)
        if blueprint is not None:
            choices.append(
                (
                    blueprint_id,
                    f"Take the {blueprint.title.lower()} "
                    f"({counted(blueprint.question_count, 'question')}, "
                    f"{blueprint.time_limit or 'untimed'})",
                )
            )
    return [
        *choices,
        ("practice", "Practise one bank, with feedback after each answer"),
        ("review", "Spaced review: questions due, or your most missed"),
        ("progress", "See my progress and readiness"),
        ("help", "Help: list every command"),
        ("quit", "Quit"),
    ]


def run_home(env: Environment) -> str | None:
    """Offer the main jobs and run the one chosen; returns "help" or "progress" for the
    command line to show (those belong to the commands)."""
    from aitrainer_cli.ui.ask_interactive import InteractiveAsker
    from aitrainer_cli.ui.asking import Signal

    catalog = load_banks()
    with AttemptStore.open(env.progress_file) as store:
        unfinished = store.unfinished()
    asker = InteractiveAsker()
    options = ExamOptions()
    chosen = asyncio.run(
        asker.choose("aitrainer: what would you like to do?", _choices(catalog, unfinished))
    )
    if chosen == "resume":
        resume_attempt(env, catalog, unfinished[0].id, options)
    elif chosen in catalog.blueprints:
        take_exam(env, catalog, ExamRequest(blueprint=str(chosen)), options)
    elif chosen == "practice":
        banks = [
            (bank_id, f"{header.title} ({counted(len(catalog.questions_of(bank_id)), 'question')})")
            for bank_id, header in catalog.banks.items()
        ]
        bank = asyncio.run(asker.choose("Which bank?", banks))
        if not isinstance(bank, Signal):
            request = ExamRequest(banks=(bank,), count=10, timed_by_default=False, practice=True)
            take_exam(env, catalog, request, ExamOptions("practice"))
    elif chosen == "review":
        spaced_review(env, catalog, 10, None, options)
    elif chosen in ("progress", "help"):
        return str(chosen)
    return None
