"""Hostile bank files: cost linear in the input, findings capped, numbers bounded at the YAML
edge, nothing from a bank or a file name reaching a terminal as a live control sequence.

Time is checked by ratio, never against a clock: each input is built at size N and 4N and the
least CPU time of three runs of each is compared. Linear work gives a ratio near 4, quadratic
near 16; the tests allow up to 10, so a loaded machine does not make them fail and a quadratic
step does.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitrainer_cli.banks import reports
from aitrainer_cli.banks.catalog import Catalog, _add, _check_blueprints
from aitrainer_cli.banks.loader import LoadedFile, load_bytes
from support import Run

HEADER = b"format: 1\nbank: {id: hostile, title: Hostile input}\nquestions:\n"
LINEAR_ENOUGH = 10.0
"""The largest time ratio accepted between inputs of size 4N and N (linear 4, quadratic 16)."""


def question(**fields: str) -> bytes:
    """One valid true/false question in block style; ``fields`` replace or add raw YAML values."""
    values = {
        "id": "q",
        "type": "true_false",
        "topic": "t",
        "difficulty": "easy",
        "prompt": "Is it?",
        "answer": "true",
        "explanation": "Because the passage says so in as many words as needed here.",
        **fields,
    }
    lines = [
        f"  - {name}: {value}" if i == 0 else f"    {name}: {value}"
        for i, (name, value) in enumerate(values.items())
    ]
    return ("\n".join(lines) + "\n").encode()


def load(raw: bytes, name: str = "hostile.yaml") -> LoadedFile:
    return load_bytes(raw, LoadedFile(name))


def catalog_of(*files: LoadedFile) -> Catalog:
    catalog = Catalog()
    for loaded in files:
        _add(catalog, loaded)
    return catalog


RENDER: dict[str, Callable[[Catalog], str]] = {
    "text": reports.render_text,
    "json": reports.render_json,
    "github": reports.render_github,
    "junit": reports.render_junit,
}


def all_reports(catalog: Catalog) -> dict[str, str]:
    return {name: render(catalog) for name, render in RENDER.items()}


def best_seconds(action: Callable[[], object], repeats: int = 3) -> float:
    """The least CPU time of ``repeats`` runs (CPU time: other processes do not count)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def growth(make: Callable[[int], bytes], n: int, report: str = "text") -> float:
    """How much longer validating and reporting ``make(4 * n)`` takes than ``make(n)``."""

    render = RENDER[report]

    def run(raw: bytes) -> Callable[[], object]:
        return lambda: render(catalog_of(load(raw)))

    small, large = make(n), make(4 * n)
    return best_seconds(run(large)) / best_seconds(run(small))


# -- 1. cost linear in the input, findings capped ----------------------------------------------

GROWING_INPUTS: dict[str, tuple[Callable[[int], bytes], int, str]] = {
    "nul-flood": (lambda n: b"\x00" * n, 160_000, "text"),
    "control-per-line": (lambda n: b"a: \x07\n" * n, 5_000, "text"),
    "anchors-junit": (
        lambda n: HEADER + b"".join(b"  - &a%d {}\n" % i for i in range(n)),
        500,
        "junit",
    ),
    "empty-questions": (lambda n: HEADER + b"- {}\n" * n, 3_000, "text"),
    "unknown-keys-in-one-question": (
        lambda n: HEADER + question() + b"".join(b"    k%d: 0\n" % i for i in range(n)),
        2_000,
        "text",
    ),
    "dimensions-with-bad-keys": (
        lambda n: (
            HEADER
            + question(type="rating")
            + b"    dimensions:\n"
            + b"".join(b"      '%d!': x\n" % i for i in range(n))
        ),
        2_000,
        "text",
    ),
    "bidi-flood": (lambda n: "x: \u202e\n".encode() * n, 5_000, "text"),
}


@pytest.mark.parametrize("name", GROWING_INPUTS)
def test_validation_time_grows_linearly_with_the_input(name: str) -> None:
    make, n, report = GROWING_INPUTS[name]
    assert growth(make, n, report) < LINEAR_ENOUGH


def _peak_bytes(raw: bytes) -> int:
    tracemalloc.start()
    try:
        reports.render_text(catalog_of(load(raw)))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_findings_do_not_hold_memory_in_proportion_to_their_number() -> None:
    raw = b"\x00" * 200_000  # 200,000 findings before the cap
    assert _peak_bytes(raw) < 40 * len(raw)


def test_memory_grows_linearly_with_the_number_of_questions() -> None:
    small, large = HEADER + b"- {}\n" * 5_000, HEADER + b"- {}\n" * 20_000
    assert _peak_bytes(large) < 6 * _peak_bytes(small)


def test_findings_per_file_are_capped_with_one_finding_for_the_rest() -> None:
    raw = HEADER + b"".join(b"  - &a%d {}\n" % i for i in range(10_000))  # 20,000 findings
    findings = load(raw).findings
    assert len(findings) == 101
    assert findings[-1].code == "too-many-findings"
    assert "19,900 more" in findings[-1].message


def test_the_findings_kept_are_the_first_in_the_file() -> None:
    # control characters are found before parsing, the anchors after: both must be in order
    lines = [b"  - &a%d {}\n" % i for i in range(300)]
    lines[250] = b"  - {x: \x07}\n"
    kept = load(HEADER + b"".join(lines)).findings[:-1]
    assert [(f.line, f.column) for f in kept] == sorted((f.line, f.column) for f in kept)
    assert kept[-1].line < 250


def test_the_summary_counts_every_finding_including_those_not_shown() -> None:
    raw = HEADER + b"".join(b"  - &a%d {}\n" % i for i in range(1_000))
    summary = reports.summarize(catalog_of(load(raw)))
    assert summary.errors == 2_000


def test_cross_file_findings_respect_the_cap() -> None:
    one = load(HEADER + question(id="dup"), "one.yaml")
    flood = b"\x00" * 500 + b"\n" + HEADER.replace(b"hostile", b"other") + question(id="dup")
    catalog = catalog_of(one, load(flood, "two.yaml"))
    assert len(catalog.files[1].findings) == 101
    assert reports.summarize(catalog).errors == 501


def test_messages_beyond_the_cap_are_counted_not_worded(monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    calls = 0
    original = difflib.get_close_matches

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    raw = HEADER + b"".join(question(id=f"q{i}", type="true_fals") for i in range(2_000))
    findings = load(raw).findings
    assert findings[-1].code == "too-many-findings"
    assert calls <= 150


# -- 2. numbers bounded at the YAML edge ---------------------------------------------------------

HUGE_HEX = "0x" + "f" * 4_000


def codes_at(loaded: LoadedFile) -> set[tuple[int, int, str]]:
    return {(f.line, f.column, f.code) for f in loaded.findings}


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"type": HUGE_HEX}, (5, 11)),
        ({"id": "1" + "0" * 20}, (4, 9)),
        ({"answer": "-" + "9" * 16}, (9, 13)),
        ({"answer": "9" * 5_000}, (9, 13)),
        ({"points": "1.0e+400"}, (11, 13)),
        ({"points": "-.inf"}, (11, 13)),
        ({"points": "2.0e+15"}, (11, 13)),
        ({"tags": f"[a, {HUGE_HEX}]"}, (11, 15)),
    ],
    ids=[
        "type-hex",
        "id-21-digits",
        "answer-16-digits",
        "answer-5000-digits",
        "float-1e400",
        "float-minus-inf",
        "float-2e15",
        "tag-hex",
    ],
)
def test_a_number_too_large_is_a_located_finding(
    fields: dict[str, str], where: tuple[int, int]
) -> None:
    loaded = load(HEADER + question(**fields))
    assert (*where, "number-too-large") in codes_at(loaded)


def test_nan_is_a_located_finding() -> None:
    loaded = load(HEADER + question(points=".nan"))
    assert (11, 13, "not-a-number") in codes_at(loaded)


def test_the_schema_does_not_report_a_refused_number_a_second_time() -> None:
    loaded = load(HEADER + question(type=HUGE_HEX))
    assert [(f.line, f.column) for f in loaded.findings].count((5, 11)) == 1


def test_numbers_within_the_bounds_still_load() -> None:
    loaded = load(HEADER + question(points="99.5", tags="[a, b]"))
    assert loaded.findings == []


def rating(answer: str, labels: str = "{0: Poor, 4: Good}") -> bytes:
    return HEADER + question(
        type="rating",
        context="{responses: {A: An answer.}}",
        scale=f"{{min: 0, max: 4, labels: {labels}}}",
        dimensions="{correctness: Is it right?}",
        answer=f"{{correctness: {answer}}}",
    )


def preference(panel: str) -> bytes:
    return HEADER + question(
        type="preference", context="{responses: {A: One., B: Two.}}", answer="null", panel=panel
    )


@pytest.mark.parametrize(
    "raw",
    [
        rating(HUGE_HEX),
        rating("3", labels=f"{{{HUGE_HEX}: Huge}}"),
        rating(f"[0, {HUGE_HEX}]"),
        preference(f"[0, {HUGE_HEX}]"),
        preference(f'[0, "{"9" * 4_000}"]'),
        rating('"' + "9" * 4_000 + '"'),
    ],
    ids=[
        "rating-key",
        "rating-label",
        "rating-band",
        "preference-panel",
        "preference-panel-text",
        "rating-key-text",
    ],
)
def test_huge_numbers_anywhere_give_short_findings_and_reports_render(raw: bytes) -> None:
    loaded = load(raw)
    assert loaded.findings
    assert max(len(f.message) for f in loaded.findings) <= 500
    for text in all_reports(catalog_of(loaded)).values():
        assert len(text) < 20_000


# -- 3. escape sequences and invisible text ------------------------------------------------------

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
CLEAR = "\x1b[2J"
LIVE = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))] + [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u2028", "\u2029", "\ufeff", "\u2060",
]  # fmt: skip
"""Characters no report may contain: C0 (but the line feed), DEL, C1, bidi and invisible ones."""


def live_characters(text: str) -> set[str]:
    return {char for char in LIVE if char in text}


@pytest.mark.parametrize("report", ["text", "github", "json", "junit"])
def test_a_hostile_file_name_is_printed_inert(
    cli: Callable[..., Run], tmp_path: Path, report: str
) -> None:
    bad = tmp_path / f"{OSC52}{CLEAR}\u202ebank\x9b.yaml"
    bad.write_bytes(HEADER + question(id="Bad_Id"))
    result = cli("bank", "validate", "--format", report, str(bad))
    assert result.code == 1
    assert live_characters(result.out + result.err) == set()
    assert "\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\u202ebank\\x9b.yaml" in result.out.replace(
        "\\\\", "\\"
    )


def test_json_and_junit_stay_valid_with_hostile_names_and_values(tmp_path: Path) -> None:
    raw = HEADER + question(id=f'"\\e]52;c;x\\a{CLEAR}\\u202e"', prompt='"\\x9b2J\\u0000"')
    catalog = catalog_of(load(raw, f"{OSC52}\x00\udcff.yaml"))
    rendered = all_reports(catalog)
    json.loads(rendered["json"])
    ElementTree.fromstring(rendered["junit"].split("\n", 1)[1])
    for text in rendered.values():
        assert live_characters(text) == set()


def test_a_missing_path_with_escapes_is_reported_inert(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    result = cli("bank", "validate", str(tmp_path / f"{OSC52}.yaml"))
    assert result.code == 2
    assert live_characters(result.err) == set()


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\u202e", "bidi-control"),
        ("\u202a", "bidi-control"),
        ("\u2066", "bidi-control"),
        ("\u2069", "bidi-control"),
        ("\u200b", "invisible-character"),
        ("\u2060", "invisible-character"),
        ("\ufeff", "invisible-character"),
        ("\u2028", "invisible-character"),
        ("\u2029", "invisible-character"),
        ("\U000e0041", "invisible-character"),
    ],
)
def test_bidi_and_invisible_characters_are_errors_at_their_position(char: str, code: str) -> None:
    loaded = load(HEADER + question(prompt=f"Is it{char} true?"))
    found = [f for f in loaded.findings if f.code == code]
    assert [(f.line, f.column) for f in found] == [(8, 18)]
    assert found[0].severity == "error"


@pytest.mark.parametrize("char", ["\u200d", "\u200c", "\u200e", "\u200f"])
def test_joiners_and_direction_marks_are_only_warnings(char: str) -> None:
    loaded = load(HEADER + question(prompt=f"Is it{char} true?"))
    assert [(f.line, f.column, f.code, f.severity) for f in loaded.findings] == [
        (8, 18, "invisible-character", "warning")
    ]


def test_an_emoji_flag_made_of_tag_characters_is_text() -> None:
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    loaded = load(HEADER + question(prompt=f"Flag {flag}?"))
    assert loaded.findings == []
    assert loaded.questions[0][1].prompt == f"Flag {flag}?"


def test_a_refused_character_is_replaced_in_the_value_it_was_found_in() -> None:
    loaded = load(HEADER + question(prompt="Is \u202eit?", explanation='"x \\u200b y z a b c d e"'))
    (_, kept), *_ = loaded.questions
    assert (kept.prompt, kept.explanation) == ("Is \ufffdit?", "x \ufffd y z a b c d e")


def test_invisible_characters_are_found_in_comments_keys_and_escapes_too() -> None:
    raw = HEADER + question() + '    # note \u202e\n    x\u200b: "\\u202e"\n'.encode()
    codes = codes_at(load(raw))
    assert {(11, 12, "bidi-control"), (12, 6, "invisible-character"), (12, 9, "bidi-control")} <= (
        codes
    )


def test_an_escaped_bidi_character_is_found_in_a_quoted_value() -> None:
    codes = codes_at(load(HEADER + question(prompt='"Is \\u202e it?"')))
    assert (8, 13, "bidi-control") in codes


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_raw_control_characters_stay_errors(char: str) -> None:
    loaded = load(HEADER + question(prompt=f"Is{char} it?"))
    assert [(f.line, f.column, f.code, f.severity) for f in loaded.findings] == [
        (8, 15, "control-character", "error")
    ]


def test_an_escaped_control_character_stays_an_error_and_leaves_the_value() -> None:
    loaded = load(HEADER + question(prompt='"Is \\e[2J it?"'))
    assert (8, 13, "control-character") in codes_at(loaded)
    assert all("\x1b" not in q.prompt for _, q in loaded.questions)


def test_line_numbers_count_lone_carriage_returns_like_the_parser() -> None:
    raw = HEADER.replace(b"\n", b"\r") + question(prompt="a\x07b").replace(b"\n", b"\r")
    assert (8, 14, "control-character") in codes_at(load(raw))


# -- 4. plain words for odd paths and shapes ---------------------------------------------------


def test_dev_null_is_not_a_regular_file(cli: Callable[..., Run]) -> None:
    result = cli("bank", "validate", "/dev/null")
    assert result.code == 2
    assert "/dev/null: not a regular file (a character device)" in result.err


def test_a_named_pipe_is_refused_without_reading_it(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    import os

    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    result = cli("bank", "validate", str(pipe))
    assert "not a regular file (a named pipe)" in result.err


def test_a_broken_symbolic_link_says_so(cli: Callable[..., Run], tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    result = cli("bank", "validate", str(link))
    assert "a symbolic link to a missing file" in result.err


@pytest.mark.parametrize(
    ("item", "kind"),
    [(b"- [a, b]\n", "a list"), (b"- just text\n", "text"), (b"- 3\n", "a number")],
)
def test_a_question_that_is_not_a_mapping_is_said_plainly(item: bytes, kind: str) -> None:
    messages = [f.message for f in load(HEADER + item).findings]
    assert messages == [f"question 1 should be a mapping (key: value lines), not {kind}"]


PYDANTIC_WORDS = (
    "model_attributes", "dict_type", "list_type", "model_type", "instance of", "Input should",
    "input should", "object to extract fields", "[type=", "pydantic", "union_tag", "_type",
    "_parsing", "dictionary", "(one of: )",
)  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    [
        HEADER + b"- [a]\n",
        HEADER + b"- {}\n",
        HEADER + question(context="[a, b]"),
        HEADER + question(context="{responses: [A, B]}"),
        HEADER + question(context="{conversation: {a: b}}"),
        HEADER + question(context="{conversation: [a]}"),
        HEADER + question(tags="{a: b}"),
        HEADER + question(prompt="[a]"),
        HEADER + question(prompt="{a: b}"),
        HEADER + question(answer="[true]"),
        HEADER + question(points="[1]"),
        HEADER + question(type="rating", scale="[0, 4]"),
        HEADER + question(type="rating", scale="{min: a, max: 4}"),
        HEADER + question(type="ranking", answer="{a: b}"),
        HEADER + question(type="preference", panel="{a: 1}"),
        b"format: 1\nbank: [a]\nquestions: {a: b}\n",
        b"format: [1]\nbank: {id: x, title: [t]}\nquestions: []\n",
        b"format: 1\nexam: [a]\n",
        b"format: 1\nexam: {id: e, title: t, sections: [a, {title: t, count: a}]}\n",
    ],
)
def test_no_pydantic_words_leak_into_messages(raw: bytes) -> None:
    loaded = load(raw)
    assert loaded.findings
    for finding in loaded.findings:
        text = f"{finding.message} {finding.hint or ''}"
        assert [word for word in PYDANTIC_WORDS if word in text] == [], text


def test_a_missing_question_type_lists_the_types() -> None:
    (finding,) = load(HEADER + b"- {id: q}\n").findings
    assert "single_choice" in finding.message


# -- 5. blueprints that draw many questions --------------------------------------------------


def test_large_overlapping_sections_are_filled_without_recursing() -> None:
    from aitrainer_cli.banks.catalog import fill_sections

    pool = [f"q{i}" for i in range(2_000)]
    chosen = fill_sections([pool, pool], [500, 500])
    assert chosen is not None
    assert len(set(chosen[0]) | set(chosen[1])) == 1_000


def test_a_blueprint_of_large_overlapping_sections_validates() -> None:
    bank = HEADER + b"".join(question(id=f"q{i}") for i in range(1_200))
    exam = (
        b"format: 1\nexam:\n  id: big\n  title: Big\n  sections:\n"
        b"    - {title: One, count: 500}\n    - {title: Two, count: 500}\n"
    )
    catalog = catalog_of(load(bank, "bank.yaml"), load(exam, "exam.yaml"))
    _check_blueprints(catalog)
    assert catalog.findings == []


def _nested(n: int) -> tuple[list[list[str]], list[int]]:
    """Sections whose first choices starve the next one: each of the second section's questions
    comes by a path through all three (the third moves to its own, the first to the third's)."""
    a, b, c = ([f"{name}{i}" for i in range(n)] for name in "abc")
    return [b + a, b, a[::-1] + c], [n, n, n]


def test_filling_sections_grows_linearly_with_their_size() -> None:
    from aitrainer_cli.banks.catalog import fill_sections

    small, large = _nested(500), _nested(2_000)
    assert fill_sections(*large) is not None
    ratio = best_seconds(lambda: fill_sections(*large)) / best_seconds(
        lambda: fill_sections(*small)
    )
    assert ratio < LINEAR_ENOUGH


def _reference_fill(candidates: list[list[str]], counts: list[int]) -> bool:
    """Whether the sections can be filled, by plain augmenting paths (small inputs only)."""
    owner: dict[str, tuple[int, int]] = {}

    def assign(slot: tuple[int, int], visited: set[str]) -> bool:
        for question in candidates[slot[0]]:
            if question not in visited:
                visited.add(question)
                if question not in owner or assign(owner[question], visited):
                    owner[question] = slot
                    return True
        return False

    return all(assign((s, k), set()) for s, count in enumerate(counts) for k in range(count))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, 12), max_size=10, unique=True), st.integers(1, 4)),
        min_size=1,
        max_size=4,
    )
)
def test_sections_are_filled_exactly_when_they_can_be(
    sections: list[tuple[list[int], int]],
) -> None:
    from aitrainer_cli.banks.catalog import fill_sections

    candidates = [[f"q{i}" for i in pool] for pool, _ in sections]
    counts = [count for _, count in sections]
    chosen = fill_sections(candidates, counts)
    assert (chosen is not None) == _reference_fill(candidates, counts)
    if chosen is not None:
        picked = [q for section in chosen for q in section]
        assert len(picked) == len(set(picked)) == sum(counts)
        assert all(set(c) <= set(pool) for c, pool in zip(chosen, candidates, strict=True))


def test_sections_that_do_not_overlap_take_their_first_candidates() -> None:
    from aitrainer_cli.banks.catalog import fill_sections

    candidates = [["a3", "a1", "a2"], ["b2", "b1", "b3"]]
    assert fill_sections(candidates, [2, 1]) == [["a3", "a1"], ["b2"]]


def test_a_path_the_system_refuses_is_a_usage_error(cli: Callable[..., Run]) -> None:
    result = cli("bank", "validate", "a" * 5_000)
    assert result.code == 2
    assert "File name too long" in result.err


def test_an_anchor_right_after_a_json_colon_is_found() -> None:
    raw = HEADER + b'  - {"id":&x q, "type": true_false, "topic": *x}\n'
    assert {"anchor", "alias"} <= {f.code for f in load(raw).findings}


def test_a_json_style_alias_bomb_is_built_once_per_node() -> None:
    levels = ['"a0":&a0 ["lol","lol"]']
    levels += [f'"a{i}":&a{i} [*a{i - 1},*a{i - 1}]' for i in range(1, 40)]
    raw = ("{" + ", ".join(levels) + "}\n").encode()
    assert best_seconds(lambda: load(raw), repeats=1) < 5  # 2**40 nodes if expanded


def test_an_alias_the_anchor_check_misses_still_cannot_blow_up() -> None:
    import yaml

    from aitrainer_cli.banks.yaml_builder import Builder
    from aitrainer_cli.banks.yaml_source import Source

    levels = ["a0: &a0 [lol, lol]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    text = "\n".join(levels) + "\n"
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    builder = Builder(Source(), set(), aliases=False, size=len(text))  # as if none were seen
    assert best_seconds(lambda: builder.build(root, 0), repeats=1) < 5  # 2**30 if expanded


def test_items_past_the_cap_are_counted_once_each() -> None:
    raw = HEADER + b"- 0\n" * 150 + b"- 99999999999999999999\n" + b"- [a]\n" * 10 + b"- {}\n"
    summary = reports.summarize(catalog_of(load(raw)))
    assert summary.errors == 150 + 1 + 10 + 1
