"""``free_text`` in the terminal: a multi-line editor; review shows the rubric and model answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, review_grid
from aitrainer_cli.ui.markup import BankMarkdown, bank_text
from aitrainer_cli.ui.prompts import Again

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Prompts


class FreeTextView(ItemView[FreeText]):
    item = FreeText

    def key_lines(self, question: FreeText, letters: Letters) -> list[RenderableType]:
        return [Text("Model answer:", style="bold green"), BankMarkdown(question.model_answer)]

    def review_parts(self, item: ItemResult, question: FreeText) -> RenderableType | None:
        if not item.score.parts:
            return None
        table = review_grid("rubric point", "found?")
        for point, found in item.score.parts:
            table.add_row(bank_text(point), "found" if found else "missed")
        return table

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        prior = context.response if isinstance(context.response, str) else ""
        text = await prompts.typed("Your justification", context, default=prior, multiline=True)
        if isinstance(text, Action | Signal | Again):  # StrEnums: first, or they become text
            return text
        return Answer(text.strip())


VIEW = FreeTextView()
