"""Each item type as an xAPI ``cmi.interaction``: its interactionType, components, the correct
responses pattern where the type has one, and a response in the pattern's syntax.

choice (single and multiple choice), true-false, sequencing (ranking), likert (rating), numeric,
long-fill-in (free text, rewrite) and other (preference, claim checks, spans, tasks: their
responses are compact JSON).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aitrainer_cli.items.base import QuestionBase

INTERACTION_ACTIVITY = "http://adlnet.gov/expapi/activities/cmi.interaction"
DESCRIPTION_LIMIT = 500
"""Characters of bank text kept in an activity's description (the LRS needs no more)."""

INTERACTION_TYPES: dict[str, str] = {
    "single_choice": "choice",
    "multiple_choice": "choice",
    "true_false": "true-false",
    "ranking": "sequencing",
    "rating": "likert",
    "numeric": "numeric",
    "free_text": "long-fill-in",
    "rewrite": "long-fill-in",
    "preference": "other",
    "claim_check": "other",
    "span_marking": "other",
    "task": "other",
}
"""interactionType per item type; a type missing here (a new one) is ``other``."""

Json = dict[str, Any]


def interaction_type(question: QuestionBase) -> str:
    """The item type's interactionType."""
    return INTERACTION_TYPES.get(question.type_name(), "other")


def lang(text: str) -> dict[str, str]:
    """A language map of bank text, cut to ``DESCRIPTION_LIMIT`` characters."""
    text = text.strip()
    if len(text) > DESCRIPTION_LIMIT:
        text = text[: DESCRIPTION_LIMIT - 1] + "…"
    return {"en-US": text}


def definition(question: QuestionBase) -> Json:
    """The activity definition of a question."""
    kind = interaction_type(question)
    found: Json = {
        "type": INTERACTION_ACTIVITY,
        "name": lang(question.id),
        "description": lang(question.prompt),
        "interactionType": kind,
    }
    pattern = correct_responses(question)
    if pattern is not None:
        found["correctResponsesPattern"] = pattern
    found.update(_components(question, kind))
    return found


def _components(question: QuestionBase, kind: str) -> Json:
    if kind == "choice":
        options = question.option_texts()
        return {"choices": [{"id": k, "description": lang(t)} for k, t in options.items()]}
    if kind == "sequencing":
        labels = sorted(question.response_labels())
        return {"choices": [{"id": label, "description": lang(label)} for label in labels]}
    if kind == "likert":
        scale = getattr(question, "scale", None)
        if scale is None:
            return {}
        anchors: dict[int, str] = getattr(scale, "labels", {})
        values = range(int(scale.min), int(scale.max) + 1)
        return {
            "scale": [{"id": str(v), "description": lang(str(anchors.get(v, v)))} for v in values]
        }
    return {}


def correct_responses(question: QuestionBase) -> list[str] | None:
    """The key in the interaction's response syntax; None when the type has no single pattern
    (panels, bands, written answers, composite tasks)."""
    builder = _PATTERNS.get(question.type_name())
    return None if builder is None else builder(question)


def _choice_pattern(question: QuestionBase) -> list[str] | None:
    keys = question.keyed_options()
    return ["[,]".join(keys)] if keys else None


def _true_false_pattern(question: QuestionBase) -> list[str] | None:
    answer = getattr(question, "answer", None)
    return [str(answer).lower()] if isinstance(answer, bool) else None


def _ranking_pattern(question: QuestionBase) -> list[str] | None:
    answer = getattr(question, "answer", None)
    if not isinstance(answer, list) or any(isinstance(entry, list) for entry in answer):
        return None  # a panel, or ties: no one order is the answer
    return ["[,]".join(str(entry) for entry in answer)]


def _numeric_pattern(question: QuestionBase) -> list[str] | None:
    answer = getattr(question, "answer", None)
    if not isinstance(answer, int | float) or isinstance(answer, bool):
        return None
    tolerance = getattr(question, "tolerance", None)
    if not isinstance(tolerance, int | float) or not tolerance:
        return [_number(answer)]
    return [f"{_number(answer - tolerance)}[:]{_number(answer + tolerance)}"]


def _likert_pattern(question: QuestionBase) -> list[str] | None:
    answer = getattr(question, "answer", None)
    if isinstance(answer, dict) and len(answer) == 1:
        (value,) = answer.values()
        if isinstance(value, int) and not isinstance(value, bool):
            return [str(value)]
    return None


_PATTERNS: dict[str, Callable[[QuestionBase], list[str] | None]] = {
    "single_choice": _choice_pattern,
    "multiple_choice": _choice_pattern,
    "true_false": _true_false_pattern,
    "ranking": _ranking_pattern,
    "numeric": _numeric_pattern,
    "rating": _likert_pattern,
}


def response_text(question: QuestionBase, response: object) -> str:
    """The learner's response in the interaction's syntax (compact JSON for ``other``)."""
    kind = interaction_type(question)
    if kind == "true-false" and isinstance(response, bool):
        return str(response).lower()
    if kind == "numeric" and isinstance(response, int | float) and not isinstance(response, bool):
        return _number(response)
    if kind == "long-fill-in" and isinstance(response, str):
        return response
    if kind in ("choice", "sequencing"):
        items = response if isinstance(response, list) else [response]
        if all(isinstance(item, str) for item in items):
            return "[,]".join(str(item) for item in items)
    if kind == "likert" and isinstance(response, dict):
        return _likert_response(response)
    return json.dumps(response, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _likert_response(response: dict[Any, Any]) -> str:
    """One dimension: its value; several: ``dimension[.]value`` pairs joined by ``[,]``."""
    if len(response) == 1:
        return str(next(iter(response.values())))
    return "[,]".join(f"{key}[.]{value}" for key, value in sorted(response.items()))


def _number(value: float) -> str:
    """A number as xAPI writes it: integers without a decimal point."""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.12g}"
