"""Aiken: a stem, lettered options and ``ANSWER: X``; one correct option, no feedback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aitrainer_cli.banks.formats.common import Choice, Draft, Report, bad_input, material

if TYPE_CHECKING:
    from aitrainer_cli.items import QuestionBase

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")
_TRUTH = ("true", "false")


def read_aiken(path: Path, text: str, report: Report) -> list[Draft]:
    """Every question of an Aiken file; a malformed one stops the import at its line."""
    drafts: list[Draft] = []
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if line.strip():
            block.append((number, line.strip()))
        elif block:
            drafts.append(_question(path, block, len(drafts) + 1))
            block = []
    return drafts


def _question(path: Path, block: list[tuple[int, str]], count: int) -> Draft:
    first, last = block[0][0], block[-1][0]
    answer = _ANSWER.match(block[-1][1])
    if answer is None:
        raise bad_input(path, "an Aiken question must end with a line 'ANSWER: X'", last)
    stem: list[str] = []
    options: dict[str, str] = {}
    for number, line in block[:-1]:
        option = _OPTION.match(line)
        if option:
            expected = chr(ord("A") + len(options))
            if option.group(1) != expected:
                raise bad_input(path, f"expected option {expected}", number)
            options[option.group(1)] = option.group(2)
        elif options:
            raise bad_input(
                path, "text after the options: write 'X. option' or 'ANSWER: X'", number
            )
        else:
            stem.append(line)
    if not stem or len(options) < 2:
        raise bad_input(path, "an Aiken question needs a stem and at least two options", first)
    if answer.group(1) not in options:
        raise bad_input(path, f"ANSWER {answer.group(1)} names no option", last)
    draft = Draft(f"question {count} (line {first})", "choice", "\n".join(stem))
    if [text.casefold() for text in options.values()] == list(_TRUTH):
        draft.kind, draft.truth = "true_false", answer.group(1) == "A"
        return draft
    draft.choices = [
        Choice(text, 100.0 if letter == answer.group(1) else 0.0)
        for letter, text in options.items()
    ]
    return draft


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_aiken(questions: Sequence[QuestionBase], report: Report) -> str:
    """Aiken text of the single-choice and true/false questions; the others reported."""
    from aitrainer_cli.items.single_choice import SingleChoice
    from aitrainer_cli.items.true_false import TrueFalse

    out: list[str] = []
    for question in questions:
        if isinstance(question, TrueFalse):
            options, answer = {"t": "True", "f": "False"}, "t" if question.answer else "f"
        elif isinstance(question, SingleChoice):
            options, answer = question.options, question.answer
        else:
            report.skip(question.id, f"Aiken holds single choice only, not {question.type}")
            continue
        stem = "\n".join(line for line in material(question).splitlines() if line.strip())
        lines = [stem]
        for index, (key, text) in enumerate(options.items()):
            lines.append(f"{chr(ord('A') + index)}. {_one_line(text)}")
            if key == answer:
                letter = chr(ord("A") + index)
        lines.append(f"ANSWER: {letter}")
        out.append("\n".join(lines) + "\n")
        report.written += 1
    return "\n".join(out)
