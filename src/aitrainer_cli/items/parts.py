"""What rating and claim check share: one value per part (a dimension, a claim), given by name
or in order, and described part by part."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from aitrainer_cli.items.base import Letters, QuestionBase
from aitrainer_cli.items.reading import Pairs, typed_pairs, value_pairs


class PartsQuestion(QuestionBase):
    """An item answered with one value for each of its parts."""

    part_separator: ClassVar[str] = " "
    """Between a part's name and its value when the response is put in words."""

    def part_names(self) -> Sequence[str]:
        """The parts, in the order the item lists them."""
        raise NotImplementedError

    def part_value_ok(self, value: object) -> bool:
        """Whether a value is of the kind this item's parts take."""
        raise NotImplementedError

    def read_pairs(self, pairs: Pairs) -> object:
        """Pairs of (part or None for 'in order', value) as the canonical response."""
        raise NotImplementedError

    def read_text(self, text: str, letters: Letters | None) -> object:
        return self.read_pairs(typed_pairs(text))

    def read_value(self, value: object) -> object:
        if isinstance(value, dict | list):
            return self.read_pairs(value_pairs(value))
        return super().read_value(value)

    def describe(self, response: object, letters: Letters | None) -> str | None:
        return parts_in_words(response, self.part_names(), self.part_value_ok, self.part_separator)


def parts_in_words(
    response: object, order: Sequence[str], value_ok: Callable[[object], bool], separator: str
) -> str | None:
    """'helpfulness 3, verbosity 2' in the item's order; None if it is not such a response."""
    if not isinstance(response, dict) or not all(
        isinstance(k, str) and value_ok(v) for k, v in response.items()
    ):
        return None
    names = list(order)
    keys = sorted(response, key=lambda k: names.index(k) if k in names else len(names))
    return ", ".join(f"{k}{separator}{response[k]}" for k in keys)
