"""The lead's walk-through: a ranking typed at a prompt with a response left out is not
completed silently; the learner is told which is missing and asked again. Plain mode in
practice does not promise ":p previous"."""

from __future__ import annotations

import asyncio
import io

from aitrainer_cli.ui.ask_plain import PlainAsker
from aitrainer_cli.ui.asking import Answer
from test_prompts import BY_NAME, ENTER, _ask

CASE = BY_NAME["ranking-typed"]


def _labels() -> list[str]:
    return sorted(CASE.question.response_labels())


def test_a_typed_order_with_one_left_out_says_which_and_asks_again() -> None:
    labels = _labels()
    short = " ".join(labels[:-1])
    missing = labels[-1]
    assert CASE.question.left_out(short).startswith(f"{missing} is missing")
    # at the prompt: the short order is refused, Ctrl-U clears it, the full one goes through
    keys = "t" + ENTER + short + ENTER + "\x15" + " ".join(labels) + ENTER
    outcome = _ask(keys, CASE.context())
    assert outcome == Answer(CASE.question.read_typed(" ".join(labels)))


def test_plain_refuses_an_order_with_one_left_out() -> None:
    labels = _labels()
    shown: list[str] = []
    stdin = io.StringIO(" ".join(labels[:-1]) + "\n" + " ".join(labels) + "\n")
    asker = PlainAsker(out=lambda r: shown.append(str(r)), stdin=stdin, write=lambda t: None)
    outcome = asyncio.run(asker.ask(CASE.context()))
    assert outcome == Answer(CASE.question.read_typed(" ".join(labels)))
    assert any(f"Not complete: {labels[-1]} is missing" in text for text in shown)


def test_plain_does_not_promise_previous_where_there_is_none() -> None:
    shown: list[str] = []
    asker = PlainAsker(
        out=lambda r: shown.append(str(r)), stdin=io.StringIO("true\n"), write=lambda t: None
    )
    asyncio.run(asker.ask(BY_NAME["true_false"].context(can_go_back=False)))
    assert not any(":p previous" in text for text in shown)
