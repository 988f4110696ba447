"""What to drill next: the questions due for spaced review, and the learner's weakest topics."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aitrainer_cli.errors import NotFoundError
from aitrainer_cli.progress import stats
from aitrainer_cli.progress.graded_answers import recent_answers
from aitrainer_cli.progress.review import due_questions, most_missed
from aitrainer_cli.words import counted

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog
    from aitrainer_cli.progress.db import Database


def review_questions(
    database: Database, catalog: Catalog, now: datetime, limit: int
) -> tuple[tuple[str, ...], str]:
    """The questions for a review session and why: due cards first, else the most missed."""
    due = due_questions(database, now, limit, known=catalog.entries)
    if due:
        return tuple(due), f"{counted(len(due), 'question')} due for review"
    missed = most_missed(database, limit, known=catalog.entries)
    if missed:
        most = counted(len(missed), "question")
        return tuple(missed), f"nothing is due; your most-missed: {most}"
    raise NotFoundError(
        "there is nothing to review yet",
        hint="answer some questions first: 'aitrainer exam' or 'aitrainer practice'",
    )


def weakest_topics(database: Database, catalog: Catalog) -> tuple[str, ...]:
    """The topics with the lowest recent accuracy (enough answers behind each)."""
    answers = recent_answers(database, catalog.entries)
    weakest = stats.weakest_topics(stats.topic_mastery(answers, catalog.entries))
    if not weakest:
        raise NotFoundError(
            "not enough answers yet to find weak topics: no answered topic has lost credit",
            hint="take 'aitrainer exam' first, or pick a --topic",
        )
    return tuple(dict.fromkeys(row.topic for row in weakest))
