"""The values the progress store hands back (frozen), the content hash of a question, and the
text form in which timestamps, answers and filters are stored.

Exam types are imported only for type checking, so importing the store stays cheap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.exam.attempt import Snapshot, Status

Mode = Literal["exam", "practice", "review"]
MODES: tuple[Mode, ...] = ("exam", "practice", "review")


_KNOWN_HASHES: dict[int, tuple[BaseModel, str]] = {}
"""Hashes computed ahead of time (the catalog cache stores them), by the identity of the model."""


def content_hash(question: BaseModel) -> str:
    """A stable fingerprint of a question: sha256 of its canonical JSON, first 16 hex digits."""
    known = _KNOWN_HASHES.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    canonical = json.dumps(
        question.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def remember_hashes(pairs: Iterable[tuple[BaseModel, str]]) -> None:
    """Record ``content_hash`` values computed earlier for these (immutable) question models.

    The catalog cache stores the hash of every question it stores, so that a start from the
    cache need not serialise questions (nor build the serialisers) to hash a form. The models
    are kept alive with their hashes, so an identity can never be reused for another model; a
    call replaces what the previous one remembered, so at most one catalog is kept this way.
    """
    _KNOWN_HASHES.clear()
    _KNOWN_HASHES.update((id(question), (question, digest)) for question, digest in pairs)


def form_hashes(form: ExamForm, entries: Mapping[str, Entry]) -> dict[str, str]:
    """The content hash of every question on ``form`` still in the banks, keyed by id."""
    return {
        item.question_id: content_hash(entries[item.question_id].question)
        for item in form.items
        if item.question_id in entries
    }


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as a history or resume list shows it."""

    id: int
    started_at: datetime
    updated_at: datetime
    mode: Mode
    blueprint_id: str
    title: str
    status: Status
    items: int
    answered: int
    position: int
    time_remaining: float | None
    pass_mark: float
    earned: float | None
    possible: float | None
    percent: float | None
    """Score, once the attempt has been graded."""


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    """Everything needed to resume an attempt (its form, its snapshot and how it was started) and
    the score it was given, once graded."""

    id: int
    mode: Mode
    form: ExamForm
    snapshot: Snapshot
    filters: Mapping[str, object]
    hashes: Mapping[str, str]
    """Content hash of each question (by id) when the attempt was started."""
    lock_answers: bool
    started_at: datetime
    updated_at: datetime
    app_version: str
    percent: float | None
    """The score stored when the attempt was graded (None until it is)."""

    def changed_questions(self, current: Mapping[str, str]) -> tuple[str, ...]:
        """Questions (in form order) edited or removed since the attempt started."""
        return tuple(
            item.question_id
            for item in self.form.items
            if current.get(item.question_id) != self.hashes.get(item.question_id)
        )


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """One item of an attempt as stored: what was answered, how long it took, its credit."""

    position: int
    question_id: str
    bank_id: str
    section: str
    response: object
    """The answer read back from JSON (a tuple comes back as a list); None when unanswered."""
    credit: float | None
    """Credit 0..1 once the attempt was graded."""
    seconds: float
    flagged: bool
    answered_at: datetime | None
    content_hash: str
    """The question's content hash when it was answered (or when the attempt started)."""


def timestamp(moment: datetime) -> str:
    """A moment as stored: ISO 8601 in UTC to the millisecond, fixed width, so text order is time
    order."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def to_json(value: object) -> str:
    """A response or filter set as JSON text (sets become sorted lists)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_jsonable)


def _jsonable(value: object) -> object:
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    raise TypeError(f"cannot store a {type(value).__name__} as JSON: {value!r}")
