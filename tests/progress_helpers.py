"""Build progress stores for the statistics, review and CLI tests: rows written directly (exact
credits and times), or attempts taken through the store with real questions and answers."""

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
        connection.execute(
            "INSERT INTO attempts (id, started_at, updated_at, mode, blueprint_id, title, seed,"
            " pass_mark, status, score_earned, score_possible, score_percent, app_version)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, 80, ?, ?, ?, ?, 'test')",
            (
                attempt_id,
                stamp(started),
                stamp(started),
                mode,
                blueprint,
                title,
                "submitted" if graded else "in_progress",
                sum(credits) if graded else None,
                len(credits) if graded else None,
                percent,
            ),
        )
        for position, (qid, credit) in enumerate(answers):
            entry = CATALOG.entries.get(qid)
            digest = content_hash(entry.question) if entry else "0" * 16
            connection.execute(
                "INSERT INTO attempt_items VALUES (?, ?, ?, ?, 'S', '[]', ?)",
                (attempt_id, position, qid, entry.bank_id if entry else "gone", digest),
            )
            answered = credit is not None
            connection.execute(
                "INSERT INTO responses (attempt_id, position, question_id, response, credit,"
                " seconds, flagged, answered_at, content_hash) VALUES (?, ?, ?, ?, ?, 5, 0, ?, ?)",
                (
                    attempt_id,
                    position,
                    qid,
                    json.dumps("a") if answered else None,
                    (credit or 0.0) if graded else None,
                    stamp(started + timedelta(seconds=position)) if answered else None,
                    digest,
                ),
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
