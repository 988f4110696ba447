"""Banks from anywhere: --banks, AITRAINER_BANKS, the config file and installed bank packs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from support import Run

BANK = """\
format: 1
bank: {id: my-bank, title: My bank}
questions:
  - id: mb-nei-not-false
    type: true_false
    topic: evidence-verdicts
    difficulty: easy
    prompt: A claim the evidence does not mention should be labelled *refuted*.
    answer: false
    explanation: Missing evidence is "not enough info"; refuted needs evidence against the claim.
"""


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    where = tmp_path / "my-banks"
    where.mkdir()
    (where / "mine.yaml").write_text(BANK, encoding="utf-8")
    return where


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text("mb-nei-not-false: false\n", encoding="utf-8")
    return path


def _exam(cli: Callable[..., Run], answers: Path, *extra: str) -> Run:
    return cli(
        "exam", "--bank", "my-bank", "--count", "1", "--answers", str(answers), "--json", *extra
    )


def test_without_being_told_no_command_knows_an_outside_bank(
    cli: Callable[..., Run], answers: Path
) -> None:
    result = _exam(cli, answers)
    assert result.code == 2
    assert "no bank called 'my-bank'" in result.err


def test_banks_given_with_the_option_are_taken(
    cli: Callable[..., Run], bank_dir: Path, answers: Path
) -> None:
    result = _exam(cli, answers, "--banks", str(bank_dir))
    assert result.code == 0, result.err
    assert json.loads(result.out)["percent"] == 100.0


def test_a_bank_file_works_as_well_as_a_directory(
    cli: Callable[..., Run], bank_dir: Path, answers: Path
) -> None:
    assert _exam(cli, answers, "--banks", str(bank_dir / "mine.yaml")).code == 0


def test_banks_from_the_environment(
    cli: Callable[..., Run], bank_dir: Path, answers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AITRAINER_BANKS", os.pathsep.join([str(bank_dir), ""]))
    assert _exam(cli, answers).code == 0


def test_banks_from_the_config_file_relative_to_it(
    cli: Callable[..., Run], bank_dir: Path, answers: Path
) -> None:
    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    relative = os.path.relpath(bank_dir, config.parent)
    config.write_text(f'banks = ["{relative}"]\n', encoding="utf-8")
    assert _exam(cli, answers).code == 0
    listed = cli("path", "--all")
    assert f"{bank_dir.name} (config {config})" in listed.out


def test_no_builtin_leaves_the_built_in_banks_out(cli: Callable[..., Run], bank_dir: Path) -> None:
    result = cli("progress", "--no-builtin", "--banks", str(bank_dir))
    assert result.code == 0
    every = cli("path", "--all", "--no-builtin", "--banks", str(bank_dir))
    assert "built-in" not in every.out
    assert "(--banks)" in every.out


def test_a_missing_path_names_where_it_came_from(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AITRAINER_BANKS", str(tmp_path / "gone"))
    result = cli("exam", "--list")
    assert result.code == 2
    assert "gone (from AITRAINER_BANKS): no such file or directory" in result.err


def test_a_broken_config_file_is_named_with_its_line(cli: Callable[..., Run]) -> None:
    config = Path(os.environ["AITRAINER_CONFIG_DIR"]) / "config.toml"
    config.write_text('banks = ["a" "b"]\nx = 1\n', encoding="utf-8")
    result = cli("exam", "--list")
    assert result.code == 2
    assert str(config) in result.err
    assert "line" in result.err
    config.write_text('banks = "not a list"\n', encoding="utf-8")
    assert "'banks' must be a list of paths" in cli("exam", "--list").err


def test_an_exam_refuses_an_outside_bank_with_errors_showing_where(
    cli: Callable[..., Run], bank_dir: Path, answers: Path
) -> None:
    (bank_dir / "mine.yaml").write_text(BANK.replace("answer: false", "answer: maybe"))
    result = _exam(cli, answers, "--banks", str(bank_dir))
    assert result.code == 2
    assert "no exam can run on them" in result.err
    assert f"{bank_dir / 'mine.yaml'}:9:" in result.err


def test_an_id_used_by_an_outside_bank_and_a_built_in_one_is_refused(
    cli: Callable[..., Run], bank_dir: Path, answers: Path
) -> None:
    from aitrainer_cli.app.banks import load_banks

    builtin_id = next(iter(load_banks().entries))
    (bank_dir / "mine.yaml").write_text(BANK.replace("mb-nei-not-false", builtin_id))
    result = _exam(cli, answers, "--banks", str(bank_dir))
    assert result.code == 2
    assert "duplicate" in result.err


@pytest.mark.slow
def test_an_installed_bank_pack_is_found_by_its_entry_point(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "acme_rater_banks" / "banks").mkdir(parents=True)
    (pack / "acme_rater_banks" / "__init__.py").write_text("")
    (pack / "acme_rater_banks" / "banks" / "acme.yaml").write_text(
        BANK.replace("my-bank", "acme").replace("mb-", "acme-")
    )
    (pack / "pyproject.toml").write_text(
        """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "acme-rater-banks"
version = "1.0"

[project.entry-points."aitrainer.banks"]
acme = "acme_rater_banks:banks"

[tool.setuptools.package-data]
acme_rater_banks = ["banks/*.yaml"]
"""
    )
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(pack),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    listed = subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", "bank", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    every = subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", "path", "--all"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "(bank pack acme)" in every.stdout, every.stderr
    answers = tmp_path / "answers.yaml"
    answers.write_text("acme-nei-not-false: false\n")
    taken = subprocess.run(
        [
            sys.executable,
            "-m",
            "aitrainer_cli",
            "exam",
            "--bank",
            "acme",
            "--count",
            "1",
            "--answers",
            str(answers),
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert taken.returncode == 0, taken.stderr
    assert json.loads(taken.stdout)["percent"] == 100.0
    assert listed.returncode == 0


def test_resume_and_history_name_a_bank_that_is_no_longer_loaded(
    cli: Callable[..., Run], bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # end of input at once: saved
    started = cli("exam", "--banks", str(bank_dir), "--bank", "my-bank", "--count", "1", "--plain")
    assert started.code == 0, started.err
    resumed = cli("resume", "--plain")
    assert resumed.code == 2
    assert "from bank my-bank" in resumed.err
    assert "--banks PATH" in resumed.err
    shown = cli("history", "1")
    assert shown.code == 0, shown.err
    assert "Bank my-bank is not loaded" in " ".join(shown.out.split())
