"""``preference``: side and strength on a side-by-side scale (negative favours A)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Whole
from aitrainer_cli.banks.problems import Path, Problem
from aitrainer_cli.items.base import (
    MALFORMED,
    NO_KEY,
    Letters,
    QuestionBase,
    Score,
    mean,
    panel_parts,
)
from aitrainer_cli.items.mistakes import MistakePatternError, MistakeTest, parse_range
from aitrainer_cli.items.panel_best import best_mean, normalised, panel_note
from aitrainer_cli.items.reading import is_int, whole_number

DEFAULT_PREFERENCE_CREDIT: tuple[float, ...] = (1.0, 0.75, 0.4)
"""Credit by distance from the key (index 0 = exact) unless the item sets ``credit``."""


def _credit(key: int, answer: int, table: Sequence[float]) -> float:
    if key * answer < 0:
        return 0.0
    distance = abs(key - answer)
    return min(1.0, max(0.0, table[distance])) if distance < len(table) else 0.0


def side(value: int) -> int:
    """-1 for A, +1 for B, 0 for about the same."""
    return (value > 0) - (value < 0)


class Preference(QuestionBase):
    """Side and strength on a side-by-side scale: negative favours A, positive favours B."""

    title: ClassVar[str] = "Side-by-side preference"
    scenario: ClassVar[bool] = True

    type: Literal["preference"]
    scale: Literal[3, 5, 7] = 7
    answer: Whole | None = None
    panel: list[Whole] | None = Field(default=None, min_length=2, max_length=12)
    credit: list[Annotated[float, Field(ge=0, le=1)]] | None = Field(
        default=None, min_length=1, max_length=7
    )
    """Credit by distance from the key (index 0 = exact); default [1, 0.75, 0.4]."""

    def label(self, value: int) -> str:
        """The scale point's wording: -3 'A much better' … 0 'About the same' … +3."""
        half = self.scale // 2
        if value == 0:
            return "About the same"
        strengths = {
            1: ["better"],
            2: ["better", "much better"],
            3: ["slightly better", "better", "much better"],
        }[half]
        return f"{'A' if value < 0 else 'B'} {strengths[min(abs(value), half) - 1]}"

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if self.response_labels() != {"A", "B"}:
            yield Problem(
                ("context", "responses") if self.context else ("type",),
                Code.RESPONSES_NEEDED,
                "a preference compares exactly two responses labelled A and B",
            )
        if (self.answer is None) == (self.panel is None):
            yield Problem(("answer",), Code.KEY_NEEDED, "give exactly one of 'answer' or 'panel'")
        half = self.scale // 2
        points: list[tuple[Path, int]] = (
            [(("answer",), self.answer)] if self.answer is not None else []
        )
        points += [(("panel", i), value) for i, value in enumerate(self.panel or [])]
        for path, value in points:
            if not -half <= value <= half:
                yield Problem(
                    path,
                    Code.OFF_SCALE,
                    f"{value} is not on the {self.scale}-point scale "
                    f"(-{half} = A much better ... +{half} = B much better)",
                )

    def score(self, response: object) -> Score:
        """Credit by distance from the key (or mean over the panel, as a share of the best
        achievable mean); the wrong side earns 0."""
        if not is_int(response):
            return MALFORMED
        half = self.scale // 2
        if not -half <= response <= half:
            return Score(0.0, note=f"{response} is off the {self.scale}-point scale")
        table = self.credit or DEFAULT_PREFERENCE_CREDIT
        if self.answer is not None:
            key = self.answer
            wrong_side = key * response < 0
            note = f"wrong side: the key favours {'A' if key < 0 else 'B'}" if wrong_side else ""
            return Score(_credit(key, response, table), note=note)
        if not self.panel:
            return NO_KEY
        credits = [_credit(key, response, table) for key in self.panel]
        best = self.best_panel_mean()
        return Score(
            normalised(mean(credits), best), panel_parts(credits), panel_note(mean(credits), best)
        )

    def best_panel_mean(self) -> float:
        """The highest mean credit against the panel any point of the scale earns (1 for a
        single key): the panel's best answer earns full credit."""
        if not self.panel:
            return 1.0
        half, table = self.scale // 2, self.credit or DEFAULT_PREFERENCE_CREDIT
        panel = self.panel
        return best_mean(
            range(-half, half + 1),
            lambda value: [_credit(key, value, table) for key in panel],
        )

    def read_number(self, raw: object) -> int:
        """A scale point, -scale//2 (A much better) to +scale//2 (B much better)."""
        half = self.scale // 2
        advice = f"type a number from -{half} ({self.label(-half)}) to +{half} ({self.label(half)})"
        return whole_number(raw, -half, half, "", advice)

    def read_text(self, text: str, letters: Letters | None) -> object:
        return self.read_number(text)

    def read_value(self, value: object) -> object:
        if is_int(value) or isinstance(value, float):
            return self.read_number(value)
        return super().read_value(value)

    def answer_hint(self) -> str:
        half = self.scale // 2
        return f"-{half} ({self.label(-half)}) … +{half} ({self.label(half)})"

    def file_form(self) -> str:
        return f"a whole number from -{self.scale // 2} to +{self.scale // 2}"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        if not is_int(response) or abs(response) > self.scale // 2:
            return None
        return f"{response:+d} ({self.label(response)})" if response else f"0 ({self.label(0)})"

    def key_text(self, letters: Letters | None = None) -> str:
        if self.answer is not None:
            return f"{self.answer:+d} ({self.label(self.answer)})"
        return "panel: " + ", ".join(f"{v:+d}" for v in self.panel or [])

    def best_responses(self) -> list[str]:
        return ["A" if self.answer < 0 else "B"] if self.answer else []

    def panel_judgements(self) -> list[object] | None:
        return None if self.panel is None else list(self.panel)

    def keyed_response(self) -> object:
        return self.answer

    def mistake_test(self, pattern: str) -> MistakeTest:
        """``A`` or ``B`` (any verdict favouring that side), a value (``+2``, ``0``) or a range
        of values (``-3..-2``)."""
        half, word = self.scale // 2, pattern.strip()
        if word.upper() in ("A", "B"):
            wanted = -1 if word.upper() == "A" else 1
            return lambda response: is_int(response) and side(response) == wanted
        try:
            low, high = parse_range(word, -half, half, f"the {self.scale}-point scale")
        except MistakePatternError as error:
            raise MistakePatternError(
                f"write A, B, a value (+2) or a range (-3..-2): {error}"
            ) from None
        return lambda response: is_int(response) and low <= response <= high
