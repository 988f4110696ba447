"""Read the files ``aitrainer export --format json`` writes into response records.

One file is one learner (unless the file, or an attempt in it, names a ``learner``). Attempts
still in progress are left out. Anything that is not such a file is a :class:`UsageError`
naming the file, never a traceback.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

from aitrainer_cli.analysis.records import ResponseRecord
from aitrainer_cli.errors import UsageError

HINT = "give files written by 'aitrainer export --format json'"
_NUMBER = (int, float)
_QUICK = frozenset({int, float})
_BIG = 1.7e308
"""Beyond it a float is infinite (and NaN compares false with everything)."""


class _Shape(Exception):
    """What is wrong with a file's structure (the caller adds the file name)."""


def _number(value: object, what: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, _NUMBER) or not math.isfinite(value):
        raise _Shape(f"{what} is not a number")
    return float(value)


def _plain(row: object) -> tuple[str, str, float | None, object, float] | None:
    """The fields of a well-formed response, checked the quick way; None sends it to the slow
    check that says what is wrong."""
    if type(row) is not dict:
        return None
    question, kind = row.get("question_id"), row.get("type", "")
    credit, seconds = row.get("credit"), row.get("seconds", 0)
    if (
        type(question) is str
        and type(kind) is str
        and (credit is None or (type(credit) in _QUICK and -_BIG <= credit <= _BIG))
        and type(seconds) in _QUICK
        and -_BIG <= seconds <= _BIG
    ):
        return question, kind, credit, row.get("response"), seconds
    return None


def _record(learner: str, attempt: str, blueprint: str, row: object) -> ResponseRecord:
    if not isinstance(row, dict):
        raise _Shape("a response is not an object")
    question, kind = row.get("question_id"), row.get("type", "")
    if not isinstance(question, str) or not isinstance(kind, str):
        raise _Shape("a response has no question_id (text) or type")
    return ResponseRecord(
        learner,
        attempt,
        blueprint,
        question,
        kind,
        _number(row.get("credit"), f"the credit of {question}", optional=True),
        row.get("response"),
        _number(row.get("seconds", 0), f"the seconds of {question}") or 0.0,
    )


def _attempt_records(learner: str, index: int, attempt: object) -> Iterator[ResponseRecord]:
    if not isinstance(attempt, dict):
        raise _Shape(f"attempt {index + 1} is not an object")
    responses, blueprint = attempt.get("responses"), attempt.get("blueprint")
    if not isinstance(responses, list) or not isinstance(blueprint, str):
        raise _Shape(f"attempt {index + 1} has no responses list or blueprint")
    if attempt.get("status") == "in_progress":
        return
    identity = str(attempt.get("attempt_id", index + 1))
    who = attempt.get("learner", learner)
    who = who if isinstance(who, str) and who else learner
    for row in responses:
        fast = _plain(row)
        yield (
            ResponseRecord(who, identity, blueprint, *fast)
            if fast is not None
            else _record(who, identity, blueprint, row)
        )


def records_of(data: object, learner: str) -> list[ResponseRecord]:
    """The records of one parsed export; ``learner`` names them unless the data does."""
    if not isinstance(data, dict) or not isinstance(data.get("attempts"), list):
        raise _Shape('it is not an export: no "attempts" list')
    named = data.get("learner")
    who = named if isinstance(named, str) and named else learner
    records: list[ResponseRecord] = []
    for index, attempt in enumerate(data["attempts"]):
        records.extend(_attempt_records(who, index, attempt))
    return records


def _load(path: Path) -> object:
    try:
        with path.open("rb") as stream:
            return json.load(stream)
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory, not an export file", hint=HINT) from None
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist", hint=HINT) from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError
        raise UsageError(f"{path} is not JSON ({error})", hint=HINT) from None


def read_export(path: Path) -> list[ResponseRecord]:
    """The records of one export file, the file being the learner."""
    try:
        records = records_of(_load(path), str(path))
    except _Shape as problem:
        raise UsageError(f"{path}: {problem}", hint=HINT) from None
    if not records:
        raise UsageError(f"{path} holds no finished attempts", hint=HINT)
    return records


def read_exports(paths: Iterable[Path]) -> list[ResponseRecord]:
    """The records of every file, in order."""
    records: list[ResponseRecord] = []
    for path in paths:
        records.extend(read_export(path))
    return records
