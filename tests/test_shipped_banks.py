"""The built-in banks: clean, big enough, scenario-heavy, and free of item-writing tells."""

from __future__ import annotations

from collections import Counter

import pytest

from aitrainer_cli.banks.catalog import Catalog, fill_sections, load_catalog, section_candidates
from aitrainer_cli.items import Question
from aitrainer_cli.paths import builtin_banks_dir

MINIMUMS = {
    "rlhf-principles": 45,
    "ranking-preference": 50,
    "rubric-rating": 45,
    "fact-checking": 55,
    "safety-refusals": 45,
    "instruction-following": 45,
    "justification-writing": 35,
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([builtin_banks_dir()])


def test_builtin_banks_have_no_errors_or_warnings(catalog: Catalog) -> None:
    assert [f.text() for f in catalog.findings] == []


@pytest.mark.parametrize("bank_id", MINIMUMS)
def test_each_bank_meets_its_minimum_size(catalog: Catalog, bank_id: str) -> None:
    assert len(catalog.questions_of(bank_id)) >= MINIMUMS[bank_id]


def test_at_least_forty_percent_of_items_are_scenarios(catalog: Catalog) -> None:
    questions = [entry.question for entry in catalog.entries.values()]
    scenario = sum(type(q).scenario for q in questions)
    assert scenario / len(questions) >= 0.40


def test_mock_screenings_exist_and_can_be_filled(catalog: Catalog) -> None:
    assert {"quick-screening", "full-mock", "task-screening", "fundamentals"} <= set(
        catalog.blueprints
    )
    tasks = catalog.blueprints["task-screening"]
    assert tasks.open_book
    assert tasks.time_limit_seconds == 3600
    assert tasks.sections[0].types == ["task"]
    assert sum(s.count for s in tasks.sections) == 20
    assert not catalog.blueprints["fundamentals"].open_book
    assert {f"drill-{bank}" for bank in MINIMUMS} <= set(catalog.blueprints)
    entries = list(catalog.entries.values())
    for blueprint in catalog.blueprints.values():
        pools = [section_candidates(section, entries) for section in blueprint.sections]
        assert fill_sections(pools, [s.count for s in blueprint.sections]) is not None


def _key_positions(questions: list[Question]) -> Counter[int]:
    return Counter(list(q.options).index(q.answer) for q in questions if q.type == "single_choice")


def _keyed_longest(question: Question) -> bool:
    """Whether a keyed option is strictly longer than every distractor."""
    keyed = {question.answer}
    lengths = {key: len(text) for key, text in question.options.items()}
    longest_distractor = max((n for k, n in lengths.items() if k not in keyed), default=0)
    return max(lengths[k] for k in keyed) > longest_distractor


def position_imbalance(questions: list[Question]) -> str | None:
    """Why the single-choice keys sit unevenly across positions a-d, or None."""
    positions = _key_positions(questions)
    total = sum(positions.values())
    if total < 8:
        return None
    if max(positions.values()) > 0.4 * total:
        return f"one position holds {max(positions.values())} of {total} keys: {dict(positions)}"
    unused = [p for p in range(4) if positions[p] == 0]
    return f"positions {unused} never hold the key" if unused else None


def _length_ratio(question: Question) -> float:
    """Mean length of the keyed options over the mean length of the distractors."""
    keyed = set(question.answer)
    inside = [len(t) for k, t in question.options.items() if k in keyed]
    outside = [len(t) for k, t in question.options.items() if k not in keyed] or [1]
    return (sum(inside) / len(inside)) / (sum(outside) / len(outside))


def length_imbalance(questions: list[Question]) -> str | None:
    """Why keyed options are systematically longer than distractors, or None."""
    single = [q for q in questions if q.type == "single_choice"]
    longest = sum(_keyed_longest(q) for q in single)
    if single and longest > 0.35 * len(single):
        return f"the key is the longest option in {longest} of {len(single)} single-choice items"
    multiple = [_length_ratio(q) for q in questions if q.type == "multiple_choice"]
    if len(multiple) >= 3 and sum(multiple) / len(multiple) > 1.25:
        return f"keyed options are {sum(multiple) / len(multiple):.2f}x as long as distractors"
    return None


@pytest.mark.parametrize("bank_id", MINIMUMS)
def test_keys_are_spread_across_positions_and_not_the_longest(
    catalog: Catalog, bank_id: str
) -> None:
    questions = catalog.questions_of(bank_id)
    assert position_imbalance(questions) is None
    assert length_imbalance(questions) is None


@pytest.mark.parametrize("bank_id", MINIMUMS)
def test_true_false_and_preference_keys_are_balanced(catalog: Catalog, bank_id: str) -> None:
    questions = catalog.questions_of(bank_id)
    truths = [q.answer for q in questions if q.type == "true_false"]
    if len(truths) >= 4:
        assert 0.25 <= sum(truths) / len(truths) <= 0.75
    sides = [q.answer for q in questions if q.type == "preference" and q.answer]
    if len(sides) >= 4:
        assert 0.2 <= sum(v < 0 for v in sides) / len(sides) <= 0.8


def best_is_longest_share(questions: list[Question]) -> tuple[float, float]:
    """Share of rankings whose top response is the strictly longest, and of preferences whose
    preferred response is the longer: a learner who picks the longest reply must not win."""
    ranked = top_longest = preferred = longer = 0
    for q in questions:
        if q.context is None or not q.context.responses:
            continue
        sizes = {label: len(text) for label, text in q.context.responses.items()}
        if q.type == "ranking":
            key = q.answer if q.answer is not None else (q.panel or [[]])[0]
            top = key[0] if isinstance(key[0], list) else [key[0]]
            longest = max(sizes, key=sizes.__getitem__)
            ranked += 1
            top_longest += longest in top and list(sizes.values()).count(sizes[longest]) == 1
        elif q.type == "preference" and q.answer:
            better, other = ("A", "B") if q.answer < 0 else ("B", "A")
            preferred += 1
            longer += sizes[better] > sizes[other]
    return top_longest / max(ranked, 1), longer / max(preferred, 1)


def test_the_best_response_is_not_systematically_the_longest(catalog: Catalog) -> None:
    questions = [entry.question for entry in catalog.entries.values()]
    ranking_share, preference_share = best_is_longest_share(questions)
    assert ranking_share <= 0.4
    assert preference_share <= 0.55


def test_the_balance_checks_catch_a_skewed_bank(catalog: Catalog) -> None:
    """The checks above can fail: a bank keyed always 'a' and always longest is caught."""
    skewed: list[Question] = []
    for question in catalog.questions_of("rlhf-principles"):
        if question.type != "single_choice":
            continue
        options = dict(question.options)
        options[question.answer] = options[question.answer] + " — with many extra qualifying words"
        first = question.answer
        reordered = {first: options.pop(first), **options}
        skewed.append(question.model_copy(update={"options": reordered}))
    assert position_imbalance(skewed) is not None
    assert length_imbalance(skewed) is not None


def test_every_bank_has_a_numbered_guideline_of_a_real_projects_length(catalog: Catalog) -> None:
    import re

    for bank_id in MINIMUMS:
        guideline = catalog.guidelines[bank_id]
        words = len(guideline.markdown.split())
        assert 1500 <= words <= 4000, (bank_id, words)
        headings = re.findall(r"^##+ (.*)$", guideline.markdown, flags=re.MULTILINE)
        assert headings, bank_id
        assert all(re.match(r"\d+(\.\d+)*\.? ", h) for h in headings), bank_id


def test_the_banks_hold_the_real_task_formats(catalog: Catalog) -> None:
    """Issue 13's floor: the task formats real screenings use, in numbers worth practising."""
    kinds = Counter(entry.question.type for entry in catalog.entries.values())
    several = sum(
        1
        for entry in catalog.entries.values()
        if entry.question.type == "rating" and getattr(entry.question, "responses", None)
    )
    assert kinds["rewrite"] >= 30
    assert kinds["span_marking"] >= 30
    assert kinds["numeric"] >= 20
    assert kinds["task"] >= 40
    assert several >= 20


def test_the_readme_lists_every_bank_with_its_count_and_every_screening(catalog: Catalog) -> None:
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for bank_id in catalog.banks:
        assert f"| `{bank_id}` | {len(catalog.questions_of(bank_id))} |" in readme, bank_id
    for blueprint_id in catalog.blueprints:
        shown = "drill-BANK" if blueprint_id.startswith("drill-") else blueprint_id
        assert f"| `{shown}` |" in readme, blueprint_id
