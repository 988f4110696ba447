"""Load many files at once: the catalog of banks and blueprints, and the cross-file checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aitrainer_cli.banks.blueprint import Blueprint, Section
from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.files import bank_files
from aitrainer_cli.banks.guideline import Guideline
from aitrainer_cli.banks.inert import inert
from aitrainer_cli.banks.loaded import LoadedFile
from aitrainer_cli.banks.problems import Finding, Problem, Severity
from aitrainer_cli.banks.question import BankHeader
from aitrainer_cli.items import Question


@dataclass(frozen=True, slots=True)
class Entry:
    """A question together with the bank it belongs to."""

    bank_id: str
    question: Question
    path: str = ""
    line: int = 0
    """The line of the question's ``id:`` in ``path``."""
    guideline: Guideline | None = None
    """The guideline of the question's bank, if it has one that loaded."""
    references: tuple[tuple[str, str], ...] = ()
    """The bank's ``references`` (source key, full citation), to show a source in full."""


@dataclass(slots=True)
class Catalog:
    """Every loaded file with its findings, plus the banks and blueprints that loaded."""

    files: list[LoadedFile] = field(default_factory=list)
    banks: dict[str, BankHeader] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    blueprints: dict[str, Blueprint] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    """YAML files a directory walk passed over as not banks (display form, inert)."""
    guidelines: dict[str, Guideline] = field(default_factory=dict)
    """The guidelines that loaded, by bank id."""

    @property
    def findings(self) -> list[Finding]:
        """Every finding, sorted by file, line and column (a file's closing count last)."""
        return sorted(
            (finding for loaded in self.files for finding in loaded.findings),
            key=lambda f: (f.file, f.line, f.column, f.code == Code.TOO_MANY_FINDINGS),
        )

    def errors(self, *, strict: bool = False) -> list[Finding]:
        return [f for f in self.findings if strict or f.severity is Severity.ERROR]

    def questions_of(self, bank_id: str) -> list[Question]:
        return [e.question for e in self.entries.values() if e.bank_id == bank_id]


def load_catalog(
    paths: Sequence[Path],
    on_file: Callable[[int, int, Path], None] | None = None,
    *,
    cached: bool = False,
) -> Catalog:
    """Load every file under ``paths`` and run the checks that need all of them.

    ``on_file(done, total, path)`` is called before each file, for progress displays: ``path``
    is the file's display form, made inert (a name's control characters escaped), since it is
    meant to be printed. With ``cached``, a catalog stored by an earlier start is used while no
    file (nor the code) has changed since; such a catalog keeps no YAML node trees. ``bank
    validate`` never asks for it.
    """
    found = bank_files(paths)
    files = [(path, _display(path)) for path in found.files]
    if not cached:
        catalog = _load_files(files, on_file)
    else:
        from aitrainer_cli.banks.cache import cached_catalog

        catalog = cached_catalog(paths, files, lambda: _load_files(files, on_file))
    catalog.skipped = [inert(_display(path)) for path in found.skipped]
    return catalog


def _load_files(
    files: Sequence[tuple[Path, str]], on_file: Callable[[int, int, Path], None] | None
) -> Catalog:
    from aitrainer_cli.banks.loader import load_file  # PyYAML: only when files are read

    catalog = Catalog()
    for done, (path, display) in enumerate(files):
        if on_file is not None:
            on_file(done, len(files), Path(inert(display)))
        _add(catalog, load_file(path, display))
    _check_blueprints(catalog)
    return catalog


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _add(catalog: Catalog, loaded: LoadedFile) -> None:
    catalog.files.append(loaded)
    if loaded.bank is not None:
        bank_id = loaded.bank.id
        if bank_id in catalog.banks:
            loaded.add_problem(
                Problem(
                    ("bank", "id"),
                    Code.DUPLICATE_BANK_ID,
                    f"bank id {bank_id!r} is already used in "
                    + _first_use(catalog, "bank", bank_id),
                )
            )
        catalog.banks.setdefault(bank_id, loaded.bank)
        if loaded.guideline is not None:
            catalog.guidelines.setdefault(bank_id, loaded.guideline)
        for index, question in loaded.questions:
            earlier = catalog.entries.get(question.id)
            if earlier is not None and earlier.path != loaded.path:
                loaded.add_problem(
                    Problem(
                        ("questions", index, "id"),
                        Code.DUPLICATE_ID,
                        f"question id {question.id!r} is already used in "
                        f"{earlier.path}:{earlier.line}",
                    )
                )
                continue
            line = loaded.position(("questions", index, "id"))[0]
            references = tuple(loaded.bank.references.items())
            catalog.entries.setdefault(
                question.id,
                Entry(bank_id, question, loaded.path, line, loaded.guideline, references),
            )
    if loaded.blueprint is not None:
        exam_id = loaded.blueprint.id
        if exam_id in catalog.blueprints:
            loaded.add_problem(
                Problem(
                    ("exam", "id"),
                    Code.DUPLICATE_EXAM_ID,
                    f"exam id {exam_id!r} is already used in "
                    + _first_use(catalog, "exam", exam_id),
                )
            )
        catalog.blueprints.setdefault(exam_id, loaded.blueprint)


def _first_use(catalog: Catalog, kind: str, wanted: str) -> str:
    """``file:line`` of the first loaded file whose bank (or exam) has the id ``wanted``."""
    for loaded in catalog.files:
        model = loaded.bank if kind == "bank" else loaded.blueprint
        if model is not None and model.id == wanted:
            return f"{loaded.path}:{loaded.position((kind, 'id'))[0]}"
    return "another file"


def section_candidates(section: Section, entries: Iterable[Entry]) -> list[str]:
    """Ids of the questions a section may draw from."""
    return [
        entry.question.id
        for entry in entries
        if (not section.banks or entry.bank_id in section.banks)
        and (not section.topics or entry.question.topic in section.topics)
        and (not section.types or entry.question.type in section.types)
        and (not section.difficulty or entry.question.difficulty in section.difficulty)
    ]


def fill_sections(candidates: list[list[str]], counts: list[int]) -> list[list[str]] | None:
    """Give each section ``count`` distinct questions of its candidates (no question twice).

    Candidate order is the preference order (shuffle it for a random form). Returns None when the
    sections cannot all be filled. Sections in order take their first free candidates; when one
    falls short, shortest augmenting paths (Hopcroft–Karp rounds, walked without recursion) move
    questions between sections until every one is full or no path is left, which makes this
    exact even when sections overlap, in about √n rounds of linear work. Sections that do not
    overlap simply get their first ``count`` candidates.
    """
    # A section needs at most ``total`` candidates: fewer than ``total`` are ever taken, so one
    # of its first ``total`` is free whenever it looks.
    total = sum(counts)
    pools = [pool[:total] for pool in candidates]
    owner, taken = _first_free(pools, counts)
    while any(have < need for have, need in zip(taken, counts, strict=True)):
        level = _levels(pools, owner, taken, counts)
        if level is None:
            return None
        pointer = [0] * len(pools)
        for section in range(len(pools)):
            while taken[section] < counts[section] and _augment(
                section, pools, owner, level, pointer
            ):
                taken[section] += 1
    chosen: list[list[str]] = [[] for _ in counts]
    for question, section in owner.items():
        chosen[section].append(question)
    for section, picked in enumerate(chosen):
        order = {question: rank for rank, question in enumerate(pools[section])}
        picked.sort(key=order.__getitem__)
    return chosen


def _first_free(pools: list[list[str]], counts: list[int]) -> tuple[dict[str, int], list[int]]:
    """Each section in turn takes its first free candidates, up to its count."""
    owner: dict[str, int] = {}
    taken = [0] * len(pools)
    for section, pool in enumerate(pools):
        for question in pool:
            if taken[section] == counts[section]:
                break
            if question not in owner:
                owner[question], taken[section] = section, taken[section] + 1
    return owner, taken


def _levels(
    pools: list[list[str]], owner: dict[str, int], taken: list[int], counts: list[int]
) -> list[int] | None:
    """Breadth-first distances from the sections still short, through the sections owning
    their candidates, up to the first level that reaches a free question; None if none does."""
    level = [-1] * len(pools)
    frontier = [s for s, (have, need) in enumerate(zip(taken, counts, strict=True)) if have < need]
    for section in frontier:
        level[section] = 0
    while frontier:
        reached, following = False, []
        for section in frontier:
            for question in pools[section]:
                holder = owner.get(question)
                if holder is None:
                    reached = True
                elif level[holder] < 0:
                    level[holder] = level[section] + 1
                    following.append(holder)
        if reached:
            return level
        frontier = following
    return None


def _augment(
    start: int,
    pools: list[list[str]],
    owner: dict[str, int],
    level: list[int],
    pointer: list[int],
) -> bool:
    """One augmenting path from ``start`` along increasing levels, found with an explicit stack:
    the last section takes a free question and each one before it takes a question from the
    next. ``pointer`` keeps each section's place in its candidates for the whole round."""
    stack: list[int] = [start]
    through: list[str] = []
    while stack:
        section = stack[-1]
        pool = pools[section]
        while pointer[section] < len(pool):
            question = pool[pointer[section]]
            holder = owner.get(question)
            if holder is None:
                owner[question] = section
                for giver, moved in zip(stack, through, strict=False):
                    owner[moved] = giver
                return True
            if holder != section and level[holder] == level[section] + 1:
                stack.append(holder)
                through.append(question)
                break
            pointer[section] += 1
        else:
            level[section] = -1  # a dead end for the rest of this round
            stack.pop()
            if through:
                through.pop()
                pointer[stack[-1]] += 1
    return False


def _check_blueprints(catalog: Catalog) -> None:
    entries = list(catalog.entries.values())
    topics = {entry.question.topic for entry in entries}
    for loaded in catalog.files:
        blueprint = loaded.blueprint
        if blueprint is None:
            continue
        for s, section in enumerate(blueprint.sections):
            where: tuple[str | int, ...] = ("exam", "sections", s)
            for b, bank_id in enumerate(section.banks):
                if bank_id not in catalog.banks:
                    loaded.add_problem(
                        Problem(
                            (*where, "banks", b),
                            Code.UNKNOWN_BANK,
                            f"no loaded bank has the id {bank_id!r}",
                            hint=did_you_mean(bank_id, catalog.banks, "bank"),
                        )
                    )
            for t, topic in enumerate(section.topics):
                if topic not in topics:
                    loaded.add_problem(
                        Problem(
                            (*where, "topics", t),
                            Code.UNKNOWN_TOPIC,
                            f"no loaded question has the topic {topic!r}",
                            hint=did_you_mean(topic, topics, "topic"),
                        )
                    )
            available = len(section_candidates(section, entries))
            if available < section.count:
                loaded.add_problem(
                    Problem(
                        (*where, "count"),
                        Code.NOT_ENOUGH_QUESTIONS,
                        f"section {section.title!r} needs {section.count} "
                        f"question{'' if section.count == 1 else 's'} but only {available} "
                        f"match{'es' if available == 1 else ''} its filters",
                    )
                )
        pools = [section_candidates(section, entries) for section in blueprint.sections]
        if all(len(p) >= s.count for p, s in zip(pools, blueprint.sections, strict=True)) and (
            fill_sections(pools, [s.count for s in blueprint.sections]) is None
        ):
            loaded.add_problem(
                Problem(
                    ("exam", "sections"),
                    Code.NOT_ENOUGH_QUESTIONS,
                    "the sections overlap: together they need more distinct questions than match",
                )
            )


def did_you_mean(given: str, known: Iterable[str], kind: str) -> str:
    """The nearest known names, or where to see them all."""
    import difflib

    choices = sorted(known)
    close = difflib.get_close_matches(given, choices, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(name) for name in close) + "?"
    if not choices:
        return f"no {kind} is loaded: give the bank files too"
    if len(choices) <= 8:
        return f"loaded {kind}s: " + ", ".join(choices)
    return "`aitrainer bank list` shows what is loaded"


def item_findings(catalog: Catalog, question_id: str) -> list[Finding]:
    """The findings located in the question's part of its file (from its ``id:`` line to the
    next question's), found by reading the file when the question did not load."""
    import re

    wanted = re.compile(rf"^\s*(?:-\s+)?id:\s*['\"]?{re.escape(question_id)}['\"]?\s*(?:#.*)?$")
    starts = re.compile(r"^\s*-\s+id:")
    for loaded in catalog.files:
        if not loaded.findings:
            continue
        try:
            lines = Path(loaded.path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        first = next((i for i, line in enumerate(lines, 1) if wanted.match(line)), None)
        if first is None:
            continue
        after = next(
            (i for i, line in enumerate(lines[first:], first + 1) if starts.match(line)),
            len(lines) + 1,
        )
        return [f for f in loaded.findings if first <= f.line < after]
    return []
