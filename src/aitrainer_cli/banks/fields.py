"""Shared field types and the parts every question has: metadata and the judged material."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$", max_length=80),
]
"""Lower-case kebab-case identifier: bank ids, question ids, topics, tags."""

Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=40)]
"""An option, claim or dimension key (``a``, ``c1``, ``helpfulness``)."""

ResponseLabel = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
"""A response label shown to the learner: one capital letter."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Markdown or plain text written by the author."""


def _whole(value: Any) -> Any:
    """A float without a fraction as the whole number it is; anything else as it was given."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Whole = Annotated[int, BeforeValidator(_whole)]
"""A whole number: ``2``, or ``2.0`` (JSON Schema's integer is any number without a fraction).
Never text or true/false: the models are strict."""


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):  # True == 1, so a Literal[1] takes it unless told otherwise
        raise PydanticCustomError("literal_error", "Input should be 1")
    return value


FormatVersion = Annotated[Literal[1], BeforeValidator(_not_bool)]
"""The ``format:`` of a file: the number 1 (not true, which Python counts as 1)."""


@dataclass(frozen=True, slots=True)
class Stated:
    """JSON Schema keywords for a rule the models check in a semantic check of their own (where
    the finding can say more than pydantic would): the schema states the rule, so editors see
    it, and the check keeps its words. ``Stated(uniqueItems=True)``."""

    keywords: tuple[tuple[str, Any], ...]

    def __init__(self, **keywords: Any) -> None:
        object.__setattr__(self, "keywords", tuple(keywords.items()))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: pydantic.GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), **dict(self.keywords)}


UNIQUE = Stated(uniqueItems=True)
"""A list whose items are checked to differ (the check reports the repeat)."""


class Strict(BaseModel):
    """Base for every format model: unknown keys are errors, values are immutable, and values
    are strict: text is never read as a number or true/false (``"2"`` is no count, ``"yes"`` no
    boolean) and a number never as true/false, as in the JSON Schema made from these models.

    Validators and serialisers are built on first use (``defer_build``), not at import: a start
    from the catalog cache uses neither, and building them all costs more than the start.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


Level = Annotated[Difficulty, pydantic.Strict(False)]
"""A difficulty as a bank or blueprint writes it (``easy``). Enumerations are the one exception
to the models' strict mode, which would take only enum members from Python data: their values
are text, and text is all they take."""


class Turn(Strict):
    """One turn of the conversation being judged."""

    role: Literal["system", "user", "assistant", "tool"]
    text: Text


class Context(Strict):
    """The material being judged: conversation, labelled responses, a reference passage."""

    conversation: list[Turn] | None = Field(default=None, min_length=1)
    responses: dict[ResponseLabel, Text] | None = Field(default=None, min_length=1, max_length=6)
    evidence: Text | None = None
