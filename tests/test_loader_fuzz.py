"""No input, however malformed, makes the loader raise: mutate valid banks and check; build
hostile files from scratch (``hostile.py``) and check the full invariant on each.

About 1,300 examples in all, within about a minute; ``scripts/fuzz.py`` runs the same generators
for tens of thousands more outside pytest.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import hostile
from aitrainer_cli.banks.catalog import Catalog, _add, _check_blueprints
from aitrainer_cli.banks.loader import LoadedFile, load_bytes
from support import DATA

VALID_TEXT = (DATA / "valid" / "all-types.yaml").read_bytes()
VALID_DATA = yaml.safe_load(VALID_TEXT)
EXAM_TEXT = (DATA / "valid" / "exam.yaml").read_bytes()

_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(raw: bytes) -> None:
    loaded = load_bytes(raw, LoadedFile("fuzz.yaml"))
    for finding in loaded.findings:
        assert finding.line >= 1
        assert finding.column >= 1
        assert finding.code
        assert finding.message
    catalog = Catalog()
    _add(catalog, loaded)
    _add(catalog, load_bytes(EXAM_TEXT, LoadedFile("exam.yaml")))
    _check_blueprints(catalog)


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from([VALID_TEXT, EXAM_TEXT])))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        chunk = draw(
            st.binary(min_size=1, max_size=6)
            | st.sampled_from(
                [
                    b":",
                    b"- ",
                    b"[",
                    b"{",
                    b"&a ",
                    b"*a",
                    b"\t",
                    b"\x07",
                    b"\n  ",
                    b"yes",
                    b"'",
                    b'"',
                ]
            )
        )
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + len(chunk)]
        elif action == "replace":
            data[position : position + len(chunk)] = chunk
        else:
            lines = bytes(data).split(b"\n")
            index = position % len(lines)
            lines.insert(index, lines[index])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@_settings
@given(byte_mutations())
def test_mutated_bytes_never_raise(raw: bytes) -> None:
    _check(raw)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-10, 10)
    | st.text(max_size=12)
    | st.floats(allow_nan=False, allow_infinity=False)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@_settings
@given(st.data())
def test_mutated_structures_never_raise(data: st.DataObject) -> None:
    tree = yaml.safe_load(VALID_TEXT)
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(tree)[1:]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = tree
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            parent[path[-1]] = data.draw(values)
        elif isinstance(parent, dict):
            del parent[path[-1]]
    _check(yaml.safe_dump(tree, allow_unicode=True).encode())


# -- hostile files: every family of tests/hostile.py, hostile names, any text -----------------

_alphabet = st.sampled_from([chr(c) for c in hostile.CODE_POINTS]) | st.characters(
    codec="utf-8", exclude_categories=["Cs"]
)


class HypothesisDraw:
    """``hostile.Draw`` over hypothesis, so a failing input shrinks to a small one."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def binary(self, max_size: int) -> bytes:
        return self.data.draw(st.binary(max_size=max_size))

    def text(self, max_size: int) -> str:
        return self.data.draw(st.text(_alphabet, max_size=max_size))


_hostile_settings = settings(
    max_examples=700,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_hostile_settings
@given(st.data())
def test_hostile_files_keep_the_invariant(data: st.DataObject) -> None:
    draw = HypothesisDraw(data)
    family, generate = hostile.choice(draw, hostile.FAMILIES)
    raw = generate(draw)
    note(f"family {family}, {len(raw):,} bytes")
    hostile.check(hostile.name(draw), raw)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(), max_size=30), st.text(_alphabet, min_size=1, max_size=30))
def test_any_file_name_and_any_text_render_inert(name: str, text: str) -> None:
    raw = hostile.HEADER + hostile.QUESTION % 1 + b"    prompt2: " + json.dumps(text).encode()
    hostile.check(name, raw + b"\n" + text.encode("utf-8", "surrogatepass"))
