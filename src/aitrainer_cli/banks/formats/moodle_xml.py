"""Moodle XML: read quizzes safely (no DOCTYPE, no entities) into drafts; write bank questions."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

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
    unit_of,
    written,
)

if TYPE_CHECKING:
    from aitrainer_cli.items import QuestionBase
    from aitrainer_cli.items.numeric import Numeric
    from aitrainer_cli.items.ranking import Ranking

_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)


class _Refused(Exception):
    pass


def _refuse(*_: object) -> None:
    raise _Refused


def safe_root(path: Path, data: bytes) -> ET.Element:
    """The parsed document; a DOCTYPE or entity declaration is refused before anything expands."""
    checker = expat.ParserCreate()
    checker.StartDoctypeDeclHandler = _refuse
    checker.EntityDeclHandler = _refuse
    try:
        checker.Parse(data, True)
        return ET.fromstring(data)
    except _Refused:
        raise bad_input(
            path,
            "the XML declares a DOCTYPE or entities, which are refused (they can expand without "
            "limit); Moodle XML needs neither",
            checker.CurrentLineNumber,
        ) from None
    except (expat.ExpatError, ET.ParseError) as error:
        line = getattr(error, "lineno", None) or getattr(error, "position", (None,))[0]
        raise bad_input(path, f"not well-formed XML: {error}", line) from None


def _text(element: ET.Element | None) -> str:
    """The text of a Moodle text field, HTML reduced to plain text when its format is html."""
    if element is None:
        return ""
    inner = element.find("text")
    raw = (inner.text if inner is not None else element.text) or ""
    if element.get("format", "html") in ("html", "moodle_auto_format"):
        raw = html.unescape(_TAGS.sub("", _BREAKS.sub("\n", raw)))
    return "\n".join(line.rstrip() for line in raw.strip().splitlines())


def read_moodle(path: Path, data: bytes, report: Report) -> list[Draft]:
    """The questions of a Moodle XML quiz; unsupported types reported and skipped."""
    root = safe_root(path, data)
    if root.tag != "quiz":
        raise bad_input(path, f"the root element is <{root.tag}>, not <quiz>")
    drafts: list[Draft] = []
    topic = DEFAULT_TOPIC
    for count, question in enumerate(root.iter("question"), 1):
        kind = question.get("type", "")
        if kind == "category":
            category = _text(question.find("category"))
            parts = [p for p in category.split("/") if p and not p.startswith("$")]
            topic = slugify(parts[-1] if parts else "") or DEFAULT_TOPIC
            continue
        name = _text(question.find("name"))
        draft = Draft(
            f"question {count} ({name!r})" if name else f"question {count}",
            "choice",
            _text(question.find("questiontext")),
            name,
            topic,
            feedback=_text(question.find("generalfeedback")),
        )
        if _fill(draft, kind, question, report):
            drafts.append(draft)
    if not drafts and not report.skipped:
        raise bad_input(path, "the quiz holds no question")
    return drafts


def _answers(question: ET.Element) -> list[Choice]:
    return [
        Choice(_text(a), float(a.get("fraction", "0") or 0), _text(a.find("feedback")))
        for a in question.findall("answer")
    ]


def _fill(draft: Draft, kind: str, question: ET.Element, report: Report) -> bool:
    """Complete the draft from the question element; False (reported) when it cannot be."""
    draft.choices = _answers(question)
    if kind == "multichoice":
        return True
    if kind == "truefalse":
        draft.kind = "true_false"
        draft.truth = any(c.text.casefold() == "true" and c.weight > 0 for c in draft.choices)
        return True
    if kind == "shortanswer":
        draft.kind = "short_answer"
        return True
    if kind == "ordering":
        draft.kind = "ordering"
        report.notes.append((draft.where, "ordering: responses A, B, C… are in the key order"))
        return True
    if kind == "essay":
        draft.kind, draft.choices = "essay", []
        draft.model_answer = _text(question.find("graderinfo"))
        if draft.model_answer:
            report.notes.append((draft.where, "essay: rubric approximated from the model answer"))
            return True
        report.skip(draft.where, "an essay without grader information has no model answer")
        return False
    if kind == "numerical":
        return _numerical(draft, question, report)
    report.skip(draft.where, f"Moodle question type {kind!r} is not supported")
    return False


def _numerical(draft: Draft, question: ET.Element, report: Report) -> bool:
    """A Moodle numerical question (answers with tolerances, units) as a ``numeric`` draft."""
    answers, feedback = [], False
    for element in question.findall("answer"):
        text = _text(element)
        feedback = feedback or bool(_text(element.find("feedback")))
        if text == "*":  # "any other answer": feedback only
            continue
        value = quiz_number(text)
        tolerance = quiz_number(element.findtext("tolerance") or "0")
        if value is None or tolerance is None:
            report.skip(draft.where, f"the numerical answer {text!r} cannot be read")
            return False
        weight = quiz_number(element.get("fraction", "0") or "0") or 0.0
        answers.append(NumericAnswer(value, abs(tolerance), weight))
    unit, notes = _unit(question)
    result = numeric_fields(answers, unit)
    if isinstance(result, str):
        report.skip(draft.where, result)
        return False
    draft.kind, draft.numeric = "numeric", result[0]
    notes += result[1] + (["feedback on each answer is left out"] if feedback else [])
    report.notes += [(draft.where, f"numerical: {note}") for note in notes]
    return True


def _unit(question: ET.Element) -> tuple[str | None, list[str]]:
    """The unit with multiplier 1, and notes on the units a ``numeric`` item cannot hold."""
    unit, notes = None, []
    for element in question.iter("unit"):
        name = (element.findtext("unit_name") or "").strip()
        if quiz_number(element.findtext("multiplier") or "1") == 1 and unit is None:
            unit = unit_of(name)
            if unit is None:
                notes.append(f"the unit {name!r} is not one short word: left out")
        elif name:
            notes.append(f"the unit {name!r} (another multiplier) is left out")
    return unit, notes


def _numerical_body(element: ET.Element, question: Numeric, report: Report) -> str:
    """The key and its bands as answers with tolerances; the unit with multiplier 1."""
    answers, notes = numeric_answers(question)
    report.notes += [(question.id, note) for note in notes]
    for answer in answers:
        shown = f"{answer.weight:.5f}".rstrip("0").rstrip(".")
        item = ET.SubElement(element, "answer", {"fraction": shown, "format": "moodle_auto_format"})
        ET.SubElement(item, "text").text = written(answer.value)
        ET.SubElement(item, "tolerance").text = written(answer.tolerance)
    if question.unit:
        units = ET.SubElement(ET.SubElement(element, "units"), "unit")
        ET.SubElement(units, "multiplier").text = "1"
        ET.SubElement(units, "unit_name").text = question.unit
    for tag, value in (("unitgradingtype", "0"), ("showunits", "0" if question.unit else "3")):
        ET.SubElement(element, tag).text = value
    return "numerical"


# -- writing ----------------------------------------------------------------------------------


def _field(parent: ET.Element, tag: str, text: str, text_format: str = "markdown") -> None:
    element = ET.SubElement(parent, tag, {"format": text_format})
    ET.SubElement(element, "text").text = text


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str = "") -> None:
    shown = f"{fraction:.5f}".rstrip("0").rstrip(".")
    element = ET.SubElement(parent, "answer", {"fraction": shown, "format": "markdown"})
    ET.SubElement(element, "text").text = text
    if feedback:
        _field(element, "feedback", feedback)


def _body(element: ET.Element, question: QuestionBase, report: Report) -> str | None:
    """Fill the type-specific part; the Moodle type, or None when Moodle XML cannot hold it."""
    from aitrainer_cli.items.choice import ChoiceQuestion
    from aitrainer_cli.items.free_text import FreeText
    from aitrainer_cli.items.numeric import Numeric
    from aitrainer_cli.items.ranking import Ranking
    from aitrainer_cli.items.true_false import TrueFalse

    if isinstance(question, Numeric):
        return _numerical_body(element, question, report)

    if isinstance(question, TrueFalse):
        _answer(element, 100 if question.answer else 0, "true")
        _answer(element, 0 if question.answer else 100, "false")
        return "truefalse"
    if isinstance(question, FreeText):
        _field(element, "graderinfo", question.model_answer)
        return "essay"
    if isinstance(question, Ranking):
        return _ordering(element, question)
    if not isinstance(question, ChoiceQuestion):
        return None
    right = [key for _, key in question.keyed()]
    ET.SubElement(element, "single").text = "true" if question.single else "false"
    for key, text in question.options.items():
        share = 100 / len(right) if key in right else (0 if question.single else -100 / len(right))
        _answer(element, share, text, question.option_feedback.get(key, ""))
    return "multichoice"


def _ordering(element: ET.Element, question: Ranking) -> str | None:
    """The responses as ordering items in the key's order; None for ties or a panel."""
    responses = question.context.responses if question.context else None
    labels = [entry for entry in question.answer or [] if isinstance(entry, str)]
    if responses is None or not labels or len(labels) != len(question.answer or []):
        return None
    for label in labels:
        _answer(element, 100, responses[label])
    return "ordering"


def write_moodle(questions: Sequence[QuestionBase], report: Report) -> str:
    """A Moodle XML quiz of the questions it can hold (a category per topic); others reported."""
    quiz = ET.Element("quiz")
    topic = ""
    for question in questions:
        element = ET.Element("question")
        name = ET.SubElement(element, "name")
        ET.SubElement(name, "text").text = question.id
        _field(element, "questiontext", material(question, responses=question.type != "ranking"))
        _field(element, "generalfeedback", question.explanation)
        kind = _body(element, question, report)
        if kind is None:
            report.skip(question.id, f"Moodle XML cannot hold this {question.type} question")
            continue
        if question.topic != topic:
            topic = question.topic
            category = ET.SubElement(quiz, "question", {"type": "category"})
            _field(category, "category", f"$course$/{topic}", "moodle_auto_format")
        element.set("type", kind)
        quiz.append(element)
        report.written += 1
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, "unicode") + "\n"
