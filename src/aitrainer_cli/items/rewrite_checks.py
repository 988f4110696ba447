"""The machine-checkable checks of a ``rewrite`` item: what each kind tests, and how.

A check names exactly one kind (``removed``, ``kept``, ``includes``, ``excludes``,
``max_words``, ``min_words``, ``max_sentences``, ``format`` or ``min_change``). Phrases match
ignoring case; a ``/regex/`` entry is an RE2 pattern (linear time, see ``patterns``). Every
function here is pure and bounded: a hostile answer cannot make a check spin.
"""

from __future__ import annotations

import difflib
import json
import re
import string
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, ClassVar

import pydantic
from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Key, Strict, Text
from aitrainer_cli.banks.problems import Path, Problem
from aitrainer_cli.items.patterns import found, matches, pattern_problem, regex_of

Phrase = Annotated[str, StringConstraints(min_length=1, max_length=500)]
"""A phrase (matched ignoring case) or a ``/regex/`` (RE2)."""
Phrases = Annotated[list[Phrase], Field(min_length=1, max_length=20)]

MAX_DIFF_WORDS = 2000
"""Words of each text compared for ``min_change`` and shown in the review diff: difflib is
quadratic in the worst case, so a pasted novel is compared by its first words only."""


ABSENT = {"removed": Code.REMOVED_NOT_IN_ORIGINAL, "kept": Code.KEPT_NOT_IN_ORIGINAL}
"""The finding for a ``removed`` or ``kept`` phrase the original does not contain."""


class Format(StrEnum):
    """The shapes a ``format`` check accepts."""

    JSON = "json"
    BULLETS = "bullets"
    NO_MARKDOWN = "no_markdown"


class Includes(Strict):
    """Phrases that must appear: every one of ``all_of``, and at least one of ``any_of``."""

    any_of: Phrases | None = None
    all_of: Phrases | None = None


class Check(Strict):
    """One check of a rewrite: its id, what the learner is told it tests, a weight, a kind."""

    KINDS: ClassVar[tuple[str, ...]] = (
        "removed",
        "kept",
        "includes",
        "excludes",
        "max_words",
        "min_words",
        "max_sentences",
        "format",
        "min_change",
    )

    id: Key
    description: Text
    weight: float = Field(default=1, gt=0, le=100)
    removed: Phrases | None = None
    """Phrases of the original that must be gone (the factual error)."""
    kept: Phrases | None = None
    """Phrases of the original that must survive."""
    includes: Includes | None = None
    excludes: Phrases | None = None
    """Phrases that must not appear."""
    max_words: int | None = Field(default=None, ge=1, le=10_000)
    min_words: int | None = Field(default=None, ge=1, le=10_000)
    max_sentences: int | None = Field(default=None, ge=1, le=1_000)
    format: Annotated[Format, pydantic.Strict(False)] | None = None
    min_change: float | None = Field(default=None, gt=0, le=1)
    """The least share of words changed from the original (0.2 = a fifth)."""

    def kinds(self) -> list[str]:
        """The kinds this check names (exactly one in a valid bank)."""
        return [kind for kind in self.KINDS if getattr(self, kind) is not None]

    def phrase_lists(self) -> Iterator[tuple[Path, list[str]]]:
        """Each list of phrases of the check, with its path inside the check."""
        for kind in ("removed", "kept", "excludes"):
            value = getattr(self, kind)
            if value is not None:
                yield (kind,), value
        if self.includes is not None:
            for name in ("any_of", "all_of"):
                value = getattr(self.includes, name)
                if value is not None:
                    yield ("includes", name), value

    def passes(self, text: str, original: str) -> bool:
        """Whether the text passes this check (``original``: the response before the rewrite)."""
        if self.removed is not None:
            return not any(matches(p, text) for p in self.removed)
        if self.kept is not None:
            return all(matches(p, text) for p in self.kept)
        if self.includes is not None:
            every = all(matches(p, text) for p in self.includes.all_of or [])
            some = self.includes.any_of is None or any(
                matches(p, text) for p in self.includes.any_of
            )
            return every and some
        if self.excludes is not None:
            return not any(matches(p, text) for p in self.excludes)
        if self.max_words is not None:
            return word_count(text) <= self.max_words
        if self.min_words is not None:
            return word_count(text) >= self.min_words
        if self.max_sentences is not None:
            return sentence_count(text) <= self.max_sentences
        if self.format is not None:
            return FORMAT_TESTS[self.format](text)
        if self.min_change is not None:
            return change(original, text) >= self.min_change
        return False

    def problems(self, original: str) -> Iterator[Problem]:
        """Authoring errors: no kind or several, an unusable regex, a ``removed`` or ``kept``
        phrase the original does not contain, an ``includes`` with no list."""
        kinds = self.kinds()
        if len(kinds) != 1:
            named = f"names {', '.join(kinds)}" if kinds else "names no kind"
            yield Problem(
                (),
                Code.CHECK_KIND,
                f"check {self.id!r} {named}; give exactly one of {', '.join(self.KINDS)}",
            )
        if self.includes is not None and not (self.includes.any_of or self.includes.all_of):
            yield Problem(("includes",), Code.CHECK_KIND, "includes needs any_of or all_of")
        for path, phrases in self.phrase_lists():
            for i, phrase in enumerate(phrases):
                pattern = regex_of(phrase)
                problem = None if pattern is None else pattern_problem(pattern)
                if problem is not None:
                    yield Problem(
                        (*path, i),
                        Code.BAD_REGEX,
                        f"the regular expression cannot be used: {problem}",
                    )
                elif path[0] in ("removed", "kept") and not matches(phrase, original):
                    yield Problem(
                        (*path, i),
                        ABSENT[path[0]],
                        f"{phrase!r} does not occur in the original response, so it cannot "
                        f"be {'removed' if path[0] == 'removed' else 'kept'}",
                    )


# -- measures ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w")


def words_of(text: str) -> list[str]:
    """The words of a text: runs of non-space holding a letter or digit (a bullet dash is no
    word, 'U.S.' is one)."""
    return [token for token in text.split() if _WORD.search(token)]


def word_count(text: str) -> int:
    """How many words the text has."""
    return len(words_of(text))


_CLOSERS = "\"')]»”’"


def sentence_count(text: str) -> int:
    """Sentences: runs of words ending at a word that ends in . ! or ? (closing quotes and
    brackets aside), or at a line break ('e.g.' ends one too: a limit should leave room).
    Linear in the text, with no regular expression to backtrack."""
    count = 0
    for line in text.splitlines():
        open_words = False
        for token in line.split():
            open_words = open_words or _WORD.search(token) is not None
            if token.rstrip(_CLOSERS)[-1:] in (".", "!", "?") and open_words:
                count, open_words = count + 1, False
        count += open_words
    return count


_EDGE_PUNCTUATION = string.punctuation + "“”‘’«»…–—"


def _compared(text: str) -> list[str]:
    """The words compared for a change: case and the punctuation around them ignored."""
    return [word.strip(_EDGE_PUNCTUATION).casefold() for word in words_of(text)[:MAX_DIFF_WORDS]]


def change(original: str, text: str) -> float:
    """The share of words changed: 1 − 2·common / (words before + words after), where common
    counts the words the two texts share (each as often as both have it; case and surrounding
    punctuation aside). 0 for the same words, 1 for none in common; linear in the texts, and
    blind to order: moving words about is not changing them."""
    before, after = Counter(_compared(original)), Counter(_compared(text))
    total = before.total() + after.total()
    if not total:
        return 0.0
    common = (before & after).total()
    return round(1.0 - 2 * common / total, 9)  # 1 − 0.8 is 0.2, not 0.19999999999999996


def unchanged(original: str, text: str) -> bool:
    """Whether the text is the original with at most its spacing changed."""
    return original.split() == text.split()


def _is_json(text: str) -> bool:
    def refuse(constant: str) -> object:
        raise ValueError(constant)

    try:
        json.loads(text, parse_constant=refuse)
    except (ValueError, RecursionError):
        return False
    return True


_BULLET = re.compile(r"[-*+•] \S")


def _is_bullets(text: str) -> bool:
    """Every line that is not blank is a bullet (``- ``, ``* ``, ``+ ``, ``• ``) or an indented
    continuation of one; at least one bullet."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not _BULLET.match(lines[0]):
        return False
    return all(_BULLET.match(line) or line[:1] in (" ", "\t") for line in lines)


_MARKDOWN = (
    r"/(?m)^\s{0,3}#{1,6}\s/",  # a heading
    r"/(?m)^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/",  # a list item
    r"/(?m)^\s{0,3}>/",  # a quotation
    r"/(?m)^\s*\|.*\|\s*$/",  # a table row
    "**",
    "__",
    "`",
    r"/\[[^\]\n]{0,500}\]\(/",  # a link
)
"""Markdown syntax a ``no_markdown`` answer must not use (RE2 patterns, linear time)."""


def _no_markdown(text: str) -> bool:
    """No Markdown syntax; searched in the text as written (its line starts matter), not in the
    whitespace-folded form phrases are matched against."""
    return not any(found(entry, text) for entry in _MARKDOWN)


FORMAT_TESTS = {
    Format.JSON: _is_json,
    Format.BULLETS: _is_bullets,
    Format.NO_MARKDOWN: _no_markdown,
}


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The word-level diff from ``before`` to ``after`` as (tag, words) runs, tag one of
    ``same``, ``del``, ``ins``; a replacement is a deletion then an insertion. Words compare
    case and surrounding punctuation aside, but not brackets (``[1]`` is not ``1``); a ``same``
    run shows the words of ``after``."""
    old, new = before.split()[:MAX_DIFF_WORDS], after.split()[:MAX_DIFF_WORDS]
    # autojunk: a word in more than 1% of a long text starts no match, which keeps the worst
    # case (a few words repeated thousands of times) from going quadratic
    matcher = difflib.SequenceMatcher(None, _diff_keys(old), _diff_keys(new))
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(new[j1:j2])))
            continue
        if i2 > i1:
            runs.append(("del", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("ins", " ".join(new[j1:j2])))
    return runs


_DIFF_EDGE = "".join(c for c in _EDGE_PUNCTUATION if c not in "[]{}()")
"""Edge punctuation the diff sets aside: brackets are content there (a citation mark ``[1]`` or a
placeholder ``{name}`` removed is a change the learner must see)."""


def _diff_keys(tokens: list[str]) -> list[str]:
    """Tokens as the diff compares them: case and edge punctuation aside, brackets kept."""
    return [token.strip(_DIFF_EDGE).casefold() or token for token in tokens]


def _keys(tokens: list[str]) -> list[str]:
    """Tokens as compared: case and surrounding punctuation aside (a bare dash stays itself)."""
    return [token.strip(_EDGE_PUNCTUATION).casefold() or token for token in tokens]
