"""``rating`` in the terminal: one menu per dimension, labelled with the scale's anchors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from aitrainer_cli.items.rating import Rating, band_text
from aitrainer_cli.items.reading import is_int
from aitrainer_cli.ui.asking import Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, answer_or, percent, review_grid
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompts import Choice, Picked

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


def partial(reply: object, so_far: dict[str, object]) -> Outcome | Again:
    """When time runs out midway through a rating or claim check, the parts already given
    still count (the rest earn nothing); any other interruption leaves the question as it was."""
    if reply is Signal.TIMEOUT and so_far:
        return Answer(dict(so_far))
    return answer_or(reply)


def parts_table(item: ItemResult, heading: str, keys: dict[str, str]) -> RenderableType:
    """Credit per dimension or claim, with the learner's value beside the key's."""
    mine = item.response if isinstance(item.response, dict) else {}
    table = review_grid(heading, "yours", "key", "credit")
    for name, credit in item.score.parts:
        given = mine.get(name)
        table.add_row(
            bank_text(name),
            bank_text("—" if given is None else str(given)),
            bank_text(keys.get(name, "—")),
            percent(credit),
        )
    return table


class RatingView(ItemView[Rating]):
    item = Rating

    def task(self, question: Rating, letters: Letters) -> RenderableType:
        text = Text()
        text.append(f"Scale {question.scale.min}–{question.scale.max}", style="bold")
        for value, label in sorted(question.scale.labels.items()):
            text.append(f"\n  {value} = {label}")
        for key, description in question.dimensions.items():
            text.append(f"\n• {key}: ", style="bold")
            text.append(description)
        return text

    def review_parts(self, item: ItemResult, question: Rating) -> RenderableType | None:
        if not item.score.parts:
            return None
        keys = {name: band_text(value) for name, value in question.answer.items()}
        return parts_table(item, "dimension", keys)

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, Rating)
        scale = question.scale
        prior = context.response if isinstance(context.response, dict) else {}
        ratings: dict[str, object] = {}
        for dimension, description in question.dimensions.items():
            rows = [
                Choice(v, scale.labels.get(v, ""), str(v))
                if 0 <= v <= 9
                else Choice(v, f"{v}  {scale.labels.get(v, '')}".rstrip())
                for v in range(scale.min, scale.max + 1)
            ]
            reply = await prompts.select(
                f"Rate {dimension}: {description}",
                rows,
                context,
                default=prior.get(dimension, (scale.min + scale.max) // 2),
            )
            if not (isinstance(reply, Picked) and is_int(reply.value)):
                return partial(reply, ratings)
            ratings[dimension] = reply.value
        return answer_or(ratings)


VIEW = RatingView()
