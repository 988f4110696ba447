"""Turn pydantic validation errors into located, human-worded findings with hints."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from aitrainer_cli.banks.problems import Severity
from aitrainer_cli.banks.yaml_source import SourceIssue, node_at
from aitrainer_cli.items import ITEM_TYPES

_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-key",
    "union_tag_invalid": "unknown-type",
    "union_tag_not_found": "missing-field",
    "literal_error": "bad-value",
    "enum": "bad-value",
    "string_pattern_mismatch": "bad-format",
    "string_too_short": "empty-text",
    "string_too_long": "too-long",
    "too_short": "too-few",
    "too_long": "too-many",
    "value_error": "bad-value",
}
_TYPE_WORDS = {
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "string": "text",
    "list": "a list",
    "dict": "a mapping (key: value)",
    "model": "a mapping (key: value)",
}
_PATTERNS = {
    "^[a-z0-9]": "lower-case kebab-case (letters, digits and hyphens, like fact-checking)",
    "^[A-Za-z0-9]": "a short key of letters, digits, _ and - (like a, c1, helpfulness)",
    "^[A-Z]$": "one capital letter (A, B, C …)",
    "^[a-z][a-z0-9_]": "a lower-case label with underscores (like not_enough_info)",
}
_YAML_BOOLS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def located_issues(
    errors: Iterable[ErrorDetails], root: yaml.Node, model: Any, prefix: tuple[Any, ...] = ()
) -> Iterator[SourceIssue]:
    """One issue per distinct location; alternatives of a union are merged into one message."""
    merged: dict[tuple[int, int, str], SourceIssue] = {}
    for error in errors:
        issue = _issue(error, root, model, prefix)
        key = (issue.line, issue.column, issue.code)
        if key in merged and merged[key].message != issue.message:
            issue = SourceIssue(
                issue.line,
                issue.column,
                issue.code,
                f"{merged[key].message}; or {issue.message}",
                hint=issue.hint,
            )
        merged[key] = issue
    yield from merged.values()


def _issue(
    error: ErrorDetails, root: yaml.Node, model: Any, prefix: tuple[Any, ...]
) -> SourceIssue:
    loc = prefix + tuple(error["loc"])
    kind = error["type"]
    node, key_node, matched = node_at(root, loc)
    if kind.endswith("_parsing"):  # "lots" where a number is wanted is a type error too
        kind = kind.removesuffix("_parsing") + "_type"
    code = _CODES.get(kind, "wrong-type" if kind.endswith("_type") else "bad-value")
    field = _field_name(loc)
    point_at, message, hint = node, error["msg"], None
    if kind in ("extra_forbidden", "missing"):
        point_at = key_node or node
        message, hint = _key_words(kind, loc, field, matched, model)
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        message, hint, type_node = _tag_words(kind, error, root, loc)
        point_at = type_node or node
    elif kind.endswith("_type") and isinstance(node, yaml.ScalarNode):
        message, hint = _type_words(kind, field, node)
    elif kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        wanted = next(
            (words for start, words in _PATTERNS.items() if pattern.startswith(start)),
            f"text matching {pattern}",
        )
        message = f"{field!r} should be {wanted}, not {error['input']!r}"
    else:
        message = f"{field!r}: {_lower_first(message.removeprefix('Value error, '))}"
    line, column = point_at.start_mark.line + 1, point_at.start_mark.column + 1
    return SourceIssue(line, column, code, message, Severity.ERROR, hint)


def _key_words(
    kind: str, loc: tuple[Any, ...], field: str, matched: int, model: Any
) -> tuple[str, str | None]:
    """An unknown key (with the closest valid one) or a missing one."""
    if kind == "missing":
        # pydantic's loc ends at the parent for missing union tags
        name = field if matched == len(loc) else str(loc[-1])
        return f"missing required key {name!r}", None
    allowed = _allowed_keys(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else (f"valid keys here: {', '.join(allowed)}" if allowed else None)
    )
    return f"unknown key {str(loc[-1])!r}", hint


def _tag_words(
    kind: str, error: ErrorDetails, root: yaml.Node, loc: tuple[Any, ...]
) -> tuple[str, str | None, yaml.Node | None]:
    """A missing or unknown question type, pointing at the ``type:`` value when there is one."""
    expected = str(error.get("ctx", {}).get("expected_tags", "")).replace("'", "")
    if kind == "union_tag_not_found":
        return f"missing required key 'type' (one of: {expected})", None, None
    tag = str(error.get("ctx", {}).get("tag", ""))
    type_node, _, _ = node_at(root, (*loc, "type"))
    close = difflib.get_close_matches(tag, expected.split(", "), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"one of: {expected}"
    return f"unknown question type {tag!r}", hint, type_node


def _type_words(kind: str, field: str, node: yaml.ScalarNode) -> tuple[str, str | None]:
    """A value of the wrong type, with a hint to quote what YAML read as something else."""
    wanted = kind.removesuffix("_type")
    message, hint = f"{field!r} should be {_TYPE_WORDS.get(wanted, wanted)}", None
    if not node.style and wanted == "string":
        hint = 'quote the value: "' + str(node.value) + '"'
        if str(node.value).lower() in _YAML_BOOLS:
            message += f"; unquoted {node.value} is read as true/false"
    return message, hint


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _field_name(loc: tuple[Any, ...]) -> str:
    named = [str(part) for part in loc if isinstance(part, str) and part not in _UNION_PARTS]
    return named[-1] if named else "document"


_UNION_PARTS = {
    *ITEM_TYPES,
    "str",
    "int",
    "list[str]",
    "list[constrained-str]",
    "constrained-str",
    "list[int]",
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
