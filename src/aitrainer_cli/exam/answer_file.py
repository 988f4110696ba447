"""Read an answers file (YAML or JSON): each question id and answer with the lines they are on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from aitrainer_cli.banks.yaml_source import parse_source
from aitrainer_cli.errors import UsageError

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


def read_answers_file(path: Path) -> tuple[list[FileAnswer], list[tuple[int, str]]]:
    """The file's entries in order, and its problems as (line, message); raises if unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file", hint=HINT) from None
    except OSError as error:
        raise UsageError(
            f"{path}: cannot read the answers file: {error.strerror or error}", hint=HINT
        ) from None
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
        (issue.line, issue.column) for issue in source.issues if issue.code == "duplicate-key"
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
