"""Learners' answers: typed lines and answers-file values into canonical responses, and back.

Each item type reads and describes its own answers (``items``); this module is what the askers,
the answers-file runs and the review screens call, whatever the type. No printing.
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Mapping
from pathlib import Path

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.errors import UsageError
from aitrainer_cli.exam.assembly import ExamForm
from aitrainer_cli.inert import inert_line
from aitrainer_cli.items import Question
from aitrainer_cli.items.reading import AnswerFormatError

__all__ = [
    "AnswerFormatError",
    "answer_hint",
    "format_response",
    "load_answers",
    "parse_typed",
    "parse_value",
]


def parse_typed(question: Question, text: str, letters: Mapping[str, str] | None = None) -> object:
    """A learner's typed one-line answer as the canonical response; ``letters``: key -> letter."""
    return question.read_typed(text, letters)


def parse_value(question: Question, value: object) -> object:
    """An answers-file value (options named by bank key) as the canonical response.

    Null or blank means unanswered and gives None; text is read as ``parse_typed`` reads it.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return question.read_value(value)


def format_response(
    question: Question, response: object, letters: Mapping[str, str] | None = None
) -> str:
    """The learner's response in words for review; never raises, whatever it is given."""
    if response is None:
        return "(no answer)"
    try:
        described = question.describe(response, letters)
    except Exception:  # a review screen must show something for any stored value
        described = None
    return described if described is not None else reprlib.repr(response)


def answer_hint(question: Question) -> str:
    """One line saying how to type an answer to this question."""
    return question.answer_hint()


def load_answers(path: Path, form: ExamForm, entries: Mapping[str, Entry]) -> dict[str, object]:
    """Question id -> canonical response for the form's questions an answers file answers.

    Every problem is collected and raised as one ``UsageError``, a ``path:line: problem`` a line.
    """
    # PyYAML only when a file is read:
    from aitrainer_cli.exam.answer_file import HINT, display_name, read_answers_file

    found, problems = read_answers_file(path)
    name = display_name(path)
    in_form = [item.question_id for item in form.items]
    answers: dict[str, object] = {}
    for answer in found:
        entry = entries.get(answer.question_id)
        if answer.question_id not in in_form or entry is None:
            problem = _unknown(answer.question_id, in_form, entry is not None)
            problems.append((answer.id_line, f"{answer.question_id}: {problem}"))
            continue
        try:
            response = parse_value(entry.question, answer.value)
        except AnswerFormatError as error:
            problems.append((answer.value_line, f"{answer.question_id}: {error}"))
            continue
        if response is not None:
            answers[answer.question_id] = response
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise UsageError(
            "\n".join(f"{name}:{line}: {inert_line(message)}" for line, message in problems),
            hint=HINT,
        )
    return answers


def _unknown(question_id: str, in_form: list[str], in_banks: bool) -> str:
    """Why an id cannot be answered, with the closest ids of the form as suggestions."""
    if in_banks:
        return (
            "that question is in the loaded banks but not part of this exam form; answer "
            "only the questions the form shows (its seed decides which)"
        )
    close = [
        qid
        for qid in difflib.get_close_matches(question_id, in_form, n=3, cutoff=0.75)
        if qid != question_id
    ]
    suggestion = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no loaded bank has a question with this id{suggestion}"
