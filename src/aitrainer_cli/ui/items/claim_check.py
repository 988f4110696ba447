"""``claim_check`` in the terminal: one verdict menu per claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from aitrainer_cli.items.claim_check import ClaimCheck
from aitrainer_cli.ui.items.base import ItemView, Letters, answer_or, labelled
from aitrainer_cli.ui.items.rating import partial, parts_table
from aitrainer_cli.ui.prompts import Choice, Picked

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


class ClaimCheckView(ItemView[ClaimCheck]):
    item = ClaimCheck

    def task(self, question: ClaimCheck, letters: Letters) -> RenderableType:
        rows = [(f"  [{key}]", claim) for key, claim in question.claims.items()]
        return Group(labelled(rows), Text("Verdicts: " + ", ".join(question.labels), style="dim"))

    def review_parts(self, item: ItemResult, question: ClaimCheck) -> RenderableType | None:
        return parts_table(item, "claim", dict(question.answer)) if item.score.parts else None

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, ClaimCheck)
        prior = context.response if isinstance(context.response, dict) else {}
        firsts = [label[0] for label in question.labels]
        rows = [
            Choice(
                label, label.replace("_", " "), label[0] if firsts.count(label[0]) == 1 else None
            )
            for label in question.labels
        ]
        verdicts: dict[str, object] = {}
        for claim, text in question.claims.items():
            reply = await prompts.select(
                f"[{claim}] {text}", rows, context, default=prior.get(claim)
            )
            if not (isinstance(reply, Picked) and reply.value in question.labels):
                return partial(reply, verdicts)
            verdicts[claim] = reply.value
        return answer_or(verdicts)


VIEW = ClaimCheckView()
