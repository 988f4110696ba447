"""The rewrite prompt: the response prefilled, Ctrl-O opening ``$VISUAL`` on a temporary file
(a small fake editor stands in), what happens when the editor fails, and the deadline."""

from __future__ import annotations

import io
import json
import stat
import sys
import time
from pathlib import Path

import pytest

from aitrainer_cli.items import score
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.ui.asking import Answer, Signal
from aitrainer_cli.ui.editor import edit_text, editor_command
from test_prompts import BY_NAME, CTRL_C, FINISH_TEXT, Plain, _ask, _plain_text

CTRL_O = "\x0f"
CASE = BY_NAME["rewrite"]
QUESTION = CASE.question
assert isinstance(QUESTION, Rewrite)

FAKE_EDITOR = """\
import json, pathlib, sys, time
# VISUAL is "python fake_editor.py MODE LOG NEW"; the file to edit comes last
mode, log, new, path = sys.argv[1], *map(pathlib.Path, sys.argv[2:5])
before = path.read_text(encoding="utf-8")
log.write_text(json.dumps({"path": str(path), "before": before}), encoding="utf-8")
if mode == "sleep":
    time.sleep(0.8)
if mode != "quit":
    path.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
sys.exit(3 if mode == "fail" else 0)
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake editor that saves ``new.txt`` over the file it is given; VISUAL names it with a
    mode (set by the test through ``set_mode``). Returns its log file."""
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "new.txt").write_text(QUESTION.model_answer + "\n", encoding="utf-8")
    monkeypatch.delenv("EDITOR", raising=False)
    _set_mode(monkeypatch, tmp_path, "write")
    return tmp_path / "log.json"


def _set_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str) -> None:
    script, log, new = tmp_path / "fake_editor.py", tmp_path / "log.json", tmp_path / "new.txt"
    monkeypatch.setenv("VISUAL", f"'{sys.executable}' '{script}' {mode} '{log}' '{new}'")


def _log(log: Path) -> dict[str, str]:
    data: dict[str, str] = json.loads(log.read_text(encoding="utf-8"))
    return data


def test_the_response_is_prefilled_and_finishing_it_unchanged_earns_nothing() -> None:
    outcome = _ask(FINISH_TEXT, CASE.context())
    assert outcome == Answer(QUESTION.original.strip())
    assert isinstance(outcome, Answer)
    assert score(QUESTION, outcome.response).credit == 0


def test_ctrl_o_edits_in_visual_and_the_saved_text_comes_back(editor: Path) -> None:
    screen = io.StringIO()
    outcome = _ask(CTRL_O + FINISH_TEXT, CASE.context(), screen=screen)
    assert outcome == Answer(QUESTION.model_answer.strip())
    assert isinstance(outcome, Answer)
    assert score(QUESTION, outcome.response).credit == 1.0
    log = _log(editor)
    assert log["before"] == QUESTION.original.strip() + "\n"  # the text the prompt held
    assert Path(log["path"]).name.startswith("aitrainer-rewrite-")
    assert not Path(log["path"]).exists(), "the temporary file is removed"
    assert "Your rewrite (Esc Enter: done · Ctrl-O: editor):" in _plain_text(screen.getvalue())


def test_the_prompt_text_so_far_goes_to_the_editor(editor: Path) -> None:
    _ask(" Extra words." + CTRL_O + FINISH_TEXT, CASE.context())
    assert _log(editor)["before"].endswith("Extra words.\n")


@pytest.mark.parametrize("mode", ["fail", "quit"])
def test_an_editor_that_fails_keeps_the_text_as_it_was(
    editor: Path,
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set_mode(monkeypatch, editor.parent, mode)
    screen = io.StringIO()
    outcome = _ask(" Mine." + CTRL_O + FINISH_TEXT, CASE.context(), screen=screen)
    assert outcome == Answer(QUESTION.original.strip() + " Mine.")
    shown = _plain_text(screen.getvalue())
    if mode == "fail":  # said on the prompt itself, where the screen keeps it
        assert "The editor exited with status 3; text unchanged." in shown
    assert not Path(_log(editor)["path"]).exists()


def test_an_editor_that_cannot_start_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor --wait")
    screen = io.StringIO()
    outcome = _ask(CTRL_O + FINISH_TEXT, CASE.context(), screen=screen)
    assert outcome == Answer(QUESTION.original.strip())
    assert "editor did not start (No such file or directory); text unchanged." in _plain_text(
        screen.getvalue()
    )


def test_without_visual_or_editor_the_learner_is_told_how_to_set_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    assert editor_command() is None
    screen = io.StringIO()
    outcome = _ask(CTRL_O + FINISH_TEXT, CASE.context(), screen=screen)
    assert outcome == Answer(QUESTION.original.strip())
    assert "set VISUAL or EDITOR" in _plain_text(screen.getvalue())


def test_text_saved_after_the_deadline_still_counts(
    editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock runs while the editor is open; the deadline is enforced when it returns."""
    _set_mode(monkeypatch, editor.parent, "sleep")
    deadline = time.monotonic() + 0.3
    start = time.monotonic()
    outcome = _ask(CTRL_O, CASE.context(remaining=lambda: deadline - time.monotonic(), limit=60))
    assert time.monotonic() - start >= 0.8
    assert outcome == Answer(QUESTION.model_answer.strip())


def test_an_unchanged_text_at_the_deadline_after_the_editor_is_a_timeout(
    editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_mode(monkeypatch, editor.parent, "sleep")
    (editor.parent / "new.txt").write_text(QUESTION.original, encoding="utf-8")
    deadline = time.monotonic() + 0.3
    outcome = _ask(CTRL_O, CASE.context(remaining=lambda: deadline - time.monotonic(), limit=60))
    assert outcome is Signal.TIMEOUT


def test_at_the_deadline_a_changed_text_in_the_prompt_is_the_answer() -> None:
    context = CASE.context(remaining=lambda: 0.4, limit=60)
    assert _ask(" Fixed.", context) == Answer(QUESTION.original.strip() + " Fixed.")
    assert _ask("", CASE.context(remaining=lambda: 0.3, limit=60)) is Signal.TIMEOUT


def test_an_interrupted_rewrite_keeps_its_draft_for_the_next_ask() -> None:
    from aitrainer_cli.ui.ask_interactive import InteractiveAsker
    from test_prompts import _press

    asker = InteractiveAsker()
    context = CASE.context()
    assert _press(" Draft." + CTRL_C, lambda: asker.ask(context)) is Signal.INTERRUPT
    again = _press(FINISH_TEXT, lambda: asker.ask(context))
    assert again == Answer(QUESTION.original.strip() + " Draft.")


def test_a_previous_answer_is_prefilled_instead_of_the_response() -> None:
    assert _ask(FINISH_TEXT, CASE.context(response="My earlier rewrite.")) == Answer(
        "My earlier rewrite."
    )


def test_plain_mode_takes_the_rewrite_on_one_line() -> None:
    plain = Plain("The capital is Canberra.\n")
    assert plain.ask(CASE.context()) == Answer("The capital is Canberra.")
    assert "your rewrite of the response" in plain.text
    assert "Response to rewrite" in plain.text


# -- the editor module on its own --------------------------------------------------------------


def test_edit_text_reads_back_the_saved_file_and_removes_it(editor: Path) -> None:
    edited = edit_text("before")
    assert edited.text == QUESTION.model_answer.strip()
    assert edited.message == ""
    assert _log(editor)["before"] == "before\n"
    assert not Path(_log(editor)["path"]).exists()


def test_editor_command_prefers_visual_and_splits_like_a_shell() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": "  ", "EDITOR": "'my editor' -n"}) == ["my editor", "-n"]
    assert editor_command({"EDITOR": "vi 'unclosed"}) == ["vi", "'unclosed"]
    assert editor_command({}) is None
