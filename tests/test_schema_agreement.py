"""The committed JSON Schemas and ``bank validate`` give every file the same verdict.

Every fixture under ``tests/data``, every shipped bank and blueprint, and a table of small cases
(one per kind of value that the two once judged differently) go through the validator
(``load_bytes``, as ``bank validate`` runs it) and through a Draft 2020-12 validator of the
committed schema, in two readings of the same file:

``loader``
    the data the validator itself checks (``parse_source``): the schema is held to the models on
    exactly the same values;
``editor``
    the file as a YAML 1.2 tool reads it, with every mapping key as text, as JSON has it: what an
    editor's YAML language server checks against the schema.

The validator's findings are of three kinds. *Schema* findings (a wrong type, a bad value, an
unknown key ...) are the ones a JSON Schema can express: the schema must reject a file that has
one and accept a file that has none. *Semantic* findings need more than one value at a time (an
answer naming a missing option, a key off its item's scale, an id used twice) and *source*
findings are about how the YAML is written (anchors, duplicate keys, control characters): the
schema cannot see either, so a file with only those must pass the schema.

``DELIBERATE`` lists each case and reading where the verdicts differ on purpose, with the reason;
a listed difference that goes away fails, and so does one that is not listed. Every one of them
is the schema accepting what the validator refuses: an editor never flags a file that
``bank validate`` accepts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jsonschema
import pytest
import yaml

from aitrainer_cli.banks.loader import LoadedFile, load_bytes
from aitrainer_cli.banks.problems import Finding
from aitrainer_cli.banks.yaml_source import parse_source
from support import DATA, REPO

Kind = Literal["bank", "exam"]
Reading = Literal["loader", "editor"]
READINGS: tuple[Reading, ...] = ("loader", "editor")
SCHEMA_DIR = REPO / "question_banks" / "schema"

SEMANTIC = frozenset(
    {
        "unknown-option", "unknown-claim", "unknown-label", "unknown-dimension",
        "unknown-response", "unknown-source", "missing-key", "not-a-permutation", "all-tied",
        "critical-pair-contradicts-key", "off-scale", "bad-band", "bad-scale", "key-needed",
        "responses-needed", "duplicate-id", "duplicate-bank-id", "duplicate-exam-id",
        "duplicate-section", "duplicate-option", "bad-regex", "unknown-bank", "unknown-topic",
        "not-enough-questions", "short-explanation", "option-letter-reference",
        "strict-clock-untimed",
    }
)  # fmt: skip
"""Findings about several values at once (or about the whole catalog), or about the wording."""

SOURCE = frozenset(
    {
        "yaml-syntax", "multiple-documents", "encoding", "unreadable", "file-too-large", "alias",
        "anchor", "control-character", "bidi-control", "invisible-character", "unsupported-tag",
        "too-deep", "bad-key", "number-too-large", "not-a-number", "too-many-findings",
        "empty-file",
    }
)  # fmt: skip
"""Findings about how the YAML is written, made while reading it, before any schema applies.
``duplicate-key`` is one when the YAML reader reports it (a key twice in a mapping), and a schema
finding when an item's check does (an option twice in a list: ``uniqueItems``)."""

SCHEMA = frozenset(
    {
        "wrong-type", "bad-value", "bad-format", "missing-field", "unknown-key", "unknown-type",
        "empty-text", "too-long", "too-few", "too-many", "bad-duration", "not-a-bank",
        "duplicate-key",
    }
)  # fmt: skip
"""Findings a JSON Schema expresses: types, enumerations, ranges, patterns, lengths, required and
unknown keys, unique items."""


@dataclass(frozen=True)
class Case:
    name: str
    kind: Kind
    text: str
    base: Path | None = None
    """The directory of a file case: where its guideline, if any, is read from."""


# -- the readings ---------------------------------------------------------------------------------


class _Yaml12Loader(yaml.CSafeLoader):  # type: ignore[misc]
    """YAML 1.2's core schema, as editors' YAML language servers read a file: only true/false are
    booleans, numbers are decimal, 0o octal or 0x hex, there are no timestamps; keys are text."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class registry

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key, value in node.value:
            text = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            mapping[text] = self.construct_object(value, deep=True)
        return mapping


_CORE = {
    "bool": (r"true|True|TRUE|false|False|FALSE", "tTfF"),
    "int": (r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    "float": (
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    "null": (r"~|null|Null|NULL|", ["~", "n", "N", ""]),
}
for _tag, (_pattern, _first) in _CORE.items():
    _Yaml12Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first)
    )


def _core_int(loader: yaml.Loader, node: yaml.ScalarNode) -> int:
    text = node.value
    base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
    return int(text[2:] if base != 10 else text, base)


def _core_float(loader: yaml.Loader, node: yaml.ScalarNode) -> float:
    return float(node.value.lower().replace(".inf", "inf").replace(".nan", "nan"))


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _core_int)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _core_float)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:map", _Yaml12Loader.construct_mapping)


def reading(text: str, how: Reading) -> tuple[bool, Any]:
    """(whether the text is a YAML document to this reader, the data) in one reading."""
    source = parse_source(text.encode("utf-8"), portable=True)
    if source.root is None:
        return False, None
    if how == "loader":
        return True, source.data
    try:
        return True, yaml.load(text, Loader=_Yaml12Loader)
    except yaml.YAMLError:  # a control character, say: the validator reads past it, editors not
        return False, None


@cache
def _schema_validator(kind: Kind) -> jsonschema.Draft202012Validator:
    committed = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    return jsonschema.Draft202012Validator(committed)


# -- the verdicts ---------------------------------------------------------------------------------


def classify(finding: Finding, read_issues: set[tuple[int, int, str]]) -> str:
    if finding.code in SOURCE or (finding.line, finding.column, finding.code) in read_issues:
        return "source"
    if finding.code in SEMANTIC:
        return "semantic"
    assert finding.code in SCHEMA, f"classify the finding code {finding.code!r}"
    return "schema"


@dataclass(frozen=True)
class Verdicts:
    findings: tuple[Finding, ...]
    validator: bool
    """No schema finding: the file is valid as far as a schema could tell."""
    schema: dict[Reading, bool | None]
    """Per reading, whether the schema accepts the data (None: no YAML document to check)."""


def verdicts(case: Case) -> Verdicts:
    raw = case.text.encode("utf-8")
    loaded = load_bytes(raw, LoadedFile(f"{case.name}.yaml"), case.base)
    read_issues = {(i.line, i.column, i.code) for i in parse_source(raw, portable=True).issues}
    kinds = {classify(f, read_issues) for f in loaded.findings}
    schema: dict[Reading, bool | None] = {}
    for how in READINGS:
        document, data = reading(case.text, how)
        schema[how] = _schema_validator(case.kind).is_valid(data) if document else None
    return Verdicts(tuple(loaded.findings), "schema" not in kinds, schema)


# -- the cases ------------------------------------------------------------------------------------

_WHY = "Judge each entry against the evidence before choosing a verdict for it."
QUESTIONS: dict[str, dict[str, str]] = {
    "single_choice": {"options": "{a: First, b: Second}", "answer": "a"},
    "multiple_choice": {"options": "{a: First, b: Second, c: Third}", "answer": "[a, c]"},
    "true_false": {"answer": "true"},
    "ranking": {"context": "{responses: {A: one, B: two, C: three}}", "answer": "[A, [B, C]]"},
    "preference": {"context": "{responses: {A: one, B: two}}", "answer": "-1"},
    "rating": {
        "scale": "{min: 1, max: 5, labels: {1: Poor, 5: Excellent}}",
        "dimensions": "{helpfulness: Does it help?}",
        "answer": "{helpfulness: [3, 4]}",
    },
    "claim_check": {"claims": "{c1: The sky is blue.}", "answer": "{c1: supported}"},
    "free_text": {"model_answer": "Because.", "rubric": "[{point: why, any_of: [because]}]"},
}


def bank(item: str = "true_false", **fields: str | None) -> str:
    """A bank of one valid question of type ``item``; ``fields`` replace or add keys (YAML text,
    a value of None removes the key)."""
    question = {"id": "q-one", "type": item, "topic": "t", "difficulty": "easy"}
    question |= {"prompt": "Judge it.", **QUESTIONS[item], "explanation": _WHY}
    question |= fields
    lines = [f"    {key}: {value}" for key, value in question.items() if value is not None]
    return "format: 1\nbank: {id: b, title: B}\nquestions:\n  - " + "\n".join(lines)[4:] + "\n"


def exam(section: str = "{title: S, count: 2}", **fields: str) -> str:
    """A blueprint with one section; ``fields`` set keys of ``exam``."""
    body = {"id": "e", "title": "E", **fields, "sections": f"[{section}]"}
    lines = "".join(f"  {key}: {value}\n" for key, value in body.items())
    return f"format: 1\nexam:\n{lines}"


INLINE: list[Case] = [
    *(Case(f"valid-{item}", "bank", bank(item)) for item in QUESTIONS),
    Case("valid-exam", "exam", exam(time_limit="1h30m", pass_mark="75", shuffle="false")),
    # Quoted numbers and booleans, and booleans where numbers go (pydantic's lax mode read them).
    Case("quoted-true-answer", "bank", bank(answer='"true"')),
    Case("quoted-yes-answer", "bank", bank(answer='"yes"')),
    Case("number-answer-for-true-false", "bank", bank(answer="1")),
    Case("quoted-points", "bank", bank(points='"2"')),
    Case("true-points", "bank", bank(points="true")),
    Case("quoted-format", "bank", bank().replace("format: 1", 'format: "1"')),
    Case("true-format", "bank", bank().replace("format: 1", "format: true")),
    Case("quoted-count", "exam", exam("{title: S, count: '2'}")),
    Case("true-count", "exam", exam("{title: S, count: true}")),
    Case("quoted-yes-shuffle", "exam", exam(shuffle='"yes"')),
    Case("number-shuffle", "exam", exam(shuffle="0")),
    Case("quoted-pass-mark", "exam", exam(pass_mark='"80"')),
    Case("true-pass-mark", "exam", exam(pass_mark="true")),
    Case("quoted-preference-answer", "bank", bank("preference", answer='"-1"')),
    Case("true-preference-answer", "bank", bank("preference", answer="true")),
    Case("quoted-preference-scale", "bank", bank("preference", scale='"5"')),
    Case("quoted-panel", "bank", bank("preference", answer=None, panel="[-1, '0']")),
    Case("quoted-credit", "bank", bank("preference", credit="['1', 0.5]")),
    Case("true-credit", "bank", bank("preference", credit="[true]")),
    Case("quoted-scale-min", "bank", bank("rating", scale="{min: '1', max: 5}")),
    Case("quoted-rating-key", "bank", bank("rating", answer="{helpfulness: '4'}")),
    Case("quoted-rating-band", "bank", bank("rating", answer="{helpfulness: ['3', 4]}")),
    Case("true-rating-key", "bank", bank("rating", answer="{helpfulness: true}")),
    Case("quoted-tolerance", "bank", bank("rating", tolerance="'2'")),
    Case("quoted-min-words", "bank", bank("free_text", min_words="'20'")),
    Case("true-min-words", "bank", bank("free_text", min_words="true")),
    Case("quoted-label-key", "bank", bank("rating", scale="{min: 1, max: 5, labels: {'1': x}}")),
    Case("text-label-key", "bank", bank("rating", scale="{min: 1, max: 5, labels: {one: x}}")),
    # Whole numbers written with a decimal point are whole numbers (JSON Schema's integer).
    Case("whole-float-count", "exam", exam("{title: S, count: 2.0}")),
    Case("whole-float-tolerance", "bank", bank("rating", tolerance="2.0")),
    Case("whole-float-preference", "bank", bank("preference", answer="-1.0")),
    Case("whole-float-format", "bank", bank().replace("format: 1", "format: 1.0")),
    Case("fraction-count", "exam", exam("{title: S, count: 2.5}")),
    Case("fraction-min-words", "bank", bank("free_text", min_words="2.5")),
    Case("integer-points", "bank", bank(points="2")),
    # Plain scalars that YAML 1.1 (PyYAML) and YAML 1.2 (editors) read differently.
    Case("unquoted-no-option", "bank", bank("single_choice", options='{a: "yes", b: no}')),
    Case("unquoted-off-prompt", "bank", bank(prompt="off")),
    Case("unquoted-yes-answer", "bank", bank(answer="yes")),
    Case("unquoted-on-shuffle", "exam", exam(shuffle="on")),
    Case("unquoted-yes-key", "bank", bank("single_choice", options="{yes: a, b: c}")),
    Case("exponent-points", "bank", bank(points="1e1")),
    Case("underscore-points", "bank", bank(points="1_0")),
    Case("sexagesimal-prompt", "bank", bank(prompt="1:30")),
    Case("leading-zero-points", "bank", bank(points="010")),
    Case("number-option-keys", "bank", bank("single_choice", options="{1: x, 2: y}", answer="'1'")),
    # Ranges, patterns, lengths and unique items the validator enforced and the schema did not.
    Case("credit-above-one", "bank", bank("preference", credit="[1, 1.5]")),
    Case("credit-below-zero", "bank", bank("preference", credit="[1, -0.5]")),
    Case("credit-in-range", "bank", bank("preference", credit="[1, 0.5, 0]")),
    Case("time-limit-in-words", "exam", exam(time_limit="25 minutes")),
    Case("time-limit-zero", "exam", exam(time_limit="0h0m")),
    Case("time-limit-over-a-day", "exam", exam(time_limit="25h")),
    Case("time-limit-padded", "exam", exam(time_limit='" 25m"')),
    Case("time-limit-wide-digits", "exam", exam(time_limit="２５m")),
    Case("time-limit-number", "exam", exam(time_limit="25")),
    Case("bad-option-key", "bank", bank("single_choice", options="{a b: x, b: y}", answer="b")),
    Case("long-option-key", "bank", bank("single_choice", options=f"{{a: x, {'b' * 41}: y}}")),
    Case("bad-response-label", "bank", bank("ranking", context="{responses: {A: x, b: y, C: z}}")),
    Case("bad-dimension-key", "bank", bank("rating", dimensions="{'-x': d}", answer="{'-x': 3}")),
    Case("bad-claim-key", "bank", bank("claim_check", claims="{c 1: x}", answer="{c 1: refuted}")),
    Case("empty-reference-key", "bank", bank().replace("B}", "B, references: {'': x}}")),
    Case("repeated-answer-option", "bank", bank("multiple_choice", answer="[a, a]")),
    Case("repeated-claim-label", "bank", bank("claim_check", labels="[yes_, yes_]")),
    # Each kind of constraint both must enforce.
    Case("unknown-key", "bank", bank(optionz="{}")),
    Case("missing-key", "bank", bank(explanation=None)),
    Case("unknown-type", "bank", bank(type="essay")),
    Case("bad-difficulty", "bank", bank(difficulty="impossible")),
    Case("bad-scoring", "bank", bank("multiple_choice", scoring="most")),
    Case("bad-feedback", "exam", exam(feedback="sometimes")),
    Case("bad-role", "bank", bank(context="{conversation: [{role: robot, text: hi}]}")),
    Case("bad-section-type", "exam", exam("{title: S, count: 2, types: [essay]}")),
    Case("bad-section-level", "exam", exam("{title: S, count: 2, difficulty: [extreme]}")),
    Case("bad-id", "bank", bank(id="Bad_Id")),
    Case("id-with-final-newline", "bank", bank(id='"q-one\\n"')),
    Case("null-points", "bank", bank(points="null")),
    Case("null-description", "bank", bank().replace("B}", "B, description: null}")),
    Case("empty-prompt", "bank", bank(prompt="''")),
    Case("one-option", "bank", bank("single_choice", options="{a: x}")),
    Case("zero-points", "bank", bank(points="0")),
    Case("too-many-points", "bank", bank(points="101")),
    Case("count-too-large", "exam", exam("{title: S, count: 501}")),
    Case("pass-mark-too-high", "exam", exam(pass_mark="101")),
    Case("tolerance-too-large", "bank", bank("rating", tolerance="6")),
    Case("one-label", "bank", bank("claim_check", labels="[only]")),
    # Semantic checks: the schema accepts, the validator rejects.
    Case("answer-not-an-option", "bank", bank("single_choice", answer="c")),
    Case("preference-off-scale", "bank", bank("preference", answer="4")),
    Case("band-off-scale", "bank", bank("rating", answer="{helpfulness: [4, 6]}")),
    Case("no-key", "bank", bank("ranking", answer=None)),
    Case("not-a-permutation", "bank", bank("ranking", answer="[A, B]")),
    Case("same-option-text", "bank", bank("single_choice", options="{a: x, b: x}")),
    Case("unknown-verdict", "bank", bank("claim_check", answer="{c1: falsish}")),
    Case("bad-regex", "bank", bank("free_text", rubric="[{point: p, any_of: ['/(?=x)/']}]")),
    Case("same-section-title", "exam", exam("{title: S, count: 1}, {title: S, count: 1}")),
]


def _file_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8", errors="replace")
    kind: Kind = "exam" if path.parent.name == "exams" or "\nexam:" in text else "bank"
    return Case(str(path.relative_to(REPO)), kind, text, path.parent)


FILES = [
    _file_case(path)
    for path in sorted(
        [
            *(DATA / "valid").glob("*.yaml"),
            *(DATA / "broken").rglob("*.yaml"),
            *(REPO / "question_banks").rglob("*.yaml"),
        ]
    )
]
CASES = FILES + INLINE

YAML_11_12 = (
    "YAML 1.1 (PyYAML, and so the validator and every tool built on it) reads this plain "
    "scalar as {old} and YAML 1.2 (editors) as {new}; the schema sees only the value, so in "
    "an editor it is accepted, while the validator refuses a value whose meaning depends on "
    "the reader and asks for {fix}"
)
DELIBERATE: dict[tuple[str, Reading], str] = {
    ("tests/data/broken/yes-no.yaml", "editor"): YAML_11_12.format(
        old="a boolean", new="text", fix="quotes"
    ),
    ("unquoted-no-option", "editor"): YAML_11_12.format(old="false", new="text", fix="quotes"),
    ("unquoted-off-prompt", "editor"): YAML_11_12.format(old="false", new="text", fix="quotes"),
    ("sexagesimal-prompt", "editor"): YAML_11_12.format(old="90", new="text", fix="quotes"),
    ("unquoted-yes-key", "editor"): YAML_11_12.format(old="true", new="text", fix="quotes"),
    ("exponent-points", "editor"): YAML_11_12.format(
        old="text", new="the number 10", fix="a plain decimal number"
    ),
    ("leading-zero-points", "editor"): YAML_11_12.format(
        old="the number 8", new="the number 10", fix="a plain decimal number"
    ),
    ("number-option-keys", "editor"): (
        "JSON object keys are always text, so a schema cannot tell the key 1 from '1'; YAML "
        "reads an unquoted 1 as a number, which is no option key"
    ),
    ("quoted-label-key", "loader"): (
        "a scale label's key is a number, which JSON can only write as text ('1'); the schema "
        "accepts number-like text keys, the validator wants the number unquoted"
    ),
    ("quoted-label-key", "editor"): "as in the loader reading: JSON keys are text",
    ("time-limit-over-a-day", "loader"): (
        "a duration's form is a pattern, but its total (at most 24h across hours, minutes and "
        "seconds) is arithmetic no pattern states clearly"
    ),
    ("time-limit-over-a-day", "editor"): "as in the loader reading: the total is arithmetic",
    ("id-with-final-newline", "loader"): (
        "not the schema but the jsonschema library: it matches patterns with Python's re, whose "
        "$ matches before a final newline too; ECMA-262 (editors) and the validator do not"
    ),
    ("id-with-final-newline", "editor"): "as in the loader reading: Python's $",
}
"""(case, reading) -> why the schema and the validator disagree there, on purpose."""


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_schema_and_the_validator_agree(case: Case) -> None:
    found = verdicts(case)
    shown = [f"{f.line}:{f.column} {f.code}: {f.message}" for f in found.findings]
    for how in READINGS:
        schema = found.schema[how]
        if schema is None:  # not a YAML document: nothing for a schema to check
            assert found.findings, "a file that is not YAML must have a finding"
            continue
        why = DELIBERATE.get((case.name, how))
        if why is None:
            assert schema == found.validator, (how, schema, shown)
        else:  # the schema accepts, the validator refuses
            assert (schema, found.validator) == (True, False), f"the difference is gone: {why}"


def test_every_listed_difference_names_a_case() -> None:
    names = {case.name for case in CASES}
    assert {name for name, _ in DELIBERATE} <= names
    assert len(names) == len(CASES), "case names are unique"


@pytest.mark.parametrize(
    "case", [c for c in INLINE if c.name.startswith("valid-")], ids=lambda c: c.name
)
def test_the_valid_cases_have_no_finding_at_all(case: Case) -> None:
    assert verdicts(case).findings == ()
