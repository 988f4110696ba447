"""Mistake feedback for scenario items: ``mistakes:`` entries that match a pattern of the
learner's answer and explain that particular mistake.

An item type opts in by implementing one method on its model, ``mistake_test(pattern)``: it
returns a test of a canonical response (True when the response makes that mistake), or raises
``MistakePatternError`` saying how to write the pattern. The default (``QuestionBase``) returns
None: the type takes no ``mistakes``. Each type documents its pattern syntax in
docs/bank-format.md ("Mistake feedback").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

from pydantic import StringConstraints

from aitrainer_cli.banks.fields import Strict, Text

if TYPE_CHECKING:
    from aitrainer_cli.items.base import QuestionBase

MistakeTest = Callable[[object], bool]
"""Whether a canonical response makes the mistake."""

Pattern = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class MistakePatternError(ValueError):
    """A ``when:`` pattern that the item type cannot read; the message says how to write it."""


class Mistake(Strict):
    """A tempting wrong answer, as a pattern of the learner's answer, and what to tell them."""

    when: Pattern
    """The pattern, in the item type's syntax (``B above A``, ``-3..-2``, ``c2 supported``)."""
    feedback: Text
    """Why that answer is wrong, shown in feedback and review when the pattern matches."""


def matched_mistakes(question: QuestionBase, response: object) -> list[Mistake]:
    """The item's mistakes that the response makes, in the order listed; never raises."""
    if response is None:
        return []
    matched = []
    for mistake in question.mistakes:
        try:
            test = question.mistake_test(mistake.when)
            if test is not None and test(response):
                matched.append(mistake)
        except Exception:  # a stored response of any shape, a pattern that no longer reads
            continue
    return matched


def parse_range(text: str, low: int, high: int, what: str) -> tuple[int, int]:
    """'4', '4..5' or '-3..-2' as an inclusive range within [low, high]."""
    first, dots, last = text.strip().partition("..")
    try:
        lo = int(first.strip())
        hi = int(last.strip()) if dots else lo
    except ValueError:
        raise MistakePatternError(
            f"{text.strip()!r} is not a value or a range LOW..HIGH of {what}"
        ) from None
    if lo > hi:
        raise MistakePatternError(f"a range is written LOW..HIGH, not {text.strip()!r}")
    if not (low <= lo and hi <= high):
        raise MistakePatternError(f"{text.strip()!r} lies outside {what} ({low}..{high})")
    return lo, hi
