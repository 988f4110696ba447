"""Reading learners' answers: the pieces every item type's reader is built from.

A reader takes what the learner typed (or an answers-file value) and returns the canonical
response its item type scores, or raises ``AnswerFormatError`` saying what to type instead.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Sequence
from typing import TypeGuard


class AnswerFormatError(ValueError):
    """An answer that cannot be read; the message says what was wrong and what to type."""


_INT = re.compile(r"[+-]?\d+")
# Word processors turn "-2" into "−2" or "–2"; a pasted scale value should still read.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_SEPARATORS = re.compile(r"[\s,;]+")
Pairs = list[tuple[str | None, object]]
"""(name, or None when given by position; value) for answers with one value per part."""


def is_int(value: object) -> TypeGuard[int]:
    """An int that is not a bool (YAML's true is no scale point)."""
    return isinstance(value, int) and not isinstance(value, bool)


def words(text: str) -> list[str]:
    """Text split at spaces, commas and semicolons."""
    return [word for word in _SEPARATORS.split(text.strip()) if word]


def whole_number(raw: object, low: int, high: int, problem: str, advice: str) -> int:
    """A whole number in [low, high] given as an int or as text."""
    if isinstance(raw, str) and _INT.fullmatch(raw.strip().translate(_MINUS)):
        digits = raw.strip().translate(_MINUS).lstrip("+-").lstrip("0")
        # Python will not even turn thousands of digits into a number: no scale goes that far.
        raw = int(raw.strip().translate(_MINUS)) if len(digits) <= _MAX_DIGITS else _HUGE
    if not is_int(raw):
        raise AnswerFormatError(f"{shown_value(raw)} is not a whole number{problem}: {advice}")
    if not low <= raw <= high:
        raise AnswerFormatError(f"{shown_value(raw)} is off the scale{problem}: {advice}")
    return raw


_MAX_DIGITS = 18
_HUGE = 10**_MAX_DIGITS * 10


def shown_value(value: object) -> str:
    """A value as an error message quotes it: short, and never a number too long to print."""
    if is_int(value) and abs(value) >= _HUGE:
        return "a number that large"
    if isinstance(value, str):
        return reprlib.repr(value.strip())
    return reprlib.repr(value)


def typed_pairs(text: str) -> Pairs:
    """'a=4 b=5' or 'a: 4, b: 5' -> named pairs; '4 5' -> positional ones."""
    pairs: Pairs = []
    for word in words(re.sub(r"\s*[=:]\s*", "=", text)):
        name, equals, value = word.partition("=")
        pairs.append((name, value) if equals else (None, word))
    return pairs


def value_pairs(value: dict[object, object] | list[object]) -> Pairs:
    """An answers-file mapping (named) or list (by position) as pairs."""
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items()]
    return [(None, v) for v in value]


def _fold(name: str) -> str:
    """Case, '-' and spaces do not matter: 'Not-enough info' is not_enough_info."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def _initials(name: str) -> str:
    return "".join(part[:1] for part in name.split("_")) if "_" in name else ""


def pick(token: str, names: Sequence[str], what: str) -> str:
    """The name a token means: exact, else a unique prefix, else unique initials ('nei')."""
    word = _fold(token)
    exact = [name for name in names if _fold(name) == word]
    if exact:
        return exact[0]
    for matches in (
        [name for name in names if word and _fold(name).startswith(word)],
        [name for name in names if word and _initials(_fold(name)) == word],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AnswerFormatError(
                f"{token.strip()!r} could be {' or '.join(matches)}: type more letters"
            )
    raise AnswerFormatError(f"{token.strip()!r} is not a {what}: type one of {_abbreviated(names)}")


def shortest_prefix(name: str, names: Sequence[str]) -> str:
    """The shortest prefix of name that ``pick`` reads as name."""
    others = [_fold(n) for n in names if n != name]
    for size in range(1, len(name)):
        if not any(other.startswith(_fold(name[:size])) for other in others):
            return name[:size]
    return name


def _abbreviated(names: Sequence[str]) -> str:
    return ", ".join(f"{n} ({s})" if (s := shortest_prefix(n, names)) != n else n for n in names)


def named(pairs: Pairs, names: Sequence[str], what: str, unit: str) -> list[tuple[str, object]]:
    """Pairs resolved to names in ``names`` order: all by position, or all by name, each once."""
    listed = " ".join(names)
    if all(name is None for name, _ in pairs):
        if len(pairs) != len(names):
            raise AnswerFormatError(
                f"give one {what} per {unit}, in order ({listed}): "
                f"you gave {len(pairs)} of {len(names)}"
            )
        return list(zip(names, (value for _, value in pairs), strict=True))
    if any(name is None for name, _ in pairs):
        raise AnswerFormatError(
            f"name every {unit} or none: type {names[0]}=… for each, "
            f"or just the {what}s in order ({listed})"
        )
    resolved = [(pick(str(name), names, unit), value) for name, value in pairs]
    given = [name for name, _ in resolved]
    for name in names:
        if given.count(name) != 1:
            problem = "is missing" if name not in given else "is given twice"
            raise AnswerFormatError(
                f"{unit} {name} {problem}: give one {what} for each of {listed}"
            )
    return sorted(resolved, key=lambda pair: names.index(pair[0]))
