"""``multiple_choice``: choose every correct option; credit by set F1 unless ``scoring`` says."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

import pydantic
from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import UNIQUE, Key
from aitrainer_cli.banks.problems import Path, Problem
from aitrainer_cli.items.base import MALFORMED, Letters, Score
from aitrainer_cli.items.choice import ChoiceQuestion
from aitrainer_cli.items.reading import is_int


class MultipleScoring(StrEnum):
    F1 = "f1"
    ALL_OR_NOTHING = "all_or_nothing"
    RIGHT_MINUS_WRONG = "right_minus_wrong"


Scoring = Annotated[MultipleScoring, pydantic.Strict(False)]
"""A scoring rule as a bank writes it (``f1``): text, like every enumeration of the format."""


class MultipleChoice(ChoiceQuestion):
    """Choose every correct option; credit by set F1 unless ``scoring`` says otherwise."""

    title: ClassVar[str] = "Choose all that apply"

    type: Literal["multiple_choice"]
    answer: Annotated[list[Key], UNIQUE] = Field(min_length=1)
    scoring: Scoring = MultipleScoring.F1

    def keyed(self) -> list[tuple[Path, str]]:
        return [(("answer", position), key) for position, key in enumerate(self.answer)]

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if len(set(self.answer)) != len(self.answer):
            yield Problem(
                ("answer",), Code.DUPLICATE_KEY, "an option is listed twice in the answer"
            )

    def score(self, response: object) -> Score:
        """Set F1, all-or-nothing, or max(0, (right - wrong) / |key|), as ``scoring`` says."""
        if not isinstance(response, list | tuple | set | frozenset):
            return MALFORMED
        if not all(isinstance(choice, str) for choice in response):
            return MALFORMED
        chosen, key = frozenset(response), frozenset(self.answer)
        right, wrong = len(chosen & key), len(chosen - key)
        if self.scoring is MultipleScoring.ALL_OR_NOTHING:
            credit = float(chosen == key)
        elif self.scoring is MultipleScoring.RIGHT_MINUS_WRONG:
            credit = max(0.0, (right - wrong) / len(key))
        else:
            credit = 2 * right / (len(key) + len(chosen)) if chosen else 0.0
        return Score(credit)

    def read_text(self, text: str, letters: Letters | None) -> object:
        return self.read_words(text, letters)

    def read_value(self, value: object) -> object:
        if isinstance(value, list) and all(isinstance(v, str) or is_int(v) for v in value):
            return self.read_choices([str(v) for v in value], None)
        return super().read_value(value)

    def answer_hint(self) -> str:
        return "letters, e.g. a c"

    def file_form(self) -> str:
        return f"a list of option keys, e.g. [{', '.join(list(self.options)[:2])}]"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        return self.options_in_words(response, letters)

    def key_text(self, letters: Letters | None = None) -> str:
        shown = self.shown_letters(letters)
        return "; ".join(
            f"{shown[k]}) {self.options[k]}" for k in sorted(self.answer, key=lambda k: shown[k])
        )
