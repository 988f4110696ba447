"""Grading written answers beyond keywords, for one attempt being taken: asking the judge
command (if one is set) and taking the learner's self-check (practice), each stored as an
assessment and settled in the attempt's score book so feedback, the result and the store agree.

When the judge runs: in practice, after each written answer is given (and committed), before its
feedback; in an exam, once, after the attempt is submitted, for every written answer. Judging an
exam's answers as they are given would spend the learner's clock on a judge they cannot see the
verdict of, and on drafts they may still change; at the end the answers are final. The judge
runs on a worker thread with no write transaction open; each verdict is then written in a short
transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from aitrainer_cli.app.judge import Judge, ask_judge, stop_judges
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.progress.assessments import Assessment, JudgeVerdict, assessments_of, save
from aitrainer_cli.progress.records import timestamp
from aitrainer_cli.progress.written_grades import assess, score_of

if TYPE_CHECKING:
    from aitrainer_cli.app.scores import ScoreBook
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.attempt import Attempt
    from aitrainer_cli.items import Question, Score
    from aitrainer_cli.progress.store import AttemptStore


class WrittenGrading:
    """The judge and self-checks of one attempt's written answers."""

    def __init__(
        self,
        store: AttemptStore,
        attempt_id: int,
        hashes: Mapping[str, str],
        scores: ScoreBook,
        judge: Judge | None,
        now: Callable[[], datetime],
    ) -> None:
        self.store, self.attempt_id, self.hashes = store, attempt_id, hashes
        self.scores, self.judge, self._now = scores, judge, now
        self._verdicts: dict[int, JudgeVerdict] = {}
        """The judge's verdict on the answer at each position (the latest answer only)."""

    @property
    def judge_name(self) -> str | None:
        """The judge command's program name, None without a judge."""
        return None if self.judge is None else self.judge.name

    def grades(self, question: Question) -> bool:
        """Whether this question's answers are graded here (written answers)."""
        return isinstance(question, FreeText)

    async def judge_answer(self, position: int, question: Question, response: object) -> None:
        """Ask the judge about one answer (on a worker thread) and settle its score."""
        if self.judge is None or not isinstance(question, FreeText):
            return
        if not isinstance(response, str):
            return
        import asyncio  # not for answers files: an event loop costs start-up time

        try:
            verdict = await asyncio.to_thread(ask_judge, self.judge, question, response)
        except asyncio.CancelledError:
            stop_judges()  # the session was stopped: the judge must not outlive it
            raise
        self._settle(position, question, response, verdict)

    def before_grading(
        self, attempt: Attempt, entries: Mapping[str, Entry], progress: Callable[[str], None]
    ) -> None:
        """Settle the gradings stored earlier (a resumed attempt), then judge every written
        answer not judged yet (an exam, at the end), saying which."""
        self._restore(attempt, entries)
        pending = self._pending(attempt, entries)
        for number, (position, question, response) in enumerate(pending, 1):
            progress(f"Asking the judge {self.judge_name} ({number} of {len(pending)})…")
            assert self.judge is not None  # nothing is pending without a judge
            self._settle(position, question, response, ask_judge(self.judge, question, response))
        self._report(pending, progress)

    async def before_grading_async(
        self, attempt: Attempt, entries: Mapping[str, Entry], progress: Callable[[str], None]
    ) -> None:
        """``before_grading`` with each judge run off the event loop (a stop signal is heard
        meanwhile); the store is used from the loop's thread only."""
        self._restore(attempt, entries)
        pending = self._pending(attempt, entries)
        for number, (position, question, response) in enumerate(pending, 1):
            progress(f"Asking the judge {self.judge_name} ({number} of {len(pending)})…")
            await self.judge_answer(position, question, response)
        self._report(pending, progress)

    def self_checked(
        self, position: int, question: FreeText, response: str, ticked: frozenset[int] | None
    ) -> Score:
        """Store the learner's self-check (None: they kept the automatic grading); the score."""
        verdict = self._verdicts.get(position)
        row, score = assess(question, response, self._hash(question), verdict, ticked)
        if ticked is not None or verdict is not None:
            self._write(position, row)
        self.scores.settle(position, response, score)
        return score

    def _report(
        self, judged: list[tuple[int, FreeText, str]], progress: Callable[[str], None]
    ) -> None:
        """Say how many answers the judge could not grade, and why the first could not."""
        failed = [self._verdicts[p] for p, _, _ in judged if self._verdicts[p].failure]
        if failed:
            progress(
                f"The judge {self.judge_name} could not grade {len(failed)} of {len(judged)}"
                f" written answer{'' if len(judged) == 1 else 's'} ({failed[0].failure}):"
                " the keyword score stands for those."
            )

    def _restore(self, attempt: Attempt, entries: Mapping[str, Entry]) -> None:
        """Scores from the assessments stored for these very answers (by an earlier run)."""
        stored = assessments_of(self.store.database, self.attempt_id)
        for position, row in stored.items():
            if position >= len(attempt.states) or position in self._verdicts:
                continue
            item, response = attempt.form.items[position], attempt.states[position].response
            question = entries[item.question_id].question if item.question_id in entries else None
            if not isinstance(question, FreeText) or not isinstance(response, str):
                continue
            if not row.applies_to(response, self._hash(question)):
                continue  # an answer changed since, or the question edited: keywords again
            if row.judge is not None:
                self._verdicts[position] = row.judge
            self.scores.settle(position, response, score_of(question, response, row))

    def _pending(
        self, attempt: Attempt, entries: Mapping[str, Entry]
    ) -> list[tuple[int, FreeText, str]]:
        if self.judge is None:
            return []
        found = []
        for position, (item, state) in enumerate(
            zip(attempt.form.items, attempt.states, strict=True)
        ):
            question = entries[item.question_id].question
            response = state.response
            if not isinstance(question, FreeText) or not isinstance(response, str):
                continue
            if self.scores.settled(position, response) is not None and position in self._verdicts:
                continue
            found.append((position, question, response))
        return found

    def _settle(
        self, position: int, question: FreeText, response: str, verdict: JudgeVerdict
    ) -> None:
        self._verdicts[position] = verdict
        row, score = assess(question, response, self._hash(question), verdict)
        self._write(position, row)
        self.scores.settle(position, response, score)

    def _hash(self, question: FreeText) -> str:
        return self.hashes.get(question.id, "")

    def _write(self, position: int, row: Assessment) -> None:
        save(self.store.database, self.attempt_id, position, row, timestamp(self._now()))
