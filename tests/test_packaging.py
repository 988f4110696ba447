"""The wheel carries the built-in banks: installed outside the repo, it lists and validates them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    target = tmp_path_factory.mktemp("site")
    wheel = next(wheels.glob("aitrainer_cli-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "aitrainer_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_installed_wheel_finds_the_builtin_banks_from_any_directory(
    installed: Path, tmp_path: Path
) -> None:
    where = _run(installed, tmp_path, "bank", "list")
    assert where.returncode == 0, where.stderr
    assert "fact-checking" in where.stdout
    assert "quick-screening" in where.stdout
    probe = subprocess.run(
        [sys.executable, "-c", "import aitrainer_cli.paths as p; print(p.builtin_banks_dir())"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()).is_relative_to(installed)


def test_installed_wheel_validates_the_builtin_banks(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, tmp_path, "bank", "validate")
    assert result.returncode == 0, result.stdout[-2000:]
    assert ": 0 errors" in result.stdout
