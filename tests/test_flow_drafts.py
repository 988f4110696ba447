"""Issue 14 ("Also" and the lead's walk-through): what was given on a question but not confirmed
is kept — ticks at the deadline or on an action key, typed text at the deadline and on save,
claim verdicts and ranking places on Ctrl-C, on the answer sheet and on save-and-quit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from aitrainer_cli.exam.attempt import Attempt, Status
from aitrainer_cli.items import score
from aitrainer_cli.ui.asking import Action, Answer, AskContext, Outcome, Signal
from aitrainer_cli.ui.session import SessionEnd, run_session
from test_prompts import BY_NAME, CTRL_C, ENTER, _ask
from test_session import Clock, ScriptedAsker

Kept = list[object]


def _keeping(name: str, **changes: object) -> tuple[AskContext, Kept]:
    kept: Kept = []
    context = BY_NAME[name].context(**changes)
    return replace(context, keep=kept.append), kept


def test_ticks_not_confirmed_are_kept_at_the_deadline() -> None:
    case = BY_NAME["multiple_choice"]
    context, kept = _keeping("multiple_choice", remaining=lambda: 0.4, limit=60)
    letters = case.item.letters
    first = sorted(case.question.options, key=letters.__getitem__)[0]
    assert _ask(letters[first], context) is Signal.TIMEOUT
    assert kept == [[first]]


def test_ticks_are_kept_when_an_action_key_leaves_the_question() -> None:
    case = BY_NAME["multiple_choice"]
    letters = case.item.letters
    first = sorted(case.question.options, key=letters.__getitem__)[0]
    for key in ("s", "m", "l"):
        context, kept = _keeping("multiple_choice")
        outcome = _ask(letters[first] + key + ENTER, context)
        assert isinstance(outcome, Action), key
        assert kept == [[first]], key


def test_typed_free_text_is_kept_at_the_deadline() -> None:
    context, kept = _keeping("free_text", remaining=lambda: 0.4, limit=60)
    assert _ask("The response is accurate", context) is Signal.TIMEOUT
    assert kept == ["The response is accurate"]


def test_claim_verdicts_given_before_ctrl_c_are_kept_and_offered_again() -> None:
    case = BY_NAME["claim_check"]
    first = next(iter(case.question.claims))
    context, kept = _keeping("claim_check")
    assert _ask("1" + ENTER + CTRL_C, context) is Signal.INTERRUPT
    assert kept == [{first: case.question.labels[0]}]
    # asked again with the draft: Enter keeps the first verdict, the rest are given anew
    again = BY_NAME["claim_check"].context(response=kept[0])
    rest = len(case.question.claims) - 1
    outcome = _ask(ENTER + ("2" + ENTER) * rest, again)
    assert isinstance(outcome, Answer)
    assert isinstance(outcome.response, dict)
    assert outcome.response[first] == case.question.labels[0]


def test_a_partial_ranking_is_kept_when_skipped_and_resumed_from() -> None:
    case = BY_NAME["ranking-picks"]
    best = case.question.answer[0]
    context, kept = _keeping("ranking-picks")
    assert _ask(best.lower() + ENTER + "s" + ENTER, context) is Action.SKIP
    assert kept == [[best]]
    again = case.context(response=[best])
    keys = "".join(label.lower() + ENTER for label in case.question.answer[1:-1])
    assert _ask(keys, again) == Answer(list(case.question.answer))


# -- the session commits drafts ---------------------------------------------------------------


def _keep_then(draft: object, outcome: Outcome) -> Callable[[AskContext], Outcome]:
    def step(context: AskContext) -> Outcome:
        context.keep(draft)
        return outcome

    return step


def _claim_form(count: int = 2, limit: int | None = 600) -> tuple[Attempt, object, str]:
    from aitrainer_cli.exam.assembly import ExamForm, FormItem
    from test_session import CATALOG

    claim = BY_NAME["claim_check"].question
    others = [e.question.id for e in CATALOG.entries.values() if e.question.type == "true_false"]
    ids = [claim.id, *others[: count - 1]]
    items = tuple(FormItem(qid, CATALOG.entries[qid].bank_id, "S") for qid in ids)
    form = ExamForm("bp", "T", 1, limit, 80, items)

    def finished(index: int, response: object) -> bool:
        return CATALOG.entries[ids[index]].question.complete(response)

    first = next(iter(claim.claims))
    return Attempt(form, Clock(), finished=finished), claim, first


def _run(attempt: Attempt, asker: ScriptedAsker) -> SessionEnd:
    from test_session import CATALOG

    return asyncio.run(run_session(attempt, CATALOG.entries, asker))


def test_save_and_quit_keeps_the_claims_judged_so_far_as_a_partial_answer() -> None:
    attempt, claim, first = _claim_form()
    draft = {first: claim.answer[first]}
    asker = ScriptedAsker([_keep_then(draft, Signal.INTERRUPT)], ["save"])
    assert _run(attempt, asker) is SessionEnd.PAUSED
    assert attempt.state(0).response == draft
    assert 0 in attempt.unanswered()  # partly answered: still open on the sheet
    expected = 1 / len(claim.claims)
    assert abs(score(claim, draft).credit - expected) < 1e-9


def test_a_draft_comes_back_after_continue_and_after_the_sheet() -> None:
    attempt, claim, first = _claim_form()
    draft = {first: claim.answer[first]}
    seen: list[object] = []

    def look(outcome: Outcome) -> Callable[[AskContext], Outcome]:
        def step(context: AskContext) -> Outcome:
            seen.append(context.response)
            return outcome

        return step

    asker = ScriptedAsker(
        [_keep_then(draft, Signal.INTERRUPT), look(Action.SHEET), look(Action.SKIP), Answer(True)],
        ["continue", "back", "submit", "submit"],
    )
    _run(attempt, asker)
    assert seen == [draft, draft]


def test_the_deadline_grades_what_was_given_but_not_confirmed() -> None:
    attempt, claim, first = _claim_form()
    draft = {first: claim.answer[first]}
    asker = ScriptedAsker([_keep_then(draft, Signal.TIMEOUT)])
    _run(attempt, asker)
    assert attempt.status is Status.EXPIRED
    assert attempt.state(0).response == draft


def test_an_answer_replaces_the_draft() -> None:
    attempt, claim, _ = _claim_form()
    full = dict(claim.answer)
    asker = ScriptedAsker(
        [_keep_then({"x": "y"}, Action.SKIP), Answer(True), Answer(full)], ["unanswered", "submit"]
    )
    _run(attempt, asker)
    assert attempt.state(0).response == full


def test_ctrl_c_then_submit_warns_about_blanks_and_no_leads_to_the_sheet() -> None:
    from test_session import _form

    attempt = Attempt(_form(3), Clock())
    asker = ScriptedAsker([Signal.INTERRUPT], ["submit", "back", "submit", "submit"])
    _run(attempt, asker)
    assert "3 questions are unanswered" in asker.titles[1]
    assert asker.titles[2].startswith("Answer sheet")
    assert attempt.status is Status.SUBMITTED
