"""Consistency probes (``--probes N``, blueprint ``probes:``): swapped duplicates of side-by-side
items, the duplicate checks platforms run on their raters. A probe shows the same two responses
with A and B exchanged, its key negated, placed far from the original in the form; the result
says how consistently the learner judged each pair.

A probe's question id is the original's with ``PROBE_SUFFIX``; ``ProbeEntries`` (the catalog's
entries, as ``load_banks`` returns them) resolves such an id to the swapped question on lookup,
while iterating over the entries still yields the bank questions only (so a probe never counts
as a question of its own in mastery, lint or bank listings). Core layer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from aitrainer_cli.items.preference import Preference

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.assembly import ExamForm, FormItem

PROBE_SUFFIX = "~swapped"
MAX_PROBES = 20
_NAMES_A_SIDE = re.compile(r"\b[Rr]esponses? [AB]\b|\b[AB] and [AB]\b|\([AB]\)|\b[AB]'s\b")
"""A prompt that names a response by its label cannot be shown with the labels exchanged."""


def probe_id(question_id: str) -> str:
    return question_id + PROBE_SUFFIX


def original_id(question_id: str) -> str | None:
    """The original's id of a probe id (None for an ordinary id)."""
    return question_id[: -len(PROBE_SUFFIX)] if question_id.endswith(PROBE_SUFFIX) else None


def can_probe(question: object) -> bool:
    """A preference whose prompt and conversation never name a response by label."""
    if not isinstance(question, Preference) or question.context is None:
        return False
    responses = question.context.responses or {}
    if set(responses) != {"A", "B"}:
        return False
    texts = [question.prompt, *(turn.text for turn in question.context.conversation or [])]
    return not any(_NAMES_A_SIDE.search(text) for text in texts)


def swapped(question: Preference) -> Preference:
    """The same item with responses A and B exchanged and its key negated."""
    assert question.context is not None
    assert question.context.responses is not None
    responses = question.context.responses
    context = question.context.model_copy(
        update={"responses": {"A": responses["B"], "B": responses["A"]}}
    )
    note = (
        "This was a consistency probe: the same two responses as in another question of this "
        "form, with A and B exchanged (the key is negated). The explanation below names them "
        "as they were there, so A here is B there.\n\n"
    )
    return question.model_copy(
        update={
            "id": probe_id(question.id),
            "context": context,
            "answer": None if question.answer is None else -question.answer,
            "panel": None if question.panel is None else [-value for value in question.panel],
            "mistakes": [],
            "explanation": note + question.explanation,
        }
    )


class ProbeEntries(dict[str, "Entry"]):
    """Catalog entries that also resolve probe ids to swapped questions (not iterated)."""

    def _probe(self, key: object) -> Entry | None:
        if not isinstance(key, str):
            return None
        original = original_id(key)
        if original is None or not dict.__contains__(self, original):
            return None
        entry = dict.__getitem__(self, original)
        if not isinstance(entry.question, Preference) or not can_probe(entry.question):
            return None
        return replace(entry, question=swapped(entry.question))

    def __missing__(self, key: str) -> Entry:
        found = self._probe(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or self._probe(key) is not None

    def get(self, key: str, default: Entry | None = None) -> Entry | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default


def add_probes(form: ExamForm, entries: Mapping[str, Entry], count: int, seed: int) -> ExamForm:
    """The form with up to ``count`` probes, each about half the form away from its original.
    Fewer are added when the form holds fewer side-by-side items that can be swapped."""
    from aitrainer_cli.exam.assembly import FormItem

    items = list(form.items)
    eligible = [i for i, item in enumerate(items) if can_probe(entries[item.question_id].question)]
    chosen = sorted(random.Random(seed * 7919 + 1).sample(eligible, min(count, len(eligible))))
    if not chosen:
        return form
    n, gap = len(items), max(2, (len(items) + 1) // 2)
    inserts: dict[int, list[FormItem]] = {}
    for i in chosen:
        original = items[i]
        at = i + gap + 1 if i + gap + 1 <= n else max(0, i - gap)
        probe = FormItem(probe_id(original.question_id), original.bank_id, original.section)
        inserts.setdefault(at, []).append(probe)
    placed: list[FormItem] = []
    for index in range(n + 1):
        placed += inserts.get(index, [])
        if index < n:
            placed.append(items[index])
    return replace(form, items=tuple(placed))


Agreement = Literal["mirrored", "same side", "flipped", "unanswered"]


@dataclass(frozen=True, slots=True)
class ProbePair:
    """One original and its probe: both positions (0-based) and how the two answers agree."""

    question_id: str
    original: int
    probe: int
    agreement: Agreement


def probe_pairs(form: ExamForm, responses: Sequence[object]) -> list[ProbePair]:
    """Each probe of the form with its original, and whether the learner judged them alike:
    ``mirrored`` (the probe's answer is exactly the original's negated), ``same side`` (the same
    response favoured, another strength), ``flipped`` (the other response, or a tie against a
    preference), or ``unanswered``."""
    where = {item.question_id: i for i, item in enumerate(form.items)}
    pairs = []
    for j, item in enumerate(form.items):
        original = original_id(item.question_id)
        if original is None or original not in where:
            continue
        i = where[original]
        first, second = responses[i], responses[j]
        agreement: Agreement
        if not isinstance(first, int) or not isinstance(second, int):
            agreement = "unanswered"
        elif second == -first:
            agreement = "mirrored"
        elif (first > 0) == (-second > 0) and (first < 0) == (-second < 0):
            agreement = "same side"
        else:
            agreement = "flipped"
        pairs.append(ProbePair(original, i, j, agreement))
    return pairs
