"""The xAPI statements of the attempt being taken, built for the store's outbox.

Built here, before the store's write transaction begins (CPU work never holds the file's lock),
and queued by the store in the transaction of the answer or of the attempt's end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from aitrainer_cli import __version__
from aitrainer_cli.progress import outbox
from aitrainer_cli.progress.outbox import Queued
from aitrainer_cli.xapi import ids
from aitrainer_cli.xapi import statements as st

if TYPE_CHECKING:
    from aitrainer_cli.app.scores import ScoreBook
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.exam.attempt import ItemState
    from aitrainer_cli.exam.results import ExamResult, ItemResult
    from aitrainer_cli.items.base import Score
    from aitrainer_cli.progress.store import AttemptStore

CHANGED = 1e-9
"""A final credit differing from the one last queued by more than this is queued again."""


class AttemptStatements:
    """Builds the statements of one attempt: each answer as given, and the attempt's end."""

    def __init__(
        self,
        store: AttemptStore,
        attempt_id: int,
        form: ExamForm,
        entries: Mapping[str, Entry],
        hashes: Mapping[str, str],
        mode: str,
        now: Callable[[], datetime],
    ) -> None:
        self._store, self._attempt_id, self._form = store, attempt_id, form
        self._entries, self._hashes, self._now = entries, hashes, now
        registration = ids.registration(outbox.store_id(store.database), attempt_id)
        self.context = st.AttemptContext(
            registration, form.blueprint_id, form.title, mode, __version__
        )

    def answered(self, scores: ScoreBook) -> Callable[[int, ItemState, int], list[Queued]]:
        """The store listener's hook: the statement of a new answer at a position."""

        def build(position: int, state: ItemState, revision: int) -> list[Queued]:
            entry = self._entry(position)
            if entry is None:
                return []
            score = scores.score(position, entry.question, state.response)
            answer = self._answer(position, revision, entry, state.response, score, state)
            return [self._queued(st.answered(self.context, answer), position, score.credit)]

        return build

    def finished(self, result: ExamResult) -> list[Queued]:
        """The attempt's end: answers whose final credit differs from the one queued (or that
        were never queued: an answers file), then ``completed`` and ``passed``/``failed``."""
        known = outbox.latest(self._store.database, self._attempt_id)
        queued: list[Queued] = []
        for item in result.items:
            if item.response is None:
                continue
            last = known.get(item.position)
            if last is not None and abs((last.credit or 0.0) - item.score.credit) <= CHANGED:
                continue
            revision = 0 if last is None else last.revision + 1
            queued.extend(self._final(item, revision))
        outcome = st.Outcome(
            earned=result.earned,
            possible=result.possible,
            percent=result.percent,
            pass_mark=result.form.pass_mark,
            seconds=result.time_used,
            status=result.status.value,
            timestamp=self._now(),
            question_ids=tuple(item.question_id for item in result.items),
            passed=result.passed,
        )
        queued += [
            self._queued(statement, None, None) for statement in st.finished(self.context, outcome)
        ]
        return queued

    def _final(self, item: ItemResult, revision: int) -> list[Queued]:
        entry = self._entry(item.position)
        if entry is None:
            return []
        answer = self._answer(item.position, revision, entry, item.response, item.score, item)
        return [self._queued(st.answered(self.context, answer), item.position, item.score.credit)]

    def _entry(self, position: int) -> Entry | None:
        return self._entries.get(self._form.items[position].question_id)

    def _answer(
        self,
        position: int,
        revision: int,
        entry: Entry,
        response: object,
        score: Score,
        state: object,
    ) -> st.Answer:
        question = entry.question
        return st.Answer(
            position=position,
            revision=revision,
            question=question,
            bank_id=entry.bank_id,
            content_hash=self._hashes.get(question.id, ""),
            response=response,
            score=score,
            seconds=float(getattr(state, "seconds", 0.0)),
            timestamp=self._now(),
            confidence=getattr(state, "confidence", None),  # issue 14 adds it; may be absent
        )

    def _queued(
        self, statement: dict[str, object], position: int | None, credit: float | None
    ) -> Queued:
        return Queued.of(statement, self._attempt_id, position, credit)
