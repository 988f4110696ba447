"""``numeric`` in the terminal: one typed line with the unit beside it, re-asked in place until
it reads as a number; review shows the value given, the key, the accepted range and the band."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType

from aitrainer_cli.inert import inert_line
from aitrainer_cli.items.numbers import PERCENT, finite, number_text, unit_words, with_unit
from aitrainer_cli.items.numeric import Numeric
from aitrainer_cli.items.reading import AnswerFormatError, shown_value
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, labelled
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompts import Again

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Prompts


def earned_words(question: Numeric, value: float | None) -> str:
    """Which credit a value earned, in words: the full range, a band, or neither."""
    if value is None:
        return "none: not a number"
    if question.score(value).credit == 1:
        return "full credit: inside the accepted range"
    band = question.band_of(value)
    if band is None:
        return "none: outside the accepted range" + (" and every band" if question.bands else "")
    return question.band_words(band)


def distance_words(question: Numeric, value: float) -> str:
    """'0.01 (full credit up to 0.005)', in the unit's terms."""
    off = number_text(abs(value - question.answer))
    if question.unit == PERCENT:
        off += " percentage points"
    elif question.unit:
        off += f" {question.unit}"
    if question.accepted() == 0:
        return f"{off} (only the exact answer earns full credit)"
    return f"{off} (full credit up to {number_text(question.accepted())})"


def short_message(message: str, typed: str) -> str:
    """An error as the one-line toolbar under the prompt shows it: the text just typed is not
    quoted back ('That is not a number: …'), so the advice fits 60 columns."""
    quoted = shown_value(typed) + " "
    return "That " + message[len(quoted) :] if message.startswith(quoted) else message


class NumericView(ItemView[Numeric]):
    item = Numeric

    def task(self, question: Numeric, letters: Letters) -> RenderableType:
        return bank_text(f"Type {unit_words(question.unit)}.", style="dim")

    def key_lines(self, question: Numeric, letters: Letters) -> list[RenderableType]:
        rows = [("Key:", with_unit(question.answer, question.unit))]
        rows.append(("Accepted:", question.range_words()))
        rows += [("Partial:", question.band_words(band)) for band in question.bands]
        table = labelled(rows)
        table.columns[0].style = "bold green"
        return [table]

    def review_parts(self, item: ItemResult, question: Numeric) -> RenderableType | None:
        """How far off the value was and what it earned (value and key are shown around it)."""
        if not item.answered:
            return None
        value = finite(item.response)
        if value is None:
            return labelled([("Earned:", earned_words(question, value))])
        return labelled(
            [
                ("Off by:", distance_words(question, value)),
                ("Earned:", earned_words(question, value)),
            ]
        )

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, Numeric)

        def valid(text: str) -> bool | str:
            if not text.strip():
                return True  # finished empty: the action menu
            try:
                question.read_typed(text)
            except AnswerFormatError as error:
                return inert_line(short_message(str(error), text))
            return True

        prior = finite(context.response)
        shown = "" if prior is None else number_text(prior).replace(",", "")
        message = f"Your answer ({inert_line(question.unit)})" if question.unit else "Your answer"
        text = await prompts.typed(message, context, default=shown, validate=valid)
        if isinstance(text, Action | Signal | Again):  # StrEnums: first, or they become text
            return text
        return Answer(question.read_typed(text))


VIEW = NumericView()
