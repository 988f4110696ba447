"""Mistake feedback on screen: the explanations of the mistakes the learner's answer makes (in
practice feedback and review), and every mistake of an item with its pattern (``bank show``).

Choice items explain each wrong pick with ``option_feedback`` after the explanation; scenario
items do the same with ``mistakes``, but only the ones that match the answer given are shown
beside it, and the whole list is shown where there is no answer (showing a bank)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from aitrainer_cli.items.base import QuestionBase
from aitrainer_cli.items.mistakes import Mistake, matched_mistakes
from aitrainer_cli.ui.markup import BankMarkdown, bank_text


def answer_mistakes(question: QuestionBase, response: object) -> RenderableType | None:
    """What the item says about the mistakes this response makes; None when it makes none."""
    matched = matched_mistakes(question, response)
    if not matched:
        return None
    return Group(
        Text("About your answer", style="bold yellow"),
        _entries(matched),
    )


def all_mistakes(question: QuestionBase) -> list[RenderableType]:
    """Every mistake of the item, its pattern beside its explanation."""
    if not question.mistakes:
        return []
    return [
        Text("Feedback on tempting wrong answers", style="bold"),
        _entries(question.mistakes),
    ]


def _entries(mistakes: list[Mistake]) -> Group:
    """Each pattern, then its explanation (Markdown, reflowed) indented under it: patterns can
    be long ("B correctness 4..5"), and a narrow terminal keeps the explanation readable."""
    rows: list[RenderableType] = []
    for mistake in mistakes:
        rows.append(bank_text(f"  {mistake.when}", style="bold"))
        rows.append(Padding(BankMarkdown(mistake.feedback.strip()), (0, 0, 0, 4)))
    return Group(*rows)
