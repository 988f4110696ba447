"""``rating``: rate the material on one or more dimensions of a Likert scale.

With ``responses: [A, B]`` each listed response is rated on every dimension: the key and the
answers are then one mapping of dimension -> value per response, and each (response, dimension)
cell is scored as a single rating's dimension is. Without it, nothing changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Key, ResponseLabel, Strict, Text, Whole
from aitrainer_cli.banks.problems import Problem
from aitrainer_cli.items.base import (
    MALFORMED,
    Letters,
    Score,
    coverage_problems,
    mean,
    value_kind,
)
from aitrainer_cli.items.mistakes import MistakePatternError, MistakeTest, parse_range
from aitrainer_cli.items.parts import PartsQuestion
from aitrainer_cli.items.reading import (
    AnswerFormatError,
    Pairs,
    is_int,
    named,
    typed_pairs,
    value_pairs,
    whole_number,
    words,
)

Band = Whole | Annotated[list[Whole], Field(min_length=2, max_length=2)]
"""A keyed value, or a band [low, high] of values that are all right."""


class Scale(Strict):
    """A Likert scale with optional anchor labels (``labels: {1: Very poor, 5: Excellent}``)."""

    min: Whole = Field(ge=-10, le=10)
    max: Whole = Field(ge=-10, le=10)
    labels: dict[Whole, Text] = Field(default_factory=dict)


def band_text(value: int | list[int] | None) -> str:
    """'3' or '3–4' for a key; '—' for none."""
    if value is None:
        return "—"
    return f"{value[0]}–{value[1]}" if isinstance(value, list) else str(value)


def _distance(value: int, key: int | list[int]) -> int:
    """Distance from a keyed value, or from a band [lo, hi] (0 anywhere inside it)."""
    low, high = (min(key), max(key)) if isinstance(key, list) else (key, key)
    return low - value if value < low else value - high if value > high else 0


class Rating(PartsQuestion):
    """Rate the material on one or more dimensions; each key is a value or a band [lo, hi]."""

    title: ClassVar[str] = "Rate the response"
    scenario: ClassVar[bool] = True

    type: Literal["rating"]
    scale: Scale
    dimensions: dict[Key, Text] = Field(min_length=1, max_length=8)
    """Dimension key -> what the learner is told it measures."""
    responses: list[ResponseLabel] | None = Field(
        default=None, min_length=1, max_length=6, exclude_if=lambda value: value is None
    )
    """The responses each rated on every dimension; unset, the material is rated once.
    (Left out of the dump when unset, so existing items keep their content hash.)"""
    answer: dict[Key, Band | dict[Key, Band]]
    """Dimension -> keyed value; with ``responses``, response -> (dimension -> keyed value)."""
    tolerance: Whole = Field(default=1, ge=0, le=5)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        lo, hi = self.scale.min, self.scale.max
        if hi - lo < 1:
            yield Problem(("scale",), Code.BAD_SCALE, "the scale's max must exceed its min")
        for value in self.scale.labels:
            if not lo <= value <= hi:
                yield Problem(
                    ("scale", "labels", value),
                    Code.OFF_SCALE,
                    f"label {value} lies outside the scale {lo}..{hi}",
                )
        yield from self._key_problems()

    def _key_problems(self) -> Iterator[Problem]:
        if self.responses is None:
            yield from self._band_problems(self.answer, ())
            return
        yield from self._response_problems(self.responses)
        for label, keyed in self.answer.items():
            if label not in self.responses:
                continue  # reported by _response_problems
            if isinstance(keyed, dict):
                yield from self._band_problems(keyed, (label,))
            else:
                yield Problem(
                    ("answer", label),
                    Code.KEY_SHAPE,
                    f"with 'responses', each response's key is a mapping of dimension -> "
                    f"value: write {label}: {{{next(iter(self.dimensions))}: …}}",
                )

    def _response_problems(self, responses: list[str]) -> Iterator[Problem]:
        """The listed responses: once each, in the material, each keyed."""
        if len(set(responses)) != len(responses):
            yield Problem(("responses",), Code.DUPLICATE_KEY, "a response is listed twice")
        material = self.response_labels()
        if not material:
            yield Problem(
                ("responses",),
                Code.RESPONSES_NEEDED,
                "rating several responses needs them in context.responses",
            )
        for i, label in enumerate(responses):
            if material and label not in material:
                yield Problem(
                    ("responses", i),
                    Code.UNKNOWN_RESPONSE,
                    f"response {label} is not in the material ({', '.join(sorted(material))})",
                )
        yield from coverage_problems(
            self.answer, responses, "response", "key", Code.UNKNOWN_RESPONSE
        )

    def _band_problems(
        self, answer: Mapping[str, object], path: tuple[str, ...]
    ) -> Iterator[Problem]:
        """One response's key: every dimension keyed once, on the scale, bands [low, high]."""
        lo, hi = self.scale.min, self.scale.max
        for problem in coverage_problems(
            answer, list(self.dimensions), "dimension", "key", Code.UNKNOWN_DIMENSION
        ):
            yield Problem(("answer", *path, *problem.path[1:]), problem.code, problem.message)
        for key, keyed in answer.items():
            where = ("answer", *path, key)
            if not (is_int(keyed) or isinstance(keyed, list)):
                yield Problem(where, Code.KEY_SHAPE, "a key is a value or a band [low, high]")
                continue
            band: list[int] = keyed if isinstance(keyed, list) else [keyed, keyed]
            if band[0] > band[1]:
                yield Problem(where, Code.BAD_BAND, "a band is written [low, high]")
            if not (lo <= band[0] <= hi and lo <= band[1] <= hi):
                yield Problem(
                    where,
                    Code.OFF_SCALE,
                    f"the key {keyed} lies outside the scale {lo}..{hi}",
                )

    def complete(self, response: object) -> bool:
        """Finished once every dimension (of every response, when several are rated) has a
        value; the ratings given so far are kept as a partial answer."""
        if not isinstance(response, dict):
            return False
        if self.responses is None:
            return all(dimension in response for dimension in self.dimensions)
        return all(
            isinstance(given := response.get(label), dict)
            and all(dimension in given for dimension in self.dimensions)
            for label in self.responses
        )

    def score(self, response: object) -> Score:
        """Per cell max(0, 1 - distance / (tolerance + 1)), averaged over the cells: the
        dimensions, or with ``responses`` every (response, dimension) pair."""
        if not isinstance(response, dict):
            return MALFORMED
        if self.responses is None:
            parts = self._cells(response, self.answer, "")
        else:
            parts = []
            for label in self.responses:
                given, keyed = response.get(label), self.answer.get(label)
                parts += self._cells(
                    given if isinstance(given, dict) else {},
                    keyed if isinstance(keyed, dict) else {},
                    f"{label} ",
                )
        return Score(mean([credit for _, credit in parts]), tuple(parts))

    def _cells(
        self, given: Mapping[object, object], keys: Mapping[str, object], prefix: str
    ) -> list[tuple[str, float]]:
        """Credit for each dimension of one rated response, named ``prefix + dimension``."""
        parts: list[tuple[str, float]] = []
        for dimension in self.dimensions:
            value, key = given.get(dimension), keys.get(dimension)
            credit = 0.0
            if is_int(value) and (is_int(key) or isinstance(key, list)):
                credit = max(0.0, 1 - _distance(value, key) / (self.tolerance + 1))
            parts.append((prefix + dimension, credit))
        return parts

    def cell_key(self, label: str | None, dimension: str) -> int | list[int] | None:
        """The keyed value of one cell (``label`` None for a single-response rating)."""
        keys = self.answer if label is None else self.answer.get(label)
        keyed = keys.get(dimension) if isinstance(keys, dict) else None
        return keyed if is_int(keyed) or isinstance(keyed, list) else None

    # -- reading answers ----------------------------------------------------------------------

    def read_pairs(self, pairs: Pairs) -> dict[str, int]:
        """Dimension -> value on the scale, every dimension once (one response's ratings)."""
        low, high = self.scale.min, self.scale.max
        resolved = named(pairs, list(self.dimensions), "number", "dimension")
        advice = f"type a number from {low} to {high}"
        return {
            name: whole_number(value, low, high, f" for {name}", advice) for name, value in resolved
        }

    def read_text(self, text: str, letters: Letters | None) -> object:
        if self.responses is None:
            return self.read_pairs(typed_pairs(text))
        return self._read_groups(self._typed_groups(text))

    def read_value(self, value: object) -> object:
        if self.responses is None or isinstance(value, str):
            return super().read_value(value)
        if isinstance(value, dict):
            groups: list[tuple[str | None, object]] = [(str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            groups = [(None, v) for v in value]
        else:
            raise self.cannot_answer(value)
        return self._read_groups(groups)

    def _typed_groups(self, text: str) -> list[tuple[str | None, object]]:
        """'A: 4 3 / B: 2 5' (or '4 3 / 2 5', or every number in order) as per-response text."""
        responses = self.responses or []
        chunks = [chunk.strip() for chunk in text.split("/")]
        if len(chunks) == 1 and all(name is None for name, _ in typed_pairs(text)):
            numbers, size = words(text), len(self.dimensions)
            if len(numbers) == size * len(responses):
                return [
                    (None, " ".join(numbers[i : i + size])) for i in range(0, len(numbers), size)
                ]
        groups: list[tuple[str | None, object]] = []
        for chunk in chunks:
            label, colon, rest = chunk.partition(":")
            if colon and label.strip().upper() in responses:
                groups.append((label.strip().upper(), rest))
            else:
                groups.append((None, chunk))
        return groups

    def _read_groups(self, groups: list[tuple[str | None, object]]) -> dict[str, dict[str, int]]:
        """Response -> (dimension -> value): every response once, by label or in order."""
        responses = self.responses or []
        if len(groups) != len(responses) and all(label is None for label, _ in groups):
            example = " / ".join(f"{label}: …" for label in responses)
            raise AnswerFormatError(
                f"rate each of {' '.join(responses)}, separated by '/' ({example}): "
                f"you gave {len(groups)} of {len(responses)}"
            )
        resolved = named(groups, responses, "set of ratings", "response")
        ratings: dict[str, dict[str, int]] = {}
        for label, ratings_of in resolved:
            try:
                ratings[label] = self._read_one(ratings_of)
            except AnswerFormatError as error:
                raise AnswerFormatError(f"response {label}: {error}") from None
        return ratings

    def _read_one(self, value: object) -> dict[str, int]:
        """One response's ratings: text, a mapping or a list of numbers."""
        if isinstance(value, str):
            if not value.strip():
                raise AnswerFormatError(f"no ratings given: type {self._one_hint()}")
            return self.read_pairs(typed_pairs(value))
        if isinstance(value, dict | list):
            return self.read_pairs(value_pairs(value))
        raise AnswerFormatError(
            f"{value_kind(value)} cannot rate a response: write {self._one_hint()}"
        )

    def _one_hint(self) -> str:
        dimensions = " ".join(self.dimensions)
        return f"a number {self.scale.min}..{self.scale.max} per dimension ({dimensions})"

    def answer_hint(self) -> str:
        if self.responses is not None:
            middle = str((self.scale.min + self.scale.max) // 2)
            numbers = " ".join(middle for _ in self.dimensions)
            example = " / ".join(f"{label}: {numbers}" for label in self.responses)
            return f"{self._one_hint()} for each response, e.g. {example}"
        return (
            f"a number {self.scale.min}..{self.scale.max} per dimension in "
            f"order ({' '.join(self.dimensions)})"
        )

    def file_form(self) -> str:
        one = (
            f"a mapping of each dimension ({', '.join(self.dimensions)}) to a "
            f"number {self.scale.min}..{self.scale.max}"
        )
        if self.responses is None:
            return one
        return f"a mapping of each response ({', '.join(self.responses)}) to {one}"

    # -- words for review ---------------------------------------------------------------------

    def part_names(self) -> list[str]:
        return list(self.dimensions)

    def part_value_ok(self, value: object) -> bool:
        return is_int(value)

    def describe(self, response: object, letters: Letters | None) -> str | None:
        if self.responses is None:
            return super().describe(response, letters)
        if not isinstance(response, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) for k, v in response.items()
        ):
            return None
        said = []
        for label in sorted(response, key=_order(self.responses)):
            one = super().describe(response[label], letters)
            if one is None:
                return None
            said.append(f"{label}: {one}")
        return "; ".join(said)

    def mistake_test(self, pattern: str) -> MistakeTest:
        """``DIMENSION LOW..HIGH`` (or one value): the rating of that dimension lies in the
        range; with ``responses``, ``RESPONSE DIMENSION LOW..HIGH`` (``B correctness 3..4``)."""
        words = pattern.split()
        syntax = "DIMENSION LOW..HIGH" if self.responses is None else "RESPONSE DIMENSION LOW..HIGH"
        if len(words) != (2 if self.responses is None else 3):
            raise MistakePatternError(f"write {syntax} (a value or a range of the scale)")
        label = words[0] if self.responses is not None else None
        if self.responses is not None and label not in self.responses:
            raise MistakePatternError(
                f"write {syntax}: {label!r} is not a rated response ({', '.join(self.responses)})"
            )
        dimension = words[-2]
        if dimension not in self.dimensions:
            raise MistakePatternError(
                f"write {syntax}: {dimension!r} is not a dimension ({', '.join(self.dimensions)})"
            )
        low, high = parse_range(words[-1], self.scale.min, self.scale.max, "the scale")
        keyed = self.cell_key(label, dimension)
        band = keyed if isinstance(keyed, list) else [keyed, keyed] if keyed is not None else []
        if band and band[0] <= low and high <= band[1]:
            raise MistakePatternError(
                f"{words[-1]} lies within the key ({band_text(keyed)}): a mistake is a wrong rating"
            )
        return _cell_test(label, dimension, low, high)

    def key_text(self, letters: Letters | None = None) -> str:
        if self.responses is None:
            return _key_words(self.answer)
        return "; ".join(
            f"{label}: {_key_words(keyed)}"
            for label, keyed in self.answer.items()
            if isinstance(keyed, dict)
        )


def _cell_test(label: str | None, dimension: str, low: int, high: int) -> MistakeTest:
    def test(response: object) -> bool:
        given = (
            response.get(label) if label is not None and isinstance(response, dict) else response
        )
        value = given.get(dimension) if isinstance(given, dict) else None
        return is_int(value) and low <= value <= high

    return test


def _key_words(keys: Mapping[str, object]) -> str:
    return ", ".join(
        f"{k} {band_text(v)}" for k, v in keys.items() if is_int(v) or isinstance(v, list)
    )


def _order(names: list[str]) -> Callable[[str], int]:
    return lambda name: names.index(name) if name in names else len(names)
