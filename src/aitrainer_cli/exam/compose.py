"""Turn command-line choices into an exam form: a named blueprint, or one composed from filters."""

from __future__ import annotations

import dataclasses
import difflib
import random
from dataclasses import dataclass

from aitrainer_cli.banks.blueprint import Blueprint, Section, parse_duration
from aitrainer_cli.banks.catalog import Catalog, section_candidates
from aitrainer_cli.banks.fields import Difficulty
from aitrainer_cli.errors import NotFoundError, UsageError
from aitrainer_cli.exam.assembly import ExamForm, assemble
from aitrainer_cli.items import ITEM_TYPES, TITLES, Question

DEFAULT_BLUEPRINT = "quick-screening"
DEFAULT_COUNT = 20
SECONDS_PER_QUESTION = 75
"""Time per question of a screening composed from filters: the quick screening's pace."""


@dataclass(frozen=True, slots=True)
class ExamRequest:
    """What the learner asked for on the command line."""

    blueprint: str | None = None
    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    difficulty: tuple[str, ...] = ()
    count: int | None = None
    time: str | None = None
    pass_mark: float | None = None
    seed: int | None = None
    timed_by_default: bool = True
    """Exams are timed by the blueprint; practice is untimed unless ``time`` is given."""
    practice: bool = False
    """Without filters, practice draws from every bank rather than the default blueprint."""
    only: tuple[str, ...] = ()
    """Exact question ids (spaced review); overrides the filters."""
    probes: int | None = None
    """Consistency probes to add (``--probes``); None: as the blueprint says."""

    @property
    def has_filters(self) -> bool:
        return bool(self.banks or self.topics or self.types or self.difficulty or self.only)

    def filters(self) -> dict[str, object]:
        """The request as stored with the attempt."""
        return {
            key: value
            for key, value in (
                ("blueprint", self.blueprint),
                ("banks", list(self.banks)),
                ("topics", list(self.topics)),
                ("types", list(self.types)),
                ("difficulty", list(self.difficulty)),
                ("count", self.count),
                ("time", self.time),
                ("pass_mark", self.pass_mark),
                ("probes", self.probes),
            )
            if value not in (None, [])
        }


def new_seed() -> int:
    """A fresh seed short enough to type back in."""
    return random.SystemRandom().randrange(1, 1_000_000)


def _check_known(catalog: Catalog, request: ExamRequest) -> None:
    topics = {entry.question.topic for entry in catalog.entries.values()}
    for kind, given, known in (
        ("bank", request.banks, set(catalog.banks)),
        ("topic", request.topics, topics),
        ("type", request.types, set(ITEM_TYPES)),
        ("difficulty", request.difficulty, {"easy", "medium", "hard"}),
    ):
        for value in given:
            if value not in known:
                close = difflib.get_close_matches(value, sorted(known), n=3)
                hint = (
                    f"did you mean {', '.join(close)}?"
                    if close
                    else (
                        f"known: {', '.join(sorted(known))}"
                        if len(known) <= 12
                        else f"`aitrainer {'topics' if kind == 'topic' else 'bank list'}` "
                        f"lists the {kind}s"
                    )
                )
                raise NotFoundError(f"no {kind} called {value!r}", hint=hint)


def build_blueprint(catalog: Catalog, request: ExamRequest) -> Blueprint:
    """The blueprint the request names (with overrides), or one composed from its filters."""
    _check_known(catalog, request)
    time_limit = _time_limit(request)
    if request.has_filters or (request.practice and request.blueprint is None):
        count = request.count or DEFAULT_COUNT
        section = Section(
            title="Questions",
            count=count,
            banks=list(request.banks),
            topics=list(request.topics),
            types=list(request.types),
            difficulty=[Difficulty(level) for level in request.difficulty],
        )
        kinds = [TITLES.get(kind, kind) for kind in request.types]  # words, not type ids
        title = ("Practice: " if request.practice else "Custom screening: ") + ", ".join(
            [*request.banks, *request.topics, *kinds, *request.difficulty] or ["every bank"]
        )
        matching = len(section_candidates(section, catalog.entries.values()))
        if 0 < matching < count and (request.practice or request.count is None):
            # practice what exists (and say so) rather than refuse a count the filters cannot fill
            count = matching
            section = section.model_copy(update={"count": count})
            title += " (the only one that matches)" if count == 1 else f" (all {count} that match)"
        if time_limit is None and request.timed_by_default:
            time_limit = _duration(count * SECONDS_PER_QUESTION)
        blueprint = Blueprint(
            id="custom",
            title=title,
            sections=[section],
            time_limit=time_limit if time_limit else None,
        )
    else:
        name = request.blueprint or DEFAULT_BLUEPRINT
        if name not in catalog.blueprints:
            close = difflib.get_close_matches(name, sorted(catalog.blueprints), n=3)
            raise NotFoundError(
                f"no exam blueprint called {name!r}",
                hint=(f"did you mean {' or '.join(close)}? " if close else "")
                + "`aitrainer exam --list` shows the blueprints",
            )
        blueprint = catalog.blueprints[name]
        if request.count is not None:
            full = blueprint.question_count
            scaled = request.count != full and blueprint.time_limit
            note = ""
            if time_limit is None and request.timed_by_default and scaled:
                # Fewer questions, the same pace: the time shrinks with the count, as a
                # screening composed from filters gets its time from its length.
                seconds = blueprint.time_limit_seconds or 0
                time_limit = _duration(max(1, round(seconds * request.count / full)))
                note = f", time scaled from {blueprint.time_limit}"
            blueprint = _scaled(blueprint, request.count, note)
        blueprint = blueprint.model_copy(
            update={
                "time_limit": time_limit
                or (blueprint.time_limit if request.timed_by_default else None)
            }
        )
    if request.pass_mark is not None:
        if not 0 <= request.pass_mark <= 100:
            raise UsageError("--pass-mark is a percentage from 0 to 100")
        blueprint = blueprint.model_copy(update={"pass_mark": request.pass_mark})
    return blueprint


def _time_limit(request: ExamRequest) -> str | None:
    """The ``--time`` given, without the spaces around it; a UsageError if it is no duration."""
    if request.time is None:
        return None
    time_limit = request.time.strip()
    try:
        parse_duration(time_limit)
    except ValueError as error:
        raise UsageError(f"--time: {error}", hint="write e.g. --time 20m or --time 1h30m") from None
    return time_limit


def _duration(seconds: int) -> str:
    """``25m`` or ``12m30s``: a time limit as blueprints write it."""
    minutes, rest = divmod(seconds, 60)
    return (f"{minutes}m" if minutes else "") + (f"{rest}s" if rest else "")


def _scaled(blueprint: Blueprint, count: int, note: str = "") -> Blueprint:
    """The blueprint with ``count`` questions in all, shared out in proportion to its sections;
    a shortened one says so in its title, with ``note`` (how its time was scaled)."""
    if count < 1:
        raise UsageError("--count must be at least 1")
    total = blueprint.question_count
    shares = [section.count * count / total for section in blueprint.sections]
    counts = [int(share) for share in shares]
    for index in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[
        : count - sum(counts)
    ]:
        counts[index] += 1
    sections = [
        section.model_copy(update={"count": n})
        for section, n in zip(blueprint.sections, counts, strict=True)
        if n > 0
    ]
    update: dict[str, object] = {"sections": sections}
    if count != total:
        update["title"] = f"{blueprint.title} (shortened: {count} of its {total} questions{note})"
    return blueprint.model_copy(update=update)


def build_form(catalog: Catalog, request: ExamRequest) -> ExamForm:
    """Assemble the requested exam (a fresh seed unless the request gives one)."""
    if request.count is not None and request.count < 1:
        raise UsageError("--count must be at least 1")
    seed = request.seed if request.seed is not None else new_seed()
    if request.only:
        missing = [qid for qid in request.only if qid not in catalog.entries]
        if missing:
            raise NotFoundError(f"no question called {missing[0]!r}")
        blueprint = Blueprint(
            id="review",
            title="Spaced review",
            sections=[Section(title="Review", count=len(request.only))],
            time_limit=_time_limit(request) or None,
        )
        entries = {qid: catalog.entries[qid] for qid in request.only}
        return assemble(entries, blueprint, seed)
    blueprint = build_blueprint(catalog, request)
    form = assemble(catalog.entries, blueprint, seed)
    if blueprint.id == "custom" and request.time is None and form.time_limit_seconds:
        # the default clock gives each question its time; a task, each of its parts
        asked = sum(_asked(catalog.entries[item.question_id].question) for item in form.items)
        form = dataclasses.replace(form, time_limit_seconds=asked * SECONDS_PER_QUESTION)
    return _with_probes(form, catalog, request, blueprint)


def _with_probes(
    form: ExamForm, catalog: Catalog, request: ExamRequest, blueprint: Blueprint
) -> ExamForm:
    """The form with its consistency probes, each given a question's time on a timed form."""
    from aitrainer_cli.exam.probes import MAX_PROBES, add_probes

    count = blueprint.probes if request.probes is None else request.probes
    if not 0 <= count <= MAX_PROBES:
        raise UsageError(f"--probes takes 0 to {MAX_PROBES}")
    if not count:
        return form
    probed = add_probes(form, catalog.entries, count, form.seed)
    added = len(probed.items) - len(form.items)
    if probed.time_limit_seconds and added:
        limit = probed.time_limit_seconds + added * SECONDS_PER_QUESTION
        probed = dataclasses.replace(probed, time_limit_seconds=limit)
    return probed


def _asked(question: Question) -> int:
    """How many questions the learner answers in this one: a task's parts, else 1."""
    return len(getattr(question, "parts", None) or ()) or 1
