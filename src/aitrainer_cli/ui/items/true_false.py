"""``true_false`` in the terminal: a two-row menu, t or f."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aitrainer_cli.items.true_false import TrueFalse
from aitrainer_cli.ui.items.base import ItemView, answer_or
from aitrainer_cli.ui.prompts import Choice, Picked

if TYPE_CHECKING:
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


class TrueFalseView(ItemView[TrueFalse]):
    item = TrueFalse

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        rows = [Choice(True, "True", "t"), Choice(False, "False", "f")]
        reply = await prompts.select("True or false?", rows, context, default=context.response)
        return answer_or(reply.value if isinstance(reply, Picked) else reply)


VIEW = TrueFalseView()
