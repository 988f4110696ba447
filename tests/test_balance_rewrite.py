"""Rewrite checks reward the fix: neither deleting the response nor handing it back unchanged
earns half the checks' weight.

Scoring already gives 0 to a blank or unchanged rewrite, but that guard is exact: a learner who
types one word, or changes one word of the original, is scored by the checks alone. So the
checks themselves must discriminate: ``removed``, ``excludes``, ``max_words`` and
``no_markdown`` pass on an empty text, and ``kept`` passes on the original, so an item needs
enough checks that only a real fix passes (``includes``, ``min_words``, ``format: json``…).
This runs over every rewrite item of every shipped bank, and every rewrite part of a task."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.items.rewrite_checks import Check
from aitrainer_cli.items.task import Task
from aitrainer_cli.paths import builtin_banks_dir

LIMIT = 0.5
"""A deleted or untouched response earns at most this share of the checks' weight. Half, not
less: when the whole fix is a cut (a response twice as long as asked), every check is either
one the cut must pass (at most N sentences: an empty text passes it too) or one about what the
cut must keep (the untouched response passes it too), so an even split is the best there is."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([builtin_banks_dir()])


def rewrites(catalog: Catalog) -> Iterator[tuple[str, Rewrite]]:
    """Every rewrite item, and every rewrite part of a task, with its name."""
    for entry in catalog.entries.values():
        question = entry.question
        if isinstance(question, Rewrite):
            yield question.id, question
        elif isinstance(question, Task):
            for i, key in enumerate(question.part_keys()):
                part = question.part_question(i)
                if isinstance(part, Rewrite):
                    yield f"{question.id}/{key}", part


def passed_share(checks: list[Check], text: str, original: str) -> float:
    """The share of the checks' weight that a text passes."""
    total = sum(c.weight for c in checks)
    return sum(c.weight for c in checks if c.passes(text, original)) / total


def deletion_problem(item: Rewrite) -> str | None:
    """Why the item's checks reward deleting or not changing the response, or None."""
    empty = passed_share(item.checks, "", item.original)
    same = passed_share(item.checks, item.original, item.original)
    if empty > LIMIT:
        return f"an empty rewrite passes {empty:.0%} of the checks' weight"
    if same > LIMIT:
        return f"the unchanged original passes {same:.0%} of the checks' weight"
    return None


def test_there_are_rewrite_items(catalog: Catalog) -> None:
    assert sum(1 for _ in rewrites(catalog)) >= 2


def test_no_rewrite_rewards_deleting_or_keeping_the_response(catalog: Catalog) -> None:
    bad = {name: why for name, item in rewrites(catalog) if (why := deletion_problem(item))}
    assert bad == {}


def test_the_model_answers_pass_what_deletion_does_not(catalog: Catalog) -> None:
    """The bound is not met by making the checks unpassable: each model answer passes them all."""
    for name, item in rewrites(catalog):
        assert passed_share(item.checks, item.model_answer, item.original) == 1.0, name


def _check(**kind: object) -> Check:
    return Check.model_validate({"id": "c", "description": "d", **kind})


def test_the_check_catches_a_bad_item(catalog: Catalog) -> None:
    """An item whose checks only ask for something to be gone or short is caught, and so is one
    whose checks the original already passes; adding a check that needs the fix clears it."""
    _, item = next(rewrites(catalog))
    only_removals = item.model_copy(
        update={"checks": [_check(max_words=40), _check(excludes=["zzzz"])]}
    )
    assert deletion_problem(only_removals) is not None
    first_word = item.original.split()[0]
    only_kept = item.model_copy(update={"checks": [_check(kept=[first_word]), _check(min_words=1)]})
    assert "unchanged original" in (deletion_problem(only_kept) or "")
    needs_the_fix = item.model_copy(
        update={"checks": [_check(max_words=40), _check(includes={"all_of": ["zzzz"]}, weight=2)]}
    )
    assert deletion_problem(needs_the_fix) is None
