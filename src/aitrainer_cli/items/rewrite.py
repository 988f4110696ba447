"""``rewrite``: turn a flawed response into a good one, credited by machine-checkable checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.fields import Text
from aitrainer_cli.banks.problems import Problem, Severity
from aitrainer_cli.items.base import MALFORMED, Letters, QuestionBase, Score
from aitrainer_cli.items.rewrite_checks import Check, unchanged


class Rewrite(QuestionBase):
    """Rewrite the ``original`` response; credit is the weighted share of ``checks`` passed."""

    title: ClassVar[str] = "Rewrite the response"
    scenario: ClassVar[bool] = True

    type: Literal["rewrite"]
    original: Text
    """The flawed response, shown and prefilled in the editor."""
    model_answer: Text
    """The expert rewrite, shown in review with a word diff against the learner's text."""
    checks: list[Check] = Field(min_length=1, max_length=20)

    def problems(self) -> Iterator[Problem]:
        yield from super().problems()
        seen: set[str] = set()
        for i, check in enumerate(self.checks):
            if check.id in seen:
                yield Problem(
                    ("checks", i, "id"), Code.DUPLICATE_KEY, f"check id {check.id!r} is used twice"
                )
            seen.add(check.id)
            yield from (
                Problem(("checks", i, *p.path), p.code, p.message, p.severity, p.hint)
                for p in check.problems(self.original)
            )
        if unchanged(self.original, self.model_answer):
            yield Problem(
                ("model_answer",), Code.MODEL_ANSWER_UNCHANGED, "the model answer is the original"
            )
            return
        failed = [c.id for c in self.checks if len(c.kinds()) == 1 and not self.passed(c)]
        if failed:
            yield Problem(
                ("model_answer",),
                Code.MODEL_ANSWER_FAILS,
                f"the model answer fails check {', '.join(failed)}: a check a careful "
                "rewrite cannot pass is unfair",
            )
        if all(c.passes(self.original, self.original) for c in self.checks):
            yield Problem(
                ("checks",),
                Code.CHECKS_PASS_ORIGINAL,
                "the original response passes every check, so the checks test nothing",
                Severity.WARNING,
            )

    def passed(self, check: Check, text: str | None = None) -> bool:
        """Whether a text (the model answer by default) passes one check."""
        return check.passes(self.model_answer if text is None else text, self.original)

    def score(self, response: object) -> Score:
        """The weighted share of checks passed; blank or unchanged earns 0 whatever they say."""
        if not isinstance(response, str):
            return MALFORMED
        if not response.strip():
            return Score(0.0, tuple((c.id, 0.0) for c in self.checks), "blank answer")
        parts = tuple((c.id, float(self.passed(c, response))) for c in self.checks)
        if unchanged(self.original, response):
            return Score(0.0, parts, "the response was not changed")
        total = sum(c.weight for c in self.checks)
        earned = sum(c.weight for c, (_, ok) in zip(self.checks, parts, strict=True) if ok)
        return Score(earned / total, parts)

    def read_text(self, text: str, letters: Letters | None) -> object:
        return text.strip()

    def answer_hint(self) -> str:
        return "your rewrite of the response (one line here; an answers file takes several)"

    def file_form(self) -> str:
        return "your rewritten response as text (a | block for several lines)"

    def describe(self, response: object, letters: Letters | None) -> str | None:
        return response if isinstance(response, str) else None

    def key_text(self, letters: Letters | None = None) -> str:
        return self.model_answer
