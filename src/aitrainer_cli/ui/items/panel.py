"""Where an expert panel split: shared by the item types that a panel may key."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from aitrainer_cli.ui.items.base import percent, review_grid
from aitrainer_cli.ui.markup import bank_text

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.items.base import QuestionBase


def panel_view(
    item: ItemResult,
    question: QuestionBase,
    agreeing: Callable[[object], str],
    view_of: Callable[[object], Hashable],
) -> RenderableType | None:
    """Each expert's judgement and the learner's agreement with it, and how the panel split.

    ``agreeing(response)`` says how many experts agreed with the learner; ``view_of`` makes a
    judgement comparable, so the number of distinct views can be counted.
    """
    from aitrainer_cli.exam.answers import format_response

    panel = question.panel_judgements()
    if panel is None:
        return None
    credits = dict(item.score.parts)
    table = review_grid("expert", "judgement", "agreement")
    for i, judgement in enumerate(panel, 1):
        credit = credits.get(f"expert {i}")
        table.add_row(
            str(i),
            bank_text(format_response(question, judgement)),
            "—" if credit is None or not item.answered else percent(credit),
        )
    if item.answered:
        summary = agreeing(item.response)
    else:
        summary = f"You gave no answer; the panel had {len(panel)} experts."
    views = len({view_of(judgement) for judgement in panel})
    title = "The panel agreed" if views == 1 else f"Where the panel split ({views} views)"
    return Group(Text(title, style="bold"), table, Text(summary))
