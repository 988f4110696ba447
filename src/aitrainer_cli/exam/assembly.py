"""Assemble an exam form from a blueprint and a seed: which questions, in which order, with
which option order. Pure and reproducible: the same catalog, blueprint and seed give the same form.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping
from dataclasses import dataclass

from aitrainer_cli.banks.blueprint import Blueprint
from aitrainer_cli.banks.catalog import Entry, fill_sections, section_candidates
from aitrainer_cli.errors import UsageError
from aitrainer_cli.words import counted


class NotEnoughQuestionsError(UsageError):
    """The blueprint's sections cannot be filled from the loaded banks."""


@dataclass(frozen=True, slots=True)
class FormItem:
    """One question of a form, with its section and the display order of its options."""

    question_id: str
    bank_id: str
    section: str
    option_order: tuple[str, ...] = ()

    @property
    def letters(self) -> dict[str, str]:
        """Option key -> the letter shown to the learner (a, b, c … in display order)."""
        return dict(zip(self.option_order, string.ascii_lowercase, strict=False))


@dataclass(frozen=True, slots=True)
class ExamForm:
    """A concrete exam: enough to show it, score it, and rebuild it from a stored seed."""

    blueprint_id: str
    title: str
    seed: int
    time_limit_seconds: int | None
    pass_mark: float
    items: tuple[FormItem, ...]


def _not_enough(blueprint: Blueprint, title: str, wanted: int, found: int) -> UsageError:
    """The error for a section that cannot be filled, in the learner's words: a form composed
    from filters has one internal section, which is never named."""
    matching = "no question matches" if found == 0 else f"only {found} match"
    if blueprint.id == "custom":
        return NotEnoughQuestionsError(
            f"{counted(wanted, 'question')} {'was' if wanted == 1 else 'were'} asked for but "
            f"{matching} these filters",
            hint=(f"ask for --count {found}, or " if found else "")
            + "widen the bank, topic, type or difficulty filters",
        )
    return NotEnoughQuestionsError(
        f"{blueprint.title}: its part {title!r} needs {counted(wanted, 'question')} but {matching}",
        hint=("ask for fewer with --count, or " if found else "") + "load more banks",
    )


def assemble(entries: Mapping[str, Entry], blueprint: Blueprint, seed: int) -> ExamForm:
    """Draw each section's questions (no question twice) and shuffle them as the seed says."""
    rng = random.Random(seed)
    pools = []
    for section in blueprint.sections:
        pool = sorted(section_candidates(section, entries.values()))
        rng.shuffle(pool)
        if len(pool) < section.count:
            raise _not_enough(blueprint, section.title, section.count, len(pool))
        pools.append(pool)
    chosen = fill_sections(pools, [section.count for section in blueprint.sections])
    if chosen is None:
        raise NotEnoughQuestionsError(
            "the sections overlap and together need more distinct questions than match",
            hint="lower the section counts",
        )
    items = []
    for section, picked in zip(blueprint.sections, chosen, strict=True):
        if blueprint.shuffle:
            rng.shuffle(picked)
        for question_id in picked:
            question = entries[question_id].question
            keys = list(question.option_keys())
            if blueprint.shuffle:
                rng.shuffle(keys)
            items.append(
                FormItem(question_id, entries[question_id].bank_id, section.title, tuple(keys))
            )
    return ExamForm(
        blueprint.id,
        blueprint.title,
        seed,
        blueprint.time_limit_seconds,
        blueprint.pass_mark,
        tuple(items),
    )
