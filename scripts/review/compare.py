"""Score a blind reviewer's answers with the program's own scoring.

Usage: compare.py BANK.yaml ANSWERS.yaml

ANSWERS maps question id -> answer (as in an answers file), or -> {answer, note, confidence}.
Prints every item that earned less than full credit, then the mean credit over the items the
reviewer answered. Written answers (free text, rewrite) are scored too but counted apart: a
reviewer's correct answer in their own words earning little credit means the rubric or the checks
are too narrow, not that the reviewer disagrees.
"""

import sys
from pathlib import Path

import yaml

from aitrainer_cli.banks.loader import load_file
from aitrainer_cli.exam.answers import AnswerFormatError, parse_value
from aitrainer_cli.items import score

loaded = load_file(Path(sys.argv[1]), sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as stream:
    answers = yaml.safe_load(stream) or {}

WRITTEN = {"free_text", "rewrite"}
credits = []
written = []
for _, question in loaded.questions:
    entry = answers.get(question.id)
    if entry is None:
        print(f"MISSING {question.id}")
        continue
    given = entry.get("answer") if isinstance(entry, dict) else entry
    try:
        credit = score(question, parse_value(question, given)).credit
    except AnswerFormatError as error:
        credit = 0.0
        print(f"UNREADABLE {question.id}: {error}")
    (written if question.type in WRITTEN else credits).append(credit)
    if credit < 1 - 1e-9:
        print(
            f"DISAGREE {question.id} ({question.type}): credit {credit:.2f}; reviewer "
            f"{given!r} vs key {question.key_text()!r}"
        )
        if isinstance(entry, dict) and entry.get("note"):
            print(f"   reviewer note: {entry['note']} [confidence {entry.get('confidence', '?')}]")
print(f"score {sum(credits):.2f}/{len(credits)} = {sum(credits) / max(len(credits), 1):.1%}")
if written:
    print(f"written answers: mean credit {sum(written) / len(written):.1%} over {len(written)}")
