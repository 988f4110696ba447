"""Learners' answers: typed lines and answers-file values into canonical responses, and back.

The canonical response of each item type is what ``exam.scoring`` scores; the per-type rules live
in ``exam.answer_readers`` and the YAML side of answers files in ``exam.answer_file``. No printing.
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Mapping
from itertools import cycle, islice
from pathlib import Path
from typing import assert_never

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.banks.items import MultipleChoice, Preference, Ranking, SingleChoice, TrueFalse
from aitrainer_cli.banks.question import Question
from aitrainer_cli.banks.rated_items import ClaimCheck, FreeText, Rating
from aitrainer_cli.errors import UsageError
from aitrainer_cli.exam.answer_readers import (
    FALSE_WORDS,
    TRUE_WORDS,
    AnswerFormatError,
    Pairs,
    is_int,
    rank_example,
    rank_groups,
    read_choices,
    read_claim_check,
    read_preference,
    read_ranking,
    read_rating,
    shortest_prefix,
    shown_letters,
    typed_pairs,
    words,
)
from aitrainer_cli.exam.assembly import ExamForm

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
    if not text.strip() and not isinstance(question, SingleChoice | MultipleChoice):
        # Choices say "choose an option" themselves, naming the letters on screen.
        raise AnswerFormatError(f"nothing was typed: type {answer_hint(question)}")
    match question:
        case SingleChoice():
            return read_choices(question, words(text), letters)[0]
        case MultipleChoice():
            return read_choices(question, words(text), letters)
        case TrueFalse():
            word = text.strip().casefold()
            if word in TRUE_WORDS | FALSE_WORDS:
                return word in TRUE_WORDS
            raise AnswerFormatError(
                f"{text.strip()!r} is not true or false: type true or false (or t, f, yes, no)"
            )
        case Ranking():
            return read_ranking(question, rank_groups(question, text))
        case Preference():
            return read_preference(question, text)
        case Rating():
            return read_rating(question, typed_pairs(text))
        case ClaimCheck():
            return read_claim_check(question, typed_pairs(text))
        case FreeText():
            return text.strip()
        case _:
            assert_never(question)


def _file_form(question: Question) -> str:
    """How to write an answer to this question in an answers file."""
    match question:
        case SingleChoice():
            return f"one option key, e.g. {next(iter(question.options))}"
        case MultipleChoice():
            return f"a list of option keys, e.g. [{', '.join(list(question.options)[:2])}]"
        case TrueFalse():
            return "true or false"
        case Ranking():
            order = rank_example(question).split()
            example = ", ".join([order[0], f"[{', '.join(order[1:3])}]", *order[3:]])
            return f"the labels best first, e.g. [{example}] (a nested list is a tie)"
        case Preference():
            return f"a whole number from -{question.scale // 2} to +{question.scale // 2}"
        case Rating():
            return (
                f"a mapping of each dimension ({', '.join(question.dimensions)}) to a "
                f"number {question.scale.min}..{question.scale.max}"
            )
        case ClaimCheck():
            return (
                f"a mapping of each claim ({', '.join(question.claims)}) to a verdict "
                f"({', '.join(question.labels)})"
            )
        case FreeText():
            return "your answer as text"
        case _:
            assert_never(question)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return (
        "a list"
        if isinstance(value, list)
        else "a mapping"
        if isinstance(value, dict)
        else "this value"
    )


def parse_value(question: Question, value: object) -> object:
    """An answers-file value (options named by bank key) as the canonical response.

    Null or blank means unanswered and gives None; text is read as ``parse_typed`` reads it.
    """
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if is_int(value) or isinstance(value, float):
        if isinstance(question, Preference):
            return read_preference(question, value)
        if isinstance(question, SingleChoice | FreeText):  # option 1, or a year as the answer
            value = str(value)
    if isinstance(value, str):
        return parse_typed(question, value)
    if isinstance(value, bool) and isinstance(question, TrueFalse):
        return value
    if isinstance(value, list) and isinstance(question, MultipleChoice):
        if all(isinstance(v, str) or is_int(v) for v in value):
            return read_choices(question, [str(v) for v in value], None)
    elif isinstance(value, list) and isinstance(question, Ranking):
        groups = [entry if isinstance(entry, list) else [entry] for entry in value]
        if all(group and all(isinstance(label, str) for label in group) for group in groups):
            return read_ranking(question, [[label.strip().upper() for label in g] for g in groups])
    elif isinstance(value, dict | list) and isinstance(question, Rating | ClaimCheck):
        pairs: Pairs = (
            [(str(k), v) for k, v in value.items()]
            if isinstance(value, dict)
            else [(None, v) for v in value]
        )
        if isinstance(question, Rating):
            return read_rating(question, pairs)
        return read_claim_check(question, pairs)
    kind = question.type.replace("_", "-")
    raise AnswerFormatError(
        f"{_kind(value)} cannot answer a {kind} question: write {_file_form(question)}"
    )


def _describe(
    question: Question, response: object, letters: Mapping[str, str] | None
) -> str | None:
    """The response in words, or None when it is not a canonical response for the question."""
    match question:
        case SingleChoice() | MultipleChoice():
            shown = shown_letters(question, letters)
            keys = [response] if isinstance(question, SingleChoice) else response
            if not isinstance(keys, list | tuple | set | frozenset):
                return None
            if not keys:
                return "(none chosen)"
            if not all(isinstance(key, str) and key in shown for key in keys):
                return None
            ordered = sorted(set(keys), key=lambda key: (shown[key], key))
            return "; ".join(f"{shown[key]}) {question.options[key]}" for key in ordered)
        case TrueFalse():
            return str(response) if isinstance(response, bool) else None
        case Ranking():
            if not isinstance(response, list | tuple) or not response:
                return None
            groups = [list(e) if isinstance(e, list | tuple) else [e] for e in response]
            if not all(group and all(isinstance(x, str) for x in group) for group in groups):
                return None
            return " > ".join(" = ".join(str(x) for x in group) for group in groups)
        case Preference():
            if not is_int(response) or abs(response) > question.scale // 2:
                return None
            return (
                f"{response:+d} ({question.label(response)})"
                if response
                else (f"0 ({question.label(0)})")
            )
        case Rating() | ClaimCheck():
            rating = isinstance(question, Rating)
            if not isinstance(response, dict) or not all(
                isinstance(k, str) and (is_int(v) if rating else isinstance(v, str))
                for k, v in response.items()
            ):
                return None
            order = list(question.dimensions if isinstance(question, Rating) else question.claims)
            keys = sorted(response, key=lambda k: order.index(k) if k in order else len(order))
            return ", ".join(
                f"{k} {response[k]}" if rating else f"{k}: {response[k]}" for k in keys
            )
        case FreeText():
            return response if isinstance(response, str) else None
        case _:
            assert_never(question)


def format_response(
    question: Question, response: object, letters: Mapping[str, str] | None = None
) -> str:
    """The learner's response in words for review; never raises, whatever it is given."""
    if response is None:
        return "(no answer)"
    try:
        described = _describe(question, response, letters)
    except Exception:  # a review screen must show something for any stored value
        described = None
    return described if described is not None else reprlib.repr(response)


def answer_hint(question: Question) -> str:
    """One line saying how to type an answer to this question."""
    match question:
        case SingleChoice():
            return "one letter"
        case MultipleChoice():
            return "letters, e.g. a c"
        case TrueFalse():
            return "true or false"
        case Ranking():
            return f"the labels best first, e.g. {rank_example(question)} (= for a tie)"
        case Preference():
            half = question.scale // 2
            return f"-{half} ({question.label(-half)}) … +{half} ({question.label(half)})"
        case Rating():
            return (
                f"a number {question.scale.min}..{question.scale.max} per dimension in "
                f"order ({' '.join(question.dimensions)})"
            )
        case ClaimCheck():
            shortest = [shortest_prefix(label, question.labels) for label in question.labels]
            example = " ".join(islice(cycle(shortest), len(question.claims)))
            return f"a verdict per claim in order, e.g. {example} ({'/'.join(question.labels)})"
        case FreeText():
            return "your answer in words"
        case _:
            assert_never(question)


def load_answers(path: Path, form: ExamForm, entries: Mapping[str, Entry]) -> dict[str, object]:
    """Question id -> canonical response for the form's questions an answers file answers.

    Every problem is collected and raised as one ``UsageError``, a ``path:line: problem`` a line.
    """
    from aitrainer_cli.exam.answer_file import HINT, read_answers_file  # PyYAML: only for files

    found, problems = read_answers_file(path)
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
            "\n".join(f"{path}:{line}: {message}" for line, message in problems), hint=HINT
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
