"""``rating`` in the terminal: one menu per dimension, labelled with the scale's anchors."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.inert import inert
from aitrainer_cli.items.rating import Rating, band_text
from aitrainer_cli.items.reading import is_int
from aitrainer_cli.ui.asking import Answer, Signal
from aitrainer_cli.ui.items.base import (
    ItemView,
    Letters,
    answer_or,
    labelled,
    percent,
    review_grid,
)
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompts import Again, Choice, Picked, fit

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Prompts


def partial(reply: object, so_far: dict[str, object], context: AskContext) -> Outcome | Again:
    """When time runs out midway through a rating or claim check, the parts already given
    still count (the rest earn nothing); any other interruption keeps them as a draft (offered
    again when the question comes back, kept when the attempt is saved)."""
    if reply is Signal.TIMEOUT and so_far:
        return Answer(dict(so_far))
    if so_far and reply is not Again.ASK:
        context.keep(dict(so_far))
    return answer_or(reply)


def parts_table(
    item: ItemResult, heading: str, keys: dict[str, str], words: Callable[[str], str] = str
) -> RenderableType:
    """Credit per dimension or claim, with the learner's value beside the key's (``words``:
    how a value reads, e.g. a verdict label as words)."""
    mine = item.response if isinstance(item.response, dict) else {}
    table = review_grid(heading, "yours", "key", "credit")
    for name, credit in item.score.parts:
        given = mine.get(name)
        table.add_row(
            bank_text(name),
            bank_text("—" if given is None else words(str(given))),
            bank_text(words(keys.get(name, "—"))),
            percent(credit),
        )
    return table


_ANCHOR = re.compile(r"(?<![\w.])(-?\d+)\s*=\s*")
"""``1 = ignores the request``: a scale point a dimension's description defines."""
_DESCRIPTIVE = ("descriptive", "not a quality", "higher is not better")
_DESCRIPTIVE_NAMES = {"verbosity", "complexity", "length"}


def anchors(description: str) -> dict[int, str]:
    """The scale points a dimension's description defines (``1 = wrong; 5 = fully right``)."""
    found = list(_ANCHOR.finditer(description))
    points: dict[int, str] = {}
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(description)
        text = description[match.end() : end].strip().rstrip(";,.").strip()
        if text.count(")") > text.count("("):
            text = text[: text.rindex(")")].rstrip(";,. ")
        if text:
            points[int(match.group(1))] = text
    return points


def descriptive(dimension: str, description: str) -> bool:
    """A dimension that describes (length, complexity) rather than grades: higher is not better."""
    lowered = description.lower()
    return dimension.lower() in _DESCRIPTIVE_NAMES or any(word in lowered for word in _DESCRIPTIVE)


def not_better_note(dimension: str, description: str) -> str:
    """' (descriptive: higher is not better)' for a descriptive dimension whose description does
    not say so already; empty otherwise."""
    if not descriptive(dimension, description) or "not better" in description.lower():
        return ""
    return " (descriptive: higher is not better)"


def point_label(question: Rating, dimension: str, value: int) -> str:
    """What a scale point means for this dimension: its own anchor, else the scale's label,
    else where it lies between the labelled points around it ('between 0 and 2')."""
    own = anchors(question.dimensions[dimension])
    named = {**question.scale.labels, **own}
    label = own.get(value) or question.scale.labels.get(value, "")
    if label or not named:
        return label
    below = [point for point in named if point < value]
    above = [point for point in named if point > value]
    if below and above:
        return f"between {max(below)} and {min(above)}"
    return ""


def value_rows(question: Rating, dimension: str) -> list[Choice]:
    """The menu of one dimension: each point with its anchor, cut with … to the terminal."""
    scale = question.scale
    rows = []
    for value in range(scale.min, scale.max + 1):
        label = point_label(question, dimension, value)
        if 0 <= value <= 9:
            rows.append(Choice(value, fit(label, 12) if label else "", str(value)))
        else:
            rows.append(Choice(value, fit(f"{value}  {label}".rstrip(), 12)))
    return rows


class _Back:
    """The menu row that goes back to the previous dimension of the same item."""


BACK_ROW = Choice(_Back, "← back to the previous rating", "b")


def matrix_table(item: ItemResult, question: Rating, responses: list[str]) -> RenderableType:
    """Dimension × response: the learner's value, the key and the credit in each cell."""
    mine = item.response if isinstance(item.response, dict) else {}
    credits = dict(item.score.parts)
    table = review_grid("dimension", *(f"{label}: yours / key" for label in responses))
    for dimension in question.dimensions:
        cells = []
        for label in responses:
            given = mine.get(label)
            value = given.get(dimension) if isinstance(given, dict) else None
            credit = credits.get(f"{label} {dimension}")
            cells.append(
                f"{'—' if value is None else value} / "
                f"{band_text(question.cell_key(label, dimension))}"
                f"  {'—' if credit is None else percent(credit)}"
            )
        table.add_row(bank_text(dimension), *(bank_text(cell) for cell in cells))
    return table


def rated_body(
    question: Rating,
    label: str,
    context: AskContext,
    so_far: dict[tuple[str | None, str], object] | None = None,
) -> RenderableType:
    """The question with only the response being rated in its material, under the ratings
    already given to the other responses."""
    from aitrainer_cli.ui.question_view import header, question_view

    shown = question
    material = question.context
    if material is not None and material.responses and label in material.responses:
        only = material.model_copy(update={"responses": {label: material.responses[label]}})
        shown = question.model_copy(update={"context": only})
    parts: list[RenderableType] = [
        header(context.question, f"{context.number}/{context.total}", topic=False)
    ]
    for other in question.responses or []:
        given = [f"{d} {v}" for (rated, d), v in (so_far or {}).items() if rated == other]
        if other != label and given:
            parts.append(bank_text(f"Your ratings of {other}: " + ", ".join(given), style="bold"))
    parts.append(question_view(shown, context.item.letters))
    return Group(*parts)


class RatingView(ItemView[Rating]):
    item = Rating

    def task(self, question: Rating, letters: Letters) -> RenderableType:
        """The scale with its labels, then each dimension; wrapped lines keep a hanging indent."""
        parts: list[RenderableType] = []
        if question.responses is not None:
            parts.append(
                Text(f"Rate {', then '.join(question.responses)} on every dimension.", "bold")
            )
        parts.append(Text(f"Scale {question.scale.min}–{question.scale.max}", style="bold"))
        labels = sorted(question.scale.labels.items())
        if labels:
            parts.append(labelled([(f"  {value} =", label) for value, label in labels]))
        bullets = Table.grid(padding=(0, 1))  # "•" beside the text: a hanging indent
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for key, description in question.dimensions.items():
            said = bank_text(f"{key.replace('_', ' ')}: ", style="bold")
            said.append(inert(description))
            said.append(not_better_note(key, description), style="italic")
            bullets.add_row("•", said)
        parts.append(bullets)
        return Group(*parts)

    def review_parts(self, item: ItemResult, question: Rating) -> RenderableType | None:
        if not item.score.parts:
            return None
        if question.responses is not None:
            return matrix_table(item, question, question.responses)
        keys = {name: band_text(question.cell_key(None, name)) for name in question.dimensions}
        return parts_table(item, "dimension", keys)

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, Rating)
        prior = context.response if isinstance(context.response, dict) else {}
        previous: dict[tuple[str | None, str], object]
        if question.responses is None:
            cells: list[tuple[str | None, str]] = [(None, d) for d in question.dimensions]
            previous = {(None, d): v for d, v in prior.items()}
        else:
            cells = [(label, d) for label in question.responses for d in question.dimensions]
            previous = {
                (label, d): v
                for label, given in prior.items()
                if isinstance(given, dict)
                for d, v in given.items()
            }
        given = await self._ask_cells(prompts, context, question, cells, previous)
        if isinstance(given, dict):
            return answer_or(_nested(given, question.responses))
        reply, so_far = given
        return partial(reply, {**prior, **_nested(so_far, question.responses)}, context)

    async def _ask_cells(
        self,
        prompts: Prompts,
        context: AskContext,
        question: Rating,
        cells: list[tuple[str | None, str]],
        previous: dict[tuple[str | None, str], object],
    ) -> dict[tuple[str | None, str], object] | tuple[object, dict[tuple[str | None, str], object]]:
        """One menu per cell, in order; "back" returns to the previous cell with its value kept.
        The values given, or the reply that stopped the questions and the values so far."""
        scale = question.scale
        ratings: dict[tuple[str | None, str], object] = {}
        index = 0
        while index < len(cells):
            label, dimension = cells[index]
            cell = cells[index]
            values = value_rows(question, dimension)
            rows = [*values, BACK_ROW] if index else values
            default = ratings.get(cell, previous.get(cell, (scale.min + scale.max) // 2))
            message = _message(question, label, dimension, index, len(cells))
            body = rated_body(question, label, context, ratings) if label is not None else None
            reply = await prompts.select(message, rows, context, default=default, body=body)
            if isinstance(reply, Picked) and reply.value is _Back:
                index -= 1
                continue
            if not (isinstance(reply, Picked) and is_int(reply.value)):
                return reply, {c: ratings[c] for c in cells[:index] if c in ratings}
            ratings[cell] = reply.value
            index += 1
        return ratings


def _message(question: Rating, label: str | None, dimension: str, index: int, total: int) -> str:
    """'Rate helpfulness: …', or with several responses 'Response A · helpfulness (1/10): …'."""
    description = question.dimensions[dimension]
    description += not_better_note(dimension, description)
    name = dimension.replace("_", " ")
    if label is None:
        return f"Rate {name}: {description}"
    return f"Response {label} · {name} ({index + 1}/{total}): {description}"


def _nested(
    ratings: dict[tuple[str | None, str], object], responses: list[str] | None
) -> dict[str, object]:
    """Cell values as the response a rating stores: flat, or one mapping per response."""
    if responses is None:
        return {dimension: value for (_, dimension), value in ratings.items()}
    nested: dict[str, object] = {}
    for (label, dimension), value in ratings.items():
        row = nested.setdefault(str(label), {})
        assert isinstance(row, dict)
        row[dimension] = value
    return nested


VIEW = RatingView()
