"""A key written one level too deep: ``answer:`` indented under ``options:`` is read as an option,
and the question then lacks its ``answer``. Found so that both places can be pointed at."""

from __future__ import annotations

import yaml

from aitrainer_cli.banks.codes import Code
from aitrainer_cli.banks.inert import quote
from aitrainer_cli.banks.problems import Severity
from aitrainer_cli.banks.yaml_issues import SourceIssue

_MISPLACED_DEPTH = 3
"""How deep under the mapping that lacks a key to look for it (``options:`` → its entries)."""


def misplaced_key(parent: yaml.Node, name: str) -> SourceIssue | None:
    """Where a key that ``parent`` lacks was written one level too deep (``answer:`` indented
    under ``options:``), as an issue at that key; None when it is nowhere below."""
    if not isinstance(parent, yaml.MappingNode):
        return None
    level: list[tuple[yaml.ScalarNode, yaml.Node]] = [
        (k, v) for k, v in parent.value if isinstance(k, yaml.ScalarNode) and k.value != "<<"
    ]  # a merge key (<<) is reported as such: its keys are not misplaced, merely merged
    for _ in range(_MISPLACED_DEPTH):
        deeper: list[tuple[yaml.ScalarNode, yaml.Node]] = []
        for owner, node in level:
            if isinstance(node, yaml.SequenceNode):
                deeper += [(owner, child) for child in node.value]
            elif isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
                        return _misplaced_issue(key_node, name, owner)
                    deeper.append((owner, value_node))
        level = deeper
    return None


def _misplaced_issue(key_node: yaml.ScalarNode, name: str, owner: yaml.ScalarNode) -> SourceIssue:
    line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
    shown, inside = quote(name), quote(str(owner.value))
    owner_line = owner.start_mark.line + 1
    return SourceIssue(
        line,
        column,
        Code.MISPLACED_KEY,
        f"{shown} is indented under {inside}, so it is read as part of {inside}",
        Severity.ERROR,
        f"found {shown} inside {inside} at line {line}: indent it as far as {inside} "
        f"(line {owner_line}), not further",
    )
