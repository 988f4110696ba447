"""Item types: one module per type, and the registry that the rest of the program consults.

Adding a type means one module here (model, checks, scoring, reading answers, words for review),
one terminal module in ``ui/items``, and a line in each registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import ConfigDict, Field, TypeAdapter

from aitrainer_cli.items.base import UNANSWERED, QuestionBase, Score
from aitrainer_cli.items.claim_check import ClaimCheck
from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.items.multiple_choice import MultipleChoice
from aitrainer_cli.items.numeric import Numeric
from aitrainer_cli.items.preference import Preference
from aitrainer_cli.items.ranking import Ranking
from aitrainer_cli.items.rating import Rating
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.items.single_choice import SingleChoice
from aitrainer_cli.items.span_marking import SpanMarking
from aitrainer_cli.items.task import Task, install_parts
from aitrainer_cli.items.true_false import TrueFalse

ITEM_CLASSES: tuple[type[QuestionBase], ...] = (
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    Ranking,
    Preference,
    Rating,
    ClaimCheck,
    FreeText,
    Numeric,
    Rewrite,
    SpanMarking,
    Task,
)
"""Every item type, in the order banks, schemas and breakdowns list them."""

install_parts(ITEM_CLASSES)  # every type but task is a valid part of a task

ITEM_TYPES: tuple[str, ...] = tuple(cls.type_name() for cls in ITEM_CLASSES)
"""The ``type:`` values a bank may use."""

CHOICE_TYPES: frozenset[str] = frozenset(c.type_name() for c in ITEM_CLASSES if c.has_options)
"""Types whose learner picks among lettered options."""
SINGLE_ANSWER_TYPES: frozenset[str] = frozenset(
    c.type_name() for c in ITEM_CLASSES if c.has_options and c.single
)
"""Types with options of which exactly one is the answer."""

TITLES: dict[str, str] = {cls.type_name(): cls.title for cls in ITEM_CLASSES}
"""Each type's task as a heading ('Rank the responses'), by type name."""

if TYPE_CHECKING:
    Question = QuestionBase
else:
    Question = Annotated[Union[ITEM_CLASSES], Field(discriminator="type")]  # noqa: UP007
"""Any question of a bank: the models discriminated on ``type``."""

# Validators are built on first use: a catalog read back from the cache never needs them.
QUESTION_ADAPTER: TypeAdapter[QuestionBase] = TypeAdapter(
    Question, config=ConfigDict(defer_build=True)
)


def score(question: QuestionBase, response: object) -> Score:
    """Score a response against the question's key; unanswered or malformed earns 0."""
    if response is None:
        return UNANSWERED
    return question.score(response)


__all__ = [
    "ITEM_CLASSES",
    "ITEM_TYPES",
    "QUESTION_ADAPTER",
    "TITLES",
    "Question",
    "QuestionBase",
    "Score",
]
