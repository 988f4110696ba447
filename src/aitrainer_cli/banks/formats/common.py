"""What every format shares: the neutral draft of an imported question, turning drafts into
validated bank questions with stable ids, the YAML they are written as, and the report."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line
from aitrainer_cli.words import counted

if TYPE_CHECKING:
    from aitrainer_cli.items import QuestionBase

SCHEMA_LINE = "# yaml-language-server: $schema=schema/bank.schema.json"
"""The modeline the shipped banks start with (``aitrainer bank schema`` prints the schema)."""

PLACEHOLDER = (
    "No explanation came with this imported question; write why the key is right and why "
    "the tempting wrong answers are wrong."
)
"""The explanation of an imported question whose source had no feedback (a linter flags it)."""

DEFAULT_TOPIC = "imported"
LETTERS = "abcdefgh"
Kind = Literal["choice", "true_false", "short_answer", "essay", "ordering", "numeric"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer of a choice question: its text, its weight in percent, its feedback."""

    text: str
    weight: float
    feedback: str = ""


@dataclass(slots=True)
class Draft:
    """A question as a source format gave it, before it is a bank question."""

    where: str
    """How the report names it: 'line 12 (::Title::)' or 'question 3 "name"'."""
    kind: Kind
    prompt: str
    title: str = ""
    topic: str = DEFAULT_TOPIC
    choices: list[Choice] = field(default_factory=list)
    truth: bool = False
    feedback: str = ""
    model_answer: str = ""
    numeric: dict[str, Any] = field(default_factory=dict)
    """A numerical question's key fields (``formats.numeric``)."""


@dataclass(slots=True)
class Report:
    """What an import or export left out or approximated, by question."""

    skipped: list[tuple[str, str]] = field(default_factory=list)
    needs_explanation: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    written: int = 0

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))

    def lines(self) -> list[str]:
        """The report as one-line messages, safe to print."""
        out = [f"skipped {inert_line(w)}: {inert_line(r)}" for w, r in self.skipped]
        out += [f"note {inert_line(w)}: {inert_line(r)}" for w, r in self.notes]
        out += [f"needs-explanation {qid}" for qid in self.needs_explanation]
        out.append(f"{counted(self.written, 'question')} written, {len(self.skipped)} skipped")
        return out


def bad_input(path: Path, message: str, line: int | None = None) -> UsageError:
    """The error for a file that cannot be read as its format (exit 2), naming file and line."""
    where = f"{path}:{line}" if line else str(path)
    return UsageError(f"{inert_line(where)}: {inert_line(message)}")


def read_text(path: Path) -> str:
    """The file as text, or a usage error naming it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise bad_input(path, f"cannot read the file: {error}") from None
    if not text.strip():
        raise bad_input(path, "the file is empty")
    return text


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case kebab-case of text ('Top/Sub Topic' -> 'top-sub-topic'), '' if none is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].strip("-")


def _base_id(bank_id: str, draft: Draft) -> str:
    title = slugify(draft.title, 70)
    if title.startswith(f"{bank_id}-"):  # an id exported from this bank comes back unchanged
        return title
    if title:
        return slugify(f"{bank_id}-{title}", 80)
    digest = hashlib.sha1(draft.prompt.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{bank_id}-{digest}"


def _choice_fields(draft: Draft) -> dict[str, Any]:
    options = {LETTERS[i]: c.text for i, c in enumerate(draft.choices[: len(LETTERS)])}
    keys = list(options)
    right = [k for k, c in zip(keys, draft.choices, strict=False) if c.weight > 0]
    fields: dict[str, Any] = {"options": options}
    full = [k for k, c in zip(keys, draft.choices, strict=False) if c.weight >= 100]
    if len(right) == 1 or (len(full) == 1 and len(right) > 1):
        fields.update(type="single_choice", answer=(full or right)[0])
    else:
        fields.update(type="multiple_choice", answer=right)
    feedback = {k: c.feedback for k, c in zip(keys, draft.choices, strict=False) if c.feedback}
    if feedback:
        fields["option_feedback"] = feedback
    return fields


def _type_fields(draft: Draft) -> dict[str, Any]:
    if draft.kind == "choice":
        return _choice_fields(draft)
    if draft.kind == "true_false":
        return {"type": "true_false", "answer": draft.truth}
    if draft.kind == "numeric":
        return dict(draft.numeric)
    if draft.kind == "ordering":
        labels = [chr(ord("A") + i) for i in range(len(draft.choices))]
        return {
            "type": "ranking",
            "context": {
                "responses": {lab: c.text for lab, c in zip(labels, draft.choices, strict=True)}
            },
            "answer": labels,
        }
    accepted = [c.text for c in draft.choices if c.weight > 0]
    model = draft.model_answer or (accepted[0] if accepted else "")
    point = "gives an accepted answer" if accepted else "makes the points of the model answer"
    accepted = accepted or _keywords(model)
    rubric = [{"point": point, "any_of": accepted}] if accepted else []
    return {"type": "free_text", "model_answer": model, "rubric": rubric}


def _keywords(text: str, count: int = 5) -> list[str]:
    """The longest distinct words of a model answer: the rubric of an essay (an approximation)."""
    found = dict.fromkeys(w.casefold() for w in re.findall(r"[^\W\d_]{6,}", text))
    return sorted(found, key=lambda w: (-len(w), w))[:count]


def _problems(fields: dict[str, Any]) -> list[str]:
    from aitrainer_cli.banks.problems import Severity
    from aitrainer_cli.items import QUESTION_ADAPTER

    try:
        question = QUESTION_ADAPTER.validate_python(fields)
    except ValidationError as error:
        return [
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'question'}: {e['msg']}"
            for e in error.errors()
        ]
    return [p.message for p in question.problems() if p.severity is Severity.ERROR]


def build_questions(drafts: Sequence[Draft], bank_id: str, report: Report) -> list[dict[str, Any]]:
    """Drafts as bank questions, each checked as ``bank validate`` would; the rest reported."""
    questions: list[dict[str, Any]] = []
    used: set[str] = set()
    for draft in drafts:
        base = _base_id(bank_id, draft)
        qid, n = base, 2
        while qid in used:
            qid, n = f"{base}-{n}", n + 1
        fields: dict[str, Any] = {
            "id": qid,
            "topic": draft.topic or DEFAULT_TOPIC,
            "difficulty": "medium",
            "prompt": draft.prompt,
            **_type_fields(draft),
            "explanation": draft.feedback or PLACEHOLDER,
        }
        problems = _problems(_ordered(fields))
        if problems:
            report.skip(draft.where, "cannot be expressed as a bank question: " + problems[0])
            continue
        used.add(qid)
        if not draft.feedback:
            report.needs_explanation.append(qid)
        questions.append(_ordered(fields))
    report.written = len(questions)
    return questions


_ORDER = ("id", "type", "topic", "difficulty", "prompt", "context", "options", "answer")


def _ordered(fields: dict[str, Any]) -> dict[str, Any]:
    first = {k: fields[k] for k in _ORDER if k in fields}
    return first | {k: v for k, v in fields.items() if k not in first}


def bank_yaml(bank_id: str, title: str, questions: list[dict[str, Any]]) -> str:
    """A format-v1 bank file with the schema modeline."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
        style = "|" if "\n" in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    _Dumper.add_representer(str, _text)
    document = {"format": 1, "bank": {"id": bank_id, "title": title}, "questions": questions}
    body = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return f"{SCHEMA_LINE}\n{body}"


def bank_id_for(path: Path, given: str | None) -> str:
    """The bank id: the one given (checked), else the file name as a slug."""
    bank_id = given if given is not None else slugify(path.stem) or "imported"
    if slugify(bank_id, 80) != bank_id:
        raise UsageError(
            f"{inert_line(bank_id)!r} is not a bank id",
            hint="use lower-case kebab-case, e.g. --bank-id my-quiz",
        )
    return bank_id


def material(question: QuestionBase, *, responses: bool = True) -> str:
    """The question's prompt with its judged material (conversation, responses, evidence)."""
    parts = [question.prompt.strip()]
    context = question.context
    if context is not None:
        parts += [f"**{t.role}:** {t.text.strip()}" for t in context.conversation or []]
        shown = (context.responses or {}) if responses else {}
        parts += [f"**Response {k}:** {v.strip()}" for k, v in shown.items()]
        if context.evidence:
            parts.append(f"**Evidence:** {context.evidence.strip()}")
    return "\n\n".join(parts)


def lines_of(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines, from 1."""
    yield from enumerate(text.splitlines(), 1)
