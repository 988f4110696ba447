"""``aitrainer bank validate``: exit codes, the four report formats, --strict, the summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest

from support import DATA, Run

VALID = DATA / "valid"
BROKEN = DATA / "broken"


def test_clean_banks_exit_zero_with_a_summary(cli: Callable[..., Run]) -> None:
    result = cli("bank", "validate", str(VALID))
    assert result.code == 0
    assert result.out.strip().splitlines()[-1] == "2 files, 8 questions: 0 errors, 0 warnings"


def test_findings_exit_one_and_print_path_line_col_code(cli: Callable[..., Run]) -> None:
    result = cli("bank", "validate", str(BROKEN / "semantics.yaml"))
    assert result.code == 1
    assert "semantics.yaml:15:13: unknown-option: the answer 'c' is not one of the options" in (
        result.out
    )


def test_missing_path_is_a_usage_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    result = cli("bank", "validate", str(tmp_path / "nope.yaml"))
    assert result.code == 2
    assert "nope.yaml: no such file or directory" in result.err
    assert "Traceback" not in result.err


def test_strict_turns_warnings_into_failures(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = (
        (VALID / "all-types.yaml")
        .read_text()
        .replace(
            "explanation: DPO trains on the same chosen and rejected pairs; "
            "only the reward model goes away.",
            "explanation: Not so.",
        )
    )
    (tmp_path / "warn.yaml").write_text(text)
    assert cli("bank", "validate", str(tmp_path)).code == 0
    strict = cli("bank", "validate", "--strict", str(tmp_path))
    assert strict.code == 1
    assert "short-explanation" in strict.out


def test_json_report_lists_every_file_and_finding(cli: Callable[..., Run]) -> None:
    result = cli("bank", "validate", "--format", "json", str(BROKEN / "semantics.yaml"), str(VALID))
    payload = json.loads(result.out)
    assert payload["summary"] == {
        "files": 3,
        "questions": 13,
        "errors": 7,
        "warnings": 1,
        "skipped": 0,
    }
    first = payload["files"][0]
    assert first["path"].endswith("semantics.yaml")
    expected = {"line": 15, "column": 13, "code": "unknown-option"}
    assert expected.items() <= first["findings"][0].items()


def test_github_format_escapes_properties_and_data(cli: Callable[..., Run], tmp_path: Path) -> None:
    bad = tmp_path / "a,b:c.yaml"
    bad.write_text(
        "format: 1\nbank: {id: x, title: t}\nquestions:\n  - id: q\n"
        "    type: true_false\n"
        "    topic: t\n    difficulty: easy\n    prompt: p\n    answer: true\n"
        "    explanation: 100% of\n"
    )
    result = cli("bank", "validate", "--format", "github", str(bad))
    line = result.out.splitlines()[0]
    assert line.startswith("::warning file=")
    assert "a%2Cb%3Ac.yaml,line=10,col=18,title=short-explanation::" in line
    assert "%" not in line.split("::", 2)[2].replace("%25", "")


def test_github_format_is_chosen_automatically_on_github_actions(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("bank", "validate", str(BROKEN / "semantics.yaml"))
    assert result.out.startswith("::error file=")


def test_junit_report_has_one_testcase_per_file(cli: Callable[..., Run]) -> None:
    result = cli(
        "bank", "validate", "--format", "junit", str(BROKEN / "semantics.yaml"), str(VALID)
    )
    root = ElementTree.fromstring(result.out.split("\n", 1)[1])
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 3
    failing = [case for case in cases if case.find("failure") is not None]
    assert [Path(case.get("name", "")).name for case in failing] == ["semantics.yaml"]
    assert root.get("failures") == "1"
    failure = failing[0].find("failure")
    assert failure is not None
    assert "unknown-option" in (failure.text or "")


def test_every_command_has_help(cli: Callable[..., Run]) -> None:
    for command in (
        ["bank"],
        ["bank", "validate"],
        ["bank", "list"],
        ["bank", "show"],
        ["bank", "schema"],
    ):
        result = cli(*command, "--help")
        assert result.code == 0, command
        assert "Usage" in result.out


def test_show_renders_a_question_with_key_and_explanation(cli: Callable[..., Run]) -> None:
    result = cli("bank", "show", "s-claims", "--banks", str(VALID))
    assert result.code == 0
    for expected in (
        "Evidence",
        "The bridge is 60 metres long.",
        "c2: refuted",
        "says nothing about the colour",
    ):
        assert expected in result.out


def test_show_unknown_id_suggests_close_ids(cli: Callable[..., Run]) -> None:
    result = cli("bank", "show", "s-claim", "--banks", str(VALID))
    assert result.code == 2
    assert "s-claims" in result.err


def test_list_counts_questions_by_type_and_difficulty(cli: Callable[..., Run]) -> None:
    result = cli("bank", "list", str(VALID))
    assert result.code == 0
    assert "sample" in result.out
    assert "1 claim_check" in result.out
    assert "sample-exam" in result.out
    assert "1h30m" in result.out


def test_validate_help_states_the_cap_without_live_escapes(cli: Callable[..., Run]) -> None:
    result = cli("bank", "validate", "--help")
    assert "At most 100" in " ".join(result.out.split())
    assert [c for c in result.out if (c < " " and c != "\n") or "\x7f" <= c < "\xa0"] == []
