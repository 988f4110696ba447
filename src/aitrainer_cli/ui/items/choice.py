"""What single and multiple choice share on screen: lettered options and their feedback."""

from __future__ import annotations

from rich.console import RenderableType

from aitrainer_cli.items.choice import ChoiceQuestion
from aitrainer_cli.ui.items.base import ItemView, Letters, Q, in_letter_order, labelled


class ChoiceView(ItemView[Q]):
    """Options as letters in display order; feedback per option after the explanation."""

    def task(self, question: Q, letters: Letters) -> RenderableType:
        assert isinstance(question, ChoiceQuestion)
        return labelled(
            [
                (f"  {letters.get(k, k)})", option)
                for k, option in in_letter_order(question.options, letters)
            ]
        )

    def notes(self, question: Q, letters: Letters) -> list[RenderableType]:
        assert isinstance(question, ChoiceQuestion)
        if not question.option_feedback:
            return []
        return [
            labelled(
                [
                    (f"  {letters.get(option, option)})", note)
                    for option, note in in_letter_order(question.option_feedback, letters)
                ]
            )
        ]
