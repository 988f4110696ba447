"""Claim checks with citations: a verdict and the passage that decides it, read and put in words.

A cited claim's canonical response is ``{"verdict": "refuted", "passage": 2}`` (``passage`` left
out when none is named); an item without ``cite`` keeps the bare verdict ``"refuted"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aitrainer_cli.items.reading import AnswerFormatError, is_int, pick, shown_value

_TRAILING_NUMBER = re.compile(r"^(.*?)[\s#]*(\d+)$")


@dataclass(frozen=True, slots=True)
class Verdict:
    """One claim's verdict and the passage cited for it (None: no passage named)."""

    verdict: str
    passage: int | None = None

    def as_response(self) -> dict[str, object]:
        """The canonical response for one cited claim."""
        if self.passage is None:
            return {"verdict": self.verdict}
        return {"verdict": self.verdict, "passage": self.passage}


def split_citations(value: object) -> Verdict | None:
    """A stored claim value as a verdict and passage; None if it is neither form."""
    if isinstance(value, str):
        return Verdict(value)
    if isinstance(value, dict) and isinstance(value.get("verdict"), str):
        passage = value.get("passage")
        if set(value) <= {"verdict", "passage"} and (passage is None or is_int(passage)):
            return Verdict(value["verdict"], passage)
    return None


def read_verdict(value: object, labels: Sequence[str], count: int, claim: str) -> Verdict:
    """A typed or answers-file verdict with an optional passage: ``refuted 2``, ``r2``,
    ``[refuted, 2]`` or ``{verdict: refuted, passage: 2}``."""
    raw: object = None
    if isinstance(value, dict):
        unknown = set(value) - {"verdict", "passage"}
        if unknown or "verdict" not in value:
            raise AnswerFormatError(
                f"claim {claim}: write {{verdict: …, passage: N}}, not {shown_value(value)}"
            )
        word, raw = value["verdict"], value.get("passage")
    elif isinstance(value, list) and len(value) in (1, 2):
        word, raw = value[0], value[1] if len(value) == 2 else None
    else:
        word = value
    if not isinstance(word, str):
        raise AnswerFormatError(f"claim {claim}: {shown_value(word)} is not a verdict")
    if raw is None:
        word, raw = _split_number(word, labels)
    verdict = pick(word, labels, "verdict")
    return Verdict(verdict, _passage(raw, count, claim))


def _split_number(word: str, labels: Sequence[str]) -> tuple[str, object]:
    """'refuted 2' or 'r2' -> ('refuted', '2'); a label that itself ends in digits stays whole."""
    try:
        pick(word, labels, "verdict")
    except AnswerFormatError:
        match = _TRAILING_NUMBER.match(word.strip())
        if match and match.group(1):
            return match.group(1), match.group(2)
    return word, None


def _passage(raw: object, count: int, claim: str) -> int | None:
    if raw is None:
        return None
    number = raw
    if isinstance(raw, str) and raw.strip().isdecimal() and len(raw.strip()) <= 6:
        number = int(raw.strip())
    if not is_int(number) or not 1 <= number <= count:
        raise AnswerFormatError(
            f"claim {claim}: {shown_value(raw)} is not a passage: type a number from 1 to {count}"
        )
    return number


def cited_in_words(passages: Sequence[int]) -> str:
    """' (passage 2)' or ' (passage 2 or 3)' after a verdict; empty for none."""
    if not passages:
        return ""
    return f" (passage {' or '.join(str(n) for n in passages)})"


def passages_in_words(response: object, order: Sequence[str]) -> str | None:
    """'c1: refuted (passage 2), c2: not_enough_info' in the item's order; None if not such."""
    if not isinstance(response, dict):
        return None
    said: list[tuple[int, str]] = []
    for claim, value in response.items():
        given = split_citations(value)
        if not isinstance(claim, str) or given is None:
            return None
        where = order.index(claim) if claim in order else len(order)
        cited = cited_in_words([given.passage] if given.passage is not None else [])
        said.append((where, f"{claim}: {given.verdict}{cited}"))
    return ", ".join(text for _, text in sorted(said, key=lambda pair: pair[0]))
