"""``ranking`` in the terminal: pick the best, then the next best, or type the whole order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from aitrainer_cli.items.rank_order import RankOrder
from aitrainer_cli.items.ranking import Ranking
from aitrainer_cli.items.reading import AnswerFormatError
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, answer_or
from aitrainer_cli.ui.items.panel import panel_view
from aitrainer_cli.ui.prompts import Again, Choice, Picked

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Prompts


class _TypeOrder:
    """The menu row that switches to typing the whole order."""


def _view_of(judgement: object) -> object:
    order = RankOrder.parse(judgement)
    return tuple(frozenset(group) for group in order.groups) if order else ()


class RankingView(ItemView[Ranking]):
    item = Ranking

    def task(self, question: Ranking, letters: Letters) -> RenderableType:
        labels = " ".join(sorted(question.response_labels()))
        return Text(f"Order {labels} from best to worst.", style="dim")

    def review_parts(self, item: ItemResult, question: Ranking) -> RenderableType | None:
        panel = question.panel or []

        def agreeing(response: object) -> str:
            same = sum(1 for ranking in panel if _view_of(ranking) == _view_of(response))
            return f"{same} of {len(panel)} experts ranked exactly as you did."

        return panel_view(item, question, agreeing, _view_of)

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        labels = sorted(context.question.response_labels())
        draft = context.response
        order: list[str] = []
        if isinstance(draft, list) and not context.question.complete(draft):
            order = [label for label in draft if isinstance(label, str) and label in labels]
        while len(labels) - len(order) > 1:
            left = [label for label in labels if label not in order]
            message = (
                "Which response is best?"
                if not order
                else f"Ranked so far: {' > '.join(order)}. Which is next best?"
            )
            rows = [Choice(label, f"Response {label}", label.lower()) for label in left]
            rows.append(Choice(_TypeOrder, "Type the whole order (ties: B > A = C)", "t"))
            reply = await prompts.select(message, rows, context)
            if isinstance(reply, Picked) and reply.value is _TypeOrder:
                return await self.ask_typed(prompts, context)
            if not isinstance(reply, Picked):  # time up midway: the places given still count
                if reply is Signal.TIMEOUT and order:
                    return answer_or(list(order))
                if order and reply is not Again.ASK:
                    context.keep(list(order))  # a draft: kept on saving, offered again
                return reply
            order.append(str(reply.value))
        order.extend(label for label in labels if label not in order)
        return answer_or(order)

    async def ask_typed(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, Ranking)

        def valid(text: str) -> bool | str:
            if not text.strip():
                return True
            try:
                question.read_typed(text)
            except AnswerFormatError as error:
                return str(error)
            return question.left_out(text) or True

        text = await prompts.typed(
            "Order, best first (B A C; B > A = C ties)", context, validate=valid
        )
        if isinstance(text, Action | Signal | Again):  # StrEnums: first, or they become text
            return text
        return Answer(question.read_typed(text))


VIEW = RankingView()
