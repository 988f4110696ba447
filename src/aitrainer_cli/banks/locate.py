"""Turn pydantic validation errors into located, human-worded findings with hints.

Positions come first and words second: a file that already shows as many findings as it can
only counts the rest, without wording them (which, with the close-match suggestions, is most of
the cost of an error).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import quote, shorten
from aitrainer_cli.banks.misplaced import misplaced_key
from aitrainer_cli.banks.problems import Severity
from aitrainer_cli.banks.type_words import type_words, unquote_hint, value_text
from aitrainer_cli.banks.yaml_issues import IssueSink, SourceIssue
from aitrainer_cli.banks.yaml_nodes import Locator, Step
from aitrainer_cli.items import ITEM_TYPES

_CODES: dict[str, Code] = {
    "missing": Code.MISSING_FIELD,
    "extra_forbidden": Code.UNKNOWN_KEY,
    "union_tag_invalid": Code.UNKNOWN_TYPE,
    "union_tag_not_found": Code.MISSING_FIELD,
    "literal_error": Code.BAD_VALUE,
    "enum": Code.BAD_VALUE,
    "string_pattern_mismatch": Code.BAD_FORMAT,
    "string_too_short": Code.EMPTY_TEXT,
    "string_too_long": Code.TOO_LONG,
    "too_short": Code.TOO_FEW,
    "too_long": Code.TOO_MANY,
    "value_error": Code.BAD_VALUE,
    "int_parsing_size": Code.NUMBER_TOO_LARGE,
    "int_from_float": Code.WRONG_TYPE,
    "finite_number": Code.NOT_A_NUMBER,
}
_PATTERNS = {
    "^[a-z0-9]": "lower-case kebab-case (letters, digits and hyphens, like fact-checking)",
    "^[A-Za-z0-9]": "a short key of letters, digits, _ and - (like a, c1, helpfulness)",
    "^[A-Z]$": "one capital letter (A, B, C …)",
    "^[a-z][a-z0-9_]": "a lower-case label with underscores (like not_enough_info)",
}
_SUGGEST_UP_TO = 100
"""Characters of an unknown name beyond which no close match is looked for."""


@dataclass(frozen=True, slots=True)
class _Where:
    """Where an error points: the walk along its path, and the node a finding points at."""

    loc: tuple[Any, ...]
    kind: str
    node: yaml.Node
    matched: int


def validation_errors(error: ValidationError) -> list[ErrorDetails]:
    """The errors of ``error`` without the parts never shown (documentation URLs, inputs)."""
    return error.errors(include_url=False, include_input=False)


def add_located(
    sink: IssueSink,
    errors: Iterable[ErrorDetails],
    locator: Locator,
    model: Any,
    prefix: tuple[Any, ...] = (),
    refused: set[tuple[int, int]] | None = None,
    base: Step | None = None,
) -> None:
    """One issue per distinct location into ``sink``; alternatives of a union are merged into
    one message. Errors at a position in ``refused`` were reported at the YAML edge already.

    Where each error points is worked out first; it is put in words only if ``sink`` wants a
    finding there, so errors beyond a file's cap cost a walk down their path and a count.
    ``base`` is where ``prefix`` leads, when the caller knows it already.
    """
    merged: dict[tuple[int, int, Code], list[tuple[str, str | None]] | None] = {}
    misplaced: list[SourceIssue] = []
    if base is None:
        base = locator.at(prefix)
    for error in errors:
        kind, step, node = _aim(error, locator, base)
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if refused and (line, column) in refused:
            continue
        code = _CODES.get(kind) or (Code.WRONG_TYPE if kind.endswith("_type") else Code.BAD_VALUE)
        key = (line, column, code)
        words = merged.get(key, _NEW)
        if words is _NEW:
            if not sink.wants(line, column):
                merged[key] = None
                sink.skip(Severity.ERROR)
                continue
            words = merged[key] = []
        if words is not None:
            where = _Where(prefix + tuple(error["loc"]), kind, step[0], step[2])
            words.append(_words_with_misplaced(error, where, model, misplaced))
    for (line, column, code), found_words in merged.items():
        if found_words:
            message, hint = _combine(code, found_words)
            sink.add(SourceIssue(line, column, code, message, Severity.ERROR, hint))
    _add_all(sink, misplaced)


def _add_all(sink: IssueSink, issues: Iterable[SourceIssue]) -> None:
    for issue in issues:
        if sink.wants(issue.line, issue.column):
            sink.add(issue)
        else:
            sink.skip(issue.severity)


def _words_with_misplaced(
    error: ErrorDetails, where: _Where, model: Any, misplaced: list[SourceIssue]
) -> tuple[str, str | None]:
    """The error in words; a missing key found deeper down adds a hint and an issue there."""
    message, hint = _words(error, where, model)
    if where.kind == "missing" and where.matched < len(where.loc):
        found = misplaced_key(where.node, str(where.loc[-1]))
        if found is not None:
            misplaced.append(found)
            return message, found.hint
    return message, hint


def _aim(error: ErrorDetails, locator: Locator, base: Step) -> tuple[str, Step, yaml.Node]:
    """The error's kind (parsing errors are type errors), the walk along its path, and the node
    a finding points at: the key for an unknown or missing key, the value of ``type`` for an
    unknown type, else the value."""
    kind = error["type"]
    if kind.endswith("_parsing"):  # "lots" where a number is wanted is a type error too
        kind = kind.removesuffix("_parsing") + "_type"
    step = locator.at(error["loc"], base)
    node, key_node, _ = step
    if kind in ("extra_forbidden", "missing"):
        node = key_node or node
    elif kind == "union_tag_invalid":
        node = locator.at(("type",), step)[0]
    return kind, step, node


_NEW: list[tuple[str, str | None]] = []
"""A marker for a location not seen yet (never filled)."""


def _combine(code: Code, words: list[tuple[str, str | None]]) -> tuple[str, str | None]:
    messages = list(dict.fromkeys(message for message, _ in words))
    hint = next((hint for _, hint in reversed(words) if hint), None)
    prefix = "missing required key "
    several_missing = len(messages) > 1 and all(m.startswith(prefix) for m in messages)
    if code == Code.MISSING_FIELD and several_missing:
        names = ", ".join(m.removeprefix(prefix) for m in messages)
        return f"missing required keys {names}", hint
    alternatives = [_WRONG_TYPE.match(message) for message in messages]
    if len(messages) > 1 and all(alternatives):
        subjects = {(m["subject"], m["found"]) for m in alternatives if m}
        if len(subjects) == 1:
            (subject, found), wanted = subjects.pop(), [m["wanted"] for m in alternatives if m]
            return f"{subject} should be {' or '.join(wanted)}, not {found}", hint
    return "; or ".join(messages), hint


_WRONG_TYPE = re.compile(r"^(?P<subject>.+) should be (?P<wanted>[^,;]+), not (?P<found>[^;]+)$")
"""A wrong-type message of ``type_words``: alternatives of a union merge into one sentence."""


def _words(error: ErrorDetails, where: _Where, model: Any) -> tuple[str, str | None]:
    kind, loc, node = where.kind, where.loc, where.node
    field = _field_name(loc)
    if kind in ("extra_forbidden", "missing"):
        return _key_words(kind, loc, field, where.matched, model)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _tag_words(kind, error)
    if kind.endswith("_type") or kind == "int_from_float":
        return type_words(kind, _subject(loc), node)
    context = error.get("ctx", {})
    if kind == "literal_error" and isinstance(node, yaml.ScalarNode):
        return _constraint_words(kind, field, error["msg"], context), unquote_hint("float", node)
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        wanted = next(
            (words for start, words in _PATTERNS.items() if pattern.startswith(start)),
            f"text matching {pattern}",
        )
        if loc and loc[-1] == "[key]":
            parent = _field_name(loc[:-2])
            return f"the key {value_text(node)} of {parent!r} should be {wanted}", None
        return f"{field!r} should be {wanted}, not {value_text(node)}", None
    return _constraint_words(kind, field, error["msg"], context), None


def _constraint_words(kind: str, field: str, message: str, context: dict[str, Any]) -> str:
    """Length and range limits in plain words; pydantic's own sentence otherwise, reworded."""
    if kind == "string_too_short" and context.get("min_length") == 1:
        return f"{field!r} should not be empty"
    if kind == "string_too_long":
        return f"{field!r} is longer than {context.get('max_length', 0):,} characters"
    if kind == "too_short":
        least = context.get("min_length", 1)
        return f"{field!r} needs at least {least} item{'' if least == 1 else 's'}"
    if kind == "too_long":
        return (
            f"{field!r} has {context.get('actual_length', 'too many')} items; at most "
            f"{context.get('max_length', 0)} are allowed"
        )
    if kind == "int_parsing_size":
        return f"{field!r} is too large a number"
    message = message.removeprefix("Value error, ")
    for start in ("Input should", "String should", "List should", "Dictionary should"):
        if message.startswith(start):
            return f"{field!r} should{message.removeprefix(start)}"
    return f"{field!r}: {message[:1].lower()}{message[1:]}"


def _key_words(
    kind: str, loc: tuple[Any, ...], field: str, matched: int, model: Any
) -> tuple[str, str | None]:
    """An unknown key (with the closest valid one) or a missing one."""
    if kind == "missing":
        # pydantic's loc ends at the parent for missing union tags
        name = field if matched == len(loc) else str(loc[-1])
        return f"missing required key {quote(name)}", None
    allowed = _allowed_keys(model, loc[:-1])
    unknown = str(loc[-1])
    close = (
        difflib.get_close_matches(unknown, allowed, n=1, cutoff=0.6)
        if len(unknown) <= _SUGGEST_UP_TO
        else []
    )
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else (f"valid keys here: {', '.join(allowed)}" if allowed else None)
    )
    return f"unknown key {quote(unknown)}", hint


def _tag_words(kind: str, error: ErrorDetails) -> tuple[str, str | None]:
    """A missing or unknown question type, pointing at the ``type:`` value when there is one."""
    context = error.get("ctx", {})
    expected = str(context.get("expected_tags", "")).replace("'", "") or ", ".join(ITEM_TYPES)
    if kind == "union_tag_not_found":
        return f"missing required key 'type' (one of: {expected})", None
    tag = str(context.get("tag", ""))
    if tag in ITEM_TYPES and tag not in expected.split(", "):  # only a task's part gets here
        return f"a part of a task cannot be a {quote(tag)}", f"a part is one of: {expected}"
    close = (
        difflib.get_close_matches(tag, expected.split(", "), n=1, cutoff=0.6)
        if len(tag) <= _SUGGEST_UP_TO
        else []
    )
    hint = f"did you mean {close[0]!r}?" if close else f"one of: {expected}"
    return f"unknown question type {quote(tag)}", hint


def _subject(loc: tuple[Any, ...]) -> str:
    """'question 3', 'item 2 of 'tags'', 'the key 1 of 'labels'' or the field's name, for the
    start of a message."""
    if len(loc) > 1 and loc[-1] == "[key]":
        return f"the key {quote(str(loc[-2]))} of {_field_name(loc[:-2])!r}"
    named = [part for part in loc if not _union_part(part)]
    if named and isinstance(named[-1], int):
        index = named[-1] + 1
        parent = _field_name(tuple(named[:-1]))
        return f"question {index}" if parent == "questions" else f"item {index} of {parent!r}"
    return repr(_field_name(loc))


def _field_name(loc: tuple[Any, ...]) -> str:
    named = [str(part) for part in loc if isinstance(part, str) and not _union_part(part)]
    return shorten(named[-1]) if named else "document"


def _union_part(part: object) -> bool:
    """Whether an element of pydantic's error path names a member of a union (``int``,
    ``list[int]``, ``function-before[_whole(), int]``) rather than a key: no key of the format
    has brackets in its name."""
    return isinstance(part, str) and (part in _UNION_PARTS or ("[" in part and part != "[key]"))


_UNION_PARTS = {
    *ITEM_TYPES,
    "str",
    "int",
    "list[str]",
    "list[constrained-str]",
    "constrained-str",
    "list[int]",
    "[key]",
}


def _allowed_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model that sits at ``loc`` inside ``model`` (walking annotations)."""
    current: Any = model
    for element in loc:
        current = _step(current, element)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _step(annotation: Any, element: Any) -> Any:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [_unwrap(arg) for arg in typing.get_args(annotation)]
        for member in members:
            if isinstance(member, type) and issubclass(member, BaseModel):
                tag = member.model_fields.get("type")
                if tag is not None and element in typing.get_args(tag.annotation):
                    return member
        for member in members:
            found = _step(member, element)
            if found is not None:
                return found
        return None
    if origin is list and isinstance(element, int):
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(element))
        return field.annotation if field else None
    return None
