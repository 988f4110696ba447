"""Statements read back from an LRS as the item analysis's response records, and a table per
learner (attempts, best and latest score, readiness). Pure: the caller fetches the statements.

An attempt is a ``context.registration`` with a ``completed`` statement; each of its questions
(the ``questions`` extension) takes its newest answered revision, unanswered ones credit 0, as
``analyze`` counts them in export files. Attempts come in the order they were completed, so the
analysis sees each learner's first sitting of a form first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aitrainer_cli.analysis.records import ResponseRecord
from aitrainer_cli.xapi import ids

CLOSE = 10.0
"""Percentage points under the practice target that still count as "close"."""

_DURATION = re.compile(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")


@dataclass(frozen=True, slots=True)
class LearnerRow:
    """One learner of the cohort."""

    learner: str
    attempts: int
    best: float
    latest: float
    pass_mark: float
    readiness: str
    """ready (latest score at or over the practice target), close (within ``CLOSE`` points)
    or not yet."""


@dataclass(slots=True)
class _Attempt:
    registration: str
    learner: str = ""
    blueprint: str = ""
    completed_at: str = ""
    percent: float | None = None
    pass_mark: float = 0.0
    questions: list[str] = field(default_factory=list)
    answers: dict[int, tuple[int, Mapping[str, Any]]] = field(default_factory=dict)


def learner_of(actor: object) -> str:
    """A learner's name for the tables: ``name@homePage`` of an account, else the IFI."""
    if not isinstance(actor, dict):
        return "?"
    account = actor.get("account")
    if isinstance(account, dict):
        return f"{account.get('name', '?')}@{account.get('homePage', '?')}"
    for key in ("mbox", "openid", "mbox_sha1sum", "name"):
        if isinstance(actor.get(key), str):
            return str(actor[key])
    return "?"


def cohort(
    statements: Iterable[Mapping[str, Any]], *, blueprint: str | None = None
) -> tuple[list[ResponseRecord], list[LearnerRow]]:
    """The response records of every finished attempt (of ``blueprint``, when given), and one
    row per learner."""
    attempts = _attempts(statements)
    finished = sorted(
        (
            a
            for a in attempts.values()
            if a.percent is not None and (blueprint is None or a.blueprint == blueprint)
        ),
        key=lambda a: (a.completed_at, a.registration),
    )
    records = [record for attempt in finished for record in _records(attempt)]
    return records, _learners(finished)


def _attempts(statements: Iterable[Mapping[str, Any]]) -> dict[str, _Attempt]:
    attempts: dict[str, _Attempt] = {}
    for statement in statements:
        context = statement.get("context")
        if not isinstance(context, dict) or not isinstance(context.get("registration"), str):
            continue
        attempt = attempts.setdefault(context["registration"], _Attempt(context["registration"]))
        verb = str(statement.get("verb", {}).get("id", "")).rsplit("/", 1)[-1]
        extensions = context.get("extensions") or {}
        if verb == "answered":
            position = extensions.get(ids.extension("position"))
            revision = extensions.get(ids.extension("revision"), 0)
            if isinstance(position, int) and isinstance(revision, int):
                known = attempt.answers.get(position)
                if known is None or known[0] < revision:
                    attempt.answers[position] = (revision, statement)
        elif verb == "completed":
            _completed(attempt, statement, extensions)
    return attempts


def _completed(attempt: _Attempt, statement: Mapping[str, Any], extensions: Any) -> None:
    blueprint = ids.parse_blueprint_iri(str(statement.get("object", {}).get("id", "")))
    if blueprint is None:
        return
    attempt.blueprint = blueprint
    attempt.learner = learner_of(statement.get("actor"))
    attempt.completed_at = str(statement.get("timestamp", ""))
    percent = extensions.get(ids.extension("percent"))
    scaled = statement.get("result", {}).get("score", {}).get("scaled")
    attempt.percent = float(percent if _number(percent) else (scaled or 0) * 100)
    mark = extensions.get(ids.extension("pass-mark"))
    attempt.pass_mark = float(mark) if _number(mark) else 0.0
    questions = extensions.get(ids.extension("questions"))
    attempt.questions = (
        [q for q in questions if isinstance(q, str)] if isinstance(questions, list) else []
    )


def _records(attempt: _Attempt) -> list[ResponseRecord]:
    found: list[ResponseRecord] = []
    answered: dict[str, Mapping[str, Any]] = {}
    for position in sorted(attempt.answers):
        statement = attempt.answers[position][1]
        question = statement.get("context", {}).get("extensions", {}).get(ids.extension("question"))
        if isinstance(question, str):
            answered.setdefault(question, statement)
    order = attempt.questions or list(answered)
    for question in order:
        given = answered.get(question)
        if given is None:
            found.append(
                ResponseRecord(
                    attempt.learner,
                    attempt.registration,
                    attempt.blueprint,
                    question,
                    "",
                    0.0,
                    None,
                    0.0,
                )
            )
            continue
        found.append(_record(attempt, question, given))
    return found


def _record(attempt: _Attempt, question: str, statement: Mapping[str, Any]) -> ResponseRecord:
    result = statement.get("result", {})
    extensions = statement.get("context", {}).get("extensions", {})
    kind = str(extensions.get(ids.extension("item-type"), ""))
    scaled = result.get("score", {}).get("scaled")
    interaction = statement.get("object", {}).get("definition", {}).get("interactionType", "")
    return ResponseRecord(
        attempt.learner,
        attempt.registration,
        attempt.blueprint,
        question,
        kind,
        float(scaled) if _number(scaled) else None,
        response_value(str(interaction), result.get("response")),
        seconds(str(result.get("duration", ""))),
    )


def response_value(interaction: str, text: object) -> object:
    """A statement's ``result.response`` back as the response an export holds (choices as
    option keys, true/false as a boolean, other types' JSON parsed)."""
    if not isinstance(text, str):
        return None
    if interaction == "choice":
        keys = text.split("[,]") if text else []
        return keys[0] if len(keys) == 1 else keys
    if interaction == "true-false":
        return text == "true"
    if interaction in ("long-fill-in", "numeric", "sequencing", "likert"):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def seconds(duration: str) -> float:
    """Seconds of an ISO 8601 ``PT…`` duration (0 when it is not one)."""
    found = _DURATION.match(duration)
    if found is None:
        return 0.0
    hours, minutes, secs = (float(part) if part else 0.0 for part in found.groups())
    return hours * 3600 + minutes * 60 + secs


def _learners(attempts: list[_Attempt]) -> list[LearnerRow]:
    by_learner: dict[str, list[_Attempt]] = {}
    for attempt in attempts:
        by_learner.setdefault(attempt.learner, []).append(attempt)
    rows = []
    for learner in sorted(by_learner):
        taken = by_learner[learner]
        scores = [a.percent or 0.0 for a in taken]
        latest = taken[-1]
        rows.append(
            LearnerRow(
                learner,
                len(taken),
                max(scores),
                scores[-1],
                latest.pass_mark,
                _readiness(scores[-1], latest.pass_mark),
            )
        )
    return rows


def _readiness(latest: float, pass_mark: float) -> str:
    if latest >= pass_mark:
        return "ready"
    return "close" if latest >= pass_mark - CLOSE else "not yet"


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
