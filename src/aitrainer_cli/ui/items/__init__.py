"""The terminal side of each item type, one module per type, and the registry of their views."""

from __future__ import annotations

from typing import Any

from aitrainer_cli.items.base import QuestionBase
from aitrainer_cli.ui.items import (
    claim_check,
    free_text,
    multiple_choice,
    numeric,
    preference,
    ranking,
    rating,
    rewrite,
    single_choice,
    span_marking,
    task,
    true_false,
)
from aitrainer_cli.ui.items.base import ItemView

_VIEWS: dict[type[QuestionBase], ItemView[Any]] = {
    module.VIEW.item: module.VIEW
    for module in (
        single_choice,
        multiple_choice,
        true_false,
        ranking,
        preference,
        rating,
        claim_check,
        free_text,
        numeric,
        rewrite,
        span_marking,
        task,
    )
}


def view_of(question: QuestionBase) -> ItemView[Any]:
    """The terminal view of a question's item type."""
    return _VIEWS[type(question)]
