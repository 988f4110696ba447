"""Values and types in an author's words: what was written, what was wanted, how to fix it.

pydantic names types (``bool_type``, ``model``) and YAML reads plain scalars in two ways
(YAML 1.1 and 1.2); a finding says both in words ("should be a whole number, not text") and,
where it can, how to write the value so every tool reads it as meant.
"""

from __future__ import annotations

import re

import yaml

from aitrainer_cli.banks.inert import quote, shorten
from aitrainer_cli.banks.yaml_portable import LONG_NUMBER, Ambiguous, readings

_MAPPING = "a mapping (key: value lines)"
TYPE_WORDS = {
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "decimal": "a number",
    "string": "text",
    "str": "text",
    "bytes": "text",
    "list": "a list",
    "tuple": "a list",
    "set": "a list",
    "frozen_set": "a list",
    "iterable": "a list",
    "dict": _MAPPING,
    "model": _MAPPING,
    "model_attributes": _MAPPING,
    "dataclass": _MAPPING,
    "typed_dict": _MAPPING,
    "none": "empty (null)",
    "date": "a date",
    "datetime": "a date and time",
}
"""pydantic's names of types, as an author says them; any other name is never shown."""
_YAML_TRUE, _YAML_FALSE = {"yes", "on", "y", "true"}, {"no", "off", "n", "false"}
_YAML_BOOLS = _YAML_TRUE | _YAML_FALSE
_NUMBERS = {
    "int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.0*)?"),
    "float": re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|[-+]?\.[0-9]+"),
}
"""Numbers as every YAML reader reads them, by the type pydantic wanted: what quoted text that
should have been a number may be written as without its quotes."""
_TAG = "tag:yaml.org,2002:"


def type_words(kind: str, subject: str, node: yaml.Node) -> tuple[str, str | None]:
    """A value of the wrong type, with a hint to quote what YAML read as something else, or to
    unquote text that should have been a number or true/false. ``subject`` starts the message
    ('question 3', "'points'")."""
    wanted = "int" if kind == "int_from_float" else kind.removesuffix("_type")
    message = f"{subject} should be {TYPE_WORDS.get(wanted, 'a value of another kind')}"
    both = readings(node)
    if both is not None:
        old, new = (_reading_words(value) for value in both)
        message += (
            f", not an unquoted {shorten(str(node.value), 24)}, which YAML 1.1 tools (PyYAML) "
            f"read as {old} and YAML 1.2 tools (editors) as {new}"
        )
        return message, _ambiguous_hint(wanted, node, both)
    message += f", not {value_kind(node)}"
    hint = None
    if isinstance(node, yaml.ScalarNode) and not node.style and wanted in ("string", "str"):
        hint = f'quote the value: "{shorten(str(node.value))}"'
    elif isinstance(node, yaml.ScalarNode):
        hint = unquote_hint(wanted, node)
    return message, hint


def _reading_words(value: object) -> str:
    """One YAML reader's value of a plain scalar, in words: 'true', 'the number 8', 'text'."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int | float):
        return f"the number {_number_text(value)}"
    return "a number" if value is LONG_NUMBER else "text"


def _number_text(value: float) -> str:
    whole = isinstance(value, float) and value.is_integer() and abs(value) < 1e15
    return shorten(str(int(value) if whole else value), 24)


def _ambiguous_hint(wanted: str, node: yaml.Node, both: tuple[object, object]) -> str | None:
    """How to write a scalar that YAML 1.1 and 1.2 read differently so every tool reads it as
    the kind of value wanted: quoted (text), true or false, or a number in plain digits."""
    if wanted in ("string", "str"):
        return f'quote the value: "{shorten(str(node.value))}"'
    if wanted == "bool":
        truth = next((value for value in both if isinstance(value, bool)), None)
        return None if truth is None else f"write {str(truth).lower()}"
    numbers = [
        _number_text(value)
        for value in both
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]
    if wanted not in ("int", "float") or not numbers:
        return None
    choice = " or ".join(dict.fromkeys(numbers))
    meant = ", whichever is meant," if len(set(numbers)) > 1 else ""
    return f"write {choice}{meant} in plain decimal digits"


def unquote_hint(wanted: str, node: yaml.ScalarNode) -> str | None:
    """For text written where a number or true/false belongs (``"2"``, ``'yes'``): how to write
    the value itself. Quoted, it is text to every YAML reader and the format takes no text for a
    number or a truth value."""
    if not node.style or node.tag != _TAG + "str":
        return None
    text = str(node.value).strip()
    if wanted == "bool" and text.lower() in _YAML_BOOLS:
        return f"write {'true' if text.lower() in _YAML_TRUE else 'false'}, without quotes"
    number = _NUMBERS.get(wanted)
    if number is not None and number.fullmatch(text):
        return f"remove the quotes: {text}"
    return None


def value_kind(node: yaml.Node) -> str:
    """What the author wrote, in words: 'a list', 'text', 'a number' …"""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    tag = node.tag.removeprefix(_TAG)
    if tag == "int":
        return "a number"
    if tag == "float":
        return f"the number {shorten(str(node.value), 24)}"
    return {"bool": "true or false", "null": "empty (null)"}.get(tag, "text")


def value_words(value: object) -> str:
    """What a constructed value is, in words: 'a list', 'text', 'a number' …"""
    if isinstance(value, Ambiguous):
        return f"an unquoted {shorten(value.text, 24)}"
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else "text"


def value_text(node: yaml.Node) -> str:
    return quote(node.value) if isinstance(node, yaml.ScalarNode) else value_kind(node)
