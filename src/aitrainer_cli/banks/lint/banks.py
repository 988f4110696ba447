"""Rules on a whole bank, or on everything loaded: where keys sit, length give-aways, prompts
that repeat, blueprint sections that draw their whole pool."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from aitrainer_cli.banks.bank_stats import best_is_longest
from aitrainer_cli.banks.catalog import Catalog, section_candidates
from aitrainer_cli.banks.codes import Code
from aitrainer_cli.items import Question

SIGNIFICANCE = 0.01
"""A bank-level pattern is reported when chance alone would give it less often than this."""
MIN_ITEMS = 8
"""Fewer items than this say nothing about a bank's pattern."""
SIMILAR_STEMS = 0.8
"""Share of shared word triples from which two prompts count as near-duplicates."""
DRAWN_SHARE = 0.8
"""A section drawing this share of its candidates gives every attempt nearly the same items."""


def binomial_tail(successes: int, trials: int, chance: float) -> float:
    """P(X >= successes) for X ~ Binomial(trials, chance)."""
    return sum(
        math.comb(trials, k) * chance**k * (1 - chance) ** (trials - k)
        for k in range(successes, trials + 1)
    )


def _unlikely(hits: int, trials: int, chance: float) -> bool:
    return (
        trials >= MIN_ITEMS
        and hits >= 2 * chance * trials
        and binomial_tail(hits, trials, chance) < SIGNIFICANCE
    )


def bank_hits(bank_id: str, questions: Sequence[Question]) -> Iterator[tuple[Code, str]]:
    """Patterns of a bank's keys that learners could learn instead of the skill."""
    yield from _key_positions(bank_id, [q for q in questions if q.has_options and q.single])
    choice = [q for q in questions if q.has_options]
    longest = [_key_is_longest(q) for q in choice]
    hits, chance = sum(1 for hit, _ in longest if hit), _mean([c for _, c in longest])
    if _unlikely(hits, len(longest), chance):
        yield (
            Code.KEY_LONGEST,
            f"bank {bank_id}: the key is the longest option in {hits} of {len(longest)} choice "
            f"items (chance: {chance:.0%}); lengthen distractors or shorten keys",
        )
    judged = [r for q in questions if (r := best_is_longest(q)) is not None]
    hits, chance = sum(1 for hit, _ in judged if hit), _mean([c for _, c in judged])
    if _unlikely(hits, len(judged), chance):
        yield (
            Code.BEST_LONGEST,
            f"bank {bank_id}: the best response is the longest in {hits} of {len(judged)} "
            f"ranking/preference items (chance: {chance:.0%})",
        )


def _key_positions(bank_id: str, questions: Sequence[Question]) -> Iterator[tuple[Code, str]]:
    counts: dict[int, int] = defaultdict(int)
    for question in questions:
        options, keys = list(question.option_texts()), question.keyed_options()
        if keys and keys[0] in options:
            counts[options.index(keys[0]) + 1] += 1
    for position, hits in sorted(counts.items()):
        eligible = [q for q in questions if len(q.option_texts()) >= position]
        chance = _mean([1 / len(q.option_texts()) for q in eligible])
        if _unlikely(hits, len(eligible), chance):
            yield (
                Code.KEY_POSITION,
                f"bank {bank_id}: the key is option {position} (as written) in {hits} of "
                f"{len(eligible)} single-choice items (chance: {chance:.0%})",
            )


def _key_is_longest(question: Question) -> tuple[bool, float]:
    keys, options = set(question.keyed_options()), question.option_texts()
    longest = max(len(text) for text in options.values())
    top = {key for key, text in options.items() if len(text) == longest}
    return bool(top) and top <= keys and len(top) == 1, len(keys) / len(options)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def duplicate_stems(catalog: Catalog) -> Iterator[tuple[str, Code, str]]:
    """(question id, rule, message) for prompts nearly the same as an earlier one's."""
    seen: dict[str, frozenset[tuple[str, ...]]] = {}
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for question_id, entry in catalog.entries.items():
        shingles = _shingles(_item_text(entry.question))
        if len(shingles) < 3:
            continue
        candidates = {other for gram in shingles for other in index[gram]}
        for other in sorted(candidates):
            shared = len(shingles & seen[other]) / len(shingles | seen[other])
            if shared >= SIMILAR_STEMS:
                yield (
                    question_id,
                    Code.DUPLICATE_STEM,
                    f"the item reads {shared:.0%} the same as {other}: learners may answer "
                    "from memory of the other",
                )
                break
        seen[question_id] = shingles
        for gram in shingles:
            index[gram].append(question_id)


def _item_text(question: Question) -> str:
    """What a learner reads of an item: a shared prompt over other material is no duplicate."""
    parts = [question.prompt]
    if question.context:
        parts += [turn.text for turn in question.context.conversation or []]
        parts += list((question.context.responses or {}).values())
        parts.append(question.context.evidence or "")
    for name in ("options", "claims", "dimensions"):
        parts += list(getattr(question, name, {}).values())
    return "\n".join(parts)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def pool_draws(catalog: Catalog) -> Iterator[tuple[str, Code, str]]:
    """(blueprint id, rule, message) for sections that draw most of their pool every time."""
    for blueprint in catalog.blueprints.values():
        for section in blueprint.sections:
            pool = len(section_candidates(section, catalog.entries.values()))
            if pool and section.count / pool >= DRAWN_SHARE and pool > 1:
                yield (
                    blueprint.id,
                    Code.SECTION_DRAWS_POOL,
                    f"section {section.title!r} draws {section.count} of its {pool} candidates: "
                    "every attempt sees nearly the same questions",
                )
