"""What every item type shares: the common fields, the interface each type implements, scores.

Each item type is one module of this package: its pydantic model (fields and semantic checks)
and, as methods of the model, how a response is scored, how an answer is read from typed text
or an answers-file value, and how a response and the key are put in words for review. Nothing
here prints; everything returns values.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Context, Level, Slug, Strict, Text
from aitrainer_cli.banks.problems import Problem, Severity
from aitrainer_cli.items.mistakes import Mistake, MistakePatternError, MistakeTest
from aitrainer_cli.items.reading import AnswerFormatError

Letters = Mapping[str, str]
"""Option key -> the letter the learner sees for it on this form."""


@dataclass(frozen=True, slots=True)
class Score:
    """Credit in [0, 1], its parts for review, and a note when a special rule applied."""

    credit: float
    parts: tuple[tuple[str, float], ...] = ()
    note: str = ""
    graded_by: str = ""
    """Who decided a written answer's credit: keywords, judge or self_check (empty for the
    types whose key decides alone)."""


MALFORMED = Score(0.0, note="response not understood")
NO_KEY = Score(0.0, note="the question has no key")
UNANSWERED = Score(0.0, note="unanswered")


def mean(values: Sequence[float]) -> float:
    """The average, 0 for no values."""
    return sum(values) / len(values) if values else 0.0


def panel_parts(credits: Sequence[float]) -> tuple[tuple[str, float], ...]:
    """Credit against each expert of a panel, as score parts."""
    return tuple((f"expert {i}", credit) for i, credit in enumerate(credits, 1))


def value_kind(value: object) -> str:
    """What an answers-file value is, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else "this value"


class LintSettings(Strict):
    """How ``aitrainer bank lint`` treats one item."""

    ignore: list[Slug] = Field(default_factory=list, max_length=20)


class QuestionBase(Strict):
    """Fields common to every item type, and the interface each type implements."""

    title: ClassVar[str] = ""
    """What the learner is asked to do, as a heading ('Rank the responses')."""
    has_options: ClassVar[bool] = False
    """The learner picks among lettered options (which are shuffled on each form)."""
    single: ClassVar[bool] = False
    """With options: exactly one of them is the answer."""
    scenario: ClassVar[bool] = False
    """The item judges material as production work does (responses, claims, a rewrite), so a
    bank's guideline applies to it."""

    if TYPE_CHECKING:  # each type declares its own ``type: Literal[...]`` field
        type: str
    id: Slug
    topic: Slug
    difficulty: Level
    points: float = Field(default=1, gt=0, le=100)
    prompt: Text
    context: Context | None = None
    explanation: Text
    sources: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)
    mistakes: list[Mistake] = Field(
        default_factory=list, max_length=20, exclude_if=lambda value: not value
    )
    """Tempting wrong answers and what to say about each (types that implement
    ``mistake_test``); left out of the dump when empty, so content hashes stay as they were."""
    guideline: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(
        default_factory=list, max_length=10, exclude=True
    )
    """Ids of the bank guideline's sections this item applies (feedback and review quote them);
    not part of the content, so adding one never marks stored answers as to an edited item."""
    lint: LintSettings | None = Field(default=None, exclude=True)
    """Lint rules this item is exempt from (with a comment in the bank saying why); not part of
    the content, so it never marks stored answers as answers to an edited question."""

    # -- the bank: semantic checks -------------------------------------------------------------

    def problems(self) -> Iterator[Problem]:
        """Semantic problems: keys that point nowhere, impossible scales, misleading text."""
        if len(self.explanation.split()) < 8:
            yield Problem(
                ("explanation",),
                Code.SHORT_EXPLANATION,
                "the explanation has fewer than 8 words; say why the key is right and why "
                "the tempting wrong answers are wrong",
                Severity.WARNING,
            )
        yield from self._mistake_problems()

    def _mistake_problems(self) -> Iterator[Problem]:
        """Every ``mistakes`` pattern reads in this type's syntax."""
        for i, mistake in enumerate(self.mistakes):
            try:
                test = self.mistake_test(mistake.when)
            except MistakePatternError as error:
                yield Problem(("mistakes", i, "when"), Code.BAD_MISTAKE, str(error))
                continue
            keyed = self.keyed_response()
            if test is not None and keyed is not None and _matches(test, keyed):
                yield Problem(
                    ("mistakes", i, "when"),
                    Code.MISTAKE_IS_KEY,
                    f"{mistake.when!r} matches the key itself: a mistake describes a wrong answer",
                )
            if test is None:
                kind = self.type_name().replace("_", "-")
                advice = " (use option_feedback)" if self.has_options else ""
                yield Problem(
                    ("mistakes",),
                    Code.MISTAKES_UNSUPPORTED,
                    f"a {kind} question takes no mistakes{advice}",
                )
                return

    def keyed_response(self) -> object:
        """The key as a response, when it is one (a mistake must not match it); else None."""
        return None

    def mistake_test(self, pattern: str) -> MistakeTest | None:
        """The test of a response that a ``mistakes`` pattern describes (True: the response
        makes that mistake); MistakePatternError says how to write the pattern. A type opts in
        to mistake feedback by implementing this; None: the type takes no mistakes."""
        return None

    def response_labels(self) -> set[str]:
        """The labels of the responses in the material (A, B, …)."""
        return set(self.context.responses) if self.context and self.context.responses else set()

    def option_keys(self) -> tuple[str, ...]:
        """Keys of the options that are shuffled and lettered on each form (none by default)."""
        return ()

    def option_texts(self) -> dict[str, str]:
        """Option key -> text, for items with options."""
        return {}

    def keyed_options(self) -> list[str]:
        """The option keys the answer names, for items with options."""
        return []

    def rubric_entries(self) -> list[tuple[str, str]]:
        """(rubric point, keyword or /regex/) pairs, for items scored by a rubric."""
        return []

    def keyword_scored(self) -> bool:
        """Whether its credit comes from keyword rubrics (written answers, in whole or in part),
        which an exam says plainly."""
        return False

    # -- scoring ------------------------------------------------------------------------------

    def score(self, response: object) -> Score:
        """Credit for a response that is not None; a malformed one earns 0, nothing raises."""
        raise NotImplementedError

    def complete(self, response: object) -> bool:
        """Whether a stored response is a finished answer; a composite item (a task) may hold
        some parts only, and is asked again at its first open part."""
        return response is not None

    # -- reading answers ----------------------------------------------------------------------

    def read_typed(self, text: str, letters: Letters | None = None) -> object:
        """A typed one-line answer as the canonical response; AnswerFormatError says why not."""
        if not text.strip():
            raise AnswerFormatError(f"nothing was typed: type {self.answer_hint()}")
        return self.read_text(text, letters)

    def read_text(self, text: str, letters: Letters | None) -> object:
        """The type's own reading of non-blank text."""
        raise NotImplementedError

    def read_value(self, value: object) -> object:
        """A non-blank answers-file value (options named by bank key) as the canonical response."""
        if isinstance(value, str):
            return self.read_typed(value)
        raise self.cannot_answer(value)

    def cannot_answer(self, value: object) -> AnswerFormatError:
        """The error for an answers-file value of the wrong shape."""
        kind = self.type_name().replace("_", "-")
        return AnswerFormatError(
            f"{value_kind(value)} cannot answer a {kind} question: write {self.file_form()}"
        )

    def answer_hint(self) -> str:
        """One line saying how to type an answer."""
        raise NotImplementedError

    def file_form(self) -> str:
        """How to write an answer in an answers file."""
        raise NotImplementedError

    # -- words for review ---------------------------------------------------------------------

    def describe(self, response: object, letters: Letters | None) -> str | None:
        """The response in words, or None when it is not a canonical response for the item."""
        raise NotImplementedError

    def key_text(self, letters: Letters | None = None) -> str:
        """The key in words, options named by their display letters."""
        raise NotImplementedError

    def best_responses(self) -> list[str]:
        """The responses the key puts first (ranking, preference); none for other types."""
        return []

    def panel_judgements(self) -> list[object] | None:
        """The expert panel's judgements as responses, for items keyed by a panel."""
        return None

    @classmethod
    def type_name(cls) -> str:
        """The item type as written in a bank (``type: ranking``)."""
        default = cls.model_fields["type"].annotation
        return str(getattr(default, "__args__", ("",))[0])


def _matches(test: MistakeTest, response: object) -> bool:
    try:
        return test(response)
    except Exception:  # a test is written for canonical responses only
        return False


def coverage_problems(
    keyed: Collection[str], names: Sequence[str], name: str, given: str, unknown: Code
) -> Iterator[Problem]:
    """Keys of the answer that name no ``name`` of the item (reported as ``unknown``), and names
    the answer leaves out."""
    for key in keyed:
        if key not in names:
            yield Problem(
                ("answer", key),
                unknown,
                f"{key!r} is not one of the {name}s ({', '.join(names)})",
            )
    for key in names:
        if key not in keyed:
            yield Problem(("answer",), Code.MISSING_KEY, f"no {given} is given for {name} {key!r}")


_LETTER_REFERENCE = re.compile(r"\b(?:[Oo]ption|[Cc]hoice|[Aa]nswer) \(?[a-h]\)?(?![\w'])")


def letter_reference(text: str) -> bool:
    """Whether text points at an option by letter ('option b'), which shuffling breaks."""
    return _LETTER_REFERENCE.search(text) is not None
