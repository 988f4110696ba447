"""``span_marking`` in the terminal: the response numbered by segment, one typed line for the
segments with an error, then a category menu per marked segment; review lines up both marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aitrainer_cli.items.reading import AnswerFormatError
from aitrainer_cli.items.span_marking import Marks, SpanMarking
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, percent, review_grid
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompts import Again, Choice, Picked, fit
from aitrainer_cli.words import counted

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Prompts

NUMBERS_PROMPT = "Segments with an error (e.g. 2 5, 2-4"
WIDE = 72
"""Columns from which the review table repeats each segment's text beside the marks (narrower,
the numbered response above the table is the only copy)."""


class _Back:
    """The category-menu row that goes back one step."""


def numbered(question: SpanMarking) -> Table:
    """The segments under their numbers, each wrapped beside its number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, style="bold")
    grid.add_column()
    for number, segment in enumerate(question.segment_texts(), 1):
        grid.add_row(f"[{number}]", bank_text(segment))
    return grid


def _numbers_text(marks: Marks) -> str:
    return " ".join(str(number) for number in sorted(marks))


class SpanMarkingView(ItemView[SpanMarking]):
    item = SpanMarking

    def task(self, question: SpanMarking, letters: Letters) -> RenderableType:
        parts: list[RenderableType] = [
            Panel(
                numbered(question),
                title=Text("Response, by segment"),
                title_align="left",
                border_style="magenta",
                box=box.ROUNDED,
            )
        ]
        if question.categories:
            parts.append(Text("Categories: " + ", ".join(question.categories), style="dim"))
        if question.allow_none:
            parts.append(Text("If no segment has an error, answer: none", style="dim"))
        return Group(*parts)

    def review_parts(self, item: ItemResult, question: SpanMarking) -> RenderableType | None:
        mine = question.marks_of(item.response) if item.answered else {}
        return marks_table(question, mine or {})

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, SpanMarking)
        prior = question.marks_of(context.response) if context.response is not None else None
        chosen: Marks = dict(prior or {})
        typed_default = "none" if prior == {} else _numbers_text(chosen)
        while True:
            marks = await self._numbers(prompts, context, question, typed_default)
            if not isinstance(marks, dict):
                return marks
            typed_default = _numbers_text(marks) if marks else "none"
            if not question.categories or not marks:
                return Answer(question.canonical(marks))
            for number, category in marks.items():
                marks[number] = category or chosen.get(number)
            outcome = await self._categories(prompts, context, question, marks)
            if outcome is not _Back:
                return outcome  # type: ignore[return-value]
            chosen.update({n: c for n, c in marks.items() if c})

    async def _numbers(
        self, prompts: Prompts, context: AskContext, question: SpanMarking, default: str
    ) -> Marks | Outcome | Again:
        """The typed line of segment numbers (categories may be typed too: 2=h)."""

        def valid(text: str) -> bool | str:
            if not text.strip():
                return True
            try:
                question.canonical(question.read_marks(text, need_categories=False))
            except AnswerFormatError as error:
                return str(error)
            return True

        message = NUMBERS_PROMPT + ("; none)" if question.allow_none else ")")
        text = await prompts.typed(message, context, default=default, validate=valid)
        if isinstance(text, Action | Signal | Again):  # StrEnums: first, or they become text
            return text
        return question.read_marks(text, need_categories=False)

    async def _categories(
        self, prompts: Prompts, context: AskContext, question: SpanMarking, marks: Marks
    ) -> Outcome | Again | type[_Back]:
        """One category menu per marked segment; Back steps to the previous one."""
        categories = question.categories or []
        # Numbered, as claim verdicts are: letters belong to the actions (s skip, …).
        rows = [
            Choice(c, c.replace("_", " "), str(number) if number <= 9 else None)
            for number, c in enumerate(categories, 1)
        ]
        numbers = sorted(marks)
        segments = question.segment_texts()
        index = 0
        while index < len(numbers):
            number = numbers[index]
            back = "Back: the previous segment" if index else "Back: change the segment numbers"
            reply = await prompts.select(
                fit(f"Category of [{number}] {segments[number - 1]}", 27),
                [*rows, Choice(_Back, back)],
                context,
                default=marks.get(number),
            )
            if isinstance(reply, Picked) and reply.value is _Back:
                if index == 0:
                    return _Back
                index -= 1
                continue
            if not isinstance(reply, Picked):  # time up midway: the marks given still count
                if reply is Signal.TIMEOUT:
                    return Answer(question.canonical(marks))
                return reply
            marks[number] = str(reply.value)
            index += 1
        return Answer(question.canonical(marks))


class MarksTable:
    """Every segment with the learner's mark beside the key's (and, when the terminal is wide
    enough, the segment's text)."""

    def __init__(self, question: SpanMarking, mine: Marks) -> None:
        self.question = question
        self.mine = mine

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(number, yours, key, ✓/~/✗, text) for every segment."""
        question, mine, key = self.question, self.mine, self.question.key_marks()
        rows = []
        for number, segment in enumerate(question.segment_texts(), 1):
            if (number in mine) != (number in key):
                verdict = "✗"
            elif number in key and question.categories and mine[number] != key[number]:
                verdict = "~"
            else:
                verdict = "✓"
            rows.append(
                (str(number), _mark_word(mine, number), _mark_word(key, number), verdict, segment)
            )
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.max_width >= WIDE
        table = review_grid("#", "yours", "key", "", *(["segment"] if wide else []))
        table.columns[0].justify = "right"
        for number, given, keyed, verdict, segment in self.rows():
            texts = [bank_text(given), bank_text(keyed), Text(verdict)]
            table.add_row(number, *texts, *([bank_text(segment)] if wide else []))
        yield table


def marks_table(question: SpanMarking, mine: Marks) -> RenderableType:
    """Every segment with the learner's mark beside the key's, and how the credit came out."""
    table = MarksTable(question, mine)
    partly = any(row[3] == "~" for row in table.rows())
    lines: list[RenderableType] = [table]
    if partly:
        share = percent(question.category_credit)
        lines.append(Text(f"~ right segment, wrong category: {share} of a hit", style="dim"))
    lines.append(Text(f1_line(question, mine), style="dim"))
    return Group(*lines)


def _mark_word(marks: Marks, number: int) -> str:
    if number not in marks:
        return "—"
    return marks[number] or "error"


def f1_line(question: SpanMarking, mine: Marks) -> str:
    """How the credit is computed, with the learner's figures."""
    key = question.key_marks()
    if not key and not mine:
        return "No errors in the key and none marked: full credit."
    hits = sum(
        1.0 if not question.categories or mine[n] == key[n] else question.category_credit
        for n in mine
        if n in key
    )
    credit = 2 * hits / (len(mine) + len(key))
    found = (
        f"You found {hits:g} of the key's {counted(len(key), 'error')}"
        if key
        else "The key marks no errors"
    )
    return (
        f"{found} and marked {counted(len(mine), 'segment')}: credit = 2 × found ÷ "
        f"(marked + errors) = 2×{hits:g}/({len(mine)}+{len(key)}) = {percent(credit)}"
    )


VIEW = SpanMarkingView()
