"""``task``: a composite screening task: shared material and an ordered list of parts.

Each part is an item of any other type (rate A, rate B, a side-by-side preference, a written
justification …) with its own key, explanation and ``weight``. A part needs no id, topic or
difficulty of its own: it inherits the task's, and the task's context unless it gives its own.
Part models are made from the item-type registry (``install_parts``), so a new item type is a
valid part with no change here; a task is never a part.

The response is a mapping part key -> that part's response; a part not yet answered is absent,
so a task killed between parts keeps the parts given. Credit is the weighted mean of the parts'
credit; contradictions between the parts (``items.consistency``) are reported, and cost
``CONSISTENCY_DEDUCTION`` each only when the task sets ``consistency: scored``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Union, cast

from pydantic import Field, create_model, model_validator

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Difficulty, Key, ResponseLabel, Slug
from aitrainer_cli.banks.problems import Problem, Severity, prefixed
from aitrainer_cli.items.base import MALFORMED, UNANSWERED, Letters, QuestionBase, Score
from aitrainer_cli.items.consistency import Contradiction, Given, contradictions
from aitrainer_cli.items.reading import AnswerFormatError, shown_value

CONSISTENCY_DEDUCTION = 0.1
"""With ``consistency: scored``: the share of the task's credit each contradiction costs."""
PART_SEPARATOR = "|"
"""Between the parts of a task typed on one line."""

if TYPE_CHECKING:
    AnyPart = QuestionBase
    """Any part: an item of any type but ``task``, discriminated on ``type``."""

PART_BASES: dict[type[QuestionBase], type[QuestionBase]] = {}
"""Each part model -> the item model it is made from."""


def install_parts(classes: Sequence[type[QuestionBase]]) -> None:
    """Make a part model for each item type (tasks excepted) and the union ``parts`` takes.

    Called once by the registry (``items/__init__.py``) with every item type."""
    made: list[type[QuestionBase]] = []
    for cls in classes:
        if cls is Task:
            continue
        name = f"{cls.__name__}Part"
        made_model = create_model(
            name,
            __base__=cls,
            __module__=__name__,
            __doc__=f"A part of a task: {cls.__doc__}",
            id=(Key | None, None),
            topic=(Slug | None, None),
            difficulty=(Difficulty | None, None),
            weight=(float, 1.0),
            about=(ResponseLabel | None, None),
        )
        model = cast("type[QuestionBase]", made_model)
        model.__qualname__ = name
        globals()[name] = model  # found by name, as pickle (the catalog cache) looks it up
        PART_BASES[model] = cls
        made.append(model)
    globals()["AnyPart"] = Annotated[Union[tuple(made)], Field(discriminator="type")]  # noqa: UP007


class Task(QuestionBase):
    """A composite task: shared context, then parts asked in order, each with its own key."""

    title: ClassVar[str] = "Screening task"
    scenario: ClassVar[bool] = True

    type: Literal["task"]
    parts: list[AnyPart] = Field(min_length=1, max_length=12)
    consistency: Literal["reported", "scored"] = "reported"
    """Contradictions between parts are shown (``reported``) or also cost credit (``scored``)."""

    @model_validator(mode="before")
    @classmethod
    def _points_from_weights(cls, data: Any) -> Any:
        """A task's points are its parts' weights added up, unless the author gives them."""
        if isinstance(data, dict) and "points" not in data and isinstance(data.get("parts"), list):
            weights = [p.get("weight", 1) if isinstance(p, dict) else 1 for p in data["parts"]]
            if all(isinstance(w, int | float) and not isinstance(w, bool) for w in weights):
                total = float(sum(weights))
                if 0 < total <= 100:
                    return {**data, "points": total}
        return data

    # -- the parts ----------------------------------------------------------------------------

    def part_keys(self) -> list[str]:
        """Each part's key: its ``id``, else its number from 1."""
        return [_key(part, i) for i, part in enumerate(self.parts)]

    def weight(self, index: int) -> float:
        return float(getattr(self.parts[index], "weight", 1.0))

    def about(self, index: int) -> str | None:
        """The response the part judges (A, B), when the author names it."""
        value = getattr(self.parts[index], "about", None)
        return value if isinstance(value, str) else None

    def keyword_scored(self) -> bool:
        return any(self.part_question(i).keyword_scored() for i in range(len(self.parts)))

    def part_question(self, index: int) -> QuestionBase:
        """The part as an item of its own type, with the task's id, topic, difficulty, context
        and guideline sections filled in where the part gives none."""
        part = self.parts[index]
        base = PART_BASES.get(type(part), type(part))
        values = {name: getattr(part, name) for name in base.model_fields}
        values["id"] = self.id
        values["topic"] = getattr(part, "topic", None) or self.topic
        values["difficulty"] = getattr(part, "difficulty", None) or self.difficulty
        values["context"] = part.context or self.context
        values["guideline"] = getattr(part, "guideline", None) or self.guideline
        return base.model_construct(set(part.model_fields_set) & set(base.model_fields), **values)

    def part_title(self, index: int) -> str:
        """'Rate the response (A)': the part's type heading and the response it judges."""
        about = self.about(index)
        return self.parts[index].title + (f" ({about})" if about else "")

    def complete(self, response: object) -> bool:
        return isinstance(response, dict) and all(k in response for k in self.part_keys())

    def first_open_part(self, response: object) -> int:
        """The first part the response leaves unanswered (0 for none given)."""
        given = response if isinstance(response, dict) else {}
        keys = self.part_keys()
        return next((i for i, key in enumerate(keys) if key not in given), len(keys))

    # -- the bank: semantic checks -------------------------------------------------------------

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        keys = self.part_keys()
        for i, part in enumerate(self.parts):
            where = ("parts", i)
            yield from prefixed(where, self.part_question(i).problems())
            weight = self.weight(i)
            if not 0 < weight <= 100:
                yield Problem(
                    (*where, "weight"),
                    Code.PART_WEIGHT,
                    f"a part's weight must be more than 0 and at most 100, not {weight:g}",
                )
            if "points" in part.model_fields_set:
                yield Problem(
                    (*where, "points"),
                    Code.PART_POINTS,
                    "a part's share of the task is its 'weight'; 'points' belongs to the task",
                )
            if keys.index(keys[i]) != i:
                yield Problem(
                    (*where, "id"), Code.DUPLICATE_KEY, f"part id {keys[i]!r} is used twice"
                )
            about = self.about(i)
            labels = self.part_question(i).response_labels()
            if about is not None and about not in labels:
                yield Problem(
                    (*where, "about"),
                    Code.UNKNOWN_RESPONSE,
                    f"{about!r} is not one of the responses of the material "
                    f"({', '.join(sorted(labels)) or 'none'})",
                )
        total = sum(self.weight(i) for i in range(len(self.parts)))
        if "points" in self.model_fields_set and abs(self.points - total) > 1e-9 and total > 0:
            yield Problem(
                ("points",),
                Code.TASK_POINTS,
                f"a task's points are its parts' weights added up ({total:g}), not "
                f"{self.points:g}: leave 'points' out",
                Severity.WARNING,
            )

    # -- scoring ------------------------------------------------------------------------------

    def part_scores(self, response: Mapping[str, object]) -> list[Score]:
        """Each part's score; a part left unanswered earns 0."""
        scores = []
        for i, key in enumerate(self.part_keys()):
            value = response.get(key)
            scores.append(UNANSWERED if value is None else self.part_question(i).score(value))
        return scores

    def contradictions(self, response: object) -> list[Contradiction]:
        """Contradictions between the parts answered (``items.consistency``)."""
        if not isinstance(response, dict):
            return []
        given = [
            Given(key, self.part_question(i), response[key], self.about(i))
            for i, key in enumerate(self.part_keys())
            if response.get(key) is not None
        ]
        return contradictions(given)

    def score(self, response: object) -> Score:
        """The weighted mean of the parts' credit; with ``consistency: scored`` less
        ``CONSISTENCY_DEDUCTION`` for each contradiction (never below 0)."""
        if not isinstance(response, dict):
            return MALFORMED
        scores = self.part_scores(response)
        weights = [self.weight(i) for i in range(len(self.parts))]
        total = sum(weights)
        credit = sum(w * s.credit for w, s in zip(weights, scores, strict=True)) / total
        parts = tuple((key, s.credit) for key, s in zip(self.part_keys(), scores, strict=True))
        found = self.contradictions(response)
        if not found:
            return Score(credit, parts)
        count = f"{len(found)} contradiction{'s' if len(found) != 1 else ''} between parts"
        if self.consistency == "scored":
            deduction = CONSISTENCY_DEDUCTION * len(found)
            return Score(max(0.0, credit - deduction), parts, f"{count}: -{deduction:.0%}")
        return Score(credit, parts, f"{count} (reported, not scored)")

    # -- reading answers ----------------------------------------------------------------------

    def read_text(self, text: str, letters: Letters | None) -> object:
        """Parts in order separated by ``|``, or else one a line; a blank part is left
        unanswered."""
        pieces = text.split(PART_SEPARATOR) if PART_SEPARATOR in text else text.split("\n")
        keys = self.part_keys()
        if len(pieces) > len(keys):
            raise AnswerFormatError(
                f"{len(pieces)} parts were typed but the task has {len(keys)}: {self.answer_hint()}"
            )
        response: dict[str, object] = {}
        for i, piece in enumerate(pieces):
            if piece.strip():
                response[keys[i]] = self._read_part(i, lambda q, p=piece: q.read_typed(p))
        if not response:
            raise AnswerFormatError(f"no part was answered: type {self.answer_hint()}")
        return response

    def read_value(self, value: object) -> object:
        """A mapping part key -> that part's answer (or a list in part order, or the parts as
        typed on one line)."""
        if isinstance(value, str):
            return self.read_typed(value)
        keys = self.part_keys()
        if isinstance(value, list):
            if len(value) > len(keys):
                raise AnswerFormatError(f"{len(value)} answers for a task of {len(keys)} parts")
            value = dict(zip(keys, value, strict=False))
        if not isinstance(value, dict):
            raise self.cannot_answer(value)
        response: dict[str, object] = {}
        for name, answer in value.items():
            key = str(name)
            if key not in keys:
                raise AnswerFormatError(
                    f"{shown_value(name)} is not a part of this task: its parts are "
                    f"{', '.join(keys)}"
                )
            if answer is None or (isinstance(answer, str) and not answer.strip()):
                continue
            i = keys.index(key)
            response[key] = self._read_part(i, lambda q, a=answer: q.read_value(a))
        if not response:
            raise AnswerFormatError(f"no part is answered: write {self.file_form()}")
        return response

    def _read_part(self, index: int, read: Any) -> object:
        try:
            return read(self.part_question(index))
        except AnswerFormatError as error:
            raise AnswerFormatError(f"part {self.part_keys()[index]}: {error}") from None

    def answer_hint(self) -> str:
        return (
            f"each of the {len(self.parts)} parts in turn (all at once: the parts' answers in "
            f"order, separated by {PART_SEPARATOR} or one a line)"
        )

    def file_form(self) -> str:
        return f"a mapping of each part ({', '.join(self.part_keys())}) to that part's answer"

    # -- words for review ---------------------------------------------------------------------

    def describe(self, response: object, letters: Letters | None) -> str | None:
        if not isinstance(response, dict) or not all(isinstance(k, str) for k in response):
            return None
        words = []
        for i, key in enumerate(self.part_keys()):
            if key in response:
                said = self.part_question(i).describe(response[key], None)
                words.append(f"{key}: {said if said is not None else '?'}")
        return "; ".join(words) if words else None

    def key_text(self, letters: Letters | None = None) -> str:
        return "; ".join(
            f"{key}: {self.part_question(i).key_text(None)}"
            for i, key in enumerate(self.part_keys())
        )


def _key(part: QuestionBase, index: int) -> str:
    own = getattr(part, "id", None)
    return own if isinstance(own, str) and own else str(index + 1)
