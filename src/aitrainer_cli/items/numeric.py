"""``numeric``: a number, right within an absolute or relative tolerance, with an optional unit
and partial credit by distance bands.

Full credit when the value lies within ``tolerance`` of the answer (or within
``relative_tolerance`` × |answer|; exactly the answer when neither is given); else the credit
of the narrowest band whose ``within`` (an absolute distance from the answer) holds the value;
else 0. Typed answers are read by ``items.numbers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Strict
from aitrainer_cli.banks.problems import Problem, Severity
from aitrainer_cli.items.base import MALFORMED, Letters, QuestionBase, Score
from aitrainer_cli.items.numbers import (
    PERCENT,
    finite,
    number_text,
    number_value,
    range_text,
    read_number,
    unit_words,
    with_unit,
)

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A YAML number (an int is read as a float); never text, true/false, .inf or .nan."""
Unit = Annotated[
    str, StringConstraints(pattern=r"^[^\s\d.,+\-\x00-\x1f\x7f-\x9f][^\s\x00-\x1f\x7f-\x9f]{0,15}$")
]
"""One word a number is followed by (``ms``, ``%``, ``tokens``): no spaces or control
characters, not a digit or sign first."""

SLACK = 1e-9
"""Relative room for the float error of a typed decimal (0.1 + 0.2 is 0.30000000000000004)."""
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_PERCENT_PROMPT = re.compile(r"%|\bper ?cent(age)?\b", re.IGNORECASE)


def _states(text: str, value: float) -> bool:
    """Whether text writes the number (1,000 or 1000; 0.34 or 0.340; 80 or 80.0; − or -)."""
    plain = re.sub(r"(?<=\d)[,\u2009\u202f](?=\d{3})", "", text).translate(_MINUS)
    shown = f"{value:.12g}".replace("e+", "e")
    tail = r"(?:\.0+)?(?!\.?\d)" if "." not in shown and "e" not in shown else r"0*(?!\d)"
    return re.search(rf"(?<![\d.]){re.escape(shown)}{tail}", plain) is not None


class NumericBand(Strict):
    """Partial credit for a value at most ``within`` from the answer (in the answer's unit)."""

    within: Number
    credit: Number = Field(ge=0, le=1)
    """A share of the item's points: 0.5 is half."""


class Numeric(QuestionBase):
    """A number, right within a tolerance, with an optional unit and partial-credit bands."""

    title: ClassVar[str] = "Give the number"

    type: Literal["numeric"]
    answer: Number
    tolerance: Number | None = Field(default=None, ge=0)
    """Largest distance from the answer that earns full credit."""
    relative_tolerance: Number | None = Field(default=None, ge=0, lt=1)
    """The same as a share of the answer: 0.02 accepts 2% either side."""
    unit: Unit | None = None
    bands: list[NumericBand] = Field(default_factory=list, max_length=5)

    # -- the bank ------------------------------------------------------------------------------

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        yield from self._tolerance_problems()
        yield from self._band_problems()
        if not _states(self.explanation, self.answer):
            yield Problem(
                ("explanation",),
                Code.EXPLANATION_WITHOUT_ANSWER,
                f"the explanation never states the answer {number_text(self.answer)}: show the "
                "computation that reaches it",
                Severity.WARNING,
            )
        if self.unit is None and _PERCENT_PROMPT.search(self.prompt):
            yield Problem(
                ("unit",),
                Code.PERCENT_WITHOUT_UNIT,
                "the prompt asks for a percentage but the item has no unit: a learner typing "
                f"37.5% is read as the share 0.375; set unit: '{PERCENT}' when the answer is "
                "written as a percentage",
                Severity.WARNING,
            )

    def _tolerance_problems(self) -> Iterator[Problem]:
        if self.tolerance is not None and self.relative_tolerance is not None:
            yield Problem(
                ("relative_tolerance",),
                Code.TWO_TOLERANCES,
                "give tolerance (an absolute distance) or relative_tolerance (a share of the "
                "answer), not both",
            )
        share = self.relative_tolerance
        if share is not None and self.answer == 0:
            yield Problem(
                ("relative_tolerance",),
                Code.RELATIVE_OF_ZERO,
                "a relative tolerance of an answer of 0 accepts only 0: give tolerance instead",
            )
        if self.tolerance is None and share is None and self.answer != int(self.answer):
            yield Problem(
                ("tolerance",),
                Code.NO_TOLERANCE,
                f"the answer {number_text(self.answer)} has decimals but no tolerance: a "
                "learner who rounds earns nothing; give tolerance or relative_tolerance",
                Severity.WARNING,
            )

    def _band_problems(self) -> Iterator[Problem]:
        previous: NumericBand | None = None
        for i, band in enumerate(self.bands):
            where = ("bands", i)
            if band.credit in (0, 1):
                yield Problem(
                    (*where, "credit"),
                    Code.POINTLESS_BAND,
                    "a band earning full credit is a tolerance, one earning 0 changes nothing: "
                    "give a credit between 0 and 1",
                )
            if band.within <= self.accepted():
                yield Problem(
                    (*where, "within"),
                    Code.BAND_INSIDE_TOLERANCE,
                    f"within {number_text(band.within)} lies inside the full-credit range "
                    f"(±{number_text(self.accepted())}): a band must reach further",
                )
            if previous is not None and band.within <= previous.within:
                yield Problem(
                    (*where, "within"),
                    Code.BANDS_NOT_INCREASING,
                    "bands are listed narrowest first: each within must exceed the one before",
                )
            if previous is not None and band.credit >= previous.credit:
                yield Problem(
                    (*where, "credit"),
                    Code.BANDS_NOT_DECREASING,
                    "a wider band must earn less credit than the narrower one before it",
                )
            previous = band

    # -- scoring -------------------------------------------------------------------------------

    def accepted(self) -> float:
        """The largest distance from the answer that earns full credit."""
        if self.relative_tolerance is not None:
            return abs(self.relative_tolerance * self.answer)
        return max(self.tolerance or 0.0, 0.0)

    def _reaches(self, distance: float, limit: float) -> bool:
        return distance <= limit + SLACK * max(1.0, abs(self.answer))

    def band_of(self, value: float) -> NumericBand | None:
        """The narrowest band holding a value outside the full-credit range, if any."""
        distance = abs(value - self.answer)
        if self._reaches(distance, self.accepted()):
            return None
        return next((b for b in self.bands if self._reaches(distance, b.within)), None)

    def score(self, response: object) -> Score:
        """1 within the tolerance, a band's credit within the band, else 0; not a number: 0."""
        value = finite(response)
        if value is None:
            return MALFORMED
        if self._reaches(abs(value - self.answer), self.accepted()):
            return Score(1.0)
        band = self.band_of(value)
        if band is None:
            return Score(0.0, note=self._miss_note(value))
        return Score(
            min(max(band.credit, 0.0), 1.0),
            note=f"{number_text(100 * band.credit)}% credit: within "
            f"{number_text(band.within)} of the answer",
        )

    def _miss_note(self, value: float) -> str:
        """Why a value earned nothing, naming a share typed where a percentage was asked."""
        if self.unit == PERCENT and self.score(value * 100).credit > 0:
            return (
                f"{number_text(value)} was read as {number_text(value)} %; as a share it "
                f"would be {number_text(value * 100)} %: type the percentage"
            )
        accepted = self.range_words()
        if accepted.startswith("exactly"):
            return f"only {accepted} is accepted"
        return f"outside the accepted range {accepted}"

    # -- reading answers -----------------------------------------------------------------------

    def read_text(self, text: str, letters: Letters | None) -> object:
        return read_number(text, self.unit)

    def read_value(self, value: object) -> object:
        return number_value(value, self.unit)

    def answer_hint(self) -> str:
        return unit_words(self.unit)

    def file_form(self) -> str:
        return f"{unit_words(self.unit)} (a YAML number, or text such as '1,000')"

    # -- words for review ----------------------------------------------------------------------

    def range_words(self) -> str:
        """The full-credit range: '37–38', or 'exactly 12'."""
        low, high = self.answer - self.accepted(), self.answer + self.accepted()
        if low == high:
            return f"exactly {with_unit(self.answer, self.unit)}"
        return range_text(low, high) + (f" {self.unit}" if self.unit else "")

    def band_words(self, band: NumericBand) -> str:
        """'50% credit 36–39'."""
        low, high = self.answer - band.within, self.answer + band.within
        return f"{number_text(100 * band.credit)}% credit {range_text(low, high)}"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        value = finite(response)
        return None if value is None else with_unit(value, self.unit)

    def key_text(self, letters: Letters | None = None) -> str:
        """'37.5 %  (accepted 37–38 %; 50% credit 36–39)'."""
        accepted = self.range_words()
        words = [accepted if accepted.startswith("exactly") else f"accepted {accepted}"]
        words += [self.band_words(band) for band in self.bands]
        return f"{with_unit(self.answer, self.unit)}  ({'; '.join(words)})"
