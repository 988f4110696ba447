"""``preference`` in the terminal: the side-by-side scale as a menu, arrows only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from aitrainer_cli.items.preference import Preference, side
from aitrainer_cli.items.reading import is_int
from aitrainer_cli.ui.items.base import ItemView, Letters, answer_or
from aitrainer_cli.ui.items.panel import panel_view
from aitrainer_cli.ui.prompts import Choice, Picked, fit

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


def signed(value: int) -> str:
    """A scale point as shown: -2, +1, and a bare 0 for "about the same" (no sign to read)."""
    return f"{value:+d}" if value else " 0"


class PreferenceView(ItemView[Preference]):
    item = Preference

    def task(self, question: Preference, letters: Letters) -> RenderableType:
        text = Text()
        for value in range(-(question.scale // 2), question.scale // 2 + 1):
            text.append(f"  {signed(value)}  {question.label(value)}\n")
        return text

    def review_parts(self, item: ItemResult, question: Preference) -> RenderableType | None:
        panel = question.panel or []

        def agreeing(response: object) -> str:
            same = sum(1 for value in panel if value == response)
            summary = f"{same} of {len(panel)} experts gave your verdict"
            if is_int(response):
                sides = sum(1 for value in panel if side(value) == side(response))
                summary += f"; {sides} of {len(panel)} chose your side"
            return summary + "."

        return panel_view(item, question, agreeing, lambda judgement: judgement)

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, Preference)
        half = question.scale // 2
        rows = [  # the sign column stays aligned; only the label is cut to the terminal
            Choice(v, f"{signed(v)}  {fit(question.label(v), 14)}") for v in range(-half, half + 1)
        ]
        default = context.response if context.response is not None else 0
        reply = await prompts.select(
            "Which response is better, and by how much?",
            rows,
            context,
            default=default,
            shortcuts=False,
        )
        return answer_or(reply.value if isinstance(reply, Picked) else reply)


VIEW = PreferenceView()
