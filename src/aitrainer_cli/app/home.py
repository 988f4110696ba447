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


RESUMES = 6
"""The most unfinished attempts the menu lists one by one (newest first)."""


def _resume_label(summary: AttemptSummary) -> str:
    from aitrainer_cli.ui.asking import clock_text
    from aitrainer_cli.ui.prompts import fit

    left = clock_text(summary.time_remaining)
    saved = summary.updated_at.astimezone().strftime("%d %b %H:%M")
    return fit(
        f"Resume #{summary.id} ({summary.answered}/{summary.items} answered"
        f"{', ' + left + ' left' if left else ''}, saved {saved}): {summary.title}"
    )


def _choices(catalog: Catalog, unfinished: list[AttemptSummary]) -> list[tuple[str, str]]:
    choices = [(f"resume:{summary.id}", _resume_label(summary)) for summary in unfinished]
    if len(unfinished) > RESUMES:
        hidden = len(unfinished) - RESUMES
        choices = [*choices[:RESUMES], ("more", f"{hidden} more unfinished attempts…")]
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
    command line to show (those belong to the commands). A job not started ("Not now") comes
    back to the menu."""
    catalog = load_banks()
    while True:
        with AttemptStore.open(env.progress_file) as store:
            unfinished = store.unfinished()
        chosen = _run_once(env, catalog, unfinished)
        if chosen is not _AGAIN:
            return chosen if isinstance(chosen, str) else None


_AGAIN = object()
"""What a job that was not started hands back: show the menu again."""


def _run_once(env: Environment, catalog: Catalog, unfinished: list[AttemptSummary]) -> object:
    """One round of the menu: the job chosen is run; "help"/"progress", None, or ``_AGAIN``."""
    from aitrainer_cli.ui.ask_interactive import InteractiveAsker
    from aitrainer_cli.ui.asking import Signal

    asker = InteractiveAsker()
    options = ExamOptions()
    chosen = asyncio.run(
        asker.choose("aitrainer: what would you like to do?", _choices(catalog, unfinished))
    )
    started = True
    if isinstance(chosen, str) and chosen.startswith("resume:"):
        started = resume_attempt(env, catalog, int(chosen.split(":", 1)[1]), options)
    elif chosen in catalog.blueprints:
        started = take_exam(env, catalog, ExamRequest(blueprint=str(chosen)), options)
    elif chosen == "practice":
        banks = [
            (bank_id, f"{header.title} ({counted(len(catalog.questions_of(bank_id)), 'question')})")
            for bank_id, header in catalog.banks.items()
        ]
        bank = asyncio.run(asker.choose("Which bank?", [*banks, ("back", "Back to the menu")]))
        if isinstance(bank, Signal):
            return None
        if bank == "back":
            return _AGAIN
        request = ExamRequest(banks=(bank,), count=10, timed_by_default=False, practice=True)
        started = take_exam(env, catalog, request, ExamOptions("practice"))
    elif chosen == "review":
        spaced_review(env, catalog, 10, None, options)
    elif chosen == "more":
        from rich.text import Text

        rest = "\n".join(_resume_label(summary) for summary in unfinished[RESUMES:])
        asker.show(Text(rest + "\nContinue one with: aitrainer resume ID"))
        return _AGAIN
    elif chosen in ("progress", "help"):
        return str(chosen)
    return None if started else _AGAIN
