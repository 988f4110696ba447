"""``span_marking``: mark every numbered segment (sentence) of a response that contains an error.

The learner's response is the set of marked segment numbers: a sorted list of numbers when the
item has no categories, else a mapping of segment number (as text, as JSON keeps it) to category.
An empty list or mapping means "no errors". Credit is the F1 of the marks against the key, where
a keyed segment marked with the wrong category counts as ``category_credit`` of a hit:

    hits = Σ over marked keyed segments of (1 if the category is right else category_credit)
    F1   = 2 · hits / (marked + keyed)        (1 when both are empty)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Text
from aitrainer_cli.banks.problems import Problem, Severity
from aitrainer_cli.items.base import MALFORMED, Letters, QuestionBase, Score
from aitrainer_cli.items.mistakes import MistakePatternError, MistakeTest
from aitrainer_cli.items.reading import AnswerFormatError, is_int, pick, shown_value, words
from aitrainer_cli.items.segments import split_sentences

Category = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
SegmentNumber = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
"""A keyed segment number (its range is a semantic check, so the finding names the segment)."""

CATEGORY_CREDIT = 0.5
"""Default share of a hit earned by a right segment marked with the wrong category."""
MAX_SEGMENTS = 40
NONE_WORDS = frozenset({"none", "no errors", "nothing"})
"""What a learner types to say the response has no errors."""

Marks = dict[int, str | None]
"""Segment number -> category (None: no category, or not given)."""

_RANGE = re.compile(r"(\d{1,7})(?:-(\d{1,7}))?")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


class SpanMarking(QuestionBase):
    """Mark the numbered segments of a response that contain an error, with a category each."""

    title: ClassVar[str] = "Mark the errors"
    scenario: ClassVar[bool] = True

    type: Literal["span_marking"]
    response: Text | None = None
    """The response to mark, split into sentences (``items.segments``)."""
    segments: list[Text] | None = Field(default=None, min_length=1, max_length=MAX_SEGMENTS)
    """The segments, given explicitly instead of ``response``."""
    categories: list[Category] | None = Field(default=None, min_length=2, max_length=8)
    answer: list[SegmentNumber] | dict[SegmentNumber, Category]
    """The segments with an error: a list, or segment -> category when there are categories."""
    category_credit: float = Field(default=CATEGORY_CREDIT, ge=0, le=1)
    allow_none: bool = True
    """The learner may answer "none" (no segment has an error)."""

    # -- the segments ---------------------------------------------------------------------------

    def segment_texts(self) -> list[str]:
        """The numbered segments, segment 1 first."""
        if self.segments is not None:
            return [" ".join(segment.split()) for segment in self.segments]
        return split_sentences(self.response or "")[:MAX_SEGMENTS]

    def key_marks(self) -> Marks:
        """The key as segment -> category (None without categories)."""
        if isinstance(self.answer, dict):
            return dict(sorted(self.answer.items()))
        return dict.fromkeys(sorted(set(self.answer)))

    # -- the bank: semantic checks ---------------------------------------------------------------

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        yield from self._text_problems()
        yield from self._key_problems()

    def _text_problems(self) -> Iterator[Problem]:
        if (self.response is None) == (self.segments is None):
            yield Problem(
                ("segments",) if self.segments is not None else (),
                Code.SEGMENTS_OR_RESPONSE,
                "give either `response` (split into sentences) or `segments`, not "
                + ("both" if self.segments is not None else "neither"),
            )
        for i, segment in enumerate(self.segments or []):
            if not segment.strip():
                yield Problem(("segments", i), Code.EMPTY_TEXT, "a segment has no text")
        if self.response is not None and len(split_sentences(self.response)) > MAX_SEGMENTS:
            yield Problem(
                ("response",),
                Code.TOO_MANY,
                f"the response splits into more than {MAX_SEGMENTS} sentences",
            )
        if self.categories and len(set(self.categories)) != len(self.categories):
            yield Problem(("categories",), Code.DUPLICATE_KEY, "a category is listed twice")

    def _key_problems(self) -> Iterator[Problem]:
        yield from self._key_shape_problems()
        yield from self._range_problems()

    def _key_shape_problems(self) -> Iterator[Problem]:
        if isinstance(self.answer, list):
            if self.categories and self.answer:
                yield Problem(
                    ("answer",),
                    Code.MISSING_KEY,
                    "the item lists categories: key each segment to one, as {2: "
                    f"{self.categories[0]}}}",
                )
            seen: set[int] = set()
            for i, number in enumerate(self.answer):
                if number in seen:
                    yield Problem(
                        ("answer", i), Code.DUPLICATE_KEY, f"segment {number} is listed twice"
                    )
                seen.add(number)
        elif not self.categories:
            yield Problem(
                ("answer",),
                Code.UNKNOWN_CATEGORY,
                "the key gives categories but the item lists none: add `categories:` or key a "
                "list of segment numbers",
            )

    def _range_problems(self) -> Iterator[Problem]:
        count = len(self.segment_texts())
        for at, number, category in self._keyed():
            if not 1 <= number <= count:
                yield Problem(
                    at,
                    Code.UNKNOWN_SEGMENT,
                    f"segment {number} does not exist: the response has segments 1–{count}",
                    hint=f"`aitrainer bank show {self.id}` shows how the response is split",
                )
            if category is not None and self.categories and category not in self.categories:
                yield Problem(
                    at,
                    Code.UNKNOWN_CATEGORY,
                    f"{category!r} is not one of the categories ({', '.join(self.categories)})",
                )
        if not self.answer and not self.allow_none:
            yield Problem(
                ("allow_none",),
                Code.NO_ERRORS_REFUSED,
                "the key marks no segment, but `allow_none: false` refuses the answer 'none'",
            )
        if self.answer and len(self.key_marks()) == count:
            yield Problem(
                ("answer",),
                Code.EVERY_SEGMENT_KEYED,
                "every segment is keyed as an error: marking everything earns full credit",
                Severity.WARNING,
            )

    def _keyed(self) -> Iterator[tuple[tuple[str | int, ...], int, str | None]]:
        if isinstance(self.answer, dict):
            for number, category in self.answer.items():
                yield ("answer", number), number, category
        else:
            for i, number in enumerate(self.answer):
                yield ("answer", i), number, None

    # -- scoring ---------------------------------------------------------------------------------

    def score(self, response: object) -> Score:
        """F1 of the marks, a wrong category earning ``category_credit`` of its hit."""
        marks = self.marks_of(response)
        if marks is None:
            return MALFORMED
        key = self.key_marks()
        if not key and not marks:
            return Score(1.0, note="no errors in the response, and none marked")
        parts: list[tuple[str, float]] = []
        for number in sorted(set(key) | set(marks)):
            hit = 0.0
            if number in key and number in marks:
                right = not self.categories or marks[number] == key[number]
                hit = 1.0 if right else self.category_credit
            parts.append((f"segment {number}", hit))
        hits = sum(credit for _, credit in parts)
        note = "no segment marked" if not marks else ""
        return Score(2 * hits / (len(marks) + len(key)), tuple(parts), note)

    def marks_of(self, response: object) -> Marks | None:
        """A stored response as marks; None when it is not one for this item."""
        count = len(self.segment_texts())
        marks: Marks = {}
        if isinstance(response, list):
            pairs: list[tuple[object, object]] = [(n, None) for n in response]
        elif isinstance(response, dict):
            pairs = list(response.items())
        else:
            return None
        for raw, category in pairs:
            number = int(raw) if isinstance(raw, str) and raw.isdecimal() and len(raw) < 8 else raw
            if not is_int(number) or not 1 <= number <= count:
                return None
            if category is not None and not isinstance(category, str):
                return None
            marks[number] = category
        return marks

    # -- reading answers -------------------------------------------------------------------------

    def read_text(self, text: str, letters: Letters | None) -> object:
        return self.canonical(self.read_marks(text, need_categories=bool(self.categories)))

    def read_marks(self, text: str, *, need_categories: bool) -> Marks:
        """'2 5', '2-4', '2,5', '2=hallucination 4=out' or 'none' as marks (every typed rule).

        Repeats of a segment are merged; one segment given two categories is refused.
        """
        flat = re.sub(r"\s*([=:])\s*", r"\1", text.translate(_DASHES).strip())
        flat = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", flat)
        if " ".join(flat.casefold().split()) in NONE_WORDS:
            return {}  # refused by ``canonical`` when the item does not allow it
        marks: Marks = {}
        for word in words(flat):
            numbers, category = self._read_word(word)
            for number in numbers:
                if marks.get(number) not in (None, category) and category is not None:
                    raise AnswerFormatError(f"segment {number} is given two categories")
                marks[number] = category if category is not None else marks.get(number)
        if need_categories:
            for number, category in sorted(marks.items()):
                if category is None:
                    example = f"{number}={self._category_example()}"
                    raise AnswerFormatError(
                        f"give a category for segment {number}: type {example} "
                        f"({', '.join(self.categories or [])})"
                    )
        return dict(sorted(marks.items()))

    def _read_word(self, word: str) -> tuple[list[int], str | None]:
        """'3' or '2-4' (with '=category' or ':category') as segment numbers and a category."""
        spec, equals, category = word.replace(":", "=").partition("=")
        count = len(self.segment_texts())
        match = _RANGE.fullmatch(spec)
        if match is None:
            none = " or 'none'" if self.allow_none else ""
            raise AnswerFormatError(
                f"{shown_value(spec)} is not a segment number: type numbers from 1 to {count} "
                f"(2 5, 2-4){none}"
            )
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if low > high:
            raise AnswerFormatError(f"write the range {spec} as {high}-{low}")
        for number in (low, high):
            if not 1 <= number <= count:
                raise AnswerFormatError(
                    f"segment {number} does not exist: the response has segments 1 to {count}"
                )
        picked = None
        if equals:
            if not self.categories:
                raise AnswerFormatError("this item has no categories: type segment numbers only")
            picked = pick(category, self.categories, "category")
        return list(range(low, high + 1)), picked

    def read_value(self, value: object) -> object:
        if isinstance(value, list):
            return self.canonical(self._read_items(value))
        if isinstance(value, dict):
            return self.canonical(self._read_mapping(value))
        if is_int(value):
            value = str(value)
        return super().read_value(value)

    def _read_items(self, items: list[object]) -> Marks:
        """An answers-file list: segment numbers, ranges or 'N=category' texts."""
        marks: Marks = {}
        for entry in items:
            if not (is_int(entry) or isinstance(entry, str)):
                raise self.cannot_answer(items)
            for number, category in self.read_marks(str(entry), need_categories=False).items():
                if marks.get(number) not in (None, category) and category is not None:
                    raise AnswerFormatError(f"segment {number} is given two categories")
                marks[number] = category or marks.get(number)
        missing = [number for number, category in marks.items() if category is None]
        if self.categories and missing:
            raise AnswerFormatError(
                "give a category for each marked segment: write a mapping such as "
                f"{{{missing[0]}: {self._category_example()}}}"
            )
        return marks

    def _read_mapping(self, mapping: Mapping[object, object]) -> Marks:
        """An answers-file mapping of segment number to category."""
        if not self.categories:
            raise AnswerFormatError(
                "this item has no categories: write a list of segment numbers, e.g. [2, 5]"
            )
        parts = []
        for number, category in mapping.items():
            if not (is_int(number) or isinstance(number, str)) or not isinstance(category, str):
                raise self.cannot_answer(dict(mapping))
            parts.append(f"{number}={category}")
        return self.read_marks(" ".join(parts), need_categories=True) if parts else {}

    def keyed_response(self) -> object:
        return self.canonical(self.key_marks()) if self.key_marks() else None

    def mistake_test(self, pattern: str) -> MistakeTest:
        """``segment N unmarked`` (left unmarked), ``segment N marked``, or ``segment N as
        CATEGORY`` (marked with that category)."""
        syntax = "write segment N unmarked, segment N marked or segment N as CATEGORY"
        said = pattern.split()
        count = len(self.segment_texts())
        if len(said) not in (3, 4) or said[0] != "segment" or not said[1].isdecimal():
            raise MistakePatternError(syntax)
        number, kind = int(said[1][:8]), said[2:]
        if not 1 <= number <= count:
            raise MistakePatternError(
                f"segment {said[1]} does not exist: the segments are 1–{count}"
            )
        if kind == ["unmarked"]:
            return lambda response: (
                (marks := self.marks_of(response)) is not None and (number not in marks)
            )
        if kind == ["marked"]:
            return lambda response: number in (self.marks_of(response) or {})
        if len(kind) == 2 and kind[0] == "as" and kind[1] in (self.categories or []):
            return lambda response: (self.marks_of(response) or {}).get(number, "") == kind[1]
        raise MistakePatternError(f"{syntax} (categories: {', '.join(self.categories or [])})")

    def canonical(self, marks: Marks) -> object:
        """Marks as the stored response: sorted numbers, or number text -> category."""
        if not marks and not self.allow_none:
            raise AnswerFormatError(
                "this response has at least one error: give the segments that contain one"
            )
        if not self.categories:
            return sorted(marks)
        return {str(number): marks[number] for number in sorted(marks)}

    def _category_example(self) -> str:
        return (self.categories or ["category"])[0]

    def answer_hint(self) -> str:
        none = "; none if nothing is wrong" if self.allow_none else ""
        if self.categories:
            return (
                f"each wrong segment with its category, e.g. 2={self._category_example()} "
                f"4-5={self.categories[-1]}{none}"
            )
        return f"the numbers of the segments with an error, e.g. 2 5 or 2-4{none}"

    def file_form(self) -> str:
        none = " ([] or {} for none)" if self.allow_none else ""
        if self.categories:
            return (
                f"a mapping of each wrong segment's number to its category "
                f"({', '.join(self.categories)}){none}"
            )
        return f"a list of the wrong segments' numbers, e.g. [2, 5]{none}"

    # -- words for review ------------------------------------------------------------------------

    def describe(self, response: object, letters: Letters | None) -> str | None:
        marks = self.marks_of(response)
        return None if marks is None else marks_text(marks)

    def key_text(self, letters: Letters | None = None) -> str:
        return marks_text(self.key_marks())


def marks_text(marks: Marks) -> str:
    """'2 (hallucination), 5 (outdated)', '2, 5', or 'none (no errors)'."""
    if not marks:
        return "none (no errors)"
    return ", ".join(
        f"{number} ({category})" if category else str(number)
        for number, category in sorted(marks.items())
    )
