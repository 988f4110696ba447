"""Issue 14: time per question in the result and review (mean against the limit's pace, the
slowest items) and the "Study next" block (weakest topics of the attempt, the command to drill
each, and the guideline sections to read where the bank has them)."""

from __future__ import annotations

import io

from rich.console import Console

from aitrainer_cli.app.banks import load_banks
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.exam.pace import pace, study_next
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.items.true_false import TrueFalse
from aitrainer_cli.ui.result_view import answer_page, result_view

CATALOG = load_banks()
ENTRIES = CATALOG.entries


def _two_topics() -> list[tuple[str, str]]:
    """Two (bank, topic) pairs with two true/false questions each (the banks' content changes)."""
    found: dict[tuple[str, str], int] = {}
    for entry in ENTRIES.values():
        if isinstance(entry.question, TrueFalse):
            key = (entry.bank_id, entry.question.topic)
            found[key] = found.get(key, 0) + 1
    return [key for key, n in sorted(found.items()) if n >= 2][:2]


(WEAK_BANK, WEAK), (FINE_BANK, FINE) = _two_topics()


def true_false(topic: str | None, count: int) -> list[str]:
    return sorted(
        qid
        for qid, e in ENTRIES.items()
        if isinstance(e.question, TrueFalse) and topic in (None, e.question.topic)
    )[:count]


def result_of(answers: list[tuple[str, bool, float]], limit: int | None = 300) -> ExamResult:
    items = tuple(FormItem(qid, ENTRIES[qid].bank_id, "S") for qid, _, _ in answers)
    form = ExamForm("custom", "t", 1, limit, 80.0, items)
    states = []
    for qid, right, seconds in answers:
        question = ENTRIES[qid].question
        assert isinstance(question, TrueFalse)
        states.append(ItemState(question.answer if right else not question.answer, False, seconds))
    return grade(form, ENTRIES, states, Status.SUBMITTED, 10.0)


def render(renderable: object, width: int = 60) -> str:
    out = io.StringIO()
    Console(file=out, width=width, no_color=True).print(renderable)
    return out.getvalue()


def test_pace_is_the_mean_time_against_the_limits_time_per_question() -> None:
    qids = true_false(None, 4)
    result = result_of([(q, True, s) for q, s in zip(qids, [10.0, 80.0, 30.0, 120.0], strict=True)])
    got = pace(result)
    assert got is not None
    assert (got.total, got.mean, got.allowed) == (240.0, 60.0, 75.0)
    assert [item.position for item in got.slowest] == [3, 1, 2]
    text = " ".join(render(result_view(result, ENTRIES)).split())
    assert "Time per question: 1m 00s on average (the limit allows 1m 15s)" in text
    assert "#4 2m 00s · True or false · correct" in text
    slow = result_of([(q, True, 100.0) for q in qids])
    assert "slower than the pace a screening needs" in " ".join(
        render(result_view(slow, ENTRIES)).split()
    )


def test_review_pages_show_the_time_spent_on_each_question() -> None:
    [qid] = true_false(WEAK, 1)
    result = result_of([(qid, False, 42.4)])
    page = " ".join(render(answer_page(result.items[0], ENTRIES[qid].question, 1)).split())
    assert "Review 1/1 · wrong · 0 of 1 point · 42s on it" in page


def test_study_next_names_the_weakest_topics_with_their_commands() -> None:
    weak, fine = true_false(WEAK, 2), true_false(FINE, 2)
    result = result_of(
        [(weak[0], False, 5), (weak[1], False, 5), (fine[0], True, 5), (fine[1], False, 5)]
    )
    topics = study_next(result, ENTRIES)
    assert [(t.topic, t.lost, t.drill) for t in topics] == [
        (WEAK, 2.0, f"aitrainer practice --bank {WEAK_BANK} --topic {WEAK}"),
        (FINE, 1.0, f"aitrainer practice --bank {FINE_BANK} --topic {FINE}"),
    ]
    text = " ".join(render(result_view(result, ENTRIES)).split())
    assert "Study next" in text
    assert f"{WEAK_BANK} / {WEAK}: 0% of its points" in text
    assert f"drill: aitrainer practice --bank {WEAK_BANK} --topic {WEAK}" in text


def test_study_next_points_at_guideline_sections_the_missed_items_apply() -> None:
    with_guide = [
        qid
        for qid, e in ENTRIES.items()
        if e.guideline is not None and any(e.guideline.section(s) for s in e.question.guideline)
    ]
    assert with_guide, "a shipped item references its bank's guideline"
    qid = with_guide[0]
    entry = ENTRIES[qid]
    form = ExamForm("custom", "t", 1, None, 80.0, (FormItem(qid, entry.bank_id, "S"),))
    result = grade(form, ENTRIES, [ItemState(None, False, 5)], Status.SUBMITTED, None)
    [topic] = study_next(result, ENTRIES)
    assert entry.guideline is not None
    expected = [
        f"aitrainer guide {entry.bank_id} {s}"
        for s in entry.question.guideline
        if entry.guideline.section(s)
    ]
    assert list(topic.read) == expected
    assert f"read: {expected[0]}" in " ".join(render(result_view(result, ENTRIES), 100).split())


def test_nothing_lost_and_no_time_shows_neither_block() -> None:
    qids = true_false(WEAK, 2)
    result = result_of([(q, True, 0.0) for q in qids])
    text = render(result_view(result, ENTRIES))
    assert "Study next" not in text
    assert "Pace" not in text
