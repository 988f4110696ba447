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


MACHINE_SCORED = (
    "Machine-scored: your text was matched against the rubric's keywords and patterns, not "
    "read by a person. Each point counts when its words are found and none of its cancelling "
    "words are; a required point missed (the verdict) makes the credit 0."
)

GRADERS = {"judge": "judge", "self_check": "your check"}
"""The column a review adds for the grading that replaced the keywords."""


class FreeTextView(ItemView[FreeText]):
    item = FreeText

    def key_lines(self, question: FreeText, letters: Letters) -> list[RenderableType]:
        return [Text("Model answer:", style="bold green"), BankMarkdown(question.model_answer)]

    def review_parts(self, item: ItemResult, question: FreeText) -> RenderableType | None:
        if not item.score.parts or not isinstance(item.response, str):
            return None
        grader = GRADERS.get(item.score.graded_by)  # a judge or a self-check graded it
        headings = ("keywords", grader) if grader else ("in your answer?",)
        table = review_grid("rubric point", *headings)
        checks = question.checks(item.response)
        for check, (_, made) in zip(checks, item.score.parts, strict=True):
            point = Text("required · ", style="bold") if check.point.required else Text()
            point.append_text(bank_text(check.point.point))
            style = "green" if check.made else ("bold red" if check.point.required else "")
            cells = [bank_text(check.status, style=style)]
            if grader:
                cells.append(Text("made" if made else "not made", style="green" if made else ""))
            table.add_row(point, *cells)
        return table

    def exam_note(self, question: FreeText) -> RenderableType | None:
        return Text(MACHINE_SCORED, style="yellow")

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        prior = context.response if isinstance(context.response, str) else ""
        text = await prompts.typed(
            "Your justification",
            context,
            default=prior,
            multiline=True,
            on_leave=lambda typed: context.keep(typed.strip()),
        )
        if isinstance(text, Action | Signal | Again):  # StrEnums: first, or they become text
            return text
        return Answer(text.strip())


VIEW = FreeTextView()
