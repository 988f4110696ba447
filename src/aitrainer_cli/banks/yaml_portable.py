"""Plain scalars that YAML 1.1 and YAML 1.2 read differently.

PyYAML (and so the bank loader) reads YAML 1.1; editors' language servers and most other tools
read YAML 1.2's core schema. A plain scalar such as ``no`` (false, or the word) or ``010`` (8, or
10) means different things to the two: the loader builds it as an ``Ambiguous`` value, which no
field of the format takes, and ``readings`` says what each reads, for the finding.
"""

from __future__ import annotations

import math
import re

import yaml

MAX_NUMBER_TEXT = 64
"""Characters of a number's text beyond which it is refused without being converted at all."""
TAG = "tag:yaml.org,2002:"
STR = TAG + "str"
_SCALARS = yaml.constructor.SafeConstructor()
CONVERT = {
    TAG + "int": _SCALARS.construct_yaml_int,
    TAG + "float": _SCALARS.construct_yaml_float,
    TAG + "bool": _SCALARS.construct_yaml_bool,
    TAG + "null": _SCALARS.construct_yaml_null,
}
"""YAML 1.1's constructors of the implicit scalar tags, by tag."""

_CORE_NULLS = frozenset({"~", "null", "Null", "NULL", ""})
CORE_BOOLS = {text: text[0] in "tT" for text in ("true", "True", "TRUE", "false", "False", "FALSE")}
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
NUMBER_START = frozenset("0123456789+-.")
"""The first characters of every number of YAML 1.2's core schema."""
LONG_NUMBER = object()
"""YAML 1.2's reading of a number too long to convert (its value is never needed)."""


def core_reading(text: str) -> object:
    """What YAML 1.2's core schema reads in a plain scalar: None, a bool, an int, a float, or the
    text itself (``LONG_NUMBER`` for a number of more than ``MAX_NUMBER_TEXT`` characters)."""
    if text in _CORE_NULLS:
        return None
    truth = CORE_BOOLS.get(text)
    if truth is not None:
        return truth
    if text[:1] not in NUMBER_START:
        return text
    integer, real = _CORE_INT.fullmatch(text), _CORE_FLOAT.fullmatch(text)
    if (integer or real) and len(text) > MAX_NUMBER_TEXT:
        return LONG_NUMBER
    if integer:
        base = {"0o": 8, "0x": 16}.get(text[:2], 10)
        return int(text[2:] if base != 10 else text, base)
    if real:
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


def agrees(text: str, value: object) -> bool:
    """Whether YAML 1.2 reads ``text`` as ``value`` (what YAML 1.1 read), type included."""
    core = core_reading(text)
    if core is text:
        return isinstance(value, str)
    if isinstance(core, float) and isinstance(value, float) and math.isnan(core):
        return math.isnan(value)
    return type(core) is type(value) and core == value


class Ambiguous:
    """A plain scalar that YAML 1.1 and YAML 1.2 read as different values, in place of the value:
    no field takes it, so the finding asks for the value written so every tool reads it the
    same (``"no"`` or false, ``8`` or ``10``). Its repr is its text, as pydantic's path of a bad
    key shows it and the ``Locator`` finds it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ambiguous) and other.text == self.text

    def __hash__(self) -> int:
        return hash((Ambiguous, self.text))


def readings(node: yaml.Node) -> tuple[object, object] | None:
    """(YAML 1.1's value, YAML 1.2's value) of a plain scalar the two read differently, else
    None: what a finding about an ``Ambiguous`` value says."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return None
    text: str = node.value
    old: object = text
    convert = CONVERT.get(node.tag)
    if convert is not None and len(text) <= MAX_NUMBER_TEXT:
        try:
            old = convert(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            return None
    elif node.tag != STR:
        return None
    return None if agrees(text, old) else (old, core_reading(text))
