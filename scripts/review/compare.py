"""Score a blind reviewer's answers with the program's own scoring.

Usage: compare.py BANK.yaml ANSWERS.yaml [ID ...]

ANSWERS maps question id -> answer (as in an answers file), or -> {answer, note, confidence}.
With ids, only those questions count (a review of new or changed items); without, every question
the reviewer answered. Prints every item that earned less than full credit, then the mean credit.

Written answers (free text, rewrite, and the written parts of a task) are scored too but counted
apart: a reviewer's correct answer in their own words earning little credit means the rubric or
the checks are too narrow, not that the reviewer disagrees on a key. A task's judgement parts are
scored one by one, so a task counts as the mean of its judgement parts.
"""

import sys
from pathlib import Path

import yaml

from aitrainer_cli.banks.loader import load_file
from aitrainer_cli.exam.answers import AnswerFormatError, parse_value
from aitrainer_cli.items import score

WRITTEN = {"free_text", "rewrite"}


def task_credit(question, given) -> tuple[list[float], list[float], list[str]]:
    """A task's judgement-part credits, written-part credits, and lines about misses."""
    judged: list[float] = []
    written: list[float] = []
    notes: list[str] = []
    response = parse_value(question, given) if given is not None else None
    response = response if isinstance(response, dict) else {}
    for i, key in enumerate(question.part_keys()):
        part = question.part_question(i)
        value = response.get(key)
        credit = 0.0 if value is None else part.score(value).credit
        (written if part.type in WRITTEN else judged).append(credit)
        if credit < 1 - 1e-9 and part.type not in WRITTEN:
            notes.append(f"part {key} ({part.type}) {credit:.2f}: key {part.key_text()!r}")
    return judged, written, notes


def item_credit(question, given, written: list[float]) -> tuple[float | None, list[str]]:
    """The credit a judgement counts (None for a written item), and lines about task parts."""
    try:
        if question.type == "task":
            judged, parts_written, notes = task_credit(question, given)
            written.extend(parts_written)
            return (sum(judged) / len(judged) if judged else None), notes
        credit = score(question, parse_value(question, given)).credit
    except AnswerFormatError as error:
        print(f"UNREADABLE {question.id}: {error}")
        return 0.0, []
    if question.type in WRITTEN:
        written.append(credit)
        return None, []
    return credit, []


def report(question, entry, given, credit: float, notes: list[str]) -> None:
    print(f"DISAGREE {question.id} ({question.type}): credit {credit:.2f}")
    if question.type != "task":
        print(f"   reviewer {given!r} vs key {question.key_text()!r}")
    for line in notes:
        print(f"   {line}")
    if isinstance(entry, dict) and entry.get("note"):
        print(f"   reviewer note: {entry['note']} [confidence {entry.get('confidence', '?')}]")


def main() -> None:
    loaded = load_file(Path(sys.argv[1]), sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as stream:
        answers = yaml.safe_load(stream) or {}
    wanted = set(sys.argv[3:])
    credits: list[float] = []
    written: list[float] = []
    for _, question in loaded.questions:
        if wanted and question.id not in wanted:
            continue
        entry = answers.get(question.id)
        if entry is None:
            if wanted:
                print(f"MISSING {question.id}")
            continue
        given = entry.get("answer") if isinstance(entry, dict) else entry
        credit, notes = item_credit(question, given, written)
        if credit is None:
            continue
        credits.append(credit)
        if credit < 1 - 1e-9:
            report(question, entry, given, credit, notes)
    total = sum(credits)
    print(f"score {total:.2f}/{len(credits)} = {total / max(len(credits), 1):.1%}")
    if written:
        print(f"written answers: mean credit {sum(written) / len(written):.1%} over {len(written)}")


if __name__ == "__main__":
    main()
