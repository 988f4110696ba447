"""The home menu (``aitrainer`` with no arguments in a terminal), driven through pipe input."""

from __future__ import annotations

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from aitrainer_cli.app.environment import Environment
from aitrainer_cli.app.home import run_home

ENTER, DOWN, UP = "\r", "\x1b[B", "\x1b[A"


def _home(keys: str, *, interactive: bool = False) -> str | None:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return run_home(Environment(interactive=interactive))


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (UP + ENTER, None),  # the last entry: Quit
        (UP + UP + ENTER, "help"),
        (UP + UP + UP + ENTER, "progress"),
    ],
)
def test_the_menu_hands_back_what_the_command_line_shows(keys: str, expected: str | None) -> None:
    assert _home(keys) == expected


def test_the_first_entry_starts_the_quick_screening_and_not_now_cancels_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        _home(ENTER + DOWN + ENTER + "\x04", interactive=True) is None
    )  # screening, then "Not now" at Ready?
    out = capsys.readouterr().out
    assert "Quick screening" in out
    assert "20 questions" in out
