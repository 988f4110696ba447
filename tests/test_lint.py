"""aitrainer bank lint: each rule finds the flaw planted for it, and passes the clean item."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from aitrainer_cli.banks.formats.common import PLACEHOLDER
from support import DATA, Run

EXPLAIN = "The key is right for the reason given here, and each distractor fails on its own."


def single(qid: str, options: dict[str, str], answer: str, **extra: object) -> dict[str, object]:
    return {
        "id": qid,
        "type": "single_choice",
        "topic": "t",
        "difficulty": "easy",
        "prompt": extra.pop("prompt", f"Question {qid}: which is right?"),
        "options": options,
        "answer": answer,
        "explanation": extra.pop("explanation", EXPLAIN),
        **extra,
    }


def preference(qid: str, a: str, b: str, answer: int, explanation: str = EXPLAIN) -> dict:
    return {
        "id": qid,
        "type": "preference",
        "topic": "t",
        "difficulty": "easy",
        "prompt": f"Which is better ({qid})?",
        "context": {"responses": {"A": a, "B": b}},
        "answer": answer,
        "explanation": explanation,
    }


def multiple(qid: str, answer: list[str]) -> dict[str, object]:
    return {
        **single(qid, {"a": "red", "b": "blue", "c": "green"}, "a"),
        "type": "multiple_choice",
        "answer": answer,
    }


def free_text(qid: str, entry: str) -> dict[str, object]:
    return {
        "id": qid,
        "type": "free_text",
        "topic": "t",
        "difficulty": "easy",
        "prompt": "Why?",
        "model_answer": "Because the figure is wrong.",
        "rubric": [{"point": "names the figure", "any_of": [entry]}],
        "explanation": EXPLAIN,
    }


def write(tmp_path: Path, questions: list[dict[str, object]], **header: object) -> Path:
    bank = {
        "format": 1,
        "bank": {"id": "lint-bank", "title": "Lint", **header},
        "questions": questions,
    }
    (tmp_path / "bank.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return tmp_path


def rules(cli: Callable[..., Run], where: Path, *extra: str) -> list[str]:
    result = cli("bank", "lint", "--format", "json", *extra, str(where))
    assert result.code in (0, 1), result.err
    findings = [f for file in json.loads(result.out)["files"] for f in file["findings"]]
    return sorted({f["code"] for f in findings})


LONG = "a long and careful answer"
VARIED = [single(f"v-{i}", {"a": "one", "b": "two", "c": "three"}, "abc"[i % 3]) for i in range(9)]


CASES = {
    "key-position": (
        [single(f"k-{i}", {"a": "one", "b": "two", "c": "three"}, "a") for i in range(9)],
        VARIED,
    ),
    "key-longest": (
        [
            single(
                f"l-{i}", {x: ("the much longer right answer" if x == k else x) for x in "abc"}, k
            )
            for i, k in enumerate("abcabcabc")
        ],
        VARIED,
    ),
    "best-longest": (
        [preference(f"p-{i}", LONG, "short", -2) for i in range(9)],
        [preference(f"p-{i}", LONG, "short", 2) for i in range(9)],
    ),
    "all-of-the-above": (
        [single("x", {"a": "red", "b": "blue", "c": "All of the above"}, "c")],
        [single("x", {"a": "red", "b": "blue", "c": "green"}, "c")],
    ),
    "negative-stem": (
        [single("x", {"a": "red", "b": "blue"}, "a", prompt="Which of these is not a colour?")],
        [single("x", {"a": "red", "b": "blue"}, "a", prompt="Which of these is **not** a colour?")],
    ),
    "duplicate-option": (
        [single("x", {"a": "red, then blue", "b": "blue then red", "c": "green"}, "c")],
        [single("x", {"a": "red, then blue", "b": "blue then green", "c": "green"}, "c")],
    ),
    "explanation-contradicts-key": (
        [preference("x", "one", "two", -2, "B is better because it answers the question asked.")],
        [preference("x", "one", "two", 2, "B is better because it answers the question asked.")],
    ),
    "rubric-matches-anything": (
        [free_text("x", "/.*/")],
        [free_text("x", "/\\b80\\b/")],
    ),
    "swallowed-text": (
        [single("x", {"a": "red", "b": "blue"}, "a", prompt='Reply as {"v": <number>}. Which?')],
        [single("x", {"a": "red", "b": "blue"}, "a", prompt='Reply as `{"v": <number>}`. Which?')],
    ),
    "every-option-keyed": ([multiple("x", ["a", "b", "c"])], [multiple("x", ["a", "c"])]),
    "needs-explanation": (
        [single("x", {"a": "red", "b": "blue"}, "a", explanation=PLACEHOLDER)],
        [single("x", {"a": "red", "b": "blue"}, "a")],
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_finds_its_flaw_and_passes_the_clean_item(
    cli: Callable[..., Run], tmp_path: Path, rule: str
) -> None:
    flawed, clean = CASES[rule]
    for name in ("flawed", "clean"):
        (tmp_path / name).mkdir()
    assert rule in rules(cli, write(tmp_path / "flawed", flawed))
    assert rule not in rules(cli, write(tmp_path / "clean", clean))


def test_sources_must_be_in_the_bank_references(cli: Callable[..., Run], tmp_path: Path) -> None:
    item = single("x", {"a": "red", "b": "blue"}, "a", sources=["Smith20", "Jones21"])
    refs = {"Smith20": "A. Smith (2020). Colours. Journal of Hues 1(2)."}
    assert "unknown-source" in rules(cli, write(tmp_path, [item], references=refs))
    refs["Jones21"] = "B. Jones (2021). More colours. Journal of Hues 2(1)."
    assert "unknown-source" not in rules(cli, write(tmp_path, [item], references=refs))


def test_a_scenario_item_of_a_bank_with_a_guideline_must_point_to_a_section(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    (tmp_path / "guide.md").write_text("# Guide\n\n## Verbosity\n\nLength is not quality.\n")
    item = preference("x", "one", "two", -2)
    flawed = write(tmp_path, [item], guideline="guide.md")
    assert "needs-guideline-section" in rules(cli, flawed)
    item["guideline"] = ["verbosity"]
    assert "needs-guideline-section" not in rules(
        cli, write(tmp_path, [item], guideline="guide.md")
    )
    # Banks without a guideline stay lint-clean, and choice items never need a section.
    del item["guideline"]
    assert "needs-guideline-section" not in rules(cli, write(tmp_path, [item]))
    choice = single("y", {"a": "red", "b": "blue"}, "a")
    assert "needs-guideline-section" not in rules(
        cli, write(tmp_path, [choice], guideline="guide.md")
    )


def test_a_near_duplicate_item_is_found_across_banks(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    text = "A long prompt about which of the following colours appears in the rainbow first?"
    one = single("x", {"a": "red", "b": "blue"}, "a", prompt=text)
    two = single("y", {"a": "red", "b": "blue"}, "a", prompt=text)
    assert "duplicate-stem" in rules(cli, write(tmp_path, [one, two]))
    two["prompt"] = "Which colour do you see at the top of a rainbow when it is clear?"
    assert "duplicate-stem" not in rules(cli, write(tmp_path, [one, two]))


def test_rules_can_be_ignored_per_item_per_run_and_in_config(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    item = single("x", {"a": "red", "b": "blue", "c": "All of the above"}, "c")
    where = write(tmp_path, [item])
    assert "all-of-the-above" in rules(cli, where)
    assert "all-of-the-above" not in rules(cli, where, "--ignore", "all-of-the-above")
    (tmp_path / "aitrainer.toml").write_text('[lint]\nignore = ["all-of-the-above"]\n')
    assert "all-of-the-above" not in rules(cli, where)
    (tmp_path / "aitrainer.toml").unlink()
    item["lint"] = {"ignore": ["all-of-the-above"]}
    assert "all-of-the-above" not in rules(cli, write(tmp_path, [item]))


def test_exit_codes_and_strict(cli: Callable[..., Run], tmp_path: Path) -> None:
    warned = write(tmp_path, [single("x", {"a": "red", "b": "blue", "c": "All of the above"}, "c")])
    assert cli("bank", "lint", str(warned)).code == 0
    assert cli("bank", "lint", "--strict", str(warned)).code == 1
    assert cli("bank", "lint", str(write(tmp_path, [free_text("x", "/.*/")]))).code == 1


def test_the_shipped_banks_are_lint_clean(cli: Callable[..., Run]) -> None:
    result = cli("bank", "lint", "--strict")
    assert result.code == 0, result.out


def test_an_imported_bank_flags_each_question_that_came_without_feedback(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    imported = cli("bank", "import", str(DATA / "formats" / "sample.aiken"), "--format", "aiken")
    (tmp_path / "imported.yaml").write_text(imported.out, encoding="utf-8")
    result = cli("bank", "lint", "--format", "json", str(tmp_path))
    findings = json.loads(result.out)["files"][0]["findings"]
    flagged = [f for f in findings if f["code"] == "needs-explanation"]
    assert result.code == 1
    assert len(flagged) == imported.err.count("needs-explanation") > 0


def test_a_section_that_draws_most_of_its_pool_is_flagged(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    write(tmp_path, VARIED)
    for count, flagged in ((9, True), (3, False)):
        exam = {
            "format": 1,
            "exam": {
                "id": "lint-exam",
                "title": "Lint exam",
                "sections": [{"title": "All", "count": count, "banks": ["lint-bank"]}],
            },
        }
        (tmp_path / "exam.yaml").write_text(yaml.safe_dump(exam), encoding="utf-8")
        assert ("section-draws-pool" in rules(cli, tmp_path)) is flagged


def test_every_rule_has_a_test_that_plants_its_flaw() -> None:
    from aitrainer_cli.banks.lint.rules import RULES

    tested_apart = {
        "unknown-source",
        "duplicate-stem",
        "section-draws-pool",
        "needs-guideline-section",
    }
    assert set(CASES) | tested_apart == set(RULES)
