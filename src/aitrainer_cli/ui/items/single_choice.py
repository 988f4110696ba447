"""``single_choice`` in the terminal: a menu of lettered options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aitrainer_cli.items.single_choice import SingleChoice
from aitrainer_cli.ui.items.base import answer_or
from aitrainer_cli.ui.items.choice import ChoiceView
from aitrainer_cli.ui.prompts import Choice, Picked, fit

if TYPE_CHECKING:
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


class SingleChoiceView(ChoiceView[SingleChoice]):
    item = SingleChoice

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, SingleChoice)
        letters = context.item.letters
        options = sorted(question.options.items(), key=lambda kv: letters.get(kv[0], kv[0]))
        rows = [Choice(key, fit(text), letters.get(key, key)) for key, text in options]
        reply = await prompts.select("Choose one", rows, context, default=context.response)
        return answer_or(reply.value if isinstance(reply, Picked) else reply)


VIEW = SingleChoiceView()
