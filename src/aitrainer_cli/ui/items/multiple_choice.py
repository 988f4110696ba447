"""``multiple_choice`` in the terminal: checkboxes that each option's letter ticks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aitrainer_cli.items.multiple_choice import MultipleChoice
from aitrainer_cli.ui.items.base import answer_or
from aitrainer_cli.ui.items.choice import ChoiceView
from aitrainer_cli.ui.prompts import Choice, fit

if TYPE_CHECKING:
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


class MultipleChoiceView(ChoiceView[MultipleChoice]):
    item = MultipleChoice

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, MultipleChoice)
        letters = context.item.letters
        prior = context.response if isinstance(context.response, list) else []
        options = sorted(question.options.items(), key=lambda kv: letters.get(kv[0], kv[0]))
        rows = [Choice(k, f"{letters.get(k, k)}) {fit(text, 10)}") for k, text in options]
        toggles = {letters.get(key, key): index for index, (key, _) in enumerate(options)}

        def in_bank_order(ticked: list[object]) -> list[str]:
            return [key for key in question.options if key in ticked]

        result = await prompts.ticks(
            "Tick every correct option",
            rows,
            context,
            ticked=prior,
            toggles=toggles,
            on_leave=lambda ticked: context.keep(in_bank_order(ticked)),
        )
        if isinstance(result, list):  # the canonical response lists keys in the bank's order
            return answer_or(in_bank_order(result))
        return result


VIEW = MultipleChoiceView()
