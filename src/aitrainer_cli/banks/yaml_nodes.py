"""Finding the YAML node at a path of keys and indexes, to locate a validation error."""

from __future__ import annotations

from typing import Any

import yaml

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
