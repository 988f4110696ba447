"""Exams say plainly that free text was machine-scored by keywords, with the rubric shown
(found, cancelled by none_of, the required point missed); a practice result does not say it, but
every review page does (issue 14, finding 7)."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.result_view import answer_page, result_view

ENTRIES = load_catalog([builtin_banks_dir()]).entries
QID = "jw-ft-rewrite-generic-tenancy"
ADVERSARIAL = (
    "A is better because it says 30 days, which is correct; section 12(2) says 60 days is wrong"
)
RIGHT_VERDICT_WRONG_NUMBERS = (
    "B is much better because it is longer and more detailed; the 30 days' notice is fine, and "
    "the sixty days is just B being cautious."
)


def render(renderable: RenderableType, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def flat(text: str) -> str:
    return " ".join(text.split())


def graded(*answers: str) -> ExamResult:
    bank = ENTRIES[QID].bank_id
    form = ExamForm("t", "Free text", 1, None, 80, tuple(FormItem(QID, bank, "s") for _ in answers))
    states = [ItemState(answer) for answer in answers]
    return grade(form, ENTRIES, states, Status.SUBMITTED, None)


def test_the_exam_result_says_free_text_was_machine_scored() -> None:
    result = graded(ADVERSARIAL, RIGHT_VERDICT_WRONG_NUMBERS)
    text = flat(render(result_view(result, ENTRIES, exam=True)))
    assert "2 written answers (free text) were machine-scored by keywords" in text
    assert "machine-scored" not in render(result_view(result, ENTRIES))  # practice


def test_the_exam_review_shows_the_missed_required_verdict_and_the_zero() -> None:
    result = graded(ADVERSARIAL)
    item, question = result.items[0], ENTRIES[QID].question
    page = render(answer_page(item, question, 1, exam=True))
    text = flat(page)
    assert "Credit: 0%" in text
    assert "the verdict is wrong or missing" in text
    assert "Machine-scored: your text was matched against the rubric's keywords" in text
    assert all(len(line) <= 60 for line in page.splitlines())
    wide = flat(render(answer_page(item, question, 1, exam=True), width=200))
    assert "required · Keeps the verdict for B. REQUIRED, missed" in wide
    assert "Machine-scored" in render(answer_page(item, question, 1))  # practice too (issue 14)


def test_the_review_names_a_point_cancelled_by_none_of() -> None:
    result = graded(RIGHT_VERDICT_WRONG_NUMBERS)
    item, question = result.items[0], ENTRIES[QID].question
    text = flat(render(answer_page(item, question, 1, exam=True), width=200))
    assert "Credit: 25%" in text
    assert "Keeps the verdict for B. found" in text
    assert "requires at least 60. cancelled: also matches none_of pattern 1" in text
    assert "(or the Act). missed" in text  # the source
    assert "wrong advice). missed" in text  # the consequence
