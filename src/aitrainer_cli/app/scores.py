"""Each answer scored once: when it is given, and reused by feedback, the store and grading."""

from __future__ import annotations

from collections.abc import Mapping

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.exam.assembly import ExamForm
from aitrainer_cli.items import Question, Score, score


class ScoreBook:
    """The score of the latest response at each position of a form."""

    def __init__(self, form: ExamForm, entries: Mapping[str, Entry]) -> None:
        self._form, self._entries = form, entries
        self._scores: dict[int, tuple[object, Score]] = {}

    def score(self, position: int, question: Question, response: object) -> Score:
        """The response's score, computed only if this response was not scored before."""
        known = self._scores.get(position)
        if known is not None and _same(known[0], response):
            return known[1]
        scored = score(question, response)
        self._scores[position] = (response, scored)
        return scored

    def settle(self, position: int, response: object, score: Score) -> None:
        """Use ``score`` for this response from now on (a judge's or the learner's grading)."""
        self._scores[position] = (response, score)

    def settled(self, position: int, response: object) -> Score | None:
        """The score already known for this response, if any."""
        known = self._scores.get(position)
        return known[1] if known is not None and _same(known[0], response) else None

    def credit(self, position: int, response: object) -> float:
        """Credit of a response at a form position (what the store keeps with each answer)."""
        question = self._entries[self._form.items[position].question_id].question
        return self.score(position, question, response).credit


def _same(first: object, second: object) -> bool:
    """Equal and of the same type: True is not 1, and [True] is not [1]."""
    return type(first) is type(second) and repr(first) == repr(second)
