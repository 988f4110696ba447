"""Build the statements of an attempt: ``answered`` per answer, ``completed`` and ``passed`` or
``failed`` when it ends. Pure: the caller gives every value (times included) and stores the JSON.

The actor is not part of a queued statement: ``with_actor`` adds the learner's account when the
statement is sent or exported, so a learner who configures an identity later still sends theirs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aitrainer_cli.items.base import QuestionBase, Score
from aitrainer_cli.xapi import ids
from aitrainer_cli.xapi.interactions import definition, lang, response_text

VERBS: dict[str, str] = {
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
ASSESSMENT_ACTIVITY = "http://adlnet.gov/expapi/activities/assessment"
VERSION = "1.0.3"
FULL = 1 - 1e-9
"""Credit at or above this is full credit (``success``)."""

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class AttemptContext:
    """What every statement of one attempt shares."""

    registration: str
    blueprint_id: str
    title: str
    mode: str
    app_version: str


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer as given (or as finally graded), with what the statement says of it."""

    position: int
    revision: int
    question: QuestionBase
    bank_id: str
    content_hash: str
    response: object
    score: Score
    seconds: float
    timestamp: datetime
    confidence: object = None
    """The learner's confidence in the answer, when the attempt asked for it."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an attempt ended, for its ``completed`` and ``passed``/``failed`` statements."""

    earned: float
    possible: float
    percent: float
    pass_mark: float
    seconds: float
    status: str
    timestamp: datetime
    question_ids: Sequence[str] = field(default_factory=tuple)
    passed: bool | None = None
    """Whether the practice target was reached as the result screen says (None: compare
    ``percent`` with ``pass_mark``)."""


def duration(seconds: float) -> str:
    """ISO 8601 duration of ``seconds`` (``PT1M5.25S``; never negative)."""
    seconds = 0.0 if not math.isfinite(seconds) else max(0.0, seconds)
    centis = round(seconds * 100)
    hours, rest = divmod(centis, 360_000)
    minutes, rest = divmod(rest, 6_000)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    whole, fraction = divmod(rest, 100)
    if rest or text == "PT":
        text += f"{whole}.{fraction:02d}S".replace(".00S", "S")
    return text


def iso(moment: datetime) -> str:
    """An ISO 8601 timestamp with its offset (aware datetimes only)."""
    if moment.tzinfo is None:
        raise ValueError("statement timestamps must carry a time zone")
    return moment.isoformat(timespec="milliseconds")


def answered(context: AttemptContext, answer: Answer) -> Json:
    """The ``answered`` statement of one answer (its id from attempt, item and revision)."""
    question = answer.question
    credit = min(1.0, max(0.0, answer.score.credit))
    points = float(question.points)
    extensions: Json = {
        ids.extension("question"): question.id,
        ids.extension("bank"): answer.bank_id,
        ids.extension("topic"): question.topic,
        ids.extension("difficulty"): question.difficulty,
        ids.extension("item-type"): question.type_name(),
        ids.extension("position"): answer.position,
        ids.extension("revision"): answer.revision,
    }
    result_extensions = _answer_extensions(question, answer)
    result: Json = {
        "response": response_text(question, answer.response),
        "score": {"scaled": credit, "raw": credit * points, "min": 0.0, "max": points},
        "success": credit >= FULL,
        "completion": question.complete(answer.response),
        "duration": duration(answer.seconds),
    }
    if result_extensions:
        result["extensions"] = result_extensions
    return {
        "id": ids.answered_id(context.registration, answer.position, question.id, answer.revision),
        "verb": _verb("answered"),
        "object": {
            "objectType": "Activity",
            "id": ids.question_iri(answer.bank_id, question.id, answer.content_hash),
            "definition": definition(question),
        },
        "result": result,
        "context": _context(context, extensions, parent=True),
        "timestamp": iso(answer.timestamp),
        "version": VERSION,
    }


def _answer_extensions(question: QuestionBase, answer: Answer) -> Json:
    """Partial-credit parts, panel agreement and confidence, where there are any."""
    found: Json = {}
    parts = dict(answer.score.parts)
    panel = question.panel_judgements()
    if panel is not None:
        agreement = [value for name, value in answer.score.parts if name.startswith("expert")]
        found[ids.extension("panel-agreement")] = agreement
        parts = {k: v for k, v in parts.items() if not k.startswith("expert")}
    if parts:
        found[ids.extension("parts")] = parts
    if answer.score.graded_by:
        found[ids.extension("graded-by")] = answer.score.graded_by
    if answer.score.note:
        found[ids.extension("note")] = answer.score.note
    if answer.confidence is not None:
        found[ids.extension("confidence")] = _plain(answer.confidence)
    return found


def finished(context: AttemptContext, outcome: Outcome) -> list[Json]:
    """The attempt's ``completed`` statement, then ``passed`` or ``failed`` (against the practice
    target)."""
    possible = max(outcome.possible, 0.0)
    earned = min(max(outcome.earned, 0.0), possible)
    scaled = earned / possible if possible else 0.0
    passed = outcome.percent >= outcome.pass_mark if outcome.passed is None else outcome.passed
    extensions: Json = {
        ids.extension("pass-mark"): outcome.pass_mark,
        ids.extension("percent"): outcome.percent,
        ids.extension("status"): outcome.status,
        ids.extension("questions"): list(outcome.question_ids),
    }
    statements = []
    for verb in ("completed", "passed" if passed else "failed"):
        result: Json = {
            "score": {"scaled": scaled, "raw": earned, "min": 0.0, "max": possible},
            "completion": True,
            "duration": duration(outcome.seconds),
        }
        if verb != "completed":
            result["success"] = passed
        statements.append(
            {
                "id": ids.attempt_statement_id(context.registration, verb),
                "verb": _verb(verb),
                "object": _blueprint(context),
                "result": result,
                "context": _context(context, extensions, parent=False),
                "timestamp": iso(outcome.timestamp),
                "version": VERSION,
            }
        )
    return statements


def with_actor(statement: Mapping[str, Any], actor: Mapping[str, Any]) -> Json:
    """The statement as sent: with the learner as its actor."""
    return {"actor": dict(actor), **statement}


def account_actor(name: str, home_page: str, display: str | None = None) -> Json:
    """An Agent identified by an account on ``home_page`` (never an email)."""
    actor: Json = {"objectType": "Agent", "account": {"homePage": home_page, "name": name}}
    if display:
        actor["name"] = display
    return actor


def _verb(name: str) -> Json:
    return {"id": VERBS[name], "display": {"en-US": name}}


def _blueprint(context: AttemptContext) -> Json:
    return {
        "objectType": "Activity",
        "id": ids.blueprint_iri(context.blueprint_id),
        "definition": {
            "type": ASSESSMENT_ACTIVITY,
            "name": lang(context.title or context.blueprint_id),
        },
    }


def _context(context: AttemptContext, extensions: Json, *, parent: bool) -> Json:
    found: Json = {
        "registration": context.registration,
        "platform": "aitrainer",
        "language": "en-US",
        "extensions": {
            ids.extension("mode"): context.mode,
            ids.extension("app-version"): context.app_version,
            **extensions,
        },
    }
    if parent:
        found["contextActivities"] = {"parent": [_blueprint(context)]}
    return found


def _plain(value: object) -> object:
    """A confidence value as JSON can hold it (an enum's value, a number, a string)."""
    inner = getattr(value, "value", value)
    return inner if isinstance(inner, str | int | float | bool) else str(inner)
