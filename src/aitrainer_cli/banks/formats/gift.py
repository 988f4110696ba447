"""GIFT (Moodle's plain-text quiz format): read into drafts, write from bank questions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.banks.formats.common import (
    DEFAULT_TOPIC,
    Choice,
    Draft,
    Report,
    bad_input,
    material,
    slugify,
)
from aitrainer_cli.banks.formats.numeric import (
    NumericAnswer,
    numeric_answers,
    numeric_fields,
    quiz_number,
    written,
)

if TYPE_CHECKING:
    from aitrainer_cli.items import QuestionBase

_SPECIAL = "~=#{}:\\n"
_HIDE = {c: chr(0xE000 + i) for i, c in enumerate(_SPECIAL)}
_SHOW = {v: ("\n" if k == "n" else k) for k, v in _HIDE.items()}
_ESCAPE = re.compile(r"\\([~=#{}:\\n])")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUTH = re.compile(r"^(TRUE|FALSE|T|F)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
_FORMAT = re.compile(r"^\s*\[(markdown|html|plain|moodle)\]", re.IGNORECASE)


def _hide(text: str) -> str:
    return _ESCAPE.sub(lambda m: _HIDE[m.group(1)], text)


def _show(text: str) -> str:
    return "".join(_SHOW.get(c, c) for c in text).strip()


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each question, comments left out."""
    start, lines = 0, []
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if line.lstrip().startswith("//"):
            continue
        if line.strip():
            start = start or number
            lines.append(line)
        elif lines:
            yield start, lines
            start, lines = 0, []


def read_gift(path: Path, text: str, report: Report) -> list[Draft]:
    """The questions of a GIFT file; unsupported ones are reported and skipped."""
    drafts: list[Draft] = []
    topic, count = DEFAULT_TOPIC, 0
    for line, lines in _blocks(text):
        while lines and lines[0].strip().startswith("$CATEGORY:"):
            topic = _topic(lines.pop(0).split(":", 1)[1])
        if not lines:
            continue
        count += 1
        draft = _question(_hide("\n".join(lines)), count, line, topic, report)
        if draft is not None:
            drafts.append(draft)
    if not drafts and not report.skipped:
        raise bad_input(path, "no GIFT question found (a question ends in an answer part {…})")
    return drafts


def _topic(category: str) -> str:
    parts = [p for p in category.strip().split("/") if p and not p.startswith("$")]
    return slugify(parts[-1] if parts else "") or DEFAULT_TOPIC


def _question(block: str, count: int, line: int, topic: str, report: Report) -> Draft | None:
    title = ""
    match = re.match(r"\s*::(.*?)::", block, re.DOTALL)
    if match:
        title, block = _show(match.group(1)), block[match.end() :]
    where = f"question {count} (line {line}{f', {title!r}' if title else ''})"
    opening = block.find("{")
    closing = block.find("}", opening + 1)
    if opening < 0 or closing < 0:
        report.skip(where, "no answer part {…}: a description, or an unclosed brace")
        return None
    before, answers, after = block[:opening], block[opening + 1 : closing], block[closing + 1 :]
    stem = _FORMAT.sub("", before)
    stem = _show(f"{stem} _____ {after}" if after.strip() else stem)
    answers, _, general = answers.partition("####")
    draft = Draft(where, "choice", stem, title, topic, feedback=_show(general))
    return _answers(draft, answers.strip(), report)


def _answers(draft: Draft, answers: str, report: Report) -> Draft | None:
    truth = _TRUTH.match(answers)
    if not answers:
        draft.kind, draft.model_answer, draft.feedback = "essay", draft.feedback, ""
        if not draft.model_answer:
            report.skip(draft.where, "an essay without general feedback (####) has no model answer")
            return None
        report.notes.append((draft.where, "essay: rubric approximated from the model answer"))
        return draft
    if truth:
        draft.kind, draft.truth = "true_false", truth.group(1).upper().startswith("T")
        draft.feedback = draft.feedback or _show((truth.group(2) or "").replace("#", " "))
        return draft
    if answers.startswith("#"):
        return _numerical(draft, answers[1:], report)
    if "->" in answers:
        report.skip(draft.where, "matching questions are not supported")
        return None
    tokens = [token for token in re.split(r"(?=[=~])", answers) if token.strip()]
    if any(token[0] not in "=~" for token in tokens):
        report.skip(draft.where, "the answer part does not start with = or ~")
        return None
    draft.choices = [_choice(token) for token in tokens]
    if "~" not in answers:
        draft.kind = "short_answer"
    return draft


def _numerical(draft: Draft, body: str, report: Report) -> Draft | None:
    """``{#4:0.5}``, ``{#1..3}`` or ``{#=4:0 =%50%4:1}`` as a ``numeric`` draft."""
    body = body.strip()
    tokens = [t for t in re.split(r"(?=[=~])", body) if t.strip()] if body[:1] in "=~" else []
    answers, feedback = [], False
    for token in tokens or [f"={body}"]:
        weight = 100.0 if token[0] == "=" else 0.0
        rest = token[1:].strip()
        match = _WEIGHT.match(rest)
        if match:
            weight, rest = float(match.group(1)), rest[match.end() :]
        spec, _, note = rest.partition("#")
        parsed = _number_spec(_show(spec))
        if parsed is None:
            report.skip(draft.where, f"the numerical answer {_show(spec)!r} cannot be read")
            return None
        answers.append(NumericAnswer(*parsed, weight))
        feedback = feedback or bool(note.strip())
    result = numeric_fields(answers, None)
    if isinstance(result, str):
        report.skip(draft.where, result)
        return None
    draft.kind, draft.numeric = "numeric", result[0]
    notes = result[1] + (["feedback on each answer is left out"] if feedback else [])
    report.notes += [(draft.where, f"numerical: {note}") for note in notes]
    return draft


def _number_spec(spec: str) -> tuple[float, float] | None:
    """(value, tolerance) of '4', '4:0.5' or '1..3'."""
    low, dots, high = spec.partition("..")
    if dots:
        ends = quiz_number(low), quiz_number(high)
        if ends[0] is None or ends[1] is None or ends[0] > ends[1]:
            return None
        return (ends[0] + ends[1]) / 2, (ends[1] - ends[0]) / 2
    value_text, _, tolerance_text = spec.partition(":")
    value, tolerance = quiz_number(value_text), quiz_number(tolerance_text or "0")
    if value is None or tolerance is None or tolerance < 0:
        return None
    return value, tolerance


def _choice(token: str) -> Choice:
    marker, body = token[0], token[1:].strip()
    weight = 100.0 if marker == "=" else 0.0
    match = _WEIGHT.match(body)
    if match:
        weight, body = float(match.group(1)), body[match.end() :]
    text, _, feedback = body.partition("#")
    return Choice(_show(text), weight, _show(feedback))


# -- writing ----------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, one line."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, f"\\{char}")
    return text.strip().replace("\n", "\\n")


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _answer_lines(question: QuestionBase) -> list[str] | None:
    from aitrainer_cli.items.choice import ChoiceQuestion
    from aitrainer_cli.items.free_text import FreeText
    from aitrainer_cli.items.true_false import TrueFalse

    if isinstance(question, TrueFalse):
        return ["TRUE" if question.answer else "FALSE"]
    if isinstance(question, FreeText):
        return []
    if not isinstance(question, ChoiceQuestion):
        return None
    right = [key for _, key in question.keyed()]
    lines = []
    for key, text in question.options.items():
        if question.single:
            mark = "=" if key in right else "~"
        else:
            share = 100 / len(right) if key in right else -100 / len(right)
            mark = f"~%{_weight(share)}%"
        note = question.option_feedback.get(key)
        lines.append(f"{mark}{escape(text)}" + (f"#{escape(note)}" if note else ""))
    return lines


def _numeric_lines(question: QuestionBase, report: Report) -> list[str]:
    """``#0.34:0.005``, or ``#`` then one ``=%credit%value:tolerance`` line per answer."""
    from aitrainer_cli.items.numeric import Numeric

    assert isinstance(question, Numeric)
    answers, notes = numeric_answers(question)
    if question.unit:
        notes.append(f"GIFT has no units: {question.unit!r} is left out")
    report.notes += [(question.id, note) for note in notes]
    specs = [
        written(a.value) + (f":{written(a.tolerance)}" if a.tolerance else "") for a in answers
    ]
    if len(answers) == 1:
        return [f"#{specs[0]}"]
    weights = ["=" if a.weight >= 100 else f"=%{_weight(a.weight)}%" for a in answers]
    return ["#", *(w + spec for w, spec in zip(weights, specs, strict=True))]


def write_gift(questions: Sequence[QuestionBase], report: Report) -> str:
    """GIFT text of the questions GIFT can hold; the others reported."""
    from aitrainer_cli.items.free_text import FreeText

    out: list[str] = []
    topic = ""
    for question in questions:
        lines = _numeric_lines(question, report) if question.type == "numeric" else None
        lines = lines or _answer_lines(question)
        if lines is None:
            report.skip(question.id, f"GIFT cannot hold a {question.type} question")
            continue
        if question.topic != topic:
            topic = question.topic
            out.append(f"$CATEGORY: {topic}\n")
        general = question.model_answer if isinstance(question, FreeText) else question.explanation
        body = "\n".join([*lines, f"####{escape(general)}"])
        stem = escape(material(question))
        out.append(f"// {question.id}\n::{question.id}::[markdown]{stem}{{\n{body}\n}}\n")
        report.written += 1
    return "\n".join(out)
