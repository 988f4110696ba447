"""Taking an exam end to end: build or resume the form, ask, grade, store, show the result.

The command hands over an ``ExamRequest``; this module picks the asker (interactive, plain, or an
answers file), runs one ``asyncio.run`` for the whole attempt, records every change in the
progress store as it happens, and renders what the core returns.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.banks.catalog import Catalog, Entry
from aitrainer_cli.errors import NotFoundError, UsageError
from aitrainer_cli.exam.assembly import ExamForm
from aitrainer_cli.exam.attempt import Attempt, Status
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.progress.records import Mode, form_hashes
from aitrainer_cli.progress.store import AttemptStore
from aitrainer_cli.ui import console
from aitrainer_cli.ui.asking import Asker, Signal, clock_text

if TYPE_CHECKING:  # Rich and the session loop are imported where used: --answers needs neither
    from rich.console import Group


@dataclass(frozen=True, slots=True)
class ExamOptions:
    """How to run the exam, as opposed to which exam (the request)."""

    mode: Mode = "exam"
    """exam (feedback at the end), practice (immediate feedback) or review (spaced review)."""
    plain: bool = False
    answers: Path | None = None
    json: bool = False
    data_dir: Path | None = None

    @property
    def immediate(self) -> bool:
        return self.mode in ("practice", "review")


def builtin_catalog() -> Catalog:
    """The built-in banks; refuses to run on banks that do not validate."""
    from aitrainer_cli.banks.catalog import load_catalog
    from aitrainer_cli.paths import builtin_banks_dir

    catalog = load_catalog([builtin_banks_dir()], cached=True)
    if catalog.errors():
        first = catalog.errors()[0]
        raise UsageError(
            f"the built-in banks do not validate: {first.text()}",
            hint="run 'aitrainer bank validate' to see every problem",
        )
    return catalog


def interactive_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_store(options: ExamOptions) -> AttemptStore:
    from aitrainer_cli.progress.db import progress_path

    return AttemptStore.open(progress_path(options.data_dir))


def intro_view(form: ExamForm, mode: str) -> Group:
    from rich.console import Group
    from rich.text import Text

    limit = form.time_limit_seconds
    timing = f"{clock_text(limit)} time limit" if limit else "untimed"
    feedback = "feedback after each answer" if mode != "exam" else "results at the end"
    return Group(
        Text(form.title, style="bold"),
        Text(
            f"{len(form.items)} questions · {timing} · practice target {form.pass_mark:g}% · "
            f"{feedback}"
        ),
        Text(f"Seed {form.seed}: retake this exact form with --seed {form.seed}", style="dim"),
    )


def run_exam(catalog: Catalog, request: ExamRequest, options: ExamOptions) -> None:
    """Build the form, take it, store it, and show the result."""
    form = build_form(catalog, request)
    blueprint = catalog.blueprints.get(request.blueprint or "")
    if blueprint is not None and blueprint.feedback == "immediate":
        options = replace(options, mode="practice")
    hashes = form_hashes(form, catalog.entries)
    with open_store(options) as store:
        if options.answers is not None:
            attempt = _answered_from_file(form, catalog.entries, options.answers)
            attempt_id = store.start(form, options.mode, hashes=hashes, filters=request.filters())
            _finish(store, attempt_id, attempt, catalog.entries, options)
            return
        import asyncio  # not needed (nor imported) by an answers-file run

        asker = _asker(options)
        asker.show(intro_view(form, options.mode))
        if not asyncio.run(_ready(asker, form)):
            return
        attempt_id = store.start(
            form,
            options.mode,
            hashes=hashes,
            filters=request.filters(),
            lock_answers=options.immediate,
        )
        listener = store.listener(attempt_id, hashes, credit=_scorer(form, catalog.entries))
        attempt = Attempt(form, time.monotonic, listener=listener, lock_answers=options.immediate)
        _continue(store, attempt_id, attempt, catalog.entries, asker, options)


def weakest_topics(catalog: Catalog, options: ExamOptions) -> tuple[str, ...]:
    """The learner's weakest topics, from the progress store."""
    from aitrainer_cli.progress.drills import weakest_topics as find

    with open_store(options) as store:
        return find(store.database, catalog)


def run_review(catalog: Catalog, count: int, time_limit: str | None, options: ExamOptions) -> None:
    """Spaced review: the questions due now (else the most missed), with feedback."""
    from datetime import UTC, datetime

    from rich.text import Text

    from aitrainer_cli.progress.drills import review_questions

    with open_store(options) as store:
        ids, why = review_questions(store.database, catalog, datetime.now(UTC), count)
    out = console.stderr() if options.json else console.stdout()  # stdout: the JSON alone
    out.print(Text(f"Spaced review: {why}.", style="bold"))
    run_exam(catalog, ExamRequest(only=ids, time=time_limit), replace(options, mode="review"))


def resume_exam(catalog: Catalog, attempt_id: int | None, options: ExamOptions) -> None:
    """Continue an unfinished attempt with its answers, flags, order and the time that was left."""
    from rich.text import Text

    with open_store(options) as store:
        if attempt_id is None:
            unfinished = store.unfinished()
            if not unfinished:
                raise NotFoundError(
                    "there is no unfinished attempt to resume",
                    hint="start one with 'aitrainer exam'",
                )
            attempt_id = unfinished[0].id
        stored = store.load(attempt_id)
        if stored.snapshot.status is not Status.IN_PROGRESS:
            raise UsageError(
                f"attempt {attempt_id} is already {stored.snapshot.status.value}",
                hint=f"see it with 'aitrainer history {attempt_id}'",
            )
        current = form_hashes(stored.form, catalog.entries)
        removed = [qid for qid in stored.hashes if qid not in catalog.entries]
        if removed:
            raise UsageError(
                f"attempt {attempt_id} cannot continue: {len(removed)} of its questions are no "
                f"longer in the banks ({', '.join(removed[:3])})",
                hint="start a new attempt; the stored answers stay in 'aitrainer history'",
            )
        changed = stored.changed_questions(current)
        options = replace(options, mode=stored.mode)
        asker = _asker(options)
        asker.show(intro_view(stored.form, stored.mode))
        answered = sum(1 for state in stored.snapshot.states if state.answered)
        left = clock_text(stored.snapshot.remaining)
        asker.show(
            Text(
                f"Resuming attempt {attempt_id}: {answered} of {len(stored.form.items)} "
                f"answered" + (f", {left} left" if left else ""),
                style="bold",
            )
        )
        if changed:
            asker.show(
                Text(
                    f"Note: {len(changed)} question(s) were edited since you started "
                    f"({', '.join(changed[:3])}); they are shown and scored as they are "
                    "now.",
                    style="yellow",
                )
            )
        import asyncio

        if not asyncio.run(_ready(asker, stored.form)):
            return
        attempt = Attempt.restore(
            stored.form,
            stored.snapshot,
            time.monotonic,
            listener=store.listener(
                attempt_id, current, credit=_scorer(stored.form, catalog.entries)
            ),
            lock_answers=stored.lock_answers,
        )
        _continue(store, attempt_id, attempt, catalog.entries, asker, options)


def _scorer(form: ExamForm, entries: Mapping[str, Entry]) -> Callable[[int, object], float]:
    """Credit of a response to the form's question at ``position`` (stored with each answer)."""
    from aitrainer_cli.exam.scoring import score

    def credit(position: int, response: object) -> float:
        return score(entries[form.items[position].question_id].question, response).credit

    return credit


def _answered_from_file(form: ExamForm, entries: Mapping[str, Entry], path: Path) -> Attempt:
    from aitrainer_cli.exam.answers import load_answers

    responses = load_answers(path, form, entries)
    attempt = Attempt(form, time.monotonic)
    for index, item in enumerate(form.items):
        if item.question_id in responses:
            attempt.go_to(index)
            attempt.answer(responses[item.question_id])
    attempt.submit()
    return attempt


def _asker(options: ExamOptions) -> Asker:
    if options.plain or not interactive_terminal():
        from aitrainer_cli.ui.ask_plain import PlainAsker

        return PlainAsker(to_stderr=options.json)
    from aitrainer_cli.ui.ask_interactive import InteractiveAsker

    return InteractiveAsker()


async def _ready(asker: Asker, form: ExamForm) -> bool:
    """In a terminal, the clock starts only when the learner says so."""
    interactive = sys.modules.get("aitrainer_cli.ui.ask_interactive")  # loaded iff one is in use
    if interactive is None or not isinstance(asker, interactive.InteractiveAsker):
        return True
    start = "Start the clock" if form.time_limit_seconds else "Start"
    return bool(await asker.choose("Ready?", [("start", start), ("cancel", "Not now")]) == "start")


def _continue(
    store: AttemptStore,
    attempt_id: int,
    attempt: Attempt,
    entries: Mapping[str, Entry],
    asker: Asker,
    options: ExamOptions,
) -> None:
    from rich.text import Text

    from aitrainer_cli.ui.session import SessionEnd, run_session

    async def session() -> None:
        end = await run_session(attempt, entries, asker, immediate=options.immediate)
        if end is SessionEnd.PAUSED:
            asker.show(
                Text(
                    f"Saved with {clock_text(attempt.remaining()) or 'no time limit'} left and "
                    f"{_answers(len(attempt.form.items) - len(attempt.unanswered()))} kept. "
                    "Continue with: aitrainer resume",
                    style="bold",
                )
            )
            return
        result = _finish(store, attempt_id, attempt, entries, options)
        if not options.json:
            await _review(result, entries, asker)

    import asyncio

    asyncio.run(session())


def _answers(count: int) -> str:
    return f"{count} answer{'' if count == 1 else 's'}"


def _finish(
    store: AttemptStore,
    attempt_id: int,
    attempt: Attempt,
    entries: Mapping[str, Entry],
    options: ExamOptions,
) -> ExamResult:
    """Grade, store the result (and the review cards), print it as JSON if asked."""
    from aitrainer_cli.exam.result_json import result_to_json

    result = grade(attempt.form, entries, attempt.states, attempt.status, attempt.remaining())
    store.finish(attempt_id, result)
    _schedule_reviews(store, result)
    if options.json:
        print(json.dumps(result_to_json(result, entries), indent=2, ensure_ascii=False))
    elif options.answers is not None:
        from aitrainer_cli.ui.result_view import result_view

        console.stdout().print(result_view(result, entries))
    return result


def _schedule_reviews(store: AttemptStore, result: ExamResult) -> None:
    try:
        from aitrainer_cli.progress import review
    except ImportError:  # the spaced-review module is optional until it lands
        return
    from datetime import UTC, datetime

    review.record_result(store.database, result, datetime.now(UTC))


async def _review(result: ExamResult, entries: Mapping[str, Entry], asker: Asker) -> None:
    """The result screen, then a walk through all, wrong-only or marked items."""
    from rich.text import Text

    from aitrainer_cli.ui.result_view import result_view, review_item_view, review_selection

    if result.status is Status.EXPIRED:
        asker.show(
            Text(
                "⏱ Time is up: the attempt was submitted with the answers given.", style="bold red"
            )
        )
    asker.show(result_view(result, entries))
    while True:
        choices = [
            (which, f"{label} ({len(review_selection(result, which))})")
            for which, label in (
                ("wrong", "Review what cost points"),
                ("all", "Review every question"),
                ("flagged", "Review the questions you marked"),
            )
            if review_selection(result, which)
        ]
        chosen = await asker.choose(
            "Review your answers?",
            [*choices, ("done", "Done")],
            default=choices[0][0] if choices else "done",
        )
        if chosen in ("done", Signal.INTERRUPT, Signal.TIMEOUT):
            return
        items = review_selection(result, str(chosen))
        index = 0
        while 0 <= index < len(items):
            item = items[index]
            asker.show(
                review_item_view(item, entries[item.question_id].question, len(result.items))
            )
            step = await asker.choose(
                f"Reviewed {index + 1} of {len(items)}",
                [("next", "Next"), ("prev", "Previous"), ("stop", "Back to the review menu")],
                default="next",
            )
            if step in ("stop", Signal.INTERRUPT, Signal.TIMEOUT):
                break
            index = index + 1 if step == "next" else max(0, index - 1)
