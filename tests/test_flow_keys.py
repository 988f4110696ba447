"""Issue 14, finding 2: one key scheme everywhere. Every key only picks (an option's letter
highlights it, an action's key asks for Enter); Enter confirms. So a key then Enter never
answers the next question; s skips on every question, claim checks included; a screen too
narrow for the keys says "? keys" instead of dropping them silently."""

from __future__ import annotations

import io

from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.prompt_frame import Status, _status_tokens
from test_prompts import BY_NAME, DOWN, ENTER, _ask, _plain_text


def test_an_action_key_alone_does_not_leave_the_question() -> None:
    context = BY_NAME["true_false"].context(remaining=lambda: 0.5, limit=60)
    assert _ask("s", context) is Signal.TIMEOUT  # it waited for Enter; none came


def test_an_action_key_then_enter_takes_the_action_and_nothing_more() -> None:
    for name in ("single_choice", "true_false", "claim_check", "multiple_choice", "rating"):
        assert _ask("s" + ENTER, BY_NAME[name].context()) is Action.SKIP, name


def test_a_key_after_an_action_key_cancels_it() -> None:
    case = BY_NAME["true_false"]
    assert _ask("s" + "f" + ENTER, case.context()) == Answer(False)
    assert _ask("s" + DOWN + ENTER, case.context()) == Answer(False)


def test_escape_cancels_an_action_key() -> None:
    case = BY_NAME["true_false"]
    assert _ask("s" + "\x1b" + "f" + ENTER, case.context()) == Answer(False)


def test_the_status_line_asks_for_enter_after_an_action_key() -> None:
    from aitrainer_cli.ui.prompt_frame import _keys_tokens

    assert "s skip: press Enter to confirm" in "".join(
        text for _, text in _keys_tokens(Status(), "s skip")
    )


def test_claim_checks_skip_with_s_like_every_other_question() -> None:
    screen = io.StringIO()
    assert _ask("s" + ENTER, BY_NAME["claim_check"].context(), screen=screen) is Action.SKIP
    text = _plain_text(screen.getvalue())
    assert "s skip" in text
    assert "k skip" not in text


def test_the_action_menu_keys_pick_and_enter_confirms() -> None:
    case = BY_NAME["single_choice"]
    context = case.context(remaining=lambda: 0.8, limit=60)
    assert _ask("x" + ENTER + "s", context) is Signal.TIMEOUT  # s only highlighted "Skip"
    assert _ask("x" + ENTER + "s" + ENTER, case.context()) is Action.SKIP


def test_more_names_only_the_actions_open_here() -> None:
    screen = io.StringIO()
    _ask("s" + ENTER, BY_NAME["true_false"].context(can_go_back=False), screen=screen)
    text = _plain_text(screen.getvalue())
    assert "More: skip, mark, answer sheet" in text
    assert "previous" not in text


def test_a_narrow_status_line_says_where_the_keys_are() -> None:
    from aitrainer_cli.ui.prompt_frame import _keys_tokens

    status = Status(
        "question 13/20", True, lambda: 754.0, hint="s skip · m mark · p prev · l sheet"
    )
    narrow = "".join(text for _, text in _status_tokens(status, lambda: False, width=59))
    assert "12:34 left" in narrow
    assert "? keys" in narrow
    assert len(narrow) <= 59
    listed = "".join(text for _, text in _keys_tokens(status, None))
    assert "s skip · m mark · p prev · l sheet" in listed


def test_question_mark_lists_every_key_on_a_narrow_screen() -> None:
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    import test_prompts

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=20, columns=60), term="xterm")
    import asyncio

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input

    from aitrainer_cli.ui.ask_interactive import InteractiveAsker

    context = BY_NAME["true_false"].context()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        pipe.send_text("?" + "s" + ENTER)
        with test_prompts._watchdog():
            outcome = asyncio.run(InteractiveAsker().ask(context))
    assert outcome is Action.SKIP
    text = _plain_text(screen.getvalue())
    assert "? keys" in text
