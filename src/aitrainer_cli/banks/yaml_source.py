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

The parts: ``yaml_builder`` builds the values, ``yaml_portable`` judges the plain scalars YAML
1.1 and 1.2 read differently, ``yaml_issues`` holds the issue type, ``yaml_nodes`` finds the node
at a path for a later finding.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import describe, hidden_characters, refuse, shorten
from aitrainer_cli.banks.problems import Capped, Severity
from aitrainer_cli.banks.yaml_builder import CONTROL, Builder
from aitrainer_cli.banks.yaml_issues import IssueSink, SourceIssue

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
_BREAK = re.compile("\r\n|\r|\n")
_ANCHOR_CANDIDATE = re.compile(r"(?:^|[\s\[{,:])&[^\s\[\]{},]", re.MULTILINE)
"""Where an anchor can start: a line start, a space, a flow indicator, or a JSON-style colon."""
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


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
    builder = Builder(
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
    if CONTROL.search(text):
        lines = Lines(text)
        _report_controls(text, lines, out)
        text = CONTROL.sub(" ", text)
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
    matches = CONTROL.finditer(text)
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
