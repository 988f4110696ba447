"""A best-first order of response labels with ties: the shape of ranking keys and answers.

Parsed once from the canonical form (``[B, [A, C]]``: a nested list is a tie) and used for
scoring, checking keys, and putting an order in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aitrainer_cli.banks.fields import ResponseLabel

RankEntry = ResponseLabel | list[ResponseLabel]
"""One place of a ranking as written in a bank or answers file: a label, or tied labels."""


@dataclass(frozen=True, slots=True)
class RankOrder:
    """Groups of labels, best first; the labels of one group are tied."""

    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, value: object) -> RankOrder | None:
        """The order in a canonical value, or None if it is not one (a label twice, a non-label)."""
        if not isinstance(value, list | tuple):
            return None
        groups: list[tuple[str, ...]] = []
        seen: set[str] = set()
        for entry in value:
            group: Sequence[object] = entry if isinstance(entry, list | tuple) else (entry,)
            for label in group:
                if not isinstance(label, str) or label in seen:
                    return None
                seen.add(label)
            groups.append(tuple(str(label) for label in group))
        return cls(tuple(groups))

    @classmethod
    def from_groups(cls, groups: Sequence[Sequence[str]]) -> RankOrder:
        return cls(tuple(tuple(group) for group in groups))

    def places(self) -> dict[str, int]:
        """Place of each label (a tie shares a place)."""
        return {label: place for place, group in enumerate(self.groups) for label in group}

    def labels(self) -> list[str]:
        """Every label, best first, ties flattened."""
        return [label for group in self.groups for label in group]

    def entries(self) -> list[RankEntry]:
        """The canonical value: a label per place, a list for a tie."""
        return [group[0] if len(group) == 1 else list(group) for group in self.groups]

    def text(self, tie: str = " = ") -> str:
        """'B > A = C'."""
        return " > ".join(tie.join(group) for group in self.groups)

    def place_of(self, label: str) -> int:
        """A label's place; labels left out share the place after the last."""
        places = self.places()
        return places.get(label, len(self.groups))
