"""Mistake feedback on screen: the explanations of the mistakes the learner's answer makes (in
practice feedback and review), and every mistake of an item with its pattern (``bank show``).

Choice items explain each wrong pick with ``option_feedback`` after the explanation; scenario
items do the same with ``mistakes``, but only the ones that match the answer given are shown
beside it, and the whole list is shown where there is no answer (showing a bank)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from aitrainer_cli.items.base import QuestionBase
from aitrainer_cli.items.mistakes import matched_mistakes
from aitrainer_cli.ui.items.base import labelled


def answer_mistakes(question: QuestionBase, response: object) -> RenderableType | None:
    """What the item says about the mistakes this response makes; None when it makes none."""
    matched = matched_mistakes(question, response)
    if not matched:
        return None
    return Group(
        Text("About your answer", style="bold yellow"),
        labelled([(f"  {mistake.when}:", mistake.feedback) for mistake in matched]),
    )


def all_mistakes(question: QuestionBase) -> list[RenderableType]:
    """Every mistake of the item, its pattern beside its explanation."""
    if not question.mistakes:
        return []
    return [
        Text("Feedback on tempting wrong answers", style="bold"),
        labelled([(f"  {mistake.when}:", mistake.feedback) for mistake in question.mistakes]),
    ]
