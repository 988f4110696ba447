"""Practice feedback on a written answer: the judge is asked first (if one is set), then, with
the model answer on screen, the learner ticks the rubric points their answer really made.

Enter with the ticks unchanged keeps the automatic grading (keywords, or the judge); a changed
set of ticks is the self-checked credit, which practice uses for the grade (the automatic one is
kept beside it). Ctrl-C or end of input at the ticks keeps the automatic grading too: the answer
itself was stored before its feedback was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from rich.text import Text

from aitrainer_cli.items.free_text import FreeText
from aitrainer_cli.items.free_text_credit import points_found
from aitrainer_cli.ui.asking import Asker, Signal
from aitrainer_cli.ui.items.base import percent

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.items import Question, Score

TICKS_TITLE = "Self-check: which points did you make?"


class WrittenGrader(Protocol):
    """What the session needs to grade written answers beyond keywords (the app provides it)."""

    @property
    def judge_name(self) -> str | None:
        """The judge command's name; None when no judge is set."""

    def grades(self, question: Question) -> bool:
        """Whether answers to this question are judged and self-checked."""

    async def judge_answer(self, position: int, question: Question, response: object) -> None:
        """Ask the judge about one answer and settle its score."""

    def self_checked(
        self, position: int, question: FreeText, response: str, ticked: frozenset[int] | None
    ) -> Score:
        """Store the learner's ticks (None: unchanged) and return the score now used."""


async def judge_first(
    asker: Asker,
    grader: WrittenGrader | None,
    position: int,
    question: Question,
    response: object,
) -> None:
    """Ask the judge about the answer just given, saying so while it works (nothing without a
    judge, or for another type)."""
    if grader is not None and grader.judge_name is not None and grader.grades(question):
        asker.show(Text(f"Asking the judge ({grader.judge_name})…", style="dim"))
        await grader.judge_answer(position, question, response)


async def self_check(
    asker: Asker,
    grader: WrittenGrader | None,
    result: ItemResult,
    question: Question,
    remaining: Callable[[], float | None],
) -> Signal | None:
    """Ask for the ticks of a written answer and store them (nothing without a grader, or for
    another type); the signal that ended the prompt, if one did."""
    response = result.response
    if grader is None or not grader.grades(question):
        return None
    if not isinstance(question, FreeText) or not isinstance(response, str):
        return None
    automatic = result.score
    found = points_found(automatic)
    rows = [(str(i), point.point) for i, point in enumerate(question.rubric)]
    ticked = await asker.tick_points(
        TICKS_TITLE, rows, [str(i) for i in sorted(found)], remaining=remaining
    )
    if isinstance(ticked, Signal):
        return ticked
    chosen = frozenset(int(value) for value in ticked)
    changed = chosen != found
    score = grader.self_checked(result.position, question, response, chosen if changed else None)
    asker.show(self_check_note(score, automatic, changed))
    return None


def self_check_note(score: Score, automatic: Score, changed: bool) -> Text:
    """What the self-check did to the grade, in one line."""
    by = "the judge" if automatic.graded_by == "judge" else "keywords"
    if not changed:
        return Text(
            f"Self-check unchanged: the grade stays as {by} gave it ({percent(score.credit)}).",
            style="dim",
        )
    return Text(
        f"Self-checked credit {percent(score.credit)} is used for your grade "
        f"({by} gave {percent(automatic.credit)}; both are kept).",
        style="bold",
    )
