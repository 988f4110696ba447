"""Safe YAML parsing that keeps source positions: one compose gives the data and the nodes.

PyYAML's composer (libyaml's when present) builds a node tree with marks; we construct plain
Python values from it ourselves so that every problem (duplicate keys, aliases, control
characters, unsupported tags, excessive nesting) is reported with its line and column, and the
node tree is kept to locate later validation errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from aitrainer_cli.banks.problems import Severity

try:
    _LOADER: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LOADER = yaml.SafeLoader

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANCHOR_CANDIDATE = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]", re.MULTILINE)
_TAG = "tag:yaml.org,2002:"
_SCALARS = yaml.constructor.SafeConstructor()
_CONVERT = {
    _TAG + "int": _SCALARS.construct_yaml_int,
    _TAG + "float": _SCALARS.construct_yaml_float,
    _TAG + "bool": _SCALARS.construct_yaml_bool,
    _TAG + "null": _SCALARS.construct_yaml_null,
}
# Timestamps stay text: a date in prose is prose, and a later type check still catches misuse.
_AS_TEXT = {_TAG + "str", _TAG + "timestamp"}


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """A problem found while reading the YAML itself (1-based line and column)."""

    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None


@dataclass(slots=True)
class Source:
    """The constructed data, the node tree it came from, and what went wrong reading it."""

    data: Any = None
    root: yaml.Node | None = None
    issues: list[SourceIssue] = field(default_factory=list)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_source(raw: bytes) -> Source:
    """Parse YAML bytes safely; never raises for bad input, reports every problem it can."""
    source = Source()
    if len(raw) > MAX_FILE_BYTES:
        source.issues.append(
            SourceIssue(
                1,
                1,
                "file-too-large",
                f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                hint="split the bank into several files",
            )
        )
        return source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        source.issues.append(
            SourceIssue(
                line, column, "encoding", "the file is not valid UTF-8", hint="save it as UTF-8"
            )
        )
        return source
    text = _blank_control_characters(text, source.issues)
    if "&" in text and _ANCHOR_CANDIDATE.search(text):
        _report_anchors(text, source.issues)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark: Any = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = error.problem or "invalid YAML"
        if "nesting" in problem:
            source.issues.append(SourceIssue(line, column, "too-deep", problem))
        else:
            context = f" ({error.context})" if error.context else ""
            source.issues.append(SourceIssue(line, column, "yaml-syntax", problem + context))
        return source
    except yaml.YAMLError as error:  # ReaderError and friends carry only an offset
        position = getattr(error, "position", 0)
        line, column = _line_col(text, position)
        source.issues.append(SourceIssue(line, column, "yaml-syntax", str(error).splitlines()[0]))
        return source
    except RecursionError:
        source.issues.append(SourceIssue(1, 1, "too-deep", "the document is nested too deeply"))
        return source
    if root is None:
        source.issues.append(SourceIssue(1, 1, "empty-file", "the file holds no YAML document"))
        return source
    source.root = root
    source.data = _Builder(source.issues).build(root, 0)
    return source


def _blank_control_characters(text: str, issues: list[SourceIssue]) -> str:
    """Report raw control characters and replace them by spaces so parsing can go on."""
    if not _CONTROL.search(text):
        return text
    for match in _CONTROL.finditer(text):
        line, column = _line_col(text, match.start())
        issues.append(
            SourceIssue(
                line,
                column,
                "control-character",
                f"control character U+{ord(match.group()):04X} is not allowed: it would reach the "
                "learner's terminal",
                hint="delete it",
            )
        )
    return _CONTROL.sub(" ", text)


def _report_anchors(text: str, issues: list[SourceIssue]) -> None:
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            mark: Any = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if isinstance(event, yaml.AliasEvent):
                issues.append(
                    SourceIssue(
                        line,
                        column,
                        "alias",
                        f"alias *{anchor} is not allowed",
                        hint="write the value out in full",
                    )
                )
            else:
                issues.append(
                    SourceIssue(
                        line,
                        column,
                        "anchor",
                        f"anchor &{anchor} is not allowed",
                        hint="remove it; each question stands alone",
                    )
                )
    except yaml.YAMLError:
        return  # the compose step reports the syntax error with its position


class _Builder:
    """Turns nodes into dicts, lists and scalars, reporting problems instead of raising."""

    def __init__(self, issues: list[SourceIssue]) -> None:
        self.issues = issues
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.seen:
            return None  # an alias: reported by the anchor scan
        self.seen.add(id(node))
        if depth >= MAX_DEPTH:
            self.issues.append(
                SourceIssue(*_mark(node), "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            )
            return None
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, "seq")
            return [self.build(child, depth + 1) for child in node.value]
        self.check_tag(node, "map")
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, depth)

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.issues.append(
                    SourceIssue(
                        *_mark(key_node),
                        "bad-key",
                        "a key must be a plain value, not a list or map",
                    )
                )
                continue
            if key_node.tag == _TAG + "merge":
                self.issues.append(
                    SourceIssue(*_mark(key_node), "alias", "merge keys (<<) are not allowed")
                )
                continue
            key = self.scalar(key_node)
            if key in result:
                self.issues.append(
                    SourceIssue(
                        *_mark(key_node),
                        "duplicate-key",
                        f"key {key_node.value!r} appears twice in the same mapping",
                        hint="remove or rename one of them",
                    )
                )
                continue
            result[key] = self.build(value_node, depth + 1)
        return result

    def check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != _TAG + kind:
            self.issues.append(
                SourceIssue(
                    *_mark(node), "unsupported-tag", f"the tag {node.tag!r} is not supported"
                )
            )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag in _AS_TEXT:
            value: str = node.value
            # Raw control characters were blanked before parsing; only escapes can add them.
            if node.style == '"' and _CONTROL.search(value):
                self.issues.append(
                    SourceIssue(
                        *_mark(node),
                        "control-character",
                        "an escaped control character is not allowed: it would reach the "
                        "learner's terminal",
                        hint="remove the escape sequence",
                    )
                )
            return value
        convert = _CONVERT.get(tag)
        if convert is None:
            self.issues.append(
                SourceIssue(*_mark(node), "unsupported-tag", f"the tag {tag!r} is not supported")
            )
            return node.value
        try:
            return convert(node)
        except (ValueError, yaml.YAMLError):
            return node.value


def node_at(root: yaml.Node, loc: tuple[Any, ...]) -> tuple[yaml.Node, yaml.Node | None, int]:
    """The deepest node along ``loc``, the key node naming it (if any), and how much matched.

    Elements that match nothing (pydantic's union tags such as ``single_choice``) are skipped.
    """
    node, key_node, matched = root, None, 0
    for element in loc:
        if isinstance(node, yaml.MappingNode):
            wanted = str(element).lower()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and str(k.value).lower() == wanted:
                    node, key_node, matched = v, k, matched + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(element, int)
            and 0 <= element < len(node.value)
        ):
            node, key_node, matched = node.value[element], None, matched + 1
    return node, key_node, matched
