"""What the analysis reads: one response record per question a learner was given."""

from __future__ import annotations

from dataclasses import dataclass

from aitrainer_cli.items import CHOICE_TYPES, SINGLE_ANSWER_TYPES

__all__ = ["CHOICE_TYPES", "SINGLE_ANSWER_TYPES"]


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One question of one attempt by one learner.

    ``credit`` is None when the question was not graded; ``response`` is None when it was not
    answered (it then counts as 0 credit, as in the score). ``response`` is the answer as the
    export holds it: an option key for single choice, a list of keys for multiple choice.
    """

    learner: str
    attempt: str
    blueprint: str
    question_id: str
    type: str
    credit: float | None
    response: object
    seconds: float


@dataclass(frozen=True, slots=True)
class ChoiceKey:
    """The options of a choice question and the keyed (correct) ones, from its bank."""

    options: tuple[str, ...]
    keyed: frozenset[str]
