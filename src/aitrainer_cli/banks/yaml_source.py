"""Safe YAML parsing that keeps source positions: one compose gives the data and the nodes.

PyYAML's composer (libyaml's when present) builds a node tree with marks; we construct plain
Python values from it ourselves so that every problem (duplicate keys, aliases, control and
invisible characters, unsupported tags, numbers out of bounds, excessive nesting) is reported
with its line and column, and the node tree is kept to locate later validation errors.

Banks are read so that they mean the same to every YAML tool: a plain scalar that YAML 1.1
(PyYAML, and so this loader) and YAML 1.2 (editors' language servers, most other tools) read as
different values, like ``no`` (false, or the word) or ``010`` (8, or 10), is built as an
``Ambiguous`` value, which no field of the format takes.

Every step is linear in the input: positions of characters found by scanning the text come from
one index of line starts (a binary search each), and a capped sink lets a scan stop wording
problems once a file has more than it will show.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import describe, hidden_characters, refuse, shorten
from aitrainer_cli.banks.problems import Capped, Severity

try:
    _BASE: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BASE = yaml.SafeLoader

_MEMO_LIMIT, _MEMO_TEXT = 4_096, 40
_resolved: dict[str, str] = {}


class _Loader(_BASE):  # type: ignore[misc]
    """The safe loader with a memo of how plain scalars resolve ('true' to bool, '3' to int …).

    PyYAML resolves every plain scalar with a list of regular expressions, in Python; a bank
    repeats the same short keys and values (``id``, ``type``, ``easy``) thousands of times, and
    so does a hostile file, so remembering the answer for short texts halves the compose time.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= _MEMO_TEXT:
            tag = _resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_resolved) < _MEMO_LIMIT:
                    _resolved[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_LOADER: type[Any] = _Loader

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_NUMBER = 10**15
"""The largest magnitude of a number in a bank. Every integer up to it is exact as a float (up to
2**53 is), prints in at most 16 digits, and is far beyond any scale point, count or credit."""
MAX_NUMBER_TEXT = 64
"""Characters of a number's text beyond which it is refused without being converted at all."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAK = re.compile("\r\n|\r|\n")
_ANCHOR_CANDIDATE = re.compile(r"(?:^|[\s\[{,:])&[^\s\[\]{},]", re.MULTILINE)
"""Where an anchor can start: a line start, a space, a flow indicator, or a JSON-style colon."""
_TAG = "tag:yaml.org,2002:"
_SCALARS = yaml.constructor.SafeConstructor()
_CONVERT = {
    _TAG + "int": _SCALARS.construct_yaml_int,
    _TAG + "float": _SCALARS.construct_yaml_float,
    _TAG + "bool": _SCALARS.construct_yaml_bool,
    _TAG + "null": _SCALARS.construct_yaml_null,
}
_NUMBERS = {_TAG + "int", _TAG + "float"}
_STR, _SEQ, _MAP, _MERGE = (_TAG + name for name in ("str", "seq", "map", "merge"))
_BOOL = _TAG + "bool"
_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode
# Timestamps stay text: a date in prose is prose, and a later type check still catches misuse.
_AS_TEXT = {_TAG + "str", _TAG + "timestamp"}
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


_CORE_NULLS = frozenset({"~", "null", "Null", "NULL", ""})
_CORE_BOOLS = {
    text: text[0] in "tT" for text in ("true", "True", "TRUE", "false", "False", "FALSE")
}
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_NUMBER_START = frozenset("0123456789+-.")
"""The first characters of every number of YAML 1.2's core schema."""
LONG_NUMBER = object()
"""YAML 1.2's reading of a number too long to convert (its value is never needed)."""


def core_reading(text: str) -> object:
    """What YAML 1.2's core schema reads in a plain scalar: None, a bool, an int, a float, or the
    text itself (``LONG_NUMBER`` for a number of more than ``MAX_NUMBER_TEXT`` characters)."""
    if text in _CORE_NULLS:
        return None
    truth = _CORE_BOOLS.get(text)
    if truth is not None:
        return truth
    if text[:1] not in _NUMBER_START:
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


def _agrees(text: str, value: object) -> bool:
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
    convert = _CONVERT.get(node.tag)
    if convert is not None and len(text) <= MAX_NUMBER_TEXT:
        try:
            old = convert(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            return None
    elif node.tag != _STR:
        return None
    return None if _agrees(text, old) else (old, core_reading(text))


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """A problem found while reading the YAML itself (1-based line and column)."""

    line: int
    column: int
    code: Code
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None


class IssueSink(Protocol):
    """Where issues go: ``wants`` says whether one at a position would be kept (so a producer
    can skip wording it), ``skip`` counts one that is not made."""

    def add(self, issue: SourceIssue) -> None: ...

    def wants(self, line: int, column: int) -> bool: ...

    def skip(self, severity: Severity, count: int = 1) -> None: ...


@dataclass(slots=True)
class Source:
    """The constructed data, the node tree it came from, and what went wrong reading it.

    ``refused`` holds the positions of values refused at the YAML edge (numbers out of bounds):
    a later schema check of the same value would only repeat the finding. Without a sink of
    its own, ``parse_source`` keeps the issues here, capped like a bank file's findings.
    """

    data: Any = None
    root: yaml.Node | None = None
    refused: set[tuple[int, int]] = field(default_factory=set)
    found: Capped[SourceIssue] = field(default_factory=Capped)
    repeated: list[SourceIssue] = field(default_factory=list)

    @property
    def issues(self) -> list[SourceIssue]:
        """Every duplicate key (an answers file pairs its entries with its nodes by them), the
        first ``MAX_FINDINGS`` other issues, then one issue counting the others."""
        kept = self.found.items()
        if self.repeated:
            kept = sorted(kept + self.repeated, key=lambda issue: (issue.line, issue.column))
        rest = self.found.rest()
        if rest is not None:
            kept.append(SourceIssue(rest[0], rest[1], Code.TOO_MANY_FINDINGS, rest[2], rest[3]))
        return kept

    def add(self, issue: SourceIssue) -> None:
        if issue.code == Code.DUPLICATE_KEY:
            self.repeated.append(issue)
        else:
            self.found.add(issue)

    def wants(self, line: int, column: int) -> bool:
        return self.found.wants(line, column)

    def skip(self, severity: Severity, count: int = 1) -> None:
        self.found.skip(severity, count)


class Lines:
    """Line and column of a character offset, counting breaks as the parser does (CR LF, CR or
    LF; NEL and the Unicode separators are replaced before parsing): one index, built once."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = array("q", [0])
        self._starts.extend(match.end() for match in _BREAK.finditer(text))

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_source(raw: bytes, sink: IssueSink | None = None, *, portable: bool = False) -> Source:
    """Parse YAML bytes safely; never raises for bad input, reports every problem it can.

    Issues go to ``sink`` when one is given (a file's capped findings), else to the source's.
    ``portable``: build each plain scalar that YAML 1.1 and 1.2 read differently as an
    ``Ambiguous`` value (banks and blueprints, which other tools read too).
    """
    source = Source()
    out: IssueSink = source if sink is None else sink
    if len(raw) > MAX_FILE_BYTES:
        out.add(
            SourceIssue(
                1,
                1,
                Code.FILE_TOO_LARGE,
                f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                hint="split the bank into several files",
            )
        )
        return source
    text = _decode(raw, out)
    if text is None:
        return source
    text = _clean(text, out)
    root = _compose(text, out)
    if root is None:
        return source
    source.root = root
    aliases = "&" in text and _ANCHOR_CANDIDATE.search(text) is not None
    builder = _Builder(
        out, source.refused, aliases, len(text), every_duplicate=sink is None, portable=portable
    )
    source.data = builder.build(root, 0)
    return source


def _decode(raw: bytes, out: IssueSink) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = next((name for bom, name in _BOMS.items() if raw.startswith(bom)), None)
        if encoding is not None:
            out.add(
                SourceIssue(
                    1,
                    1,
                    Code.ENCODING,
                    f"the file is {encoding} (it starts with a {encoding} byte-order mark), "
                    "not UTF-8",
                    hint="save it as UTF-8",
                )
            )
            return None
        before = raw[: error.start].decode("utf-8-sig")
        line, column = Lines(before).at(len(before))
        out.add(
            SourceIssue(
                line, column, Code.ENCODING, "the file is not valid UTF-8", hint="save it as UTF-8"
            )
        )
        return None


def _clean(text: str, out: IssueSink) -> str:
    """Report raw control and invisible characters, then replace them so parsing can go on:
    controls by spaces, refused invisible characters by U+FFFD (their column stays the same)."""
    lines: Lines | None = None
    if _CONTROL.search(text):
        lines = Lines(text)
        _report_controls(text, lines, out)
        text = _CONTROL.sub(" ", text)
    hidden = hidden_characters(text)
    first = next(hidden, None)
    if first is not None:
        lines = lines or Lines(text)
        for found in itertools.chain((first,), hidden):
            severity = Severity.WARNING if found.warning else Severity.ERROR
            line, column = lines.at(found.offset)
            if out.wants(line, column):
                out.add(_hidden_issue(line, column, found.char, found.code, severity))
            else:
                out.skip(severity)
        text = refuse(text)
    if "&" in text and _ANCHOR_CANDIDATE.search(text):
        _report_anchors(text, out)
    return text


def _report_controls(text: str, lines: Lines, out: IssueSink) -> None:
    matches = _CONTROL.finditer(text)
    for match in matches:
        line, column = lines.at(match.start())
        if not out.wants(line, column):
            # Later matches lie further on: count them, and skip working out where they are.
            out.skip(Severity.ERROR, 1 + sum(1 for _ in matches))
            return
        out.add(
            SourceIssue(
                line,
                column,
                Code.CONTROL_CHARACTER,
                f"control character U+{ord(match.group()):04X} is not allowed: it would reach the "
                "learner's terminal",
                hint="delete it",
            )
        )


def _hidden_issue(line: int, column: int, char: str, code: Code, severity: Severity) -> SourceIssue:
    if code == Code.BIDI_CONTROL:
        message = f"{describe(char)} is not allowed: it reorders how the text around it is shown"
    elif severity is Severity.ERROR:
        message = f"{describe(char)} is not allowed: it hides text from the reader"
    else:
        message = f"{describe(char)}: invisible; keep it only where the script or emoji needs it"
    return SourceIssue(line, column, code, message, severity, hint="delete it")


def _compose(text: str, out: IssueSink) -> yaml.Node | None:
    try:
        root: yaml.Node | None = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark: Any = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        issue = _syntax_issue(line, column, error.problem or "invalid YAML", error.context)
        if issue.code is Code.YAML_SYNTAX and mark is not None:
            from aitrainer_cli.banks.plain_text import syntax_hint

            issue = dataclasses.replace(issue, hint=syntax_hint(_line_at(text, mark.line)))
        out.add(issue)
        return None
    except yaml.YAMLError as error:  # ReaderError and friends carry only an offset
        line, column = Lines(text).at(getattr(error, "position", 0))
        out.add(SourceIssue(line, column, Code.YAML_SYNTAX, str(error).splitlines()[0]))
        return None
    except RecursionError:
        out.add(SourceIssue(1, 1, Code.TOO_DEEP, "the document is nested too deeply"))
        return None
    if root is None:
        out.add(SourceIssue(1, 1, Code.EMPTY_FILE, "the file holds no YAML document"))
    return root


def _line_at(text: str, index: int) -> str:
    """Line ``index`` (0-based) of ``text``, or "" past the end."""
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _syntax_issue(line: int, column: int, problem: str, context: str | None) -> SourceIssue:
    if "nesting" in problem:
        return SourceIssue(line, column, Code.TOO_DEEP, problem)
    if "another document" in problem:
        return SourceIssue(
            line,
            column,
            Code.MULTIPLE_DOCUMENTS,
            "the file holds more than one YAML document: a bank or an exam is one document",
            hint="remove the second '---' or split the file",
        )
    suffix = f" ({context})" if context else ""
    return SourceIssue(line, column, Code.YAML_SYNTAX, problem + suffix)


def _anchor_events(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """(line, column, anchor name, is an alias) for every anchor and alias, until an error."""
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            anchor = event.anchor if isinstance(event, yaml.NodeEvent) else None
            if anchor is not None:
                mark: Any = event.start_mark
                yield mark.line + 1, mark.column + 1, anchor, isinstance(event, yaml.AliasEvent)
    except yaml.YAMLError:
        return  # the compose step reports the syntax error with its position


def _report_anchors(text: str, out: IssueSink) -> None:
    for line, column, anchor, alias in _anchor_events(text):
        if not out.wants(line, column):
            out.skip(Severity.ERROR)
        elif alias:
            out.add(
                SourceIssue(
                    line,
                    column,
                    Code.ALIAS,
                    f"alias *{shorten(anchor)} is not allowed",
                    hint="write the value out in full",
                )
            )
        else:
            out.add(
                SourceIssue(
                    line,
                    column,
                    Code.ANCHOR,
                    f"anchor &{shorten(anchor)} is not allowed",
                    hint="remove it; each question stands alone",
                )
            )


class _Builder:
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
        line, column = _mark(node)
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
                key_node.tag == _STR
                and key_node.style != '"'
                and key_node.value[:1] not in _NUMBER_START
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
        line, column = _mark(key_node)
        if not (self.every_duplicate or self.out.wants(line, column)):
            self.out.skip(Severity.ERROR)
            return
        message = f"key {_quote_node(key_node)} appears twice in the same mapping"
        hint = "remove or rename one of them"
        self.out.add(SourceIssue(line, column, Code.DUPLICATE_KEY, message, Severity.ERROR, hint))

    def folded(self, node: yaml.ScalarNode) -> None:
        """A warning for a Markdown table in an unquoted value: YAML folded its rows."""
        from aitrainer_cli.banks.plain_text import block_scalar_hint, folded_table

        line, column = _mark(node)
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
        if self.portable and text[:1] in _NUMBER_START and core_reading(text) is not text:
            return Ambiguous(text)  # 1e3, 0o17, 09: text to YAML 1.1 only
        return text

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            if node.style:
                return node.value if node.style != '"' else self.text(node)
            return self.plain(node)
        if tag in _AS_TEXT:
            return self.text(node)
        convert = _CONVERT.get(tag)
        if convert is None:
            self.unsupported(node)
            return node.value
        if tag in _NUMBERS:
            value = self.number(node)
            if self.portable and not node.style and not isinstance(value, str):
                return value if _agrees(node.value, value) else Ambiguous(node.value)
            return value
        if self.portable and tag == _BOOL and not node.style and node.value not in _CORE_BOOLS:
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
        if _CONTROL.search(value):
            self.issue(
                node,
                Code.CONTROL_CHARACTER,
                "an escaped control character is not allowed: it would reach the learner's "
                "terminal",
                hint="remove the escape sequence",
            )
            value = _CONTROL.sub("\ufffd", value)
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
                value = _CONVERT[node.tag](node)
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
        self.refused.add(_mark(node))
        self.issue(node, code, message, hint="write a number in range, or quote it as text")


def _quote_node(node: yaml.ScalarNode) -> str:
    return repr(shorten(str(node.value)))


Step = tuple[yaml.Node, yaml.Node | None, int]
"""Where a walk along a path got to: the node, the key node naming it, how many steps matched."""


class Locator:
    """Finds the node at a path of keys and indexes, as ``node_at`` does, in time independent of
    the size of the mappings walked: a mapping of more than 64 keys is indexed the first time it
    is searched, so locating an error in each of its 100,000 keys stays linear (and a question's
    dozen keys are simply scanned)."""

    __slots__ = ("_index", "root")
    _SMALL = 64

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self._index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def at(self, loc: tuple[Any, ...], start: Step | None = None) -> Step:
        """The deepest node along ``loc``, the key node naming it (if any), and how much matched.

        Elements that match nothing (pydantic's union tags such as ``single_choice``) are skipped;
        ``[key]`` (pydantic's mark for a bad key of a dict) moves to the key that was matched.
        ``start`` continues from an earlier result (the path so far) instead of the root.
        """
        node, key_node, matched = start or (self.root, None, 0)
        for element in loc:
            if element == "[key]" and key_node is not None:
                node = key_node
            elif isinstance(node, yaml.MappingNode):
                found = self._entry(node, str(element))
                if found is not None:
                    key_node, node = found
                    matched += 1
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(element, int)
                and 0 <= element < len(node.value)
            ):
                node, key_node, matched = node.value[element], None, matched + 1
        return node, key_node, matched

    def _entry(self, node: yaml.MappingNode, wanted: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The first entry whose key is ``wanted``, else the first equal ignoring case (a key YAML
        read as true, null or a number is ``True``, ``None`` or ``3`` in pydantic's path)."""
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        if len(pairs) <= self._SMALL:
            for k, v in pairs:
                if k.value == wanted:
                    return k, v
            lowered = wanted.lower()
            for k, v in pairs:
                if isinstance(k, yaml.ScalarNode) and str(k.value).lower() == lowered:
                    return k, v
            return None
        index = self._index.get(id(node))
        if index is None:
            index = self._index[id(node)] = _key_index(pairs)
        return index.get(wanted) or index.get("\0" + wanted.lower())


def _key_index(pairs: list[tuple[yaml.Node, yaml.Node]]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Each key's first entry, by its text and (after a NUL) by its text in lower case."""
    scalars = [(k, v) for k, v in pairs if isinstance(k, yaml.ScalarNode)]
    index: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for k, v in scalars:
        index.setdefault(str(k.value), (k, v))
    for k, v in scalars:
        index.setdefault("\0" + str(k.value).lower(), (k, v))
    return index


def node_at(root: yaml.Node, loc: tuple[Any, ...]) -> Step:
    """The deepest node along ``loc`` (see ``Locator.at``); use a ``Locator`` for many lookups."""
    return Locator(root).at(loc)
