"""The committed JSON Schemas match the models and accept every shipped and sample file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from aitrainer_cli.banks.schema import schema, schema_text
from support import DATA, REPO

SCHEMA_DIR = REPO / "question_banks" / "schema"
SHIPPED = sorted((REPO / "question_banks").rglob("*.yaml"))


@pytest.mark.parametrize("kind", ["bank", "exam"])
def test_committed_schema_is_in_sync_with_the_models(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run: aitrainer bank schema --kind KIND > FILE"  # type: ignore[arg-type]


def _validator(path: Path) -> jsonschema.Draft202012Validator:
    kind = "exam" if path.parent.name == "exams" or "exam:" in path.read_text() else "bank"
    return jsonschema.Draft202012Validator(schema(kind))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path", SHIPPED + sorted((DATA / "valid").glob("*.yaml")), ids=lambda p: p.name
)
def test_schema_accepts_shipped_and_sample_files(path: Path) -> None:
    # as an editor's YAML server sees it: JSON, where a mapping key is always a string
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))
    errors = list(_validator(path).iter_errors(data))
    assert errors == [], [e.message for e in errors[:3]]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_start_with_the_schema_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind = "exam" if path.parent.name == "exams" else "bank"
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / f"{kind}.schema.json").resolve()


def test_schema_rejects_an_unknown_key() -> None:
    data = yaml.safe_load((DATA / "valid" / "all-types.yaml").read_text())
    data["questions"][0]["optionz"] = {}
    assert not jsonschema.Draft202012Validator(schema("bank")).is_valid(data)


def test_schema_command_prints_valid_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("bank", "schema", "--kind", "exam")
    assert json.loads(result.out)["title"].startswith("aitrainer exam blueprint")


def _question(**changes: object) -> dict[str, object]:
    data = yaml.safe_load((DATA / "valid" / "all-types.yaml").read_text())
    questions = data["questions"]
    question = next(q for q in questions if q["type"] == changes.get("type", "single_choice"))
    question.update(changes)
    data["questions"] = [question]
    return data


@pytest.mark.parametrize(
    "changes",
    [
        {"options": {"a b": "spaced key", "b": "x"}},  # a key pattern is propertyNames
        {"options": {1: "a number", 2: "keys are text"}},
        {"type": "preference", "credit": [1, 1.5]},
        {"type": "multiple_choice", "answer": ["a", "a"]},
    ],
    ids=["key-pattern", "number-keys", "credit-range", "unique-answer"],
)
def test_schema_states_what_the_validator_checks(changes: dict[str, object]) -> None:
    assert _validator(DATA / "valid" / "all-types.yaml").is_valid(_question())
    assert not jsonschema.Draft202012Validator(schema("bank")).is_valid(_question(**changes))


@pytest.mark.parametrize(
    ("time_limit", "valid"),
    [("1h30m", True), ("90s", True), ("25 minutes", False), ("0m", False), (" 25m", False)],
)
def test_schema_states_the_form_of_a_time_limit(time_limit: str, valid: bool) -> None:
    data = yaml.safe_load((DATA / "valid" / "exam.yaml").read_text())
    data["exam"]["time_limit"] = time_limit
    assert jsonschema.Draft202012Validator(schema("exam")).is_valid(data) is valid
