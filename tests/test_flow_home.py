"""Issue 14: the home menu lists every unfinished attempt (not only the newest), and "Not now"
at "Ready?" comes back to the menu instead of leaving the program."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.app.environment import Environment
from aitrainer_cli.app.home import _choices, run_home
from aitrainer_cli.exam.compose import ExamRequest, build_form
from aitrainer_cli.progress.records import form_hashes
from aitrainer_cli.progress.store import AttemptStore

ENTER, DOWN = "\r", "\x1b[B"


def _start_two(path: Path) -> list[int]:
    catalog = load_banks()
    ids = []
    with AttemptStore.open(path) as store:
        for seed in (1, 2):
            form = build_form(catalog, ExamRequest(types=("true_false",), count=2, seed=seed))
            hashes = form_hashes(form, catalog.entries)
            ids.append(store.start(form, "exam", hashes=hashes, filters={}))
    return ids


def test_every_unfinished_attempt_is_offered(tmp_path: Path) -> None:
    env = Environment(data_dir=tmp_path)
    ids = _start_two(env.progress_file)
    with AttemptStore.open(env.progress_file) as store:
        unfinished = store.unfinished()
    values = [value for value, _ in _choices(load_banks(), unfinished)]
    assert [v for v in values if v.startswith("resume:")] == [f"resume:{i}" for i in ids[::-1]]


def test_not_now_returns_to_the_menu(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    titles: list[str] = []
    from aitrainer_cli.ui import ask_interactive

    real = ask_interactive.InteractiveAsker.choose

    async def spy(self, title, choices, **kwargs):  # type: ignore[no-untyped-def]
        titles.append(title)
        return await real(self, title, choices, **kwargs)

    monkeypatch.setattr(ask_interactive.InteractiveAsker, "choose", spy)
    env = Environment(interactive=True, data_dir=tmp_path)
    keys = ENTER + DOWN + ENTER + "\x04"  # the screening, "Not now", then Ctrl-D at the menu
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        assert run_home(env) is None  # the menu again, then end of input
    assert titles[0].startswith("aitrainer: what would you like to do?")
    assert titles[1] == "Ready?"
    assert titles[2].startswith("aitrainer: what would you like to do?")
