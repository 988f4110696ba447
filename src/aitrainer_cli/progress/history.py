"""A past attempt re-graded: its stored responses graded again against the current banks.

Questions edited since the attempt are graded in their current version and reported as edited;
questions no longer in any bank cannot be graded and are reported as removed, with the credit
they had when the attempt was graded. Core layer: returns values, never prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from aitrainer_cli.progress.records import form_hashes

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.results import ExamResult
    from aitrainer_cli.progress.records import StoredAttempt
    from aitrainer_cli.progress.store import AttemptStore


@dataclass(frozen=True, slots=True)
class ChangedQuestion:
    """A question of the attempt that is not as it was when the attempt was taken."""

    position: int
    question_id: str
    change: Literal["edited", "removed"]
    stored_credit: float | None
    """Credit stored when the attempt was graded (None if it never was)."""


@dataclass(frozen=True, slots=True)
class RegradedAttempt:
    """A stored attempt and its result re-graded now."""

    attempt: StoredAttempt
    result: ExamResult
    """Graded against the current banks; removed questions are left out (positions kept)."""
    changes: tuple[ChangedQuestion, ...]
    stored_percent: float | None
    """The score stored when the attempt was graded (None if it was not)."""


def regrade_attempt(
    store: AttemptStore, attempt_id: int, entries: Mapping[str, Entry]
) -> RegradedAttempt:
    """Load attempt ``attempt_id`` and grade its responses against ``entries`` as they are now."""
    from aitrainer_cli.exam.results import grade
    from aitrainer_cli.progress.assessments import assessments_of
    from aitrainer_cli.progress.written_grades import stored_scorer

    stored = store.load(attempt_id)
    form, states = stored.form, stored.snapshot.states
    credits = {r.position: r.credit for r in store.responses_of(attempt_id)}
    current = form_hashes(form, entries)
    changed = set(stored.changed_questions(current))
    changes = tuple(
        ChangedQuestion(
            position,
            item.question_id,
            "edited" if item.question_id in current else "removed",
            credits.get(position),
        )
        for position, item in enumerate(form.items)
        if item.question_id in changed
    )
    kept = [position for position, item in enumerate(form.items) if item.question_id in current]
    written = assessments_of(store.database, attempt_id)
    result = grade(
        dataclasses.replace(form, items=tuple(form.items[p] for p in kept)),
        entries,
        [states[p] for p in kept],
        stored.snapshot.status,
        stored.snapshot.remaining,
        stored_scorer(written, current, kept),  # a self-check or judge counts as it did
    )
    # Number items as on the original form, so "#7" means the same question everywhere.
    items = tuple(
        dataclasses.replace(item, position=position)
        for item, position in zip(result.items, kept, strict=True)
    )
    return RegradedAttempt(
        stored, dataclasses.replace(result, items=items), changes, stored.percent
    )
