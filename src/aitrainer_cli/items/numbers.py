"""Numbers as learners type them and as review shows them: the reader and writer of ``numeric``.

A typed number may have a sign (``-3``, or the ``−`` a word processor writes), thousands
grouped by commas or spaces (``1,000``, ``1 000``), a decimal point (``6.0``, ``.5``, ``5.``), an
exponent (``4.2e-3``), then a percent sign or the item's unit (``12 ms``). Anything else — a
decimal comma (``1,00``), words, ``NaN``, ``inf`` — is refused with a message saying what to type.
"""

from __future__ import annotations

import math
import re

from aitrainer_cli.items.reading import AnswerFormatError, shown_value

PERCENT = "%"
"""The unit that makes ``37.5%`` read as 37.5 (without it, ``37.5%`` is the share 0.375)."""

MAX_LENGTH = 60
"""Characters of a typed number: more is never a number anybody means."""

_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)\s*"
    r"(?P<mantissa>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d{1,3}(?: \d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)"
    r"(?P<exponent>[eE][+-]?\d{1,4})?"
    r"(?P<rest>.*)",
    re.DOTALL,
)
_PERCENT_WORDS = frozenset({"%", "percent", "pct"})


def unit_words(unit: str | None) -> str:
    """How to type a number of this unit, for hints and messages."""
    if unit == PERCENT:
        return "a percentage, e.g. 37.5 or 37.5%"
    if unit:
        return f"a number in {unit}, e.g. 12 or 12 {unit}"
    return "a number, e.g. 12.5, -3 or 1,000"


def read_number(text: str, unit: str | None) -> float:
    """The number typed, in the item's unit; AnswerFormatError says what to type instead."""
    raw = text.strip().translate(_MINUS)
    advice = f"type {unit_words(unit)}"
    if len(raw) > MAX_LENGTH:
        raise AnswerFormatError(f"that is too long to be a number: {advice}")
    match = _NUMBER.fullmatch(raw)
    if match is None:
        raise AnswerFormatError(f"{shown_value(text)} is not a number: {advice}")
    rest = match["rest"].strip()
    if rest and rest[0] in ",.":
        raise AnswerFormatError(f"{shown_value(text)} is not a number: decimals take a point (2.5)")
    if rest and rest[0].isdigit():
        raise AnswerFormatError(
            f"{shown_value(text)} is not one number: group thousands in threes (1 000)"
        )
    mantissa = match["mantissa"].replace(",", "").replace(" ", "")
    value = float(f"{match['sign']}{mantissa}{match['exponent'] or ''}")
    if not math.isfinite(value):
        raise AnswerFormatError(f"{shown_value(text)} is too large a number: {advice}")
    return _in_unit(value, rest, text, unit)


def _in_unit(value: float, suffix: str, text: str, unit: str | None) -> float:
    """The value once what follows the number (nothing, %, the unit) is taken into account."""
    word = suffix.casefold()
    if not word or (unit and word == unit.casefold()):
        return value
    if word in _PERCENT_WORDS:
        if unit == PERCENT:
            return value
        if unit is None:
            return value / 100  # 37.5% is the share 0.375
        raise AnswerFormatError(f"{shown_value(text)} is a percentage: type {unit_words(unit)}")
    if unit:
        raise AnswerFormatError(f"{shown_value(suffix)} is not {unit}: type {unit_words(unit)}")
    raise AnswerFormatError(f"{shown_value(text)} is not a number: type {unit_words(unit)}")


def number_value(value: object, unit: str | None) -> float:
    """An answers-file value: a YAML number, or text read as typed."""
    if isinstance(value, bool):
        raise AnswerFormatError(f"true/false is not a number: write {unit_words(unit)}")
    if isinstance(value, int):
        if abs(value) > 10**300:
            raise AnswerFormatError(f"that is too large a number: write {unit_words(unit)}")
        return float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AnswerFormatError(
                f"{value!r} is not a number a learner can give: write {unit_words(unit)}"
            )
        return value
    if isinstance(value, str):
        return read_number(value, unit)
    raise AnswerFormatError(f"a {type(value).__name__} is not a number: write {unit_words(unit)}")


def finite(value: object) -> float | None:
    """A stored response as a finite float, None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def number_text(value: float) -> str:
    """A number as review shows it: at most 12 significant digits, thousands grouped from
    10,000 (a year or a count of 2023 reads as itself), exponents only when very large or small."""
    if value == 0:
        return "0"
    grouped = abs(value) >= 10_000
    shown = f"{value:,.12g}" if grouped else f"{value:.12g}"
    return shown.replace("e+", "e")


def with_unit(value: float, unit: str | None) -> str:
    """'12 ms', '37.5 %', '0.375'."""
    return f"{number_text(value)} {unit}" if unit else number_text(value)


def range_text(low: float, high: float) -> str:
    """'37–38', or '-5 to -3' when an end is negative (a dash beside a minus misreads)."""
    if low < 0 or high < 0:
        return f"{number_text(low)} to {number_text(high)}"
    return f"{number_text(low)}–{number_text(high)}"
