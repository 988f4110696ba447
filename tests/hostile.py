"""Hostile bank files, and the invariants the validator keeps on every one of them.

One set of generators drives two runners: the hypothesis suite (``test_loader_fuzz.py``, through
``HypothesisDraw`` so failures shrink) and ``scripts/fuzz.py`` (through ``RandomDraw``, tens of
thousands of inputs outside pytest). A generator takes a ``Draw`` and returns a file name (shown
in reports, so it is hostile too) and the file's bytes.

The invariant (``check``): loading never raises; every finding has a line and column inside the
file, a code and a message in plain words; a file shows at most ``MAX_FINDINGS`` findings plus
one counting the rest; the report renders in all four formats with no live control, bidi or
invisible character, the JSON parses and the JUnit XML parses.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from xml.etree import ElementTree

import yaml

from aitrainer_cli.banks import reports
from aitrainer_cli.banks.catalog import Catalog, _add, _check_blueprints
from aitrainer_cli.banks.loader import LoadedFile, load_bytes
from aitrainer_cli.banks.problems import MAX_FINDINGS, Severity
from aitrainer_cli.banks.yaml_source import MAX_FILE_BYTES

T = TypeVar("T")

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
BANK = (DATA / "valid" / "all-types.yaml").read_bytes()
EXAM = (DATA / "valid" / "exam.yaml").read_bytes()
SHIPPED = sorted((REPO / "question_banks").glob("*.yaml"))


class Draw(Protocol):
    """The choices a generator makes; hypothesis and ``random`` both provide them."""

    def integer(self, low: int, high: int) -> int: ...

    def binary(self, max_size: int) -> bytes: ...

    def text(self, max_size: int) -> str: ...


def choice(draw: Draw, options: Sequence[T]) -> T:
    return options[draw.integer(0, len(options) - 1)]


def boolean(draw: Draw) -> bool:
    return draw.integer(0, 1) == 1


def sized(draw: Draw, low: int, high: int) -> int:
    """A size from ``low`` to ``high``, small sizes as likely as large ones (log-uniform)."""
    bits = draw.integer(max(low, 1).bit_length() - 1, high.bit_length() - 1)
    return max(low, min(high, draw.integer(1 << bits, (2 << bits) - 1)))


class RandomDraw:
    """Draws from a seeded ``random.Random`` (for ``scripts/fuzz.py``)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def binary(self, max_size: int) -> bytes:
        return self.random.randbytes(self.random.randint(0, max_size))

    def text(self, max_size: int) -> str:
        size = self.random.randint(0, max_size)
        return "".join(chr(self.random.choice(CODE_POINTS)) for _ in range(size))


CODE_POINTS = [
    *range(0x20, 0x7F),
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0xAD,
    *range(0x200B, 0x2010),
    *range(0x2028, 0x202F),
    *range(0x2060, 0x2070),
    0xFEFF,
    0xFFFD,
    0x1F3F4,
    0xE0001,
    0xE0041,
    0xE007F,
    0x1F600,
    0x0915,
    0x094D,
    0x05D0,
    0x0627,
    0x00E9,
]
"""Code points ``RandomDraw.text`` mixes: ASCII, controls, every invisible kind, some scripts."""


# -- payloads ------------------------------------------------------------------------------------

HUGE_HEX = "0x" + "f" * 4_000
ESCAPES = [
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the clipboard
    "\x1b[2J",  # clear the screen
    "\x1b]0;title\x07",  # set the window title
    "\x9b31m",  # C1 CSI
    "\x1bP+q\x1b\\",  # DCS
    "\x07",
    "\x00",
    "\x7f",
    "\r",
    "\x85",
]
INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u2060", "\ufeff", "\u2028",
             "\u2029", "\u200d", "\u200c", "\u200e", "\u200f", "\xad", "\U000e0041"]  # fmt: skip
NUMBERS = [
    "1" + "0" * 15,
    "1" + "0" * 16,
    "-" + "9" * 20,
    "9" * 5_000,
    HUGE_HEX,
    "0o" + "7" * 30,
    "0b" + "1" * 200,
    "1:" * 30 + "1",
    "1_000_000_000_000_000_000",
    ".nan",
    ".NaN",
    ".inf",
    "-.Inf",
    "1.0e+400",
    "-1.0e+400",
    "2.0e+15",
    "1e400",
    "0.5",
    "-0",
]
SCALARS = [
    *NUMBERS,
    "2024-01-01",
    "2001-12-14t21:59:43.10-05:00",
    "~",
    "null",
    "yes",
    "no",
    "''",
    '""',
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!custom x",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "*undefined",
    '"\\e[2J\\x9b\\u202e\\0\\L\\P\\N"',
    "'it''s'",
    "|\n  block\n  text",
]
CHUNKS = [
    b":",
    b"- ",
    b"[",
    b"{",
    b"&a ",
    b"*a",
    b"<<: ",
    b"\t",
    b"\n  ",
    b"\r",
    b"\r\n",
    b"yes",
    b"'",
    b'"',
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"!!python/object/apply:os.system ",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\x00",
    *(s.encode() for s in ESCAPES),
    *(s.encode() for s in INVISIBLE),
    *(f" {n}".encode() for n in NUMBERS[:8]),
]
NAMES = [
    "bank.yaml",
    f"{ESCAPES[0]}{ESCAPES[1]}bank.yaml",
    "\u202eevil\u202c.yaml",
    "new\nline.yaml",
    "tab\there.yaml",
    "a,b:c::d%0A.yaml",
    "\udcff\udc80.yaml",
    "\x00\x9b.yaml",
    "[/]markup[bold].yaml",
    "<junit>&amp;'\".yaml",
]


def payload(draw: Draw) -> str:
    """One hostile scalar, or random text full of controls and invisible characters."""
    if draw.integer(0, 3) == 0:
        return draw.text(12)
    return choice(draw, SCALARS + ESCAPES + INVISIBLE)


# -- generators ----------------------------------------------------------------------------------


def mutated_bytes(draw: Draw) -> bytes:
    """A valid bank or exam with bytes inserted, deleted, replaced or lines duplicated."""
    data = bytearray(choice(draw, [BANK, EXAM]))
    for _ in range(draw.integer(1, 8)):
        position = draw.integer(0, len(data))
        action = draw.integer(0, 4)
        chunk = (draw.binary(6) or b"x") if boolean(draw) else choice(draw, CHUNKS)
        if action == 0:
            data[position:position] = chunk
        elif action == 1:
            del data[position : position + len(chunk)]
        elif action == 2:
            data[position : position + len(chunk)] = chunk
        elif action == 3:
            data[position:position] = payload(draw).encode("utf-8", "surrogatepass")
        else:
            lines = bytes(data).split(b"\n")
            index = position % len(lines)
            lines.insert(index, lines[index])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


ODD_VALUES: list[Any] = [
    10**16,
    -(10**20),
    int(HUGE_HEX, 16) % 10**30,
    float("nan"),
    float("inf"),
    -float("inf"),
    1e300,
    2,
    -1,
    0.5,
    True,
    None,
]


def _value(draw: Draw, depth: int = 0) -> Any:
    kind = draw.integer(0, 9 if depth < 3 else 6)
    if kind <= 2:
        return choice(draw, ODD_VALUES)
    if kind <= 4:
        return payload(draw)
    if kind <= 6:
        return draw.text(20)
    if kind <= 8:
        return [_value(draw, depth + 1) for _ in range(draw.integer(0, 3))]
    return {draw.text(6): _value(draw, depth + 1) for _ in range(draw.integer(0, 3))}


def mutated_structure(draw: Draw) -> bytes:
    """A valid bank with values replaced by hostile ones (huge, NaN, escapes …) or deleted."""
    tree = yaml.safe_load(choice(draw, [BANK, EXAM]))
    for _ in range(draw.integer(1, 4)):
        paths = _paths(tree)[1:]
        if not paths:
            break
        path = choice(draw, paths)
        parent = tree
        for key in path[:-1]:
            parent = parent[key]
        if boolean(draw) or not isinstance(parent, dict):
            parent[path[-1]] = _value(draw)
        else:
            del parent[path[-1]]
    return yaml.safe_dump(tree, allow_unicode=boolean(draw)).encode("utf-8", "surrogatepass")


HEADER = b"format: 1\nbank: {id: hostile, title: Hostile input}\nquestions:\n"
QUESTION = (
    b"  - id: q%d\n    type: true_false\n    topic: t\n    difficulty: easy\n"
    b"    prompt: Is it?\n    answer: true\n"
    b"    explanation: Because the passage says so in as many words as needed.\n"
)


def _alias_bomb(draw: Draw) -> bytes:
    levels, width = draw.integer(2, 12), draw.integer(2, 12)
    lines = [b"a0: &a0 [lol]"]
    for level in range(1, levels):
        refs = b", ".join(b"*a%d" % (level - 1) for _ in range(width))
        lines.append(b"a%d: &a%d [%s]" % (level, level, refs))
    last = b"  - {id: q, type: true_false, answer: *a%d}\n" % (levels - 1)
    return b"\n".join(lines) + b"\n" + HEADER + last


def _tags(draw: Draw) -> bytes:
    tag = choice(draw, [s for s in SCALARS if s.startswith("!")])
    return HEADER + QUESTION % 1 + f"    answer2: {tag}\n    {tag}: x\n".encode()


def _merge_keys(draw: Draw) -> bytes:
    return HEADER + choice(draw, [
        b"  - &base {id: b, type: true_false}\n  - <<: *base\n    id: c\n",
        b"  - <<: {id: m, type: true_false}\n    topic: t\n",
        b"  - <<: [*x, *y]\n",
    ])  # fmt: skip


def _huge_file(draw: Draw) -> bytes:
    size = sized(draw, 1_000, HUGE_BYTES)
    if draw.integer(0, 20) == 0:
        size = MAX_FILE_BYTES + draw.integer(1, 10)
    unit = choice(draw, [b"- {}\n", b"\x00", b"a: \x07\n", b"  - &a x\n", b"0,", QUESTION % 7,
                         "\u202e".encode(), b"k: v\n", b"[", b" "])  # fmt: skip
    head = HEADER if boolean(draw) else b""
    return head + unit * (size // len(unit))


def _huge_string(draw: Draw) -> bytes:
    size = sized(draw, 1_000, HUGE_BYTES // 4)
    body = choice(draw, [b"x", b"\\e", "\u202e".encode(), b"\\u202e", b" "]) * size
    where = choice(draw, [b'    prompt: "%s"\n', b'    "%s": x\n', b'    tags: ["%s"]\n'])
    return HEADER + QUESTION % 1 + where % body


def _deep(draw: Draw) -> bytes:
    depth = sized(draw, 10, 3_000)
    if boolean(draw):
        return HEADER + b"  - " + b"[" * depth + b"]" * depth + b"\n"
    return HEADER + b"".join(b"  " * (i + 1) + b"- a:\n" for i in range(min(depth, 400)))


def _encoding(draw: Draw) -> bytes:
    text = choice(draw, [BANK, EXAM]).decode()
    kind = draw.integer(0, 6)
    if kind == 0:
        return text.encode("utf-16")  # with a BOM
    if kind == 1:
        return text.encode("utf-32")
    if kind == 2:
        return b"\xef\xbb\xbf" + text.encode()
    if kind == 3:
        return text.replace("\n", "\r\n").encode()
    if kind == 4:
        return text.replace("\n", "\r").encode()
    if kind == 5:
        return text.encode("latin-1", "replace") + b"caf\xe9\n"
    return text.encode()[:-10] + b"\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80"


def _numbers(draw: Draw) -> bytes:
    number = choice(draw, NUMBERS)
    template = choice(draw, [
        b"    type: %s\n", b"    answer: %s\n", b"    points: %s\n", b"    %s: key\n",
        b"    tags: [%s]\n", b"    credit: [%s]\n", b"    id: %s\n",
    ])  # fmt: skip
    if draw.integer(0, 2) == 0:
        rating = (
            b"  - {id: r, type: rating, topic: t, difficulty: easy, prompt: p,"
            b" explanation: e e e e e e e e, context: {responses: {A: a}},"
            b" scale: {min: 0, max: 4, labels: {%s: x}}, dimensions: {d: x},"
            b" answer: {d: %s}}\n"
        )
        return HEADER + rating % (number.encode(), number.encode())
    return HEADER + QUESTION % 1 + template % number.encode()


def _documents(draw: Draw) -> bytes:
    return choice(draw, [
        BANK + b"---\n" + BANK,
        b"--- " + HEADER + b"...\n--- x\n",
        b"%YAML 1.2\n---\n" + BANK,
        b"%TAG !e! tag:example.com,2000:\n---\n" + BANK,
        b"", b"\n\n", b"# only a comment\n", b"\xef\xbb\xbf", b"---\n", b"...\n", b"~\n",
        b"- a\n- b\n", b"just text\n", b"[1, 2]\n",
    ])  # fmt: skip


def _invisible_text(draw: Draw) -> bytes:
    text = "".join(draw.text(4) + payload(draw) for _ in range(draw.integer(1, 6)))
    where = choice(draw, ["    prompt: {}\n", "    # {}\n", "    {}: x\n", '    prompt: "{}"\n'])
    line = where.format(text.replace("\n", " ").replace('"', "'"))
    return HEADER + QUESTION % 1 + line.encode("utf-8", "surrogatepass")


def _many_findings(draw: Draw) -> bytes:
    count = sized(draw, 50, 3_000)
    line = choice(draw, [b"  - &a%d {}\n", b"  - {id: q%d, type: true_fals}\n",
                         b"  - {id: Bad_%d}\n", b"  - {x: \x07, y: %d}\n"])  # fmt: skip
    return HEADER + b"".join(line % i if b"%d" in line else line for i in range(count))


def _shipped(draw: Draw) -> bytes:
    raw = choice(draw, SHIPPED).read_bytes()
    position = draw.integer(0, len(raw))
    return raw[:position] + choice(draw, CHUNKS) + raw[position:]


def hostile_document(draw: Draw) -> bytes:
    """A file built from scratch to hurt: one of the families above, chosen by ``draw``."""
    return choice(draw, FAMILIES[2:])[1](draw)


HUGE_BYTES = 256 * 1024
"""The largest generated input (the hypothesis suite keeps it small; the script raises it)."""

FAMILIES: list[tuple[str, Callable[[Draw], bytes]]] = [
    ("mutated-bytes", mutated_bytes),
    ("mutated-structure", mutated_structure),
    ("alias-bomb", _alias_bomb),
    ("tags", _tags),
    ("merge-keys", _merge_keys),
    ("huge-file", _huge_file),
    ("huge-string", _huge_string),
    ("deep-nesting", _deep),
    ("encodings", _encoding),
    ("numbers", _numbers),
    ("documents", _documents),
    ("invisible-text", _invisible_text),
    ("many-findings", _many_findings),
    ("shipped-bank-mutated", _shipped),
]


def name(draw: Draw) -> str:
    return choice(draw, NAMES)


# -- the invariant -------------------------------------------------------------------------------

LIVE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029\u2060"
    "\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)
"""What no report may contain: controls (but the line feed), DEL, C1, bidi controls, zero-width
and invisible characters, separators, lone surrogates, tag characters."""

PYDANTIC_WORDS = re.compile(
    r"model_attributes|dict_type|list_type|model_type|_parsing|instance of|[Ii]nput should|"
    r"object to extract|\[type=|pydantic|union_tag|\(one of: \)|For further information"
)
_CODE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


@dataclass(frozen=True, slots=True)
class Checked:
    """What ``check`` saw: enough for the fuzz script's summary."""

    findings: int
    errors: int


def check(file_name: str, raw: bytes) -> Checked:
    """Load ``raw`` as ``file_name``, then assert the invariant (see the module docstring)."""
    loaded = load_bytes(raw, LoadedFile(file_name))
    findings = loaded.findings
    assert len(findings) <= MAX_FINDINGS + 1, len(findings)
    last_line = raw.count(b"\n") + raw.count(b"\r") + 2  # CR LF counts twice: a loose bound
    for finding in findings:
        assert 1 <= finding.line <= last_line, finding
        assert finding.column >= 1, finding
        assert _CODE.match(finding.code), finding
        assert finding.message, finding
        words = f"{finding.message} {finding.hint or ''}"
        assert not PYDANTIC_WORDS.search(words), finding
    catalog = Catalog()
    _add(catalog, loaded)
    _add(catalog, load_bytes(EXAM, LoadedFile("exam.yaml")))
    _check_blueprints(catalog)
    _check_reports(catalog)
    return Checked(len(findings), loaded.count(Severity.ERROR))


def _check_reports(catalog: Catalog) -> None:
    rendered = {
        "text": reports.render_text(catalog),
        "json": reports.render_json(catalog),
        "github": reports.render_github(catalog),
        "junit": reports.render_junit(catalog, strict=True),
    }
    for form, text in rendered.items():
        live = LIVE.search(text)
        assert live is None, (form, text[max(0, live.start() - 40) : live.end() + 40])
    payload = json.loads(rendered["json"])
    summary = reports.summarize(catalog)
    assert payload["summary"]["errors"] == summary.errors
    ElementTree.fromstring(rendered["junit"].split("\n", 1)[1])
    github = rendered["github"].splitlines()
    assert all(line.startswith("::") for line in github[:-1]), github[:3]
