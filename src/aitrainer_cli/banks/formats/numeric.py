"""Numerical questions in GIFT and Moodle XML, to and from ``numeric`` items.

Both formats list numeric answers, each a value, a tolerance and a credit percentage. A
``numeric`` item has one answer: the first answer earning full credit is the key and its
tolerance the item's; every partial-credit answer becomes a band reaching as far from the key as
the answer's own range does. An answer centred elsewhere is widened into a symmetric band (and
reported), as are the answers the item cannot hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aitrainer_cli.words import counted

if TYPE_CHECKING:
    from aitrainer_cli.items.numeric import Numeric

_UNIT = re.compile(r"^[^\s\d.,+\-\x00-\x1f\x7f-\x9f][^\s\x00-\x1f\x7f-\x9f]{0,15}$")


@dataclass(frozen=True, slots=True)
class NumericAnswer:
    """One answer of a numerical question: value ± tolerance earns ``weight`` percent."""

    value: float
    tolerance: float
    weight: float


def quiz_number(text: str) -> float | None:
    """A finite number written in a quiz file ('0.34', '-2', '1e3'), None for anything else."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def written(value: float) -> str:
    """A number as a quiz file holds it: '0.34', '80', '1e-12' (no grouping, no rounding noise)."""
    return f"{value:.12g}"


def _plain(value: float) -> float | int:
    """A whole number as an int, so the bank reads ``answer: 1822``, not ``1822.0``."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def unit_of(name: str) -> str | None:
    """A unit name a ``numeric`` item can hold (one short word), None otherwise."""
    name = name.strip()
    return name if _UNIT.match(name) else None


def numeric_fields(
    answers: Sequence[NumericAnswer], unit: str | None
) -> tuple[dict[str, Any], list[str]] | str:
    """The fields of a ``numeric`` item and notes on what was approximated; or why it cannot be."""
    earning = [a for a in answers if a.weight > 0]
    if not earning:
        return "no numerical answer earns credit"
    notes: list[str] = []
    full = [a for a in earning if a.weight >= 100]
    key = full[0] if full else max(earning, key=lambda a: a.weight)
    if not full:
        notes.append(f"no answer earns full credit: {written(key.value)} is taken as the key")
    notes += [
        f"a second full-credit answer {written(a.value)} is left out"
        for a in full[1:]
        if abs(a.value - key.value) > key.tolerance
    ]
    fields: dict[str, Any] = {"type": "numeric", "answer": _plain(key.value)}
    if key.tolerance > 0:
        fields["tolerance"] = _plain(key.tolerance)
    if unit:
        fields["unit"] = unit
    bands, band_notes = _bands([a for a in earning if a.weight < 100 and a is not key], key)
    if bands:
        fields["bands"] = bands
    return fields, notes + band_notes


def _bands(
    partial: Sequence[NumericAnswer], key: NumericAnswer
) -> tuple[list[dict[str, float | int]], list[str]]:
    """Partial answers as bands around the key, narrowest first, each earning less than the one
    before (a narrower band earning no more than a wider one is dropped: the wider one wins)."""
    notes: list[str] = []
    reach: dict[float, float] = {}
    for answer in partial:
        within = abs(answer.value - key.value) + abs(answer.tolerance)
        if answer.value != key.value:
            notes.append(
                f"the {written(answer.weight)}% answer {written(answer.value)}"
                f"±{written(answer.tolerance)} becomes a band within {written(within)} of "
                f"{written(key.value)}, on both sides"
            )
        if within <= key.tolerance:
            notes.append(f"the {written(answer.weight)}% answer lies inside the key's tolerance")
            continue
        reach[within] = max(reach.get(within, 0.0), answer.weight / 100)
    bands: list[dict[str, float | int]] = []
    for within in sorted(reach, reverse=True):  # widest first: keep each that earns more
        if not bands or reach[within] > bands[0]["credit"]:
            bands.insert(0, {"within": _plain(within), "credit": reach[within]})
        else:
            notes.append(f"the band within {written(within)} earns no more than a wider one")
    if len(bands) > 5:
        notes.append(f"{counted(len(bands) - 5, 'band')} beyond the fifth left out")
    return bands[:5], notes


def numeric_answers(question: Numeric) -> tuple[list[NumericAnswer], list[str]]:
    """The item as a quiz file's answers (the key first, then its bands), and what is lost."""
    notes = []
    tolerance = question.accepted()
    if question.relative_tolerance is not None:
        notes.append(
            f"the relative tolerance {written(question.relative_tolerance)} is written as "
            f"±{written(tolerance)}"
        )
    answers = [NumericAnswer(question.answer, tolerance, 100)]
    answers += [
        NumericAnswer(question.answer, band.within, 100 * band.credit) for band in question.bands
    ]
    return answers, notes
