"""A graded attempt as a JSON-ready dict (``json.dumps`` takes it as is).

Positions are 1-based, as the learner saw them; responses are the canonical values the scorer
saw (option keys, not display letters), with tuples and sets turned into lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.exam.answers import format_response
from aitrainer_cli.exam.results import Breakdown, ExamResult, ItemResult
from aitrainer_cli.items.mistakes import matched_mistakes

VERDICTS = ("correct", "partial", "wrong", "unanswered")
_DIGITS = 4
"""Rounding of credits, points and percents: enough to add up, without float noise."""


def _round(value: float) -> float:
    return round(value, _DIGITS)


def jsonable(value: object) -> Any:
    """A response as plain JSON: dicts with string keys, lists, str, int, float, bool, None."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(item) for item in value), key=str)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return str(value)


def _breakdown(rows: tuple[Breakdown, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": row.name,
            "earned": _round(row.earned),
            "possible": _round(row.possible),
            "percent": _round(row.percent),
            "count": row.count,
        }
        for row in rows
    ]


def _item(item: ItemResult, entries: Mapping[str, Entry]) -> dict[str, Any]:
    entry = entries.get(item.question_id)
    words, mistakes = None, []
    if entry is not None and item.answered:
        words = format_response(entry.question, item.response, item.item.letters)
        mistakes = [m.when for m in matched_mistakes(entry.question, item.response)]
    return {
        "position": item.position + 1,
        "question_id": item.question_id,
        "bank_id": item.item.bank_id,
        "section": item.item.section,
        "topic": item.topic,
        "type": item.type,
        "difficulty": item.difficulty,
        "points": _round(item.points),
        "credit": _round(item.score.credit),
        "earned": _round(item.earned),
        "verdict": item.verdict,
        "response": jsonable(item.response),
        "response_text": words,
        "note": item.score.note,
        "graded_by": item.score.graded_by or ("keywords" if item.type == "free_text" else None),
        "parts": [{"name": name, "credit": _round(credit)} for name, credit in item.score.parts],
        "mistakes": mistakes,
        "flagged": item.flagged,
        "seconds": round(item.seconds, 1),
    }


def result_to_json(result: ExamResult, entries: Mapping[str, Entry]) -> dict[str, Any]:
    """Totals, counts, breakdowns and every item of a graded attempt."""
    form = result.form
    return {
        "blueprint_id": form.blueprint_id,
        "title": form.title,
        "seed": form.seed,
        "status": result.status.value,
        "earned": _round(result.earned),
        "possible": _round(result.possible),
        "percent": _round(result.percent),
        "pass_mark": form.pass_mark,
        "passed": result.passed,
        "time_used_seconds": round(result.time_used, 1),
        "time_limit_seconds": form.time_limit_seconds,
        "time_remaining_seconds": (
            None if result.time_remaining is None else round(result.time_remaining, 1)
        ),
        "paused_seconds": round(result.paused_seconds, 1),
        "counts": {verdict: result.count(verdict) for verdict in VERDICTS},
        "by_topic": _breakdown(result.by_topic),
        "by_type": _breakdown(result.by_type),
        "items": [_item(item, entries) for item in result.items],
    }
