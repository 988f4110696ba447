"""The questions the learner missed, for ``aitrainer export --missed --format anki``: every
question still in the banks whose latest graded answer lost credit (a question left unanswered
in a graded attempt included). Core layer: finds and writes, never prints."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.progress.graded_answers import recent_answers

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.banks.formats.common import Report
    from aitrainer_cli.progress.db import Database

DECK_ID = "aitrainer-missed"
DECK_TITLE = "aitrainer: questions you missed"


def missed_questions(database: Database | None, entries: Mapping[str, Entry]) -> list[str]:
    """Ids of the questions whose latest graded answer earned less than full credit, most
    recently answered first."""
    if database is None:
        return []
    answers = recent_answers(database, entries, per_question=1)
    missed = [latest[0] for latest in answers.values() if latest[0].credit < 1 - 1e-9]
    missed.sort(key=lambda answer: (answer.answered_at, answer.question_id), reverse=True)
    return [answer.question_id for answer in missed]


def write_missed_deck(
    database: Database | None, entries: Mapping[str, Entry], output: Path
) -> Report:
    """An Anki deck of the missed questions (front: the question; back: key and explanation)."""
    from aitrainer_cli.banks.formats.anki import write_anki
    from aitrainer_cli.banks.formats.common import Report
    from aitrainer_cli.banks.question import BankHeader

    report = Report()
    questions = [entries[qid].question for qid in missed_questions(database, entries)]
    write_anki(BankHeader(id=DECK_ID, title=DECK_TITLE), questions, output, report)
    return report
