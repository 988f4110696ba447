"""What ``bank validate`` checks: directory walks, a pre-commit hook with no paths, nothing found,
reports on a usage error, the order of findings, and where a clash or a misplaced key points."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest

from support import DATA, Run

VALID = DATA / "valid" / "all-types.yaml"
YES_NO = DATA / "broken" / "yes-no.yaml"


def _repository(root: Path) -> Path:
    """A bank repository as instructors keep one: banks, CI and hook config, docs config."""
    (root / "banks").mkdir(parents=True)
    shutil.copy(YES_NO, root / "banks" / "broken.yaml")
    shutil.copy(VALID, root / "banks" / "good.yaml")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: banks\n", encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    return root


def test_a_hook_with_no_paths_checks_the_repository(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_repository(tmp_path))
    monkeypatch.setenv("PRE_COMMIT", "1")
    result = cli("bank", "validate", "--strict")
    assert result.code == 1, result.out
    assert "banks/broken.yaml:13:10: wrong-type" in result.out
    assert "not-a-bank" not in result.out  # .pre-commit-config.yaml and mkdocs.yml are skipped
    summary = result.out.strip().splitlines()[-1]
    assert summary.startswith("2 files, 9 questions: 2 errors")
    assert "(2 other YAML files skipped: not a bank or blueprint)" in summary


def test_without_the_hook_no_paths_still_means_the_built_in_banks(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_repository(tmp_path))
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    result = cli("bank", "validate")
    assert result.code == 0
    assert "broken.yaml" not in result.out


def test_a_named_file_is_checked_whatever_it_holds(cli: Callable[..., Run], tmp_path: Path) -> None:
    root = _repository(tmp_path)
    result = cli("bank", "validate", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert "not-a-bank" in result.out


def test_a_walk_skips_hidden_directories_virtual_environments_and_node_modules(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    for hidden in (".git", ".venv/lib", "env/lib", "node_modules/pkg"):
        (tmp_path / hidden).mkdir(parents=True)
        shutil.copy(YES_NO, tmp_path / hidden / "bank.yaml")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    shutil.copy(VALID, tmp_path / "good.yaml")
    result = cli("bank", "validate", str(tmp_path))
    assert result.code == 0, result.out
    assert result.out.strip() == "1 file, 8 questions: 0 errors, 0 warnings"


@pytest.mark.parametrize("name", ["B.YAML", "bank.YML", "Bank.Yaml"])
def test_upper_case_suffixes_count(cli: Callable[..., Run], tmp_path: Path, name: str) -> None:
    shutil.copy(YES_NO, tmp_path / name)
    result = cli("bank", "validate", str(tmp_path))
    assert result.code == 1
    assert f"{name}:13:10: wrong-type" in result.out


def test_a_bank_missing_its_format_line_is_still_found(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    text = YES_NO.read_text(encoding="utf-8").replace("format: 1\n", "")
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")
    result = cli("bank", "validate", str(tmp_path))
    assert result.code == 1
    assert "bank.yaml" in result.out
    assert "format" in result.out


@pytest.mark.parametrize("content", [None, "name: not a bank\n"])
def test_finding_no_bank_file_is_exit_two(
    cli: Callable[..., Run], tmp_path: Path, content: str | None
) -> None:
    if content is not None:
        (tmp_path / "settings.yaml").write_text(content, encoding="utf-8")
        (tmp_path / "notes.txt").write_text("format: 1\n", encoding="utf-8")
    result = cli("bank", "validate", str(tmp_path))
    assert result.code == 2
    assert "no bank or exam files in" in result.err
    assert ("1 YAML file without a bank's top-level keys was skipped" in result.err) == bool(
        content
    )
    assert "aitrainer bank new" in result.err


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_junit_and_json_reports_are_written_on_a_usage_error(
    cli: Callable[..., Run], tmp_path: Path, command: str
) -> None:
    junit = cli("bank", command, "--format", "junit", str(tmp_path))
    assert junit.code == 2
    root = ElementTree.fromstring(junit.out)
    error = root.find("./testsuite/testcase/error")
    assert error is not None
    assert "no bank or exam files" in error.get("message", "")
    assert root.get("errors") == "1"
    missing = cli("bank", command, "--format", "json", str(tmp_path / "nope"))
    assert missing.code == 2
    payload = json.loads(missing.out)
    assert "no such file or directory" in payload["error"]["message"]
    github = cli("bank", command, "--format", "github", str(tmp_path))
    assert github.out.startswith("::error title=aitrainer::no bank or exam files")


def test_junit_lists_skipped_yaml_as_skipped_cases(cli: Callable[..., Run], tmp_path: Path) -> None:
    root = _repository(tmp_path)
    result = cli("bank", "validate", "--format", "junit", str(root))
    suite = ElementTree.fromstring(result.out).find("testsuite")
    assert suite is not None
    skipped = [
        Path(case.get("name", "")).name for case in suite if case.find("skipped") is not None
    ]
    assert sorted(skipped) == [".pre-commit-config.yaml", "mkdocs.yml"]
    assert suite.get("skipped") == "2"
    assert suite.get("tests") == "4"


def test_findings_are_sorted_by_file_line_and_column(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    for name in ("b.yaml", "a.yaml"):
        text = YES_NO.read_text(encoding="utf-8").replace("yes-no", name[0])
        (tmp_path / name).write_text(text.replace("id: yn-one", f"id: yn-{name[0]}"), "utf-8")
    result = cli("bank", "validate", str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml"))
    places = [line.split(": ")[0] for line in result.out.splitlines()[:-1]]
    keys = [
        (p.rsplit(":", 2)[0], int(p.rsplit(":", 2)[1]), int(p.rsplit(":", 2)[2])) for p in places
    ]
    assert len(keys) == 4
    assert keys == sorted(keys)
    payload = json.loads(cli("bank", "validate", "-f", "json", *map(str, tmp_path.iterdir())).out)
    assert [f["path"] for f in payload["files"]] == sorted(f["path"] for f in payload["files"])


def test_clashes_name_the_other_file_and_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    shutil.copy(VALID, tmp_path / "a.yaml")
    shutil.copy(VALID, tmp_path / "b.yaml")
    exam = (DATA / "valid" / "exam.yaml").read_text(encoding="utf-8")
    (tmp_path / "e1.yaml").write_text(exam, encoding="utf-8")
    (tmp_path / "e2.yaml").write_text(exam, encoding="utf-8")
    out = cli("bank", "validate", str(tmp_path)).out
    first_id = next(
        n for n, line in enumerate(VALID.read_text().splitlines(), 1) if "id: s-single" in line
    )
    assert f"question id 's-single' is already used in {tmp_path / 'a.yaml'}:{first_id}" in out
    assert "bank id 'sample' is already used in " + str(tmp_path / "a.yaml") + ":" in out
    assert "is already used in " + str(tmp_path / "e1.yaml") + ":" in out


def _bank(tmp_path: Path, question: str) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(
        "format: 1\nbank: {id: b, title: B}\nquestions:\n" + question.strip("\n") + "\n",
        encoding="utf-8",
    )
    return path


_MISPLACED = """
  - id: m-one
    type: single_choice
    topic: t
    difficulty: easy
    prompt: Which response follows the guideline more closely?
    options:
      a: The first one
      b: The second one
      answer: a
    explanation: Indented under options by mistake, so the question has no answer.
"""


def test_a_key_indented_under_the_wrong_parent_is_pointed_at(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = cli("bank", "validate", str(_bank(tmp_path, _MISPLACED))).out
    assert "bank.yaml:4:5: missing-field: missing required key 'answer' (hint: found 'answer'" in (
        out
    )
    assert "inside 'options' at line 12" in out
    assert "bank.yaml:12:7: misplaced-key: 'answer' is indented under 'options'" in out


def test_a_missing_key_found_nowhere_gets_no_misplaced_hint(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = cli(
        "bank", "validate", str(_bank(tmp_path, _MISPLACED.replace("      answer: a\n", "")))
    ).out
    assert "missing required key 'answer'" in out
    assert "misplaced-key" not in out
    assert "found 'answer'" not in out


_TABLE = """
  - id: t-one
    type: true_false
    topic: t
    difficulty: easy
    prompt: Is the total right?
      | item | cost |
      |------|------|
      | tea  | 2    |
    answer: true
    explanation: The table was meant to keep its rows, which a plain scalar cannot do.
"""


def test_a_table_in_an_unquoted_value_gets_a_block_scalar_hint(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    result = cli("bank", "validate", str(_bank(tmp_path, _TABLE)))
    assert "bank.yaml:8:13: folded-table: warning:" in result.out
    assert "`prompt: |`" in result.out
    block = _TABLE.replace("prompt: Is", "prompt: |\n      Is")
    assert "folded-table" not in cli("bank", "validate", str(_bank(tmp_path, block))).out


@pytest.mark.parametrize(
    "prompt", ["| a | b |", "Compare <A> and <B>: which is better?", "Rate it: 1 or 2?"]
)
def test_text_that_breaks_the_parse_gets_a_block_scalar_hint(
    cli: Callable[..., Run], tmp_path: Path, prompt: str
) -> None:
    question = _TABLE.replace(
        "prompt: Is the total right?\n      | item | cost |\n      |------|------|\n"
        "      | tea  | 2    |",
        f"prompt: {prompt}",
    )
    out = cli("bank", "validate", str(_bank(tmp_path, question))).out
    assert "yaml-syntax" in out
    assert "write it as a block scalar: `prompt: |`" in out


def test_unknown_names_in_a_blueprint_suggest_close_ones(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    shutil.copy(VALID, tmp_path / "bank.yaml")
    (tmp_path / "exam.yaml").write_text(
        "format: 1\nexam:\n  id: e\n  title: E\n  sections:\n    - title: S\n      count: 1\n"
        "      banks: [sampel]\n      topics: [basicz]\n",
        encoding="utf-8",
    )
    out = cli("bank", "validate", str(tmp_path)).out
    assert "unknown-bank: no loaded bank has the id 'sampel' (hint: did you mean 'sample'?)" in out
    topics = {line for line in out.splitlines() if "unknown-topic" in line}
    assert topics
    assert all("hint:" in line for line in topics)


def test_unknown_blueprint_and_bank_ids_suggest_close_ones(cli: Callable[..., Run]) -> None:
    exam = cli("exam", "quik-screening", "--plain")
    assert exam.code == 2
    assert "did you mean quick-screening" in exam.err
    export = cli("bank", "export", "rlhf-principle", "--format", "gift")
    assert export.code == 2
    assert "did you mean 'rlhf-principles'?" in export.err
