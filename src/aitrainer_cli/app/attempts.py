"""Taking an attempt: start it (or resume it), ask it, grade it, store it, show the result.

Start and resume differ only in how the attempt comes to be; both then run the same ``_Run``:
the session asks through an asker (interactive, plain, or none for an answers file), every change
is committed as it happens, each answer is scored once, and the graded result is stored with its
review cards before it is shown.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aitrainer_cli.errors import NotFoundError, StoppedBySignal, UsageError
from aitrainer_cli.exam.attempt import Attempt, Status
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.progress.records import Mode, form_hashes
from aitrainer_cli.progress.store import AttemptStore

if TYPE_CHECKING:
    from aitrainer_cli.app.environment import Environment
    from aitrainer_cli.app.judge import Judge
    from aitrainer_cli.app.scores import ScoreBook
    from aitrainer_cli.app.sync import AutoSync
    from aitrainer_cli.banks.blueprint import Blueprint
    from aitrainer_cli.banks.catalog import Catalog
    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.exam.attempt import Listener
    from aitrainer_cli.ui.asking import Asker


@dataclass(frozen=True, slots=True)
class ExamOptions:
    """How to run the exam, as opposed to which exam (the request)."""

    mode: Mode = "exam"
    """exam (feedback at the end), practice (immediate feedback) or review (spaced review)."""
    plain: bool = False
    answers: Path | None = None
    json: bool = False
    open_book: bool = False
    """The learner may open the banks' guidelines during the attempt (see ``open_book``)."""
    judge: Judge | None = None
    """A command that grades written answers (``--judge``, ``AITRAINER_JUDGE``), if any."""
    confidence: bool = False
    """Ask how sure the learner is after each answer (``--confidence``), for calibration."""

    @property
    def immediate(self) -> bool:
        return self.mode in ("practice", "review")


def open_book(options: ExamOptions, blueprint: Blueprint | None) -> ExamOptions:
    """Practice and review are open-book (they are for learning the guideline); an exam is
    open-book only when its blueprint says ``open_book: true``."""
    allowed = options.immediate or (blueprint is not None and blueprint.open_book)
    return replace(options, open_book=allowed)


def take_exam(
    env: Environment, catalog: Catalog, request: ExamRequest, options: ExamOptions
) -> bool:
    """Build the form, take it, store it, and show the result; False when the learner said
    "Not now" at the start (nothing was stored)."""
    form = build_form(catalog, request)
    blueprint = catalog.blueprints.get(request.blueprint or "")
    if blueprint is not None and blueprint.feedback == "immediate":
        options = replace(options, mode="practice")
    options = open_book(options, blueprint)
    if blueprint is not None and blueprint.confidence:
        options = replace(options, confidence=True)
    hashes = form_hashes(form, catalog.entries)
    with AttemptStore.open(env.progress_file) as store:
        if options.answers is not None:
            _take_from_file(env, store, catalog, form, request, options)
            return True
        import asyncio  # not imported for answers files: an event loop costs start-up time

        asker = _asker(env, options)
        strict = blueprint is not None and blueprint.strict_clock
        _show_intro(asker, form, options.mode, strict=strict)
        _open_book_note(asker, catalog, form, options)
        if not asyncio.run(_ready(asker, form)):
            return False
        attempt_id = store.start(
            form,
            options.mode,
            hashes=hashes,
            filters={**request.filters(), **({"confidence": True} if options.confidence else {})},
            lock_answers=options.immediate,
        )
        run = _Run(env, store, attempt_id, catalog, form, options, asker)
        run.take(
            Attempt(
                form,
                env.monotonic,
                listener=run.listener(hashes),
                lock_answers=options.immediate,
                finished=finished_in(form, catalog),
                strict_clock=strict,
            )
        )
        run.synced()
    return True


def resume_attempt(
    env: Environment, catalog: Catalog, attempt_id: int | None, options: ExamOptions
) -> bool:
    """Continue an unfinished attempt with its answers, flags, order and the time that was
    left; False when the learner said "Not now" at the start."""
    from aitrainer_cli.ui.exam_views import resume_note

    with AttemptStore.open(env.progress_file) as store:
        stored = store.load(attempt_id if attempt_id is not None else _newest_unfinished(store))
        if stored.snapshot.status is not Status.IN_PROGRESS:
            raise UsageError(
                f"attempt {stored.id} is already {stored.snapshot.status.value}",
                hint=f"see it with 'aitrainer history {stored.id}'",
            )
        removed = [item for item in stored.form.items if item.question_id not in catalog.entries]
        if removed:
            banks = ", ".join(sorted({item.bank_id for item in removed}))
            raise UsageError(
                f"attempt {stored.id} cannot continue: {len(removed)} of its questions (from "
                f"bank {banks}) are not in the loaded banks "
                f"({', '.join(item.question_id for item in removed[:3])})",
                hint="load that bank with --banks PATH (or AITRAINER_BANKS, or 'banks' in the "
                "config file); or start a new attempt: the answers stay in 'aitrainer history'",
            )
        current = form_hashes(stored.form, catalog.entries)
        blueprint = catalog.blueprints.get(stored.form.blueprint_id)
        options = open_book(
            replace(
                options,
                mode=stored.mode,
                confidence=options.confidence or stored.filters.get("confidence") is True,
            ),
            blueprint,
        )
        strict = blueprint is not None and blueprint.strict_clock
        asker = _asker(env, options)
        _show_intro(asker, stored.form, stored.mode, strict=strict)
        _open_book_note(asker, catalog, stored.form, options)
        finished = finished_in(stored.form, catalog)
        states = stored.snapshot.states
        partly = sum(1 for i, s in enumerate(states) if s.answered and not finished(i, s.response))
        asker.show(resume_note(stored, stored.changed_questions(current), partly))
        import asyncio

        if not asyncio.run(_ready(asker, stored.form)):
            return False
        run = _Run(env, store, stored.id, catalog, stored.form, options, asker)
        attempt = Attempt.restore(
            stored.form,
            stored.snapshot,
            env.monotonic,
            listener=run.listener(current),
            lock_answers=stored.lock_answers,
            finished=finished,
            strict_clock=strict,
            away=(env.now() - stored.updated_at).total_seconds(),
        )
        run.take(attempt)
        run.synced()
    return True


def finished_in(form: ExamForm, catalog: Catalog) -> Callable[[int, object], bool]:
    """Whether the response at a form position finishes its question (a task's parts)."""

    def finished(index: int, response: object) -> bool:
        entry = catalog.entries.get(form.items[index].question_id)
        return response is not None if entry is None else entry.question.complete(response)

    return finished


def spaced_review(
    env: Environment, catalog: Catalog, count: int, time_limit: str | None, options: ExamOptions
) -> None:
    """Spaced review: the questions due now (else the most missed), with feedback."""
    if count < 1:
        raise UsageError("--count must be at least 1")
    from aitrainer_cli.progress.drills import review_questions
    from aitrainer_cli.ui.exam_views import review_intro

    with AttemptStore.open(env.progress_file) as store:
        ids, why = review_questions(store.database, catalog, env.now(), count)
    review_intro(why, to_stderr=options.json)  # with --json, stdout holds the JSON alone
    request = ExamRequest(only=ids, time=time_limit)
    take_exam(env, catalog, request, replace(options, mode="review"))


def weakest_topics(env: Environment, catalog: Catalog) -> tuple[str, ...]:
    """The learner's weakest topics, from the progress store."""
    from aitrainer_cli.progress.drills import weakest_topics as find

    with AttemptStore.open(env.progress_file) as store:
        return find(store.database, catalog)


def _newest_unfinished(store: AttemptStore) -> int:
    unfinished = store.unfinished()
    if not unfinished:
        raise NotFoundError(
            "there is no unfinished attempt to resume", hint="start one with 'aitrainer exam'"
        )
    return unfinished[0].id


def _take_from_file(
    env: Environment,
    store: AttemptStore,
    catalog: Catalog,
    form: ExamForm,
    request: ExamRequest,
    options: ExamOptions,
) -> None:
    """An attempt answered from a file: no prompts, submitted at once, result printed."""
    from aitrainer_cli.exam.answers import load_answers

    assert options.answers is not None
    responses = load_answers(options.answers, form, catalog.entries)
    attempt = Attempt(form, env.monotonic)
    for index, item in enumerate(form.items):
        if item.question_id in responses:
            attempt.go_to(index)
            attempt.answer(responses[item.question_id])
    attempt.submit()
    hashes = form_hashes(form, catalog.entries)
    attempt_id = store.start(form, options.mode, hashes=hashes, filters=request.filters())
    run = _Run(env, store, attempt_id, catalog, form, options, None)
    try:
        run.grading.before_grading(attempt, catalog.entries, run.progress)
    except BaseException:  # Ctrl-C while the judge worked: no half-recorded file run
        store.abandon(attempt_id)
        raise
    run.finish(attempt)
    run.synced()


class _Run:
    """One attempt being taken: its store row, its scores, and how it is asked."""

    def __init__(
        self,
        env: Environment,
        store: AttemptStore,
        attempt_id: int,
        catalog: Catalog,
        form: ExamForm,
        options: ExamOptions,
        asker: Asker | None,
    ) -> None:
        from aitrainer_cli.app.grading import WrittenGrading
        from aitrainer_cli.app.scores import ScoreBook

        self.env, self.store, self.attempt_id = env, store, attempt_id
        self.auto_sync: AutoSync | None = None
        self.entries, self.options, self.asker = catalog.entries, options, asker
        self.scores: ScoreBook = ScoreBook(form, catalog.entries)
        hashes = form_hashes(form, catalog.entries)
        self.grading = WrittenGrading(
            store, attempt_id, hashes, self.scores, options.judge, env.now
        )
        from aitrainer_cli.app.statements import AttemptStatements

        self.statements = AttemptStatements(
            store, attempt_id, form, catalog.entries, hashes, options.mode, env.now
        )

    def listener(self, hashes: dict[str, str]) -> Listener:
        """Commits each change of the attempt, each new answer with its credit and its xAPI
        statement (queued in the outbox in the same transaction)."""
        return self.store.listener(
            self.attempt_id,
            hashes,
            credit=self.scores.credit,
            statements=self.statements.answered(self.scores),
        )

    def take(self, attempt: Attempt) -> None:
        """Ask until the attempt is submitted, expires or is paused; then grade and show it."""
        import asyncio

        from aitrainer_cli.ui.attempt_extras import attempt_extras
        from aitrainer_cli.ui.confidence import confidence_prompt
        from aitrainer_cli.ui.exam_views import saved_note
        from aitrainer_cli.ui.session import SessionEnd, run_session
        from aitrainer_cli.ui.walkthrough import walk_through

        asker = self.asker
        assert asker is not None

        async def session() -> None:
            end = await run_session(
                attempt,
                self.entries,
                asker,
                immediate=self.options.immediate,
                scorer=self.scores.score,
                open_book=self.options.open_book,
                grader=self.grading if self.options.immediate else None,
                confidence=confidence_prompt(self.store.database, self.attempt_id)
                if self.options.confidence
                else None,
            )
            if end is SessionEnd.PAUSED:
                asker.show(saved_note(attempt))
                return
            try:
                await self.grading.before_grading_async(attempt, self.entries, self.progress)
            except asyncio.CancelledError:
                self.finish(attempt)  # stopped while the judge worked: the keyword scores stand
                raise
            result = self.finish(attempt)
            if not self.options.json:
                responses = [state.response for state in attempt.states]
                after, first = attempt_extras(
                    self.store.database, self.attempt_id, attempt.form, responses, self.entries
                )
                await walk_through(
                    result,
                    self.entries,
                    asker,
                    exam=self.options.mode == "exam",
                    after=after,
                    first=first,
                )

        if asyncio.run(_until_signal(session())) is not None:
            self._stopped(attempt)

    def synced(self) -> None:
        """Wait (briefly) for ``lrs.auto_sync``, and say so if it did not complete."""
        note = self.auto_sync.wait() if self.auto_sync is not None else None
        if note is not None:
            self.env.stderr.write(note + "\n")
            self.env.stderr.flush()

    def progress(self, message: str) -> None:
        """Say what the judge is doing: on the asker's screen, else on stderr."""
        if self.asker is not None and not self.options.json:
            from rich.text import Text

            self.asker.show(Text(message, style="dim"))
        else:
            self.env.stderr.write(message + "\n")
            self.env.stderr.flush()

    def _stopped(self, attempt: Attempt) -> None:
        """A signal stopped the session: save the attempt to resume, as "save and quit" does."""
        from aitrainer_cli.ui.exam_views import saved_note

        if attempt.is_open:
            attempt.pause()
            with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
                assert self.asker is not None
                self.asker.show(saved_note(attempt))
        raise StoppedBySignal("stopped by a signal; what you answered is saved")

    def finish(self, attempt: Attempt) -> ExamResult:
        """Grade, store the result and its review cards, and print it where asked."""
        from aitrainer_cli.progress.fsrs_cards import record_result
        from aitrainer_cli.ui.result_output import print_result

        result = grade(
            attempt.form,
            self.entries,
            attempt.states,
            attempt.status,
            attempt.remaining(),
            self.scores.score,
            paused=attempt.paused_seconds(),
        )
        self.store.finish(self.attempt_id, result, self.statements.finished(result))
        record_result(self.store.database, result, self.env.now())
        from aitrainer_cli.app.sync import AutoSync

        self.auto_sync = AutoSync.start(self.env.progress_file)  # while the result is shown
        if self.options.json or self.options.answers is not None:
            print_result(
                result,
                self.entries,
                as_json=self.options.json,
                stream=self.env.stdout,
                exam=self.options.mode == "exam",
            )
        return result


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Signals from outside that end a session the way "save and quit" does."""


async def _until_signal(work: Coroutine[Any, Any, None]) -> int | None:
    """Run ``work`` until it ends or a stop signal arrives; the signal's number, or None."""
    import asyncio

    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(work)
    received: list[int] = []

    def stop(number: int) -> None:
        received.append(number)
        task.cancel()

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop, number)
    try:
        await task
    except asyncio.CancelledError:
        if not received:
            raise
    finally:
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)
    return received[0] if received else None


def _asker(env: Environment, options: ExamOptions) -> Asker:
    if options.plain or not env.interactive:
        from aitrainer_cli.ui.ask_plain import PlainAsker

        return PlainAsker(stdin=env.stdin, to_stderr=options.json)
    from aitrainer_cli.ui.ask_interactive import InteractiveAsker

    return InteractiveAsker()


def _show_intro(asker: Asker, form: ExamForm, mode: str, *, strict: bool = False) -> None:
    from aitrainer_cli.ui.exam_views import intro_view, window_warning

    asker.show(intro_view(form, mode, strict_clock=strict))
    if asker.interactive:
        import shutil

        warning = window_warning(*shutil.get_terminal_size())
        if warning is not None:
            asker.show(warning)


def _open_book_note(asker: Asker, catalog: Catalog, form: ExamForm, options: ExamOptions) -> None:
    """In a terminal, say how to open the guideline when some question of the form has one."""
    if not (asker.interactive and options.open_book):
        return
    if any(item.bank_id in catalog.guidelines for item in form.items):
        from aitrainer_cli.ui.guide_view import open_book_note

        asker.show(open_book_note(timed=form.time_limit_seconds is not None))


async def _ready(asker: Asker, form: ExamForm) -> bool:
    """In a terminal, the clock starts only when the learner says so."""
    if not asker.interactive:
        return True
    start = "Start the clock" if form.time_limit_seconds else "Start"
    return await asker.choose("Ready?", [("start", start), ("cancel", "Not now")]) == "start"
