"""Span-marking balance in the built-in banks: the flawed segments of the shipped span_marking
items (and of the span parts of tasks) are not always the first or the last segment, so a
learner who marks the opening or closing sentence out of habit does not score well."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.items import Question
from aitrainer_cli.paths import builtin_banks_dir

MIN_ITEMS = 4
"""Fewer keyed span items than this say nothing about a habit, so they are not judged."""
MAX_EDGE_ONLY = 0.5
"""At most this share of keyed items may have every flaw in the first or the last segment."""
MAX_AT_ONE_END = 0.6
"""At most this share of keyed items may have a flaw in the first (or in the last) segment."""


def span_items(questions: Iterable[Question]) -> Iterator[Question]:
    """Every span_marking item, and every span_marking part of a task."""
    for question in questions:
        if question.type == "span_marking":
            yield question
        elif question.type == "task":
            yield from (part for part in question.parts if part.type == "span_marking")


def _keyed(span: Question) -> tuple[set[int], int]:
    return set(span.key_marks()), len(span.segment_texts())


def span_position_imbalance(questions: Iterable[Question]) -> str | None:
    """Why the keyed segments sit systematically at the first or the last segment, or None."""
    keyed = [(marks, size) for marks, size in map(_keyed, span_items(questions)) if marks]
    if len(keyed) < MIN_ITEMS:
        return None
    total = len(keyed)
    edge_only = sum(all(m in (1, size) for m in marks) for marks, size in keyed)
    first = sum(1 in marks for marks, _ in keyed)
    last = sum(size in marks for marks, size in keyed)
    if edge_only > MAX_EDGE_ONLY * total:
        return f"{edge_only} of {total} span items have flaws only in the first or last segment"
    if first > MAX_AT_ONE_END * total:
        return f"{first} of {total} span items have a flaw in the first segment"
    if last > MAX_AT_ONE_END * total:
        return f"{last} of {total} span items have a flaw in the last segment"
    return None


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([builtin_banks_dir()])


def _banks(catalog: Catalog) -> list[str]:
    return sorted({entry.bank_id for entry in catalog.entries.values()})


def test_the_shipped_banks_have_span_items_to_judge(catalog: Catalog) -> None:
    questions = [entry.question for entry in catalog.entries.values()]
    assert len([s for s in span_items(questions) if s.key_marks()]) >= MIN_ITEMS


def test_flawed_segments_are_not_always_first_or_last_across_the_banks(catalog: Catalog) -> None:
    questions = [entry.question for entry in catalog.entries.values()]
    assert span_position_imbalance(questions) is None


def test_flawed_segments_are_not_always_first_or_last_in_each_bank(catalog: Catalog) -> None:
    found = {
        bank: why
        for bank in _banks(catalog)
        if (why := span_position_imbalance(catalog.questions_of(bank))) is not None
    }
    assert found == {}


def _rekeyed(catalog: Catalog, where: str) -> list[Question]:
    """The shipped span items, each keyed on its first or its last segment only."""
    skewed: list[Question] = []
    questions = [entry.question for entry in catalog.entries.values()]
    for span in span_items(questions):
        size = len(span.segment_texts())
        number = 1 if where == "first" else size
        answer = {number: span.categories[0]} if span.categories else [number]
        skewed.append(span.model_copy(update={"answer": answer}))
    return skewed


@pytest.mark.parametrize("where", ["first", "last"])
def test_the_span_balance_check_catches_a_skewed_bank(catalog: Catalog, where: str) -> None:
    """The check can fail: a bank whose flaws are always the opening (or closing) sentence."""
    why = span_position_imbalance(_rekeyed(catalog, where))
    assert why is not None
    assert "first or last" in why


def test_a_bank_with_flaws_at_both_ends_only_is_caught(catalog: Catalog) -> None:
    """Alternating first and last keeps each end under its share but is still a habit."""
    skewed = _rekeyed(catalog, "first")
    for i, span in enumerate(skewed):
        if i % 2:
            size = len(span.segment_texts())
            answer = {size: span.categories[0]} if span.categories else [size]
            skewed[i] = span.model_copy(update={"answer": answer})
    assert span_position_imbalance(skewed) is not None


def test_a_balanced_bank_and_a_small_one_pass(catalog: Catalog) -> None:
    questions = [entry.question for entry in catalog.entries.values()]
    inner = []
    for span in span_items(questions):
        size = len(span.segment_texts())
        if size >= 3:
            answer = {2: span.categories[0]} if span.categories else [2]
            inner.append(span.model_copy(update={"answer": answer}))
    assert len(inner) >= MIN_ITEMS
    assert span_position_imbalance(inner) is None
    assert span_position_imbalance(_rekeyed(catalog, "first")[: MIN_ITEMS - 1]) is None
