"""``aitrainer bank lint``: findings about items that are valid but unfair or give themselves
away, each with a rule id, a severity and the place (the item's ``id:`` line).

Rules can be ignored per item (``lint: {ignore: [rule-id]}``), per run (``--ignore``) and in
``[tool.aitrainer.lint]`` of a ``pyproject.toml`` or in an ``aitrainer.toml`` found upward from
the banks (``ignore = [...]``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path

from aitrainer_cli.banks.catalog import Catalog
from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.lint.banks import bank_hits, duplicate_stems, pool_draws
from aitrainer_cli.banks.lint.items import item_hits
from aitrainer_cli.banks.lint.rules import RULES
from aitrainer_cli.banks.loaded import LoadedFile
from aitrainer_cli.banks.problems import Capped, Finding


def lint_catalog(catalog: Catalog, ignore: Iterable[str] = ()) -> Catalog:
    """A catalog of the same files whose findings are the lint findings."""
    skipped = frozenset(ignore)
    found: dict[int, list[Finding]] = {id(loaded): [] for loaded in catalog.files}
    where: dict[str, tuple[LoadedFile, int]] = {}
    for loaded in catalog.files:
        for index, question in loaded.questions:
            where[question.id] = (loaded, index)
            exempt = skipped | set(question.lint.ignore if question.lint else ())
            line, column = loaded.position(("questions", index, "id"))
            references = loaded.bank.references if loaded.bank else {}
            guided = loaded.bank is not None and loaded.bank.guideline is not None
            for rule, message in item_hits(question, references, guideline=guided):
                if rule not in exempt:
                    found[id(loaded)].append(_finding(loaded, line, column, rule, message))
        if loaded.bank is not None and loaded.questions:
            line, column = loaded.position(("bank", "id"))
            for rule, message in bank_hits(loaded.bank.id, [q for _, q in loaded.questions]):
                if rule not in skipped:
                    found[id(loaded)].append(_finding(loaded, line, column, rule, message))
    for question_id, rule, message in duplicate_stems(catalog):
        loaded, index = where[question_id]
        question = dict(loaded.questions)[index]
        if rule not in skipped | set(question.lint.ignore if question.lint else ()):
            line, column = loaded.position(("questions", index, "id"))
            found[id(loaded)].append(_finding(loaded, line, column, rule, message))
    _add_pool_draws(catalog, found, skipped)
    files = [
        dataclasses.replace(loaded, found=_capped(found[id(loaded)])) for loaded in catalog.files
    ]
    return Catalog(
        files,
        catalog.banks,
        catalog.entries,
        catalog.blueprints,
        catalog.skipped,
        catalog.guidelines,
    )


def _add_pool_draws(
    catalog: Catalog, found: dict[int, list[Finding]], skipped: frozenset[str]
) -> None:
    files = {loaded.blueprint.id: loaded for loaded in catalog.files if loaded.blueprint}
    for blueprint_id, rule, message in pool_draws(catalog):
        loaded = files.get(blueprint_id)
        if loaded is not None and rule not in skipped:
            found[id(loaded)].append(_finding(loaded, 1, 1, rule, message))


def _capped(findings: list[Finding]) -> Capped[Finding]:
    """The findings in file order, as many as a report lists (then a count of the rest)."""
    kept: Capped[Finding] = Capped()
    for finding in sorted(findings, key=_place):
        if kept.wants(finding.line, finding.column):
            kept.add(finding)
        else:
            kept.skip(finding.severity)
    return kept


def _finding(loaded: LoadedFile, line: int, column: int, rule: Code, message: str) -> Finding:
    return Finding(loaded.path, line, column, rule, message, RULES[rule].severity)


def _place(finding: Finding) -> tuple[int, int, str]:
    return finding.line, finding.column, finding.code


_SETTINGS = (("aitrainer.toml", ("lint",)), ("pyproject.toml", ("tool", "aitrainer", "lint")))
"""Where lint settings may live, and the table inside each file."""


def configured_ignores(paths: Sequence[Path]) -> list[str]:
    """``ignore`` from the first ``aitrainer.toml`` or ``pyproject.toml`` (with a
    ``[tool.aitrainer.lint]`` table) found in or above the banks' directories."""
    start = ([p if p.is_dir() else p.parent for p in paths] or [Path.cwd()])[0].resolve()
    for directory in [start, *start.parents]:
        for name, keys in _SETTINGS:
            settings = _lint_table(directory / name, keys)
            if settings is not None:
                return _ignores(directory / name, settings)
    return []


def _lint_table(config: Path, keys: Sequence[str]) -> dict[str, object] | None:
    import tomllib

    from aitrainer_cli.errors import UsageError

    if not config.is_file():
        return None
    try:
        settings: object = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{config}: cannot read the lint settings: {error}") from None
    for key in keys:
        settings = settings.get(key) if isinstance(settings, dict) else None
    return settings if isinstance(settings, dict) else None


def _ignores(config: Path, settings: dict[str, object]) -> list[str]:
    from aitrainer_cli.errors import UsageError

    ignore = settings.get("ignore", [])
    if not isinstance(ignore, list) or any(rule not in RULES for rule in ignore):
        raise UsageError(
            f"{config}: lint 'ignore' must list rule ids ({', '.join(RULES)})",
            hint="aitrainer bank lint --help describes each rule",
        )
    return [str(rule) for rule in ignore]
