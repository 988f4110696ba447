"""Building plain Python values from a YAML node tree, reporting problems instead of raising.

Duplicate keys, aliases (built once each, with a budget against alias bombs), unsupported tags,
numbers out of bounds, excessive nesting and, for portable files, plain scalars that YAML 1.1 and
1.2 read differently are each reported with their line and column.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import describe, hidden_characters, refuse, shorten
from aitrainer_cli.banks.problems import Severity
from aitrainer_cli.banks.yaml_issues import IssueSink, SourceIssue, mark
from aitrainer_cli.banks.yaml_portable import (
    CONVERT,
    CORE_BOOLS,
    MAX_NUMBER_TEXT,
    NUMBER_START,
    STR,
    TAG,
    Ambiguous,
    agrees,
    core_reading,
)

MAX_DEPTH = 32
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters other than tab and line breaks."""
MAX_NUMBER = 10**15
"""The largest magnitude of a number in a bank. Every integer up to it is exact as a float (up to
2**53 is), prints in at most 16 digits, and is far beyond any scale point, count or credit."""
_NUMBERS = {TAG + "int", TAG + "float"}
_SEQ, _MAP, _MERGE = (TAG + name for name in ("seq", "map", "merge"))
_BOOL = TAG + "bool"
_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode
# Timestamps stay text: a date in prose is prose, and a later type check still catches misuse.
_AS_TEXT = {TAG + "str", TAG + "timestamp"}


class Builder:
    """Turns nodes into dicts, lists and scalars, reporting problems instead of raising.

    ``aliases``: whether the text has anchors at all; only then can a node appear twice (an
    alias), and only then are containers remembered to build each one once.
    ``every_duplicate``: report every duplicate key, even past the cap (an answers file pairs
    its entries with their nodes by them).
    ``portable``: plain scalars YAML 1.1 and 1.2 read differently are built as ``Ambiguous``.
    """

    def __init__(
        self,
        out: IssueSink,
        refused: set[tuple[int, int]],
        aliases: bool,
        size: int,
        every_duplicate: bool = False,
        portable: bool = False,
    ) -> None:
        self.out = out
        self.portable = portable
        self.refused = refused
        self.every_duplicate = every_duplicate
        self.seen: set[int] | None = set() if aliases else None
        # Each container takes at least one character of its own, so visiting more containers
        # than the text has characters means an alias slipped past the anchor check: from then
        # on each one is built once, and the work stays linear whatever the text holds.
        self.budget = size + 1
        self.key: str | None = None  # the key whose value is being built, for hints

    def issue(self, node: yaml.Node, code: Code, message: str, hint: str | None = None) -> None:
        line, column = mark(node)
        if self.out.wants(line, column):
            self.out.add(SourceIssue(line, column, code, message, Severity.ERROR, hint))
        else:
            self.out.skip(Severity.ERROR)

    def build(self, node: yaml.Node, depth: int) -> Any:
        kind = node.__class__
        if kind is _SCALAR_NODE:
            return self.scalar(node)  # type: ignore[arg-type]
        if self.seen is None:
            self.budget -= 1
            if self.budget < 0:
                self.seen = set()
        if self.seen is not None:
            if id(node) in self.seen:
                return None  # an alias: reported by the anchor scan
            self.seen.add(id(node))
        if depth >= MAX_DEPTH:
            self.issue(node, Code.TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if kind is _SEQUENCE_NODE:
            if node.tag != _SEQ:
                self.unsupported(node)
            build, deeper = self.build, depth + 1
            return [build(child, deeper) for child in node.value]
        if node.tag != _MAP:
            self.unsupported(node)
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, depth)

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        build, deeper = self.build, depth + 1
        for key_node, value_node in node.value:
            if key_node.__class__ is not _SCALAR_NODE:
                self.issue(key_node, Code.BAD_KEY, "a key must be a plain value, not a list or map")
                continue
            if (
                key_node.tag == STR
                and key_node.style != '"'
                and key_node.value[:1] not in NUMBER_START
            ):
                key = key_node.value  # the usual key: plain text, never a number to YAML 1.2
            elif key_node.tag == _MERGE:
                self.issue(key_node, Code.ALIAS, "merge keys (<<) are not allowed")
                continue
            else:
                key = self.scalar(key_node)
            if key in result:
                self.duplicate(key_node)
                continue
            self.key = key if isinstance(key, str) else None
            result[key] = build(value_node, deeper)
        return result

    def duplicate(self, key_node: yaml.ScalarNode) -> None:
        line, column = mark(key_node)
        if not (self.every_duplicate or self.out.wants(line, column)):
            self.out.skip(Severity.ERROR)
            return
        message = f"key {_quote_node(key_node)} appears twice in the same mapping"
        hint = "remove or rename one of them"
        self.out.add(SourceIssue(line, column, Code.DUPLICATE_KEY, message, Severity.ERROR, hint))

    def folded(self, node: yaml.ScalarNode) -> None:
        """A warning for a Markdown table in an unquoted value: YAML folded its rows."""
        from aitrainer_cli.banks.plain_text import block_scalar_hint, folded_table

        line, column = mark(node)
        if not folded_table(node.value):
            return
        if not self.out.wants(line, column):
            self.out.skip(Severity.WARNING)
            return
        message = "this unquoted text holds a Markdown table, and YAML folds its rows into one line"
        hint = block_scalar_hint(self.key or "key", or_quotes=False)
        self.out.add(SourceIssue(line, column, Code.FOLDED_TABLE, message, Severity.WARNING, hint))

    def unsupported(self, node: yaml.Node) -> None:
        self.issue(node, Code.UNSUPPORTED_TAG, f"the tag {shorten(node.tag)!r} is not supported")

    def plain(self, node: yaml.ScalarNode) -> str | Ambiguous:
        """An unquoted string: text, unless a YAML 1.2 reader would take it for something else."""
        text: str = node.value
        if "|" in text:
            self.folded(node)
        if self.portable and text[:1] in NUMBER_START and core_reading(text) is not text:
            return Ambiguous(text)  # 1e3, 0o17, 09: text to YAML 1.1 only
        return text

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == STR:
            if node.style:
                return node.value if node.style != '"' else self.text(node)
            return self.plain(node)
        if tag in _AS_TEXT:
            return self.text(node)
        convert = CONVERT.get(tag)
        if convert is None:
            self.unsupported(node)
            return node.value
        if tag in _NUMBERS:
            value = self.number(node)
            if self.portable and not node.style and not isinstance(value, str):
                return value if agrees(node.value, value) else Ambiguous(node.value)
            return value
        if self.portable and tag == _BOOL and not node.style and node.value not in CORE_BOOLS:
            return Ambiguous(node.value)  # yes, no, on, off: true/false to YAML 1.1 only
        try:
            return convert(node)
        except (ValueError, yaml.YAMLError):
            return node.value

    def text(self, node: yaml.ScalarNode) -> str:
        value: str = node.value
        # Raw control and invisible characters were replaced before parsing; only the escapes
        # of a double-quoted string can bring them back.
        if node.style != '"':
            return value
        if CONTROL.search(value):
            self.issue(
                node,
                Code.CONTROL_CHARACTER,
                "an escaped control character is not allowed: it would reach the learner's "
                "terminal",
                hint="remove the escape sequence",
            )
            value = CONTROL.sub("\ufffd", value)
        for found in hidden_characters(value):
            if found.warning:
                continue  # written as an escape on purpose: the author can see it
            self.issue(
                node,
                found.code,
                f"an escaped {describe(found.char)} is not allowed: it hides or reorders text",
                hint="remove the escape sequence",
            )
            break
        return refuse(value)

    def number(self, node: yaml.ScalarNode) -> Any:
        """A number within ±MAX_NUMBER; anything else is reported here, where it is written,
        and kept as its text (never converted when its text is long: ``int()`` of a long text
        is slow, and Python refuses to print an int of more than 4,300 digits)."""
        text: str = node.value
        if len(text) < 16 and text.isdigit() and text.isascii() and (text[0] != "0" or text == "0"):
            return int(text)  # the usual case, without YAML 1.1's bases, signs and underscores
        value: Any = None
        if len(text) <= MAX_NUMBER_TEXT:
            try:
                value = CONVERT[node.tag](node)
            except (ValueError, OverflowError, yaml.YAMLError):
                return text
        if isinstance(value, float) and math.isnan(value):
            self.refuse(node, Code.NOT_A_NUMBER, "not a number (NaN) is not allowed here")
            return text
        if value is None:
            words = f"is too long ({len(text):,} characters)"
        elif isinstance(value, float) and math.isinf(value):
            words = "is infinite: numbers in a bank lie between -10^15 and 10^15"
        elif not -MAX_NUMBER <= value <= MAX_NUMBER:
            words = "is too large: numbers in a bank lie between -10^15 and 10^15"
        else:
            return value
        self.refuse(node, Code.NUMBER_TOO_LARGE, f"the number {shorten(text, 24)} {words}")
        return text

    def refuse(self, node: yaml.ScalarNode, code: Code, message: str) -> None:
        self.refused.add(mark(node))
        self.issue(node, code, message, hint="write a number in range, or quote it as text")


def _quote_node(node: yaml.ScalarNode) -> str:
    return repr(shorten(str(node.value)))
