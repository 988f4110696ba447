"""``single_choice``: choose the one correct option."""

from __future__ import annotations

from typing import ClassVar, Literal

from aitrainer_cli.banks.fields import Key
from aitrainer_cli.banks.problems import Path
from aitrainer_cli.items.base import Letters, Score
from aitrainer_cli.items.choice import ChoiceQuestion
from aitrainer_cli.items.reading import is_int


class SingleChoice(ChoiceQuestion):
    """Choose the one correct option."""

    title: ClassVar[str] = "Choose one"
    single: ClassVar[bool] = True

    type: Literal["single_choice"]
    answer: Key

    def keyed(self) -> list[tuple[Path, str]]:
        return [(("answer",), self.answer)]

    def score(self, response: object) -> Score:
        """1 for the keyed option, else 0."""
        return Score(1.0 if isinstance(response, str) and response == self.answer else 0.0)

    def read_text(self, text: str, letters: Letters | None) -> object:
        return self.read_words(text, letters)[0]

    def read_value(self, value: object) -> object:
        if is_int(value) or isinstance(value, float):  # "option 1" written as a number
            value = str(value)
        return super().read_value(value)

    def answer_hint(self) -> str:
        return "one letter"

    def file_form(self) -> str:
        return f"one option key, e.g. {next(iter(self.options))}"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        return self.options_in_words([response], letters)

    def key_text(self, letters: Letters | None = None) -> str:
        return f"{(letters or {}).get(self.answer, self.answer)}) {self.options[self.answer]}"
