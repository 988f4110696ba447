"""The terminal side of an item type: how its task is shown, asked, and reviewed.

Each item type has one module in this package with a view object; ``ui.items`` lists them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.items.base import QuestionBase
from aitrainer_cli.ui.markup import bank_text

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts

Q = TypeVar("Q", bound=QuestionBase)
Letters = Mapping[str, str]


def percent(credit: float) -> str:
    """Credit as a whole percentage."""
    return f"{100 * credit:.0f}%"


def labelled(rows: Sequence[tuple[str, str]]) -> Table:
    """Label and text side by side, so wrapped lines keep a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for label, text in rows:
        grid.add_row(bank_text(label), bank_text(text))
    return grid


def in_letter_order(by_key: Mapping[str, str], letters: Letters) -> list[tuple[str, str]]:
    """Options as the learner sees them: sorted by their display letter, not the bank's key."""
    return sorted(by_key.items(), key=lambda item: letters.get(item[0], item[0]))


def review_grid(*headings: str) -> Table:
    """A table of a review page (folded, never cut)."""
    table = Table(*headings, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in table.columns:
        column.overflow = "fold"
    return table


class ItemView(Generic[Q]):
    """How one item type looks and is asked in the terminal; defaults suit most types."""

    item: ClassVar[type[QuestionBase]]

    def task(self, question: Q, letters: Letters) -> RenderableType:
        """What the learner acts on, under the prompt and the material (options, scale…)."""
        return Text()

    def key_lines(self, question: Q, letters: Letters) -> list[RenderableType]:
        """The key as review shows it, above the explanation."""
        key = Text("Key: ", style="bold green")
        key.append(question.key_text(letters), style="")
        return [key]

    def notes(self, question: Q, letters: Letters) -> list[RenderableType]:
        """Anything shown after the explanation (feedback per option)."""
        return []

    def review_parts(self, item: ItemResult, question: Q) -> RenderableType | None:
        """Credit by part (dimension, claim, rubric point, expert) for the review page."""
        return None

    def exam_note(self, question: Q) -> RenderableType | None:
        """What an exam's result and review must say about how this type was scored (a type
        scored by machine rules, not by a person, says so); None for nothing to say."""
        return None

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        """Ask the question interactively (``Again``: the learner wants it asked afresh)."""
        raise NotImplementedError


def answer_or(result: Any) -> Outcome | Again:
    """An asker outcome from a prompt's result: actions and signals as they are, else an answer."""
    from aitrainer_cli.ui.asking import Action, Answer, Signal
    from aitrainer_cli.ui.prompts import Again

    return result if isinstance(result, Action | Signal | Again) else Answer(result)
