"""Read an answers file (YAML or JSON): each question id and answer with the lines they are on."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.yaml_source import MAX_FILE_BYTES, parse_source
from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line

HINT = "see docs/answers-file.md for the format of an answers file"


@dataclass(frozen=True, slots=True)
class FileAnswer:
    """One entry of an answers file: the id as written, its answer, and where each is."""

    question_id: str
    value: object
    id_line: int
    value_line: int


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def display_name(path: Path) -> str:
    """How messages name the answers file: ``<stdin>`` for ``-``, else the path made inert."""
    return "<stdin>" if str(path) == "-" else inert_line(str(path))


def _read_limited(path: Path) -> bytes:
    """At most the size limit plus one byte of a regular file (or of stdin for ``-``): a device
    such as /dev/zero, a FIFO or a huge file is never read whole."""
    if str(path) == "-":
        return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    name = display_name(path)
    not_regular = UsageError(
        f"{name}: not a regular file (a device or FIFO); give a YAML or JSON file, or - to "
        "read standard input",
        hint=HINT,
    )
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UsageError(f"{name}: cannot read the answers file: it is a directory", hint=HINT)
        if not stat.S_ISREG(mode):  # checked before opening: a FIFO would block open()
            raise not_regular
        with path.open("rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped meanwhile
                raise not_regular
            return stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file", hint=HINT) from None
    except OSError as error:
        raise UsageError(
            f"{name}: cannot read the answers file: {error.strerror or error}", hint=HINT
        ) from None


def read_answers_file(path: Path) -> tuple[list[FileAnswer], list[tuple[int, str]]]:
    """The file's entries in order, and its problems as (line, message); raises if unreadable."""
    raw = _read_limited(path)
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(
            f"{display_name(path)}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the "
            "most an answers file may hold",
            hint=HINT,
        )
    source = parse_source(raw)  # JSON is YAML too, so one parser gives lines for both
    problems = [(issue.line, issue.message) for issue in source.issues]
    root, data = source.root, source.data
    if root is None:
        return [], problems
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        problems.append(
            (
                _line(root),
                "the file must map question ids to answers, one per "
                "line, e.g. 'rl-dpo-needs-data: false'",
            )
        )
        return [], problems
    repeated = {
        (issue.line, issue.column) for issue in source.issues if issue.code == Code.DUPLICATE_KEY
    }
    # parse_source built ``data`` from these nodes, skipping keys that are not plain scalars and
    # repeated keys (both reported); skipping the same ones pairs each node with its value.
    kept = [
        (key, value)
        for key, value in root.value
        if isinstance(key, yaml.ScalarNode)
        and key.tag != "tag:yaml.org,2002:merge"
        and (_line(key), key.start_mark.column + 1) not in repeated
    ]
    entries = [
        # The id as written: '123' stays text rather than becoming the int 123.
        FileAnswer(str(key.value), value, _line(key), _line(value_node))
        for (key, value_node), value in zip(kept, data.values(), strict=False)
    ]
    return entries, problems
