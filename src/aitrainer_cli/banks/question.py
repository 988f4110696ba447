"""The bank document: its header and its questions (any item type of ``items``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated

from pydantic import Field, StringConstraints

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import FormatVersion, Slug, Strict, Text
from aitrainer_cli.banks.problems import Problem, prefixed
from aitrainer_cli.items import Question


class BankHeader(Strict):
    """Who the bank is and what it covers."""

    id: Slug
    title: Text
    description: Text | None = None
    references: dict[Annotated[str, StringConstraints(min_length=1, max_length=80)], Text] = Field(
        default_factory=dict
    )
    """Source key -> full citation; questions' ``sources`` name these keys."""
    guideline: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    """A Markdown file beside the bank (relative name) whose sections items may reference."""


class BankEnvelope(Strict):
    """A bank file with its questions left unchecked: used to report every error of a file."""

    format: FormatVersion
    bank: BankHeader
    questions: list[object] = Field(min_length=1)


class BankFile(Strict):
    """A whole bank file: ``format``, ``bank`` and ``questions``."""

    format: FormatVersion
    bank: BankHeader
    questions: list[Question] = Field(min_length=1)

    def problems(self) -> Iterator[Problem]:
        """Every semantic problem of the bank, questions included."""
        yield from duplicate_ids((index, q.id) for index, q in enumerate(self.questions))
        yield from questions_problems(enumerate(self.questions))


def duplicate_ids(indexed_ids: Iterable[tuple[int, object]]) -> Iterator[Problem]:
    """A problem for each question whose id an earlier question of the same file already uses."""
    seen: dict[object, int] = {}
    for index, question_id in indexed_ids:
        if question_id in seen:
            yield Problem(
                ("questions", index, "id"),
                Code.DUPLICATE_ID,
                f"question id {question_id!r} is already used by question {seen[question_id] + 1}",
            )
        seen.setdefault(question_id, index)


def questions_problems(indexed: Iterable[tuple[int, Question]]) -> Iterator[Problem]:
    """Semantic problems of questions given with their index in the file."""
    for index, question in indexed:
        yield from prefixed(("questions", index), question.problems())
