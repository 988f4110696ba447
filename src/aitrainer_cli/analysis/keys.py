"""Choice questions' options and keys, from the loaded banks (a distractor nobody picked is
in no answer, so only the bank can name it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from aitrainer_cli.analysis.records import ChoiceKey

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry


def choice_keys(entries: Mapping[str, Entry]) -> dict[str, ChoiceKey]:
    """Question id -> options and keyed options, for every choice question in ``entries``."""
    from aitrainer_cli.items.choice import ChoiceQuestion

    return {
        question_id: ChoiceKey(
            tuple(entry.question.options), frozenset(key for _, key in entry.question.keyed())
        )
        for question_id, entry in entries.items()
        if isinstance(entry.question, ChoiceQuestion)
    }
