"""Taking an exam end to end: build the form, ask, grade, show the result and the review.

The command hands over an ``ExamRequest``; this module picks the asker (interactive, plain, or an
answers file), runs one ``asyncio.run`` for the whole attempt and renders what the core returns.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Group
from rich.text import Text

from aitrainer_cli.banks.catalog import Catalog, Entry
from aitrainer_cli.errors import UsageError
from aitrainer_cli.exam.assembly import ExamForm
from aitrainer_cli.exam.attempt import Attempt
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.ui import console
from aitrainer_cli.ui.asking import Asker, Signal, clock_text
from aitrainer_cli.ui.session import SessionEnd, run_session


@dataclass(frozen=True, slots=True)
class ExamOptions:
    """How to run the exam, as opposed to which exam (the request)."""

    mode: str = "exam"
    """exam (feedback at the end) or practice (immediate feedback)."""
    plain: bool = False
    answers: Path | None = None
    json: bool = False


def builtin_catalog() -> Catalog:
    """The built-in banks; refuses to run on banks that do not validate."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.paths import builtin_banks_dir

    catalog = load_catalog([builtin_banks_dir()])
    if catalog.errors():
        first = catalog.errors()[0]
        raise UsageError(f"the built-in banks do not validate: {first.text()}",
                         hint="run 'aitrainer bank validate' to see every problem")
    return catalog


def interactive_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def intro_view(form: ExamForm, mode: str) -> Group:
    limit = form.time_limit_seconds
    timing = f"{clock_text(limit)} time limit" if limit else "untimed"
    feedback = "feedback after each answer" if mode == "practice" else "results at the end"
    lines = [Text(form.title, style="bold"),
             Text(f"{len(form.items)} questions · {timing} · practice target "
                  f"{form.pass_mark:g}% · {feedback}"),
             Text(f"Seed {form.seed}: retake this exact form with --seed {form.seed}", style="dim")]
    return Group(*lines)


def run_exam(catalog: Catalog, request: ExamRequest, options: ExamOptions) -> None:
    """Build the form, take it, and show the result."""
    form = build_form(catalog, request)
    blueprint = catalog.blueprints.get(request.blueprint or "")
    if blueprint is not None and blueprint.feedback == "immediate":
        options = replace(options, mode="practice")
    result: ExamResult | None
    if options.answers is not None:
        result = _from_answers_file(form, catalog.entries, options.answers)
    else:
        result = _take(form, catalog.entries, options)
    if result is None:
        return
    _show_result(result, catalog.entries, options)


def _from_answers_file(form: ExamForm, entries: Mapping[str, Entry], path: Path) -> ExamResult:
    from aitrainer_cli.exam.answers import load_answers

    responses = load_answers(path, form, entries)
    attempt = Attempt(form, time.monotonic)
    for index, item in enumerate(form.items):
        if item.question_id in responses:
            attempt.go_to(index)
            attempt.answer(responses[item.question_id])
    attempt.submit()
    return grade(form, entries, attempt.states, attempt.status, attempt.remaining())


def _asker(options: ExamOptions) -> Asker:
    if options.plain or not interactive_terminal():
        from aitrainer_cli.ui.ask_plain import PlainAsker

        return PlainAsker()
    from aitrainer_cli.ui.ask_interactive import InteractiveAsker

    return InteractiveAsker()


def _take(form: ExamForm, entries: Mapping[str, Entry], options: ExamOptions
          ) -> ExamResult | None:
    asker = _asker(options)
    out = console.stdout()
    out.print(intro_view(form, options.mode))

    async def session() -> tuple[Attempt, SessionEnd] | None:
        if not options.plain and interactive_terminal():
            ready = await asker.choose("Ready?", [("start", "Start" + (
                " the clock" if form.time_limit_seconds else "")), ("cancel", "Not now")])
            if ready != "start":
                return None
        attempt = Attempt(form, time.monotonic, lock_answers=options.mode == "practice")
        end = await run_session(attempt, entries, asker, immediate=options.mode == "practice")
        if end is SessionEnd.CLOSED and not options.json:
            await _review(grade(form, entries, attempt.states, attempt.status,
                                attempt.remaining()), entries, asker, show_summary=True)
            return None
        return attempt, end

    outcome = asyncio.run(session())
    if outcome is None:
        return None
    attempt, end = outcome
    if end is SessionEnd.PAUSED:
        out.print(Text(f"Paused with {clock_text(attempt.remaining()) or 'no time limit'} left. "
                       "Your answers are kept.", style="bold"))
        return None
    return grade(form, entries, attempt.states, attempt.status, attempt.remaining())


def _show_result(result: ExamResult, entries: Mapping[str, Entry], options: ExamOptions) -> None:
    from aitrainer_cli.exam.result_json import result_to_json
    from aitrainer_cli.ui.result_view import result_view

    if options.json:
        print(json.dumps(result_to_json(result, entries), indent=2, ensure_ascii=False))
        return
    console.stdout().print(result_view(result, entries))


async def _review(result: ExamResult, entries: Mapping[str, Entry], asker: Asker, *,
                  show_summary: bool) -> None:
    """The result screen, then a walk through all, wrong-only or marked items."""
    from aitrainer_cli.exam.attempt import Status
    from aitrainer_cli.ui.result_view import result_view, review_item_view, review_selection

    if result.status is Status.EXPIRED:
        asker.show(Text("⏱ Time is up: the attempt was submitted with the answers given.",
                        style="bold red"))
    if show_summary:
        asker.show(result_view(result, entries))
    while True:
        wrong = len(review_selection(result, "wrong"))
        marked = len(review_selection(result, "flagged"))
        choices = [("wrong", f"Review what cost points ({wrong})"),
                   ("all", f"Review every question ({len(result.items)})"),
                   ("flagged", f"Review the questions you marked ({marked})"),
                   ("done", "Done")]
        choices = [c for c in choices if not c[1].endswith("(0)")]
        chosen = await asker.choose("Review your answers?", choices, default=choices[0][0])
        if chosen in ("done", Signal.INTERRUPT, Signal.TIMEOUT):
            return
        items = review_selection(result, str(chosen))
        index = 0
        while 0 <= index < len(items):
            item = items[index]
            asker.show(review_item_view(item, entries[item.question_id].question,
                                        len(result.items)))
            step = await asker.choose(
                f"Reviewed {index + 1} of {len(items)}",
                [("next", "Next"), ("prev", "Previous"), ("stop", "Back to the review menu")],
                default="next")
            if step in ("stop", Signal.INTERRUPT, Signal.TIMEOUT):
                break
            index += 1 if step == "next" else -1 if index > 0 else 0
