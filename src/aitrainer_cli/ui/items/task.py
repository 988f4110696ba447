"""``task`` in the terminal: its parts asked in order, each by its own type's view.

``ask_parts`` drives the parts for both askers: each part is asked as an item of its own type
(with the task's material), its answer committed as soon as it is given; "previous" on a later
part goes back one part, and skip, mark, the answer sheet and pauses act on the whole task.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.items.base import QuestionBase
from aitrainer_cli.items.task import CONSISTENCY_DEDUCTION, Task
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, percent, review_grid
from aitrainer_cli.ui.markup import BankMarkdown, bank_text

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts

AskOne = Callable[["AskContext"], Awaitable["Outcome | Again"]]
"""Asks one part (an item of another type) and returns what the learner did."""


def part_form_item(task: Task, index: int, item: FormItem) -> FormItem:
    """The form item a part is asked under: its own id, its options in bank order."""
    question = task.part_question(index)
    return FormItem(
        f"{item.question_id}/{task.part_keys()[index]}",
        item.bank_id,
        item.section,
        question.option_keys(),
    )


def part_context(context: AskContext, task: Task, index: int, response: object) -> AskContext:
    """The context a part is asked in: the part as a question, 'Part 2 of 4' before its
    prompt, back allowed to an earlier part; nothing committed on its own."""
    question = task.part_question(index)
    shown = question.model_copy(
        update={"prompt": f"**Part {index + 1} of {len(task.parts)}.** {question.prompt}"}
    )
    return replace(
        context,
        question=shown,
        item=part_form_item(task, index, context.item),
        response=response,
        can_go_back=index > 0 or context.can_go_back,
        commit=lambda response: None,
    )


async def ask_parts(
    context: AskContext, ask_one: AskOne, *, skip_keeps: bool = False
) -> Outcome | Again:
    """Ask the task's parts from the first one not answered yet (from the first when all are:
    a revisit), keeping each answer as it is given. With ``skip_keeps`` (plain lines, where
    Enter alone skips), a skip on a part already answered keeps its answer and moves on."""
    task = context.question
    assert isinstance(task, Task)
    keys = task.part_keys()
    given: dict[str, object] = dict(context.response) if isinstance(context.response, dict) else {}
    index = task.first_open_part(given)
    index = 0 if index == len(keys) else index
    while index < len(keys):
        outcome = await ask_one(part_context(context, task, index, given.get(keys[index])))
        if isinstance(outcome, Answer):
            given[keys[index]] = outcome.response
            if not task.complete(given):
                context.commit(dict(given))
            index += 1
        elif outcome is Action.BACK and index > 0:
            index -= 1
        elif outcome is Action.SKIP and skip_keeps and keys[index] in given:
            index += 1
        elif outcome is Signal.TIMEOUT and given:
            return Answer(dict(given))  # the parts given still count
        else:
            return outcome
    return Answer(given)


def _part_results(item: ItemResult, task: Task) -> list[tuple[int, QuestionBase, ItemResult]]:
    """Each part as a graded item of its own type, for its own review table."""
    response = item.response if isinstance(item.response, dict) else {}
    scores = task.part_scores(response)
    found = []
    for i, key in enumerate(task.part_keys()):
        question = task.part_question(i)
        part = replace(
            item,
            item=part_form_item(task, i, item.item),
            type=question.type_name(),
            points=task.weight(i),
            score=scores[i],
            response=response.get(key),
        )
        found.append((i, question, part))
    return found


class TaskView(ItemView[Task]):
    item = Task

    def task(self, question: Task, letters: Letters) -> RenderableType:
        text = Text()
        for i, part in enumerate(question.parts):
            text.append(f"Part {i + 1}: {question.part_title(i)}", style="bold")
            text.append(f" · weight {question.weight(i):g}\n", style="dim")
            text.append_text(bank_text(" ".join(part.prompt.split())))
            text.append("\n")
        return text

    def key_lines(self, question: Task, letters: Letters) -> list[RenderableType]:
        from aitrainer_cli.ui.items import view_of

        lines: list[RenderableType] = []
        for i, part in enumerate(question.parts):
            sub = question.part_question(i)
            lines.append(Text(f"Part {i + 1}: {question.part_title(i)}", style="bold"))
            lines += view_of(sub).key_lines(sub, {})
            lines.append(BankMarkdown(part.explanation))
        lines.append(Text("The task as a whole:", style="bold"))
        return lines

    def review_parts(self, item: ItemResult, question: Task) -> RenderableType | None:
        from aitrainer_cli.ui.items import view_of

        if not isinstance(item.response, dict):
            return None
        table = review_grid("part", "weight", "credit")
        shown: list[RenderableType] = [table]
        results = _part_results(item, question)
        for i, _, part in results:
            if part.answered and part.score.note:  # a part's special rule: say which applied
                shown.append(bank_text(f"Part {i + 1}: {part.score.note}", style="yellow"))
        for i, sub, part in results:
            answered = "" if part.answered else " (no answer)"
            table.add_row(
                bank_text(f"{i + 1}. {question.part_title(i)}{answered}"),
                f"{question.weight(i):g}",
                percent(part.score.credit),
            )
            detail = view_of(sub).review_parts(part, sub)
            if detail is not None:
                shown += [Text(f"Part {i + 1}: {question.part_title(i)}", style="bold"), detail]
        shown.append(consistency_view(question, item.response))
        return Group(*shown)

    def exam_note(self, question: Task) -> RenderableType | None:
        from aitrainer_cli.ui.items import view_of

        for i in range(len(question.parts)):
            sub = question.part_question(i)
            note = view_of(sub).exam_note(sub)
            if note is not None:
                return note
        return None

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        from aitrainer_cli.ui.items import view_of
        from aitrainer_cli.ui.prompts import Again

        async def ask_one(sub: AskContext) -> Outcome | Again:
            while True:  # "Answer this question" in the action menu asks the part afresh
                outcome = await view_of(sub.question).ask(prompts, sub)
                if outcome is not Again.ASK:
                    return outcome

        return await ask_parts(context, ask_one)


def consistency_view(question: Task, response: object) -> RenderableType:
    """The contradictions between the learner's parts, or that none were found."""
    found = question.contradictions(response)
    scored = question.consistency == "scored"
    if not found:
        return Text("Consistency: your parts agree with each other.", style="green")
    heading = (
        f"Consistency (scored: each costs {CONSISTENCY_DEDUCTION:.0%})"
        if scored
        else "Consistency (reported, not scored)"
    )
    text = Text(f"{heading}:", style="bold yellow")
    for contradiction in found:
        text.append("\n• ")
        text.append_text(bank_text(contradiction.message[0].upper() + contradiction.message[1:]))
    return text


VIEW = TaskView()
