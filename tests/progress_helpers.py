"""Build progress stores for the statistics, review and CLI tests: rows written directly, by column
name (exact credits and times), or attempts taken through the store with real questions and
answers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.progress.records import content_hash, form_hashes
from aitrainer_cli.progress.store import AttemptStore
from support import insert_row

CATALOG: Catalog = load_catalog([builtin_banks_dir()])
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def questions(
    bank: str | None = None, topic: str | None = None, kind: str | None = None
) -> list[str]:
    """Ids of shipped questions matching every filter given, sorted."""
    return sorted(
        qid
        for qid, entry in CATALOG.entries.items()
        if (bank is None or entry.bank_id == bank)
        and (topic is None or entry.question.topic == topic)
        and (kind is None or entry.question.type == kind)
    )


def insert_attempt(
    path: Path,
    attempt_id: int,
    started: datetime,
    answers: Sequence[tuple[str, float | None]],
    *,
    mode: str = "exam",
    blueprint: str = "quick-screening",
    title: str = "Quick screening",
    graded: bool = True,
) -> None:
    """An attempt with one item per (question id, credit); credit None means unanswered.

    Graded attempts are submitted with a score; others stay in progress with no credit.
    """
    AttemptStore.open(path).close()
    credits = [credit or 0.0 for _, credit in answers]
    percent = 100 * sum(credits) / len(credits) if graded and credits else None
    with sqlite3.connect(path) as connection:
        insert_row(
            connection,
            "attempts",
            {
                "id": attempt_id,
                "started_at": stamp(started),
                "updated_at": stamp(started),
                "mode": mode,
                "blueprint_id": blueprint,
                "title": title,
                "seed": 1,
                "pass_mark": 80,
                "status": "submitted" if graded else "in_progress",
                "score_earned": sum(credits) if graded else None,
                "score_possible": len(credits) if graded else None,
                "score_percent": percent,
                "app_version": "test",
            },
        )
        for position, (qid, credit) in enumerate(answers):
            entry = CATALOG.entries.get(qid)
            digest = content_hash(entry.question) if entry else "0" * 16
            insert_row(
                connection,
                "attempt_items",
                {
                    "attempt_id": attempt_id,
                    "position": position,
                    "question_id": qid,
                    "bank_id": entry.bank_id if entry else "gone",
                    "section": "S",
                    "option_order": "[]",
                    "content_hash": digest,
                },
            )
            answered = credit is not None
            insert_row(
                connection,
                "responses",
                {
                    "attempt_id": attempt_id,
                    "position": position,
                    "question_id": qid,
                    "response": json.dumps("a") if answered else None,
                    "credit": (credit or 0.0) if graded else None,
                    "seconds": 5,
                    "flagged": 0,
                    "answered_at": stamp(started + timedelta(seconds=position))
                    if answered
                    else None,
                    "content_hash": digest,
                },
            )
    connection.close()


def right_answer(qid: str) -> object:
    question = CATALOG.entries[qid].question
    return question.model_dump(mode="json")["answer"]


def wrong_answer(qid: str) -> object:
    """A wrong answer to a single-choice or true/false question."""
    question = CATALOG.entries[qid].question
    dumped = question.model_dump(mode="json")
    if question.type == "true_false":
        return not dumped["answer"]
    return next(key for key in dumped["options"] if key != dumped["answer"])


def graded_result(
    responses: Sequence[tuple[str, object]], *, catalog: Catalog = CATALOG
) -> ExamResult:
    """A submitted one-section form of these (question id, response) pairs, graded."""
    form = ExamForm(
        "custom",
        "Practice: test",
        7,
        None,
        80.0,
        tuple(FormItem(qid, catalog.entries[qid].bank_id, "Questions") for qid, _ in responses),
    )
    states = [ItemState(response, False, 4.0) for _, response in responses]
    return grade(form, catalog.entries, states, Status.SUBMITTED, None)


def take(store: AttemptStore, responses: Sequence[tuple[str, object]]) -> tuple[int, ExamResult]:
    """Start, answer and finish an attempt through the store; return its id and result."""
    result = graded_result(responses)
    attempt_id = store.start(
        result.form, "practice", hashes=form_hashes(result.form, CATALOG.entries)
    )
    store.finish(attempt_id, result)
    return attempt_id, result
