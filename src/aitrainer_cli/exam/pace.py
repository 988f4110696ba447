"""Time per question and what to study next, worked out from a graded attempt. Core layer.

Pace: the seconds spent on each question, the slowest ones, and the average against the time per
question the limit allowed. Study next: the topics that lost the most points in this attempt,
each with the exact command to drill it and, where the bank's guideline has sections the missed
items apply, the command to read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.results import ExamResult, ItemResult

SLOWEST = 3
STUDY_TOPICS = 3


@dataclass(frozen=True, slots=True)
class Pace:
    """Where the time went."""

    total: float
    mean: float
    allowed: float | None
    """The limit's seconds per question (None untimed)."""
    slowest: tuple[ItemResult, ...]


def pace(result: ExamResult) -> Pace | None:
    """Seconds per question, the slowest items and the limit's pace (None for an empty form)."""
    items = result.items
    if not items:
        return None
    total = sum(item.seconds for item in items)
    limit = result.form.time_limit_seconds
    slowest = sorted(
        (item for item in items if item.seconds > 0), key=lambda i: (-i.seconds, i.position)
    )
    return Pace(
        total, total / len(items), limit / len(items) if limit else None, tuple(slowest[:SLOWEST])
    )


@dataclass(frozen=True, slots=True)
class StudyTopic:
    """A topic to study next: points lost, the drill command, the guideline sections to read."""

    bank_id: str
    topic: str
    lost: float
    possible: float
    drill: str
    read: tuple[str, ...]
    """``aitrainer guide BANK SECTION`` commands, one per guideline section the missed items
    apply (sections the bank's guideline really has)."""


def study_next(result: ExamResult, entries: Mapping[str, Entry]) -> tuple[StudyTopic, ...]:
    """The topics that lost the most points in this attempt, most first."""
    groups: dict[tuple[str, str], list[ItemResult]] = {}
    for item in result.items:
        groups.setdefault((item.item.bank_id, item.topic), []).append(item)
    topics = []
    for (bank_id, topic), items in groups.items():
        lost = sum(item.lost for item in items)
        if lost <= 1e-9:
            continue
        sections: dict[str, None] = {}
        for item in items:
            entry = entries.get(item.question_id)
            if entry is None or item.lost <= 1e-9:
                continue
            known = {s.id for s in entry.guideline.sections} if entry.guideline else set()
            for section in entry.question.guideline:
                if section in known:
                    sections[section] = None
        topics.append(
            StudyTopic(
                bank_id,
                topic,
                lost,
                sum(item.points for item in items),
                f"aitrainer practice --bank {bank_id} --topic {topic}",
                tuple(f"aitrainer guide {bank_id} {section}" for section in sections),
            )
        )
    topics.sort(key=lambda t: (-t.lost / t.possible, -t.lost, t.bank_id, t.topic))
    return tuple(topics[:STUDY_TOPICS])
