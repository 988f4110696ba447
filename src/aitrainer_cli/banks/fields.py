"""Shared field types and the parts every question has: metadata and the judged material."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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


class Strict(BaseModel):
    """Base for every format model: unknown keys are errors, values are immutable.

    Validators and serialisers are built on first use (``defer_build``), not at import: a start
    from the catalog cache uses neither, and building them all costs more than the start.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Turn(Strict):
    """One turn of the conversation being judged."""

    role: Literal["system", "user", "assistant", "tool"]
    text: Text


class Context(Strict):
    """The material being judged: conversation, labelled responses, a reference passage."""

    conversation: list[Turn] | None = Field(default=None, min_length=1)
    responses: dict[ResponseLabel, Text] | None = Field(default=None, min_length=1, max_length=6)
    evidence: Text | None = None
