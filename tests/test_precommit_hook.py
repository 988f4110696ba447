"""The shipped pre-commit hooks, run by pre-commit itself on a bank repository (``try-repo``).

pre-commit installs this checkout into an environment of its own (from PyPI, as a user's
machine would), so this is slow (about 20 s) and needs the network; it is skipped when
pre-commit is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import DATA, REPO

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _try_repo(root: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_validate_hook_without_args_fails_on_a_broken_bank(tmp_path: Path) -> None:
    root = tmp_path / "banks-repo"
    (root / "banks").mkdir(parents=True)
    shutil.copy(DATA / "broken" / "yes-no.yaml", root / "banks" / "bank.yaml")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "banks")
    home = tmp_path / "pre-commit-home"
    broken = _try_repo(root, "aitrainer-validate", home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "banks/bank.yaml:13:10: wrong-type" in broken.stdout
    assert "1 other YAML file skipped" in broken.stdout
    shutil.copy(DATA / "valid" / "all-types.yaml", root / "banks" / "bank.yaml")
    _git(root, "commit", "-qam", "fixed")
    fixed = _try_repo(root, "aitrainer-validate", home)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
