"""Issue 14: the topic is hidden while a question is asked (a name such as "over-refusal" gives
the answer away) and shown in feedback and review."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

import pytest
from rich.console import Console

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.question_view import header
from support import Run

CATALOG = load_catalog([builtin_banks_dir()])


def _telling_topic() -> str:
    """A topic of two or more true/false questions whose name their text never uses (the
    banks' content changes: any such topic shows whether the name leaks)."""
    counts: dict[str, list[str]] = {}
    for entry in CATALOG.entries.values():
        question = entry.question
        if question.type == "true_false":
            counts.setdefault(question.topic, []).append(question.prompt + question.explanation)
    return next(
        topic
        for topic, texts in sorted(counts.items())
        if len(texts) >= 2 and "-" in topic and not any(topic in text for text in texts)
    )


TOPIC = _telling_topic()


def plain(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=100, no_color=True).print(renderable)
    return out.getvalue()


def test_the_asking_header_leaves_the_topic_out_and_review_keeps_it() -> None:
    question = next(e.question for e in CATALOG.entries.values() if e.question.topic == TOPIC)
    asked = plain(header(question, "1/5", topic=False))
    assert TOPIC not in asked
    assert question.difficulty.value in asked
    assert f"· {TOPIC} ·" in plain(header(question))


def test_a_plain_exam_never_names_the_topic_until_the_result(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("true\nfalse\n1\n"))
    result = cli(
        "exam", "--topic", TOPIC, "--type", "true_false", "--count", "2", "--seed", "3",
        "--plain",
    )  # fmt: skip
    assert result.code == 0, result.err
    asked, _, after = result.out.partition("Answer sheet:")
    assert "Question 2 of 2" in asked
    assert TOPIC not in asked.split("Question 1 of 2", 1)[-1]  # the title names the filter
    assert TOPIC in after
