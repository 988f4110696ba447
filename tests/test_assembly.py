"""Assembling exam forms: filters, counts, no repeats, reproducible shuffles, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitrainer_cli.banks.blueprint import Blueprint, Section
from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.exam.assembly import NotEnoughQuestionsError, assemble
from aitrainer_cli.paths import builtin_banks_dir

CATALOG: Catalog = load_catalog([builtin_banks_dir()])


def _blueprint(*sections: Section, shuffle: bool = True) -> Blueprint:
    return Blueprint(id="t", title="T", sections=list(sections), shuffle=shuffle)


def test_the_full_mock_draws_each_section_from_its_bank_without_repeats() -> None:
    form = assemble(CATALOG.entries, CATALOG.blueprints["full-mock"], seed=7)
    ids = [item.question_id for item in form.items]
    assert len(ids) == 60 == len(set(ids))
    for section in CATALOG.blueprints["full-mock"].sections:
        drawn = [item for item in form.items if item.section == section.title]
        assert len(drawn) == section.count
        assert {item.bank_id for item in drawn} == set(section.banks)


def test_the_same_seed_gives_the_same_form_and_another_seed_a_different_one() -> None:
    blueprint = CATALOG.blueprints["quick-screening"]
    assert assemble(CATALOG.entries, blueprint, 3) == assemble(CATALOG.entries, blueprint, 3)
    assert (
        assemble(CATALOG.entries, blueprint, 3).items
        != assemble(CATALOG.entries, blueprint, 4).items
    )


def test_filters_on_topic_type_and_difficulty_are_all_applied() -> None:
    section = Section(
        title="s", count=3, banks=["fact-checking"], types=["claim_check"], difficulty=["hard"]
    )
    form = assemble(CATALOG.entries, _blueprint(section), seed=1)
    for item in form.items:
        question = CATALOG.entries[item.question_id].question
        assert (item.bank_id, question.type, question.difficulty.value) == (
            "fact-checking",
            "claim_check",
            "hard",
        )


def test_overlapping_sections_never_draw_the_same_question_twice() -> None:
    bank = CATALOG.questions_of("rlhf-principles")
    wide = Section(title="all", count=len(bank) - 5, banks=["rlhf-principles"])
    narrow = Section(title="tf", count=5, banks=["rlhf-principles"], types=["true_false"])
    form = assemble(CATALOG.entries, _blueprint(narrow, wide), seed=2)
    ids = [item.question_id for item in form.items]
    assert len(ids) == len(set(ids)) == len(bank)


def test_not_enough_questions_names_the_section_and_the_counts() -> None:
    section = Section(title="Too many", count=400, banks=["rlhf-principles"])
    with pytest.raises(NotEnoughQuestionsError, match="'Too many' needs 400 questions but only"):
        assemble(CATALOG.entries, _blueprint(section), seed=1)


def test_sections_that_overlap_too_much_are_refused() -> None:
    bank = CATALOG.questions_of("rlhf-principles")
    first = Section(title="a", count=len(bank), banks=["rlhf-principles"])
    second = Section(title="b", count=1, banks=["rlhf-principles"])
    with pytest.raises(NotEnoughQuestionsError, match="overlap"):
        assemble(CATALOG.entries, _blueprint(first, second), seed=1)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_option_order_is_a_permutation_and_letters_follow_it(seed: int) -> None:
    form = assemble(CATALOG.entries, CATALOG.blueprints["quick-screening"], seed)
    for item in form.items:
        question = CATALOG.entries[item.question_id].question
        if question.type in ("single_choice", "multiple_choice"):
            assert sorted(item.option_order) == sorted(question.options)
            assert list(item.letters.values()) == list("abcdefgh"[: len(question.options)])
        else:
            assert item.option_order == ()


def test_without_shuffle_options_keep_the_authors_order() -> None:
    section = Section(title="s", count=4, banks=["rlhf-principles"], types=["single_choice"])
    form = assemble(CATALOG.entries, _blueprint(section, shuffle=False), seed=5)
    for item in form.items:
        assert item.option_order == tuple(CATALOG.entries[item.question_id].question.options)
