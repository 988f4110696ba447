"""Hostile or careless input on the command line and in answers: a clear message and the right
exit code, never a traceback, nothing lost."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from support import Run

HUGE = str(10**20)


@pytest.mark.parametrize(
    "args",
    [
        ["exam", "--bank", "rubric-rating", "--count", "501", "--plain"],
        ["exam", "--count", "0", "--plain"],
        ["exam", "--seed", "9223372036854775808", "--plain"],
        ["exam", "--seed", "-1", "--plain"],
        ["exam", "--time", "9999999999999999h", "--plain"],
        ["exam", "--time", "9" * 5000 + "m", "--plain"],
        ["exam", "--pass-mark", "1e309", "--plain"],
        ["practice", "--count", HUGE, "--plain"],
        ["review", "--count", "-3", "--plain"],
        ["history", HUGE],
        ["history", "--limit", HUGE],
        ["resume", HUGE, "--plain"],
        ["resume", "0", "--plain"],
    ],
)
def test_out_of_range_command_line_values_are_usage_errors_naming_the_range(
    cli: Callable[..., Run], args: list[str]
) -> None:
    result = cli(*args)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    bounds = ("range", "at most", "at least", "must be from", "less than or equal")
    assert any(word in result.err for word in bounds), result.err


def test_an_unexpected_error_is_exit_70_with_a_log_and_how_to_report_it(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import aitrainer_cli.cli.progress as progress_cli

    def broken(data_dir: Path | None = None) -> None:
        raise RuntimeError("a bug on purpose")

    monkeypatch.setenv("AITRAINER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(progress_cli, "_progress_file", broken)
    result = cli("path")
    assert result.code == 70
    assert "Traceback" not in result.err
    assert "bug" in result.err
    logs = list((tmp_path / "state").glob("*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in result.err
    assert "RuntimeError: a bug on purpose" in logs[0].read_text()


def test_text_is_made_inert_before_it_reaches_a_terminal() -> None:
    from aitrainer_cli.inert import inert, inert_line

    hostile = "a\x1b]52;c;aGk=\x07b\x1b[2J\u202eevil\u200b\x9b\nnext\tcell"
    shown = inert(hostile)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)
    assert "\u202e" not in shown
    assert "\u200b" not in shown
    assert "\x9b" not in shown
    assert shown.startswith("a\\x1b]52;c;aGk=\\x07b\\x1b[2J\\u202eevil\\u200b\\x9b\n")
    assert inert_line(hostile).endswith("\\nnext\\tcell")
    assert inert("plain text, é and 日本 stay") == "plain text, é and 日本 stay"


def _shipped(kind: str) -> object:
    from aitrainer_cli.app.banks import load_banks

    return next(e.question for e in load_banks().entries.values() if e.question.type == kind)


@pytest.mark.parametrize("kind", ["preference", "rating"])
def test_a_huge_typed_number_is_refused_with_a_message(kind: str) -> None:
    from aitrainer_cli.exam.answers import AnswerFormatError, parse_typed, parse_value

    question = _shipped(kind)
    parts = len(getattr(question, "dimensions", [None]))
    for sign in ("", "-"):
        with pytest.raises(AnswerFormatError, match="off the scale"):
            parse_typed(question, " ".join([sign + "9" * 5000] * parts))  # type: ignore[arg-type]
    value: object = 10**5000 if kind == "preference" else [10**5000] * parts
    with pytest.raises(AnswerFormatError, match="a number that large is off the scale"):
        parse_value(question, value)  # type: ignore[arg-type]


def test_plain_number_prompts_refuse_huge_numbers() -> None:
    import asyncio
    import io

    from aitrainer_cli.ui.ask_plain import PlainAsker

    written: list[str] = []
    asker = PlainAsker(lambda r: None, io.StringIO("9" * 5000 + "\n2\n"), written.append)
    assert asyncio.run(asker.ask_number("Which question (1-3)?", 1, 3)) == 2
    asker = PlainAsker(lambda r: None, io.StringIO("9" * 5000 + "\n1\n"), written.append)
    assert asyncio.run(asker.choose("Which?", [("a", "A"), ("b", "B")])) == "a"


def test_answers_from_a_device_are_refused_and_a_huge_file_is_not_read_whole(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    result = cli("exam", "--answers", "/dev/zero", "--json")
    assert result.code == 2
    assert "not a regular file" in result.err
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    result = cli("exam", "--answers", str(fifo), "--json")
    assert result.code == 2
    assert "not a regular file" in result.err
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024))
    result = cli("exam", "--answers", str(big), "--json")
    assert result.code == 2
    assert "larger than" in result.err


def test_answers_may_come_from_standard_input(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(b"no-such-question: true\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    result = cli("exam", "--answers", "-", "--json")
    assert result.code == 2
    assert "<stdin>:1: no-such-question: no loaded bank has a question" in result.err


def _free_text(*entries: str) -> object:
    from aitrainer_cli.items import QUESTION_ADAPTER

    return QUESTION_ADAPTER.validate_python(
        {
            "id": "ft-hostile",
            "type": "free_text",
            "topic": "t",
            "difficulty": "easy",
            "prompt": "Say why.",
            "model_answer": "Because.",
            "explanation": "The answer has to say why the key is right, in a sentence or two.",
            "rubric": [{"point": "says why", "any_of": list(entries)}],
        }
    )


def test_a_catastrophic_rubric_pattern_scores_in_linear_time() -> None:
    import signal

    from aitrainer_cli.items import score

    question = _free_text("/(a+)+$/")

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("the rubric pattern is still matching after 5 s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        result = score(question, "a" * 42 + "!")  # type: ignore[arg-type]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert result.credit == 0


@pytest.mark.parametrize(
    ("pattern", "why"),
    [("/(a)\\1/", "invalid escape sequence"), ("/x(?=y)/", "invalid perl operator")],
)
def test_patterns_re2_cannot_run_are_refused_with_where_and_why(
    pattern: str, why: str, capfd: pytest.CaptureFixture[str]
) -> None:
    question = _free_text(pattern)
    problems = list(question.problems())  # type: ignore[attr-defined]
    assert [p.code for p in problems] == ["bad-regex"]
    assert why in problems[0].message
    assert "at character" in problems[0].message
    assert capfd.readouterr().err == ""  # RE2 itself prints nothing (the pattern is bank text)


HOSTILE_MARKDOWN = (
    'See [the guide](https://evil.example/x "t"), <https://auto.example>, '
    '![a chart](http://img.example/c.png) and {"vat": <number>} with <b>tags</b>.'
)


def _rendered(renderable: object) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, width=80, color_system="truecolor").print(renderable)
    return buffer.getvalue()


def test_bank_markdown_shows_links_and_html_as_text_never_as_hyperlinks() -> None:
    from aitrainer_cli.ui.markup import BankMarkdown

    out = _rendered(BankMarkdown(HOSTILE_MARKDOWN + " \x1b]52;c;aGk=\x07"))
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink
    assert "\x1b]52" not in out  # no clipboard write
    assert "\x07" not in out
    plain = __import__("re").sub(r"\x1b\[[0-9;]*m", "", out)
    plain = " ".join(plain.split())
    assert "the guide (https://evil.example/x)" in plain
    assert "[image: a chart] (http://img.example/c.png)" in plain
    assert '{"vat": <number>}' in plain
    assert "<b>tags</b>" in plain


def test_a_question_with_hostile_text_renders_inert_everywhere() -> None:
    from aitrainer_cli.exam.assembly import FormItem
    from aitrainer_cli.exam.attempt import ItemState
    from aitrainer_cli.exam.results import grade_item
    from aitrainer_cli.items import QUESTION_ADAPTER
    from aitrainer_cli.ui.question_view import key_view, question_view
    from aitrainer_cli.ui.result_view import answer_page

    question = QUESTION_ADAPTER.validate_python(
        {
            "id": "sc-hostile",
            "type": "single_choice",
            "topic": "t",
            "difficulty": "easy",
            "prompt": HOSTILE_MARKDOWN,
            "options": {"a": "[click](https://evil.example)", "b": "plain \u202eoption"},
            "answer": "a",
            "explanation": HOSTILE_MARKDOWN + " The key is right for a reason stated here.",
            "context": {"responses": {"A": HOSTILE_MARKDOWN}, "evidence": "<script>x</script>"},
        }
    )
    item = FormItem("sc-hostile", "b", "S", ("a", "b"))
    graded = grade_item(0, item, question, ItemState("b\x1b[2J"))
    for view in (question_view(question), key_view(question), answer_page(graded, question, 1)):
        out = _rendered(view)
        assert "\x1b]" not in out
        assert "\x1b[2J" not in out
        assert "\u202e" not in out
