"""``claim_check``: a verdict for each claim, usually against evidence in the material.

Evidence may be several numbered ``passages``; with ``cite: true`` the learner also names the
passage that decides each claim. A claim's credit is then its verdict credit × (0.75 + 0.25 if the
deciding passage is cited): the citation is a quarter of the claim's credit, and a wrong verdict
earns nothing whatever it cites. Claims keyed with a verdict that no passage decides
(``not_enough_info`` by default, see ``uncited``) need no citation. ``label_credit`` gives
near-miss credit between labels (given label -> key label -> credit); without it the default
labels use ``CLAIM_CREDIT`` and other label sets are scored exactly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from itertools import cycle, islice
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import UNIQUE, Key, Text, Whole
from aitrainer_cli.banks.problems import Problem, Severity
from aitrainer_cli.items.base import (
    MALFORMED,
    Letters,
    Score,
    coverage_problems,
    mean,
)
from aitrainer_cli.items.claim_reading import (
    Verdict,
    cited_in_words,
    passages_in_words,
    read_verdict,
    split_citations,
)
from aitrainer_cli.items.mistakes import MistakePatternError, MistakeTest
from aitrainer_cli.items.parts import PartsQuestion
from aitrainer_cli.items.reading import (
    AnswerFormatError,
    Pairs,
    named,
    pick,
    shortest_prefix,
)

Label = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
DEFAULT_CLAIM_LABELS = ("supported", "refuted", "not_enough_info")
Credit = Annotated[float, Field(ge=0, le=1)]

CLAIM_CREDIT: dict[frozenset[str], float] = {
    frozenset({"refuted", "not_enough_info"}): 0.25,
    frozenset({"supported", "not_enough_info"}): 0.25,
}
"""Partial credit for near-miss verdicts with the default labels; other mismatches earn 0."""

CITATION_SHARE = 0.25
"""The share of a claim's credit that citing its deciding passage earns (the verdict: the rest)."""


def _verdict_credit(key: str, given: str, default_labels: bool) -> float:
    if given == key:
        return 1.0
    return CLAIM_CREDIT.get(frozenset({key, given}), 0.0) if default_labels else 0.0


class ClaimCheck(PartsQuestion):
    """Give a verdict for each claim, usually against the evidence in the context."""

    part_separator: ClassVar[str] = ": "
    title: ClassVar[str] = "Check each claim"
    scenario: ClassVar[bool] = True

    type: Literal["claim_check"]
    claims: dict[Key, Text] = Field(min_length=1, max_length=10)
    labels: Annotated[list[Label], UNIQUE] = Field(
        default=list(DEFAULT_CLAIM_LABELS), min_length=2, max_length=6
    )
    answer: dict[Key, Label]
    # New fields are left out of the dump when unset, so existing items keep their content hash.
    passages: list[Text] | None = Field(
        default=None, min_length=1, max_length=9, exclude_if=lambda value: value is None
    )
    """Numbered evidence passages (1, 2, …), shown with the claims."""
    cite: bool = Field(default=False, exclude_if=lambda value: not value)
    """Ask for the passage that decides each claim."""
    citations: dict[Key, Whole | list[Whole]] | None = Field(
        default=None, exclude_if=lambda value: value is None
    )
    """Claim -> the passage (or passages, any of which will do) that decides it."""
    uncited: list[Label] = Field(
        default=["not_enough_info"], max_length=6, exclude_if=lambda v: v == ["not_enough_info"]
    )
    """Verdicts that no passage decides: claims keyed with them need no citation."""
    label_credit: dict[Label, dict[Label, Credit]] | None = Field(
        default=None, exclude_if=lambda value: value is None
    )
    """Given label -> key label -> credit for a near miss; replaces the default matrix."""

    # -- semantic checks ----------------------------------------------------------------------

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        if len(set(self.labels)) != len(self.labels):
            yield Problem(("labels",), Code.DUPLICATE_KEY, "a label is listed twice")
        for key, verdict in self.answer.items():
            if verdict not in self.labels:
                yield Problem(
                    ("answer", key),
                    Code.UNKNOWN_LABEL,
                    f"{verdict!r} is not one of the labels ({', '.join(self.labels)})",
                )
        yield from coverage_problems(
            self.answer, list(self.claims), "claim", "verdict", Code.UNKNOWN_CLAIM
        )
        yield from self._matrix_problems()
        yield from self._citation_problems()

    def _unknown_label(self, path: tuple[str, ...], label: str) -> Problem:
        return Problem(
            path,
            Code.UNKNOWN_LABEL,
            f"{label!r} is not one of the labels ({', '.join(self.labels)})",
        )

    def _matrix_problems(self) -> Iterator[Problem]:
        """label_credit names labels of the item (a right verdict always earns 1)."""
        for given, row in (self.label_credit or {}).items():
            if given not in self.labels:
                yield self._unknown_label(("label_credit", given), given)
            for key in row:
                if key not in self.labels:
                    yield self._unknown_label(("label_credit", given, key), key)

    def _citation_problems(self) -> Iterator[Problem]:
        """Passages, citations and ``cite`` agree; every cited number names a passage."""
        for label in self.uncited if "uncited" in self.model_fields_set else []:
            if label not in self.labels:
                yield self._unknown_label(("uncited",), label)
        if self.cite and not self.passages:
            yield Problem(("cite",), Code.PASSAGES_NEEDED, "cite: true needs numbered passages")
        if self.citations is not None and not self.cite:
            yield Problem(
                ("citations",),
                Code.CITE_OFF,
                "citations are only scored with cite: true",
                Severity.WARNING,
            )
        yield from self._cited_numbers()
        if self.cite:
            yield from self._uncovered_claims()

    def _cited_numbers(self) -> Iterator[Problem]:
        """Each citation names a claim and passages that exist."""
        count = len(self.passages or [])
        for claim, cited in (self.citations or {}).items():
            if claim not in self.claims:
                yield Problem(("citations", claim), Code.UNKNOWN_CLAIM, f"{claim!r} is not a claim")
            for number in cited if isinstance(cited, list) else [cited]:
                if count and not 1 <= number <= count:
                    yield Problem(
                        ("citations", claim),
                        Code.UNKNOWN_PASSAGE,
                        f"passage {number} does not exist: the passages are 1–{count}",
                    )

    def _uncovered_claims(self) -> Iterator[Problem]:
        """A citation for each claim a passage decides, none for the others."""
        for claim, key in self.answer.items():
            cited = claim in (self.citations or {})
            if key in self.uncited and cited:
                yield Problem(
                    ("citations", claim),
                    Code.NEEDLESS_CITATION,
                    f"claim {claim} is keyed {key}, which no passage decides: drop its citation",
                    Severity.WARNING,
                )
            elif key not in self.uncited and not cited:
                yield Problem(
                    ("citations",),
                    Code.MISSING_KEY,
                    f"claim {claim} is keyed {key}: name the passage that decides it",
                )

    # -- scoring ------------------------------------------------------------------------------

    def label_score(self, given: str, key: str) -> float:
        """Credit for verdict ``given`` where the key says ``key``."""
        if given == key:
            return 1.0
        if self.label_credit is not None:
            return self.label_credit.get(given, {}).get(key, 0.0)
        return _verdict_credit(key, given, set(self.labels) == set(DEFAULT_CLAIM_LABELS))

    def deciding(self, claim: str) -> list[int]:
        """The passages that decide a claim (none when it needs no citation)."""
        if not self.cite or self.answer.get(claim) in self.uncited:
            return []
        cited = (self.citations or {}).get(claim)
        return [] if cited is None else cited if isinstance(cited, list) else [cited]

    def complete(self, response: object) -> bool:
        """Finished once every claim has a verdict (the verdicts given so far are kept as a
        partial answer when the learner leaves the item midway)."""
        return isinstance(response, dict) and all(claim in response for claim in self.claims)

    def score(self, response: object) -> Score:
        """Per claim the verdict credit (× 0.75 + 0.25 for the deciding passage), averaged."""
        if not isinstance(response, dict):
            return MALFORMED
        parts: list[tuple[str, float]] = []
        for claim in self.claims:
            given, key = split_citations(response.get(claim)), self.answer.get(claim)
            credit = 0.0
            if key is not None and given is not None and given.verdict in self.labels:
                credit = self.label_score(given.verdict, key)
                deciding = self.deciding(claim)
                if deciding:
                    cited = given.passage in deciding
                    credit *= 1 - CITATION_SHARE + (CITATION_SHARE if cited else 0.0)
            parts.append((claim, credit))
        return Score(mean([credit for _, credit in parts]), tuple(parts))

    # -- reading answers ----------------------------------------------------------------------

    def read_pairs(self, pairs: Pairs) -> dict[str, object]:
        """Claim -> verdict label, every claim once; a verdict may be a prefix or initials.
        With ``cite``: claim -> {verdict, passage} (the passage left out when none is named)."""
        claims, labels = list(self.claims), self.labels
        only = str(pairs[0][1]) if len(pairs) == 1 and pairs[0][0] is None else ""
        if not self.cite and len(claims) > 1 and len(only) == len(claims):
            with contextlib.suppress(AnswerFormatError):  # else read as one word, below
                # one verdict letter per claim run together, as 'srn'
                pairs = [(None, pick(char, labels, "verdict")) for char in only]
        if self.cite:
            pairs = _attach_numbers(pairs)
        resolved = named(pairs, claims, "verdict", "claim")
        if not self.cite:
            return {name: pick(str(value), labels, "verdict") for name, value in resolved}
        return {
            name: read_verdict(value, labels, len(self.passages or []), name).as_response()
            for name, value in resolved
        }

    def answer_hint(self) -> str:
        shortest = [shortest_prefix(label, self.labels) for label in self.labels]
        example = " ".join(islice(cycle(shortest), len(self.claims)))
        if self.cite:
            count = max(1, len(self.passages or []))
            cited = [
                short if label in self.uncited else f"{short}{i % count + 1}"
                for i, (label, short) in enumerate(zip(self.labels, shortest, strict=True))
            ]
            example = " ".join(islice(cycle(cited), len(self.claims)))
            return (
                f"a verdict and its passage per claim in order, e.g. {example} "
                f"({'/'.join(self.labels)}; passages 1–{len(self.passages or [])})"
            )
        return f"a verdict per claim in order, e.g. {example} ({'/'.join(self.labels)})"

    def file_form(self) -> str:
        each = "a verdict" if not self.cite else "a verdict and passage ('refuted 2')"
        claims, labels = ", ".join(self.claims), ", ".join(self.labels)
        return f"a mapping of each claim ({claims}) to {each} ({labels})"

    # -- words for review ---------------------------------------------------------------------

    def part_names(self) -> list[str]:
        return list(self.claims)

    def part_value_ok(self, value: object) -> bool:
        return split_citations(value) is not None

    def describe(self, response: object, letters: Letters | None) -> str | None:
        if not self.cite:
            return self.in_words(super().describe(response, letters))
        return self.in_words(passages_in_words(response, list(self.claims)))

    def key_text(self, letters: Letters | None = None) -> str:
        return ", ".join(
            f"{k}: {self.in_words(v)}{cited_in_words(self.deciding(k))}"
            for k, v in self.answer.items()
        )

    def in_words(self, text: str | None) -> str | None:
        """Text with each verdict label as words (``not_enough_info`` -> ``not enough info``,
        which still reads back as the label when typed)."""
        if text is None:
            return None
        for label in sorted(self.labels, key=len, reverse=True):
            text = text.replace(label, label.replace("_", " "))
        return text

    def keyed_response(self) -> object:
        return dict(self.answer)

    def mistake_test(self, pattern: str) -> MistakeTest:
        """``CLAIM LABEL``: the learner gave that verdict for that claim (``c2 supported``)."""
        claim, _, label = pattern.strip().partition(" ")
        label = label.strip()
        if claim not in self.claims:
            raise MistakePatternError(
                f"write CLAIM VERDICT (c1 supported): {claim!r} is not a claim "
                f"({', '.join(self.claims)})"
            )
        if label not in self.labels:
            raise MistakePatternError(
                f"write CLAIM VERDICT: {label!r} is not a verdict ({', '.join(self.labels)})"
            )

        def test(response: object) -> bool:
            given = split_citations(response.get(claim)) if isinstance(response, dict) else None
            return given is not None and given.verdict == label

        return test


def _attach_numbers(pairs: Pairs) -> Pairs:
    """'refuted 2 supported 1': a bare passage number joins the verdict before it."""
    joined: Pairs = []
    for name, value in pairs:
        text = value.strip() if isinstance(value, str) else None
        if name is None and text and text.isdecimal() and joined:
            last_name, last = joined[-1]
            if isinstance(last, str) and not last.strip()[-1:].isdecimal():
                joined[-1] = (last_name, f"{last} {text}")
                continue
        joined.append((name, value))
    return joined


__all__ = ["CITATION_SHARE", "CLAIM_CREDIT", "ClaimCheck", "Verdict"]
