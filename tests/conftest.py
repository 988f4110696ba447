"""Shared fixtures: an isolated data dir for every test, a CLI runner that goes through the real
entry point. Constants and types shared by tests live in ``support``."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from ralph_fixture import ralph_lrs  # noqa: F401  (the session's real Ralph LRS, issue 15)
from support import Run


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the real data directory or cache, nor inherit CI's annotation mode."""
    monkeypatch.setenv("AITRAINER_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("AITRAINER_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("AITRAINER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("AITRAINER_BANKS", raising=False)
    monkeypatch.setenv("AITRAINER_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    # Rich reads COLUMNS and NO_COLOR when a console is made: a test that sets them must not
    # leave its console behind for the next test.
    from aitrainer_cli.ui import console

    console.stdout.cache_clear()
    console.stderr.cache_clear()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run ``aitrainer ARGS`` through ``main()`` and return exit code, stdout and stderr."""
    from aitrainer_cli.cli import main

    def run(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["aitrainer", *args])
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
