"""The askers driven by keystrokes: every item type through the interactive prompts (prompt_toolkit
pipe input) and through plain numbered lines, plus the actions, interrupts and the deadline.

Questions come from the shipped banks, each shown with its options re-lettered, so a test that
passes cannot be confusing display letters with bank keys.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console, RenderableType

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.answers import parse_typed
from aitrainer_cli.exam.assembly import FormItem
from aitrainer_cli.items import Question, score
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.ask_interactive import InteractiveAsker
from aitrainer_cli.ui.ask_plain import PlainAsker
from aitrainer_cli.ui.asking import Action, Answer, AskContext, Outcome, Signal

CATALOG = load_catalog([builtin_banks_dir()])
QUESTIONS = [entry.question for entry in CATALOG.entries.values()]

ENTER, DOWN, UP, FINISH_TEXT = "\r", "\x1b[B", "\x1b[A", "\x1b\r"
CTRL_C, CTRL_D, BACKSPACE = "\x03", "\x04", "\x7f"
PATIENCE = 10.0
"""Seconds before a prompt that never returns fails its test instead of hanging the suite."""


def _first(kind: str, keep: Callable[[Any], bool] = lambda question: True) -> Any:
    return next(q for q in QUESTIONS if q.type == kind and keep(q))


def _item(question: Question) -> FormItem:
    """The question's form item, options re-lettered: a single choice's rotated so no option
    keeps its bank letter, a multiple choice's reversed so ticks come in the opposite order."""
    order: tuple[str, ...] = ()
    if question.type == "single_choice":
        keys = list(question.options)
        order = (*keys[1:], keys[0])
    elif question.type == "multiple_choice":
        order = tuple(reversed(question.options))
    return FormItem(question.id, CATALOG.entries[question.id].bank_id, "S", order)


def _low(keyed: int | list[int]) -> int:
    return keyed[0] if isinstance(keyed, list) else keyed


def _rank_text(ranking: list[Any]) -> str:
    return " > ".join(" = ".join(e) if isinstance(e, list) else e for e in ranking)


@dataclass(frozen=True)
class Case:
    """One item type: a shipped question, the keys that answer it with its key interactively,
    and the line that answers it with its key in plain mode."""

    name: str
    question: Any
    keys: str
    line: str
    written: str | None = None
    """Free text and rewrite: the answer as typed over several lines (the plain line joins
    them)."""

    @property
    def item(self) -> FormItem:
        return _item(self.question)

    def context(self, **changes: Any) -> AskContext:
        return replace(AskContext(self.question, self.item, 2, 5), **changes)

    @property
    def canonical(self) -> object:
        """The response the key should give, as the answer parser defines it."""
        return parse_typed(self.question, self.written or self.line, self.item.letters)


def _typed_below(task: Any) -> bool:
    """Whether a task's parts are all of the kinds the task case types: one response's rating,
    a preference, a justification."""
    parts = [task.part_question(i) for i in range(len(task.parts))]
    return all(
        (p.type == "rating" and all(d in p.answer for d in p.dimensions))
        or p.type in ("preference", "free_text")
        for p in parts
    )


def _cases() -> list[Case]:
    cases = []
    single = _first("single_choice")
    letter = _item(single).letters[single.answer]
    cases.append(Case("single_choice", single, letter + ENTER, letter))

    multiple = _first("multiple_choice", lambda q: len(q.answer) >= 2)
    letters = _item(multiple).letters
    shown = sorted(multiple.options, key=letters.__getitem__)
    ticks = "".join((" " if key in multiple.answer else "") + DOWN for key in shown)
    cases.append(
        Case(
            "multiple_choice",
            multiple,
            ticks + ENTER,
            " ".join(letters[key] for key in multiple.answer),
        )
    )

    true_false = _first("true_false", lambda q: q.answer is False)
    cases.append(Case("true_false", true_false, "f" + ENTER, "false"))

    picks = _first(
        "ranking", lambda q: q.answer is not None and all(isinstance(e, str) for e in q.answer)
    )
    cases.append(
        Case(
            "ranking-picks",
            picks,
            "".join(label.lower() + ENTER for label in picks.answer[:-1]),
            " ".join(picks.answer),
        )
    )

    tied = _first(
        "ranking", lambda q: q.answer is not None and any(isinstance(e, list) for e in q.answer)
    )
    cases.append(
        Case(
            "ranking-typed",
            tied,
            "t" + ENTER + _rank_text(tied.answer) + ENTER,
            _rank_text(tied.answer),
        )
    )

    preference = _first("preference", lambda q: q.answer not in (None, 0))
    # no number keys (1..7 would not match -3..+3): arrows from "about the same"
    steps = abs(preference.answer) * (DOWN if preference.answer > 0 else UP)
    cases.append(Case("preference", preference, steps + ENTER, f"{preference.answer:+d}"))

    rating = _first(
        "rating",
        lambda q: len(q.dimensions) >= 2 and all(0 <= _low(v) <= 9 for v in q.answer.values()),
    )
    values = [str(_low(rating.answer[d])) for d in rating.dimensions]
    cases.append(Case("rating", rating, "".join(v + ENTER for v in values), " ".join(values)))

    claims = _first(
        "claim_check",
        lambda q: (
            len({label[0] for label in q.labels}) == len(q.labels)
            and len(set(q.answer.values())) >= 2
        ),
    )
    verdicts = [claims.answer[c] for c in claims.claims]
    cases.append(
        Case(
            "claim_check",
            claims,
            "".join(str(claims.labels.index(v) + 1) + ENTER for v in verdicts),
            " ".join(verdicts),
        )
    )

    spans = _first("span_marking", lambda q: q.categories is not None and len(q.answer) >= 2)
    keyed = spans.key_marks()
    cases.append(
        Case(
            "span_marking",
            spans,
            " ".join(map(str, keyed))
            + ENTER
            + "".join(str(spans.categories.index(c) + 1) + ENTER for c in keyed.values()),
            " ".join(f"{n}={c}" for n, c in keyed.items()),
        )
    )

    free = _first("free_text", lambda q: "\n" in q.model_answer.strip())
    written = free.model_answer.strip()
    cases.append(
        Case(
            "free_text",
            free,
            written.replace("\n", ENTER) + FINISH_TEXT,
            " ".join(written.split()),
            written,
        )
    )
    numeric = _first("numeric", lambda q: q.unit is not None)
    typed = f"{numeric.answer:g} {numeric.unit}"
    cases.append(Case("numeric", numeric, typed + ENTER, typed))

    rewrite = _first("rewrite", lambda q: "\n" in q.model_answer.strip())
    rewritten = rewrite.model_answer.strip()
    cases.append(
        Case(
            "rewrite",
            rewrite,
            # the response is prefilled: clear it, then paste the model answer (a paste keeps
            # its indentation; typed Enter would repeat the line's)
            BACKSPACE * len(rewrite.original.strip())
            + f"\x1b[200~{rewritten}\x1b[201~"
            + FINISH_TEXT,
            " ".join(rewritten.split()),
            rewritten,
        )
    )

    task = _first("task", _typed_below)
    keys, lines = [], []
    for i, _ in enumerate(task.parts):
        part = task.part_question(i)
        if part.type == "rating":
            values = [str(_low(part.answer[d])) for d in part.dimensions]
            keys.append("".join(v + ENTER for v in values))
            lines.append(" ".join(values))
        elif part.type == "preference":
            keys.append(abs(part.answer) * (DOWN if part.answer > 0 else UP) + ENTER)
            lines.append(f"{part.answer:+d}")
        else:
            assert part.type == "free_text"
            one_line = " ".join(part.model_answer.split())
            keys.append(one_line + FINISH_TEXT)
            lines.append(one_line)
    cases.append(Case("task", task, "".join(keys), "\n".join(lines)))
    return cases


CASES = _cases()
BY_NAME = {case.name: case for case in CASES}


@contextmanager
def _watchdog(seconds: float = PATIENCE) -> Iterator[None]:
    """Fail, rather than hang, when a prompt never returns (say, after an error inside it)."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"the prompt did not return within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _press(
    keys: str, run: Callable[[], Coroutine[Any, Any, Any]], *, screen: io.StringIO | None = None
) -> Any:
    """Run one asker call in a fresh prompt_toolkit session fed ``keys``."""
    output = (
        DummyOutput()
        if screen is None
        else Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    )
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        pipe.send_text(keys)
        with _watchdog():
            return asyncio.run(run())


def _ask(keys: str, context: AskContext, **kwargs: Any) -> Outcome:
    return _press(keys, lambda: InteractiveAsker().ask(context), **kwargs)  # type: ignore[no-any-return]


def _plain_text(screen: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]", "", screen)


# -- every item type, interactively ------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_typing_the_key_interactively_gives_the_canonical_response(case: Case) -> None:
    outcome = _ask(case.keys, case.context())
    assert isinstance(outcome, Answer), outcome
    assert outcome.response == case.canonical
    assert score(case.question, outcome.response).credit == 1.0


def test_choices_are_picked_by_their_shown_letter_not_the_bank_key() -> None:
    case = BY_NAME["single_choice"]
    letters = case.item.letters
    assert letters[case.question.answer] != case.question.answer
    wrong = next(key for key in case.question.options if key != case.question.answer)
    outcome = _ask(letters[wrong] + ENTER, case.context())
    assert outcome == Answer(wrong)
    assert score(case.question, wrong).credit == 0


def test_arrow_keys_move_through_the_options_in_shown_order() -> None:
    case = BY_NAME["single_choice"]
    letters = case.item.letters
    index = sorted(letters.values()).index(letters[case.question.answer])
    assert _ask(DOWN * index + ENTER, case.context()) == Answer(case.question.answer)


def test_enter_keeps_the_answer_given_before() -> None:
    case = BY_NAME["single_choice"]
    other = next(key for key in case.question.options if key != case.question.answer)
    assert _ask(ENTER, case.context(response=other)) == Answer(other)
    rating = BY_NAME["rating"]
    prior = dict.fromkeys(rating.question.dimensions, rating.question.scale.min)
    assert _ask(ENTER * len(prior), rating.context(response=prior)) == Answer(prior)


def test_preference_starts_at_about_the_same() -> None:
    assert _ask(ENTER, BY_NAME["preference"].context()) == Answer(0)


def test_free_text_is_trimmed_and_keeps_its_line_breaks() -> None:
    case = BY_NAME["free_text"]
    outcome = _ask(ENTER + "first line" + ENTER + "second line  " + FINISH_TEXT, case.context())
    assert outcome == Answer("first line\nsecond line")


# -- actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "action"),
    [("s", Action.SKIP), ("m", Action.FLAG), ("p", Action.BACK), ("l", Action.SHEET)],
)
def test_single_keys_take_the_actions(key: str, action: Action) -> None:
    for name in ("single_choice", "true_false", "preference", "ranking-picks", "rating"):
        assert _ask(key + ENTER, BY_NAME[name].context()) is action, name


def test_previous_is_not_offered_on_the_first_question() -> None:
    case = BY_NAME["true_false"]
    screen = io.StringIO()
    # p does nothing here (no previous question); s asks for Enter and skips
    outcome = _ask("p" + "s" + ENTER, case.context(can_go_back=False), screen=screen)
    assert outcome is Action.SKIP
    status = next(
        line for line in _plain_text(screen.getvalue()).splitlines() if "question 2/5" in line
    )
    assert "s skip" in status
    assert "p prev" not in status


def test_claim_verdicts_are_numbered_and_s_skips_there_too() -> None:
    """One scheme everywhere: s skips on a claim check as on any question; verdicts are 1, 2…"""
    case = BY_NAME["claim_check"]
    screen = io.StringIO()
    assert _ask("s" + ENTER, case.context(), screen=screen) is Action.SKIP
    assert "s skip" in _plain_text(screen.getvalue())
    first = next(iter(case.question.claims))
    rest = len(case.question.claims) - 1
    supported = str(case.question.labels.index("supported") + 1)
    refuted = str(case.question.labels.index("refuted") + 1)
    outcome = _ask(supported + ENTER + (refuted + ENTER) * rest, case.context())
    assert isinstance(outcome, Answer)
    assert isinstance(outcome.response, dict)
    assert outcome.response[first] == "supported"
    assert set(outcome.response.values()) == {"supported", "refuted"}


def test_the_more_entry_opens_the_action_menu() -> None:
    case = BY_NAME["single_choice"]
    assert _ask("x" + ENTER + "m" + ENTER, case.context()) is Action.FLAG
    assert _ask("x" + ENTER + "l" + ENTER, case.context()) is Action.SHEET


def test_the_action_menu_can_go_back_to_answering() -> None:
    case = BY_NAME["single_choice"]
    again = "x" + ENTER + "a" + ENTER + case.keys
    assert _ask(again, case.context()) == Answer(case.question.answer)


def test_the_action_menu_says_unmark_for_a_marked_question() -> None:
    case = BY_NAME["true_false"]
    screen = io.StringIO()
    # arrows to the entry (its key would act before the menu is even drawn)
    assert (
        _ask("x" + ENTER + DOWN + DOWN + ENTER, case.context(flagged=True), screen=screen)
        is Action.FLAG
    )
    text = _plain_text(screen.getvalue())
    assert "Unmark" in text
    assert "⚑ marked" in text


@pytest.mark.parametrize("name", ["free_text", "multiple_choice", "ranking-typed"])
def test_finishing_empty_opens_the_action_menu(name: str) -> None:
    case = BY_NAME[name]
    empty = {
        "free_text": FINISH_TEXT,
        "multiple_choice": ENTER,
        "ranking-typed": "t" + ENTER + ENTER,
    }[name]
    assert _ask(empty + "s" + ENTER, case.context()) is Action.SKIP
    assert _ask(empty + "a" + ENTER + case.keys, case.context()) == Answer(case.canonical)


def test_a_typed_ranking_that_does_not_parse_is_refused_until_corrected() -> None:
    case = BY_NAME["ranking-typed"]
    bad = "Z" + ENTER + BACKSPACE
    keys = "t" + ENTER + bad + _rank_text(case.question.answer) + ENTER
    assert _ask(keys, case.context()) == Answer(case.canonical)


def test_a_skip_part_way_through_a_ranking_discards_the_partial_order() -> None:
    case = BY_NAME["ranking-picks"]
    first = case.question.answer[0].lower()
    assert _ask(first + ENTER + "s" + ENTER, case.context()) is Action.SKIP


# -- interrupts and the deadline ---------------------------------------------------------------


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_ctrl_c_and_ctrl_d_interrupt(name: str, key: str) -> None:
    assert _ask(key, BY_NAME[name].context()) is Signal.INTERRUPT


def test_ctrl_c_part_way_through_a_multi_step_item_interrupts() -> None:
    case = BY_NAME["rating"]
    assert _ask("1" + ENTER + CTRL_C, case.context()) is Signal.INTERRUPT


@pytest.mark.parametrize("name", ["single_choice", "multiple_choice", "free_text", "rating"])
def test_the_deadline_closes_the_prompt_mid_question(name: str) -> None:
    start = time.monotonic()
    outcome = _ask("", BY_NAME[name].context(remaining=lambda: 0.3, limit=60))
    elapsed = time.monotonic() - start
    assert outcome is Signal.TIMEOUT
    assert 0.25 <= elapsed < 10.0  # closed by the deadline, not by input (slack for a loaded CI)


def test_the_deadline_also_closes_the_action_menu() -> None:
    case = BY_NAME["free_text"]
    deadline = time.monotonic() + 0.4
    start = time.monotonic()
    outcome = _ask(FINISH_TEXT, case.context(remaining=lambda: deadline - time.monotonic()))
    assert outcome is Signal.TIMEOUT
    assert time.monotonic() - start < 10.0  # slack for a loaded CI machine


def test_the_status_line_shows_the_clock_and_warns_in_the_last_minute() -> None:
    case = BY_NAME["true_false"]
    screen = io.StringIO()
    _ask("s" + ENTER, case.context(remaining=lambda: 59.2, limit=1200), screen=screen)
    text = _plain_text(screen.getvalue())
    assert "01:00 left LAST MINUTE" in text or "00:59 left LAST MINUTE" in text
    screen = io.StringIO()
    _ask("s" + ENTER, case.context(remaining=lambda: 59.2, limit=60), screen=screen)
    text = _plain_text(screen.getvalue())
    assert "left" in text
    assert "LAST MINUTE" not in text, "a 1-minute drill warns from its start"


def test_long_material_scrolls_and_says_so() -> None:
    case = BY_NAME["ranking-picks"]
    screen = io.StringIO()
    _ask("s" + ENTER, case.context(), screen=screen)
    assert "PgUp/PgDn scroll" in _plain_text(screen.getvalue())


# -- menus -------------------------------------------------------------------------------------

FRUIT = [("apple", "Apple"), ("pear", "Pear"), ("plum", "Plum")]


def test_choose_returns_the_value_of_the_picked_entry() -> None:
    asker = InteractiveAsker()
    assert _press(ENTER, lambda: asker.choose("Which?", FRUIT)) == "apple"
    assert _press(DOWN + DOWN + ENTER, lambda: asker.choose("Which?", FRUIT)) == "plum"
    assert _press(ENTER, lambda: asker.choose("Which?", FRUIT, default="pear")) == "pear"


def test_choose_interrupts_and_times_out() -> None:
    asker = InteractiveAsker()
    assert _press(CTRL_C, lambda: asker.choose("Which?", FRUIT)) is Signal.INTERRUPT
    assert _press(CTRL_D, lambda: asker.choose("Which?", FRUIT)) is Signal.INTERRUPT
    start = time.monotonic()
    assert _press("", lambda: asker.choose("Which?", FRUIT, remaining=lambda: 0.2)) is (
        Signal.TIMEOUT
    )
    assert time.monotonic() - start < 2.0


def test_ask_number_accepts_only_a_number_in_range() -> None:
    asker = InteractiveAsker()
    assert _press("7" + ENTER, lambda: asker.ask_number("Which?", 1, 10)) == 7
    # Out of range, then a digit int() cannot read: both refused, then corrected.
    keys = "42" + ENTER + BACKSPACE * 2 + "²" + ENTER + BACKSPACE + "3" + ENTER
    assert _press(keys, lambda: asker.ask_number("Which?", 1, 10)) == 3


def test_ask_number_interrupts_and_times_out() -> None:
    asker = InteractiveAsker()
    assert _press(CTRL_C, lambda: asker.ask_number("Which?", 1, 10)) is Signal.INTERRUPT
    assert _press("", lambda: asker.ask_number("Which?", 1, 10, remaining=lambda: 0.2)) is (
        Signal.TIMEOUT
    )


# -- the plain asker ---------------------------------------------------------------------------


class Plain:
    """A plain asker on a text stream, with everything it printed as text."""

    def __init__(self, stdin: str | io.TextIOBase) -> None:
        self.stdin = io.StringIO(stdin) if isinstance(stdin, str) else stdin
        self.printed: list[str] = []
        self.asker = PlainAsker(
            out=self._out,
            stdin=self.stdin,  # type: ignore[arg-type]
            write=self.printed.append,
        )

    def _out(self, renderable: RenderableType) -> None:
        buffer = io.StringIO()
        Console(file=buffer, width=100, no_color=True).print(renderable)
        self.printed.append(buffer.getvalue())

    @property
    def text(self) -> str:
        return "".join(self.printed)

    def ask(self, context: AskContext) -> Outcome:
        return asyncio.run(self.asker.ask(context))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_typed_line_gives_the_same_response_as_the_prompts(case: Case) -> None:
    interactive = _ask(case.keys, case.context())
    plain = Plain(case.line + "\n").ask(case.context())
    assert isinstance(plain, Answer)
    assert isinstance(interactive, Answer)
    if case.written is None:
        assert plain == interactive
    else:  # one line cannot hold the line breaks; the words are the same
        assert plain.response == " ".join(str(interactive.response).split())
    assert score(case.question, plain.response).credit == 1.0


def test_plain_shows_the_question_with_its_shown_letters_and_the_clock() -> None:
    case = BY_NAME["single_choice"]
    question, letters = case.question, case.item.letters
    plain = Plain("\n")
    context = case.context(remaining=lambda: 125.0, response=question.answer, flagged=True)
    assert plain.ask(context) is Action.SKIP
    text = plain.text
    assert "Question 2 of 5 · 02:05 left · marked for review" in text
    assert f"{letters[question.answer]}) {question.options[question.answer][:30]}" in text
    assert "Your answer so far: " + letters[question.answer] + ")" in text
    assert "[02:05 left] answer 2> " in text


@pytest.mark.parametrize(
    ("line", "outcome"),
    [
        (":m", Action.FLAG),
        (":p", Action.BACK),
        (":l", Action.SHEET),
        (":q", Signal.INTERRUPT),
        ("", Action.SKIP),
        (":MARK", Action.FLAG),
    ],
)
def test_plain_commands(line: str, outcome: Outcome) -> None:
    assert Plain(line + "\n").ask(BY_NAME["single_choice"].context()) == outcome


def test_plain_previous_is_refused_on_the_first_question() -> None:
    plain = Plain(":p\n:m\n")
    assert plain.ask(BY_NAME["true_false"].context(can_go_back=False)) is Action.FLAG
    assert "no previous question" in plain.text


def test_a_bad_answer_is_explained_and_asked_again() -> None:
    case = BY_NAME["true_false"]
    plain = Plain("maybe\nfalse\n")
    assert plain.ask(case.context()) == Answer(False)
    assert "Not understood" in plain.text
    assert "'maybe' is not true or false" in plain.text
    assert plain.text.count("answer 2>") == 2


def test_plain_help_is_printed_on_request() -> None:
    plain = Plain(":help\ntrue\n")
    assert plain.ask(BY_NAME["true_false"].context()) == Answer(True)
    assert plain.text.count(":m marks for review") >= 2


def test_end_of_input_interrupts() -> None:
    assert Plain("").ask(BY_NAME["single_choice"].context()) is Signal.INTERRUPT
    plain = Plain("nonsense\n")
    assert plain.ask(BY_NAME["true_false"].context()) is Signal.INTERRUPT


def test_plain_reads_only_the_lines_it_needs() -> None:
    plain = Plain("true\nfalse\nleft for someone else\n")
    case = BY_NAME["true_false"]
    assert plain.ask(case.context()) == Answer(True)
    assert plain.stdin.readline() == "false\n"


class _Silent(io.TextIOBase):
    """A stdin that sends nothing until ``release`` is set, then one late line."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.release.wait()
        return "too late\n"


@pytest.fixture
def thread_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException | None]:
    errors: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    return errors


def test_plain_times_out_while_waiting_for_a_line(
    thread_errors: list[BaseException | None],
) -> None:
    stdin = _Silent()
    plain = Plain(stdin)
    before = set(threading.enumerate())
    start = time.monotonic()
    deadline = start + 0.3
    outcome = plain.ask(
        BY_NAME["single_choice"].context(remaining=lambda: deadline - time.monotonic())
    )
    assert outcome is Signal.TIMEOUT
    assert time.monotonic() - start < 2.0
    # A line typed after the attempt ended is dropped quietly, not a traceback from the thread.
    stdin.release.set()
    for thread in set(threading.enumerate()) - before:
        thread.join(2)
        assert not thread.is_alive()
    assert thread_errors == []


def test_plain_with_no_time_left_does_not_wait() -> None:
    plain = Plain(_Silent())
    context = BY_NAME["single_choice"].context(remaining=lambda: 0.0)
    assert plain.ask(context) is Signal.TIMEOUT


def test_plain_choose_and_ask_number() -> None:
    plain = Plain("9\n²\n2\n\n0\n5\n")
    asker = plain.asker

    async def menus() -> tuple[object, ...]:
        return (
            await asker.choose("Which?", FRUIT),
            await asker.choose("Which?", FRUIT, default="plum"),
            await asker.ask_number("Which (1-9)?", 1, 9),
        )

    assert asyncio.run(menus()) == ("pear", "plum", 5)
    assert plain.text.count("Type a number from 1 to 3.") == 2
    assert "Type a number from 1 to 9." in plain.text


def test_plain_menus_end_at_end_of_input() -> None:
    plain = Plain("")
    assert asyncio.run(plain.asker.choose("Which?", FRUIT)) is Signal.INTERRUPT
    assert asyncio.run(Plain("").asker.ask_number("n?", 1, 3)) is Signal.INTERRUPT


def test_plain_over_a_real_pipe() -> None:
    """The same through an OS pipe, as ``aitrainer exam --plain < answers.txt`` reads it."""
    read, write = os.pipe()
    case = BY_NAME["ranking-typed"]
    with os.fdopen(write, "w") as writer:
        writer.write(case.line + "\n")
    with os.fdopen(read) as reader:
        plain = Plain(reader)
        assert plain.ask(case.context()) == Answer(case.canonical)


def test_every_item_type_is_covered() -> None:
    from aitrainer_cli.items import ITEM_TYPES

    assert {case.question.type for case in CASES} == set(ITEM_TYPES)


# -- nothing typed is lost ---------------------------------------------------------------------


def test_ratings_given_before_the_deadline_still_count() -> None:
    rating = _first("rating", lambda q: len(q.dimensions) >= 2)
    first = next(iter(rating.dimensions))
    value = max(rating.scale.min, 1) if rating.scale.max >= 1 else rating.scale.max
    deadline = time.monotonic() + 1.0
    context = AskContext(
        rating, _item(rating), 1, 1, remaining=lambda: deadline - time.monotonic(), limit=60
    )
    outcome = _ask(str(value) + ENTER, context)
    assert outcome == Answer({first: value})
    assert 0 < score(rating, {first: value}).credit < 1 or len(rating.dimensions) > 1


def test_an_interrupted_justification_keeps_its_draft_for_the_next_visit() -> None:
    case = BY_NAME["free_text"]
    asker = InteractiveAsker()
    first = _press("Length is a proxy" + CTRL_C, lambda: asker.ask(case.context()))
    assert first is Signal.INTERRUPT
    second = _press(" the reward model learns." + FINISH_TEXT, lambda: asker.ask(case.context()))
    assert second == Answer("Length is a proxy the reward model learns.")


def test_the_status_line_drops_hints_before_it_overflows_and_never_the_clock() -> None:
    from aitrainer_cli.ui.prompt_frame import Status, _status_tokens

    status = Status(
        "question 13/20", True, lambda: 754.0, hint="s skip · m unmark · p prev · l sheet"
    )
    wide = "".join(text for _, text in _status_tokens(status, lambda: True, width=200))
    assert "l sheet" in wide
    assert "PgUp/PgDn" in wide
    for width in (80, 60, 40, 20):
        line = "".join(text for _, text in _status_tokens(status, lambda: True, width=width))
        assert "12:34 left" in line
        assert len(line) <= width or line.strip().startswith("⏱")
    narrow = "".join(text for _, text in _status_tokens(status, lambda: True, width=85))
    assert "s skip" in narrow
    assert "l sheet" not in narrow
    assert "? keys" in narrow  # never dropped silently: ? lists them all


def test_an_unreadable_stdin_counts_as_end_of_input() -> None:
    class Closed(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise OSError("reading from stdin while output is captured")

    plain = PlainAsker(out=lambda renderable: None, stdin=Closed(), write=lambda text: None)
    case = BY_NAME["true_false"]
    with _watchdog():
        assert asyncio.run(plain.ask(case.context())) is Signal.INTERRUPT


def test_letters_tick_options_in_a_multiple_choice_instead_of_ticking_all() -> None:
    case = BY_NAME["multiple_choice"]
    letters = case.item.letters
    by_letter = {letter: key for key, letter in letters.items()}
    outcome = _ask("a" + "c" + "c" + "b" + ENTER, case.context())
    assert isinstance(outcome, Answer)
    assert sorted(outcome.response) == sorted([by_letter["a"], by_letter["b"]])  # type: ignore[arg-type]
    assert _ask("s" + ENTER, case.context()) is Action.SKIP
    assert _ask("m" + ENTER, case.context()) is Action.FLAG
