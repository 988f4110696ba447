"""``true_false``: judge the statement in the prompt true or false."""

from __future__ import annotations

from typing import ClassVar, Literal

from aitrainer_cli.items.base import Letters, QuestionBase, Score
from aitrainer_cli.items.reading import AnswerFormatError

TRUE_WORDS, FALSE_WORDS = {"true", "t", "yes", "y"}, {"false", "f", "no", "n"}


class TrueFalse(QuestionBase):
    """Judge the statement in the prompt true or false."""

    title: ClassVar[str] = "True or false"

    type: Literal["true_false"]
    answer: bool

    def score(self, response: object) -> Score:
        """1 for the keyed truth value (a bool), else 0."""
        return Score(1.0 if isinstance(response, bool) and response == self.answer else 0.0)

    def read_text(self, text: str, letters: Letters | None) -> object:
        word = text.strip().casefold()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        raise AnswerFormatError(
            f"{text.strip()!r} is not true or false: type true or false (or t, f, yes, no)"
        )

    def read_value(self, value: object) -> object:
        return value if isinstance(value, bool) else super().read_value(value)

    def answer_hint(self) -> str:
        return "true or false"

    def file_form(self) -> str:
        return "true or false"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        return str(response) if isinstance(response, bool) else None

    def key_text(self, letters: Letters | None = None) -> str:
        return "True" if self.answer else "False"
