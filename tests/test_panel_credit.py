"""Issue 14, panels: the panel's best achievable answer earns full credit (the mean agreement
is divided by the best mean any answer earns, found over the whole answer space), and review
says where the panel split and how the credit was normalised."""

from __future__ import annotations

import re
from itertools import permutations
from typing import Any

import pytest

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.items import QUESTION_ADAPTER, Question, score
from aitrainer_cli.items.preference import Preference
from aitrainer_cli.items.ranking import Ranking
from aitrainer_cli.paths import builtin_banks_dir

BASE = {"id": "q", "topic": "t", "difficulty": "easy", "prompt": "p", "explanation": "e"}


def make(**fields: Any) -> Question:
    return QUESTION_ADAPTER.validate_python({**BASE, **fields})


def ranking(panel: list[Any], labels: str = "ABC", critical: Any = ()) -> Ranking:
    question = make(
        type="ranking",
        context={"responses": {label: f"response {label}" for label in labels}},
        panel=panel,
        critical_pairs=list(critical),
    )
    assert isinstance(question, Ranking)
    return question


def preference(panel: list[int], scale: int = 7) -> Preference:
    question = make(
        type="preference",
        context={"responses": {"A": "one", "B": "two"}},
        panel=panel,
        scale=scale,
    )
    assert isinstance(question, Preference)
    return question


def test_a_split_preference_panel_gives_its_best_point_full_credit() -> None:
    # panel -2, -1, +1: -1 earns (0.75 + 1 + 0) / 3 = 0.5833, -2 earns (1 + .75 + 0) / 3 too;
    # 0 earns (0.4 + 0.75 + 0.75) / 3 = 0.6333, the best: it earns 100%.
    question = preference([-2, -1, 1])
    assert question.best_panel_mean() == pytest.approx(1.9 / 3)
    assert score(question, 0).credit == 1.0
    assert score(question, -1).credit == pytest.approx(1.75 / 1.9)
    assert score(question, 3).credit == pytest.approx(0.4 / 1.9)  # +3: 0, 0, 0.4
    assert score(question, 0).note == (
        "panel split: 63% mean agreement is the best achievable, so it earns full credit"
    )
    assert "panel split: 58% mean agreement, of the best achievable 63%" in (
        score(question, -1).note
    )


def test_a_unanimous_panel_is_scored_as_a_single_key() -> None:
    question = preference([2, 2])
    assert question.best_panel_mean() == 1.0
    assert score(question, 2).credit == 1.0
    assert score(question, 1).credit == 0.75
    assert score(question, -1).credit == 0.0


def test_a_split_ranking_panel_gives_its_best_order_full_credit() -> None:
    # panel A>B>C, B>A>C, C>A>B. Best: A>B>C agrees with 3/3, 2/3, 1/3 = 2/3 mean;
    # B>A>C agrees with 2/3, 3/3, 0/3 = 5/9; so A>B>C earns 100% and B>A>C 5/6.
    question = ranking([["A", "B", "C"], ["B", "A", "C"], ["C", "A", "B"]])
    assert question.best_panel_mean() == pytest.approx(2 / 3)
    assert score(question, ["A", "B", "C"]).credit == pytest.approx(1.0)
    assert score(question, ["B", "A", "C"]).credit == pytest.approx((5 / 9) / (2 / 3))
    # C>B>A agrees with 0, 1/3, 2/3: mean 1/3, half of the best
    assert score(question, ["C", "B", "A"]).credit == pytest.approx(0.5)


def test_the_best_ranking_respects_critical_pairs() -> None:
    # panel A>B>C and B>A>C; a critical pair puts C above A (a violating order earns 0).
    question = ranking([["A", "B", "C"], ["B", "A", "C"]], critical=[["C", "A"]])
    # allowed orders have C above A: C>A>B (1/3, 1/3), B>C>A (1/3, 2/3), C>B>A (0, 1/3)...
    assert question.best_panel_mean() == pytest.approx(0.5)  # B>C>A
    assert score(question, ["B", "C", "A"]).credit == pytest.approx(1.0)
    assert score(question, ["A", "B", "C"]).credit == 0.0


def test_six_responses_the_maximum_is_exact_against_brute_force_with_ties() -> None:
    panel = [
        ["A", "B", "C", "D", "E", "F"],
        ["F", "E", "D", "C", "B", "A"],
        [["A", "B"], "C", "F", ["D", "E"]],
        ["C", "A", "B", "F", "E", "D"],
    ]
    question = ranking(panel, labels="ABCDEF")
    strict = [list(order) for order in permutations("ABCDEF")]
    tied = [[[a, b], *rest] for a, b, *rest in strict[::7]]
    credits = [score(question, order).credit for order in strict + tied]
    assert max(credits) == pytest.approx(1.0)
    assert all(0.0 <= credit <= 1.0 + 1e-12 for credit in credits)


SHIPPED = load_catalog([builtin_banks_dir()]).entries


@pytest.mark.parametrize(
    "qid",
    sorted(
        qid
        for qid, entry in SHIPPED.items()
        if isinstance(entry.question, Ranking | Preference) and entry.question.panel
    ),
)
def test_every_shipped_panel_item_can_be_answered_for_full_credit(qid: str) -> None:
    question = SHIPPED[qid].question
    if isinstance(question, Preference):
        half = question.scale // 2
        answers: list[object] = list(range(-half, half + 1))
    else:
        assert isinstance(question, Ranking)
        answers = [list(order) for order in permutations(sorted(question.response_labels()))]
    credits = [score(question, answer).credit for answer in answers]
    assert max(credits) == pytest.approx(1.0)
    assert min(credits) >= 0.0


def test_review_shows_the_split_and_the_normalisation() -> None:
    from io import StringIO

    from rich.console import Console

    from aitrainer_cli.exam.assembly import ExamForm, FormItem
    from aitrainer_cli.exam.attempt import ItemState, Status
    from aitrainer_cli.exam.results import grade
    from aitrainer_cli.ui.result_view import answer_page

    qid = next(
        qid
        for qid, entry in SHIPPED.items()
        if isinstance(entry.question, Preference)
        and entry.question.panel
        and len(set(entry.question.panel)) > 1
    )
    question = SHIPPED[qid].question
    assert isinstance(question, Preference)
    half = question.scale // 2
    worst = next(v for v in range(-half, half + 1) if 0 < score(question, v).credit < 1)
    form = ExamForm("p", "Panel", 1, None, 80.0, (FormItem(qid, SHIPPED[qid].bank_id, "S"),))
    result = grade(form, SHIPPED, [ItemState(worst, False, 3.0)], Status.SUBMITTED, None)
    out = StringIO()
    Console(file=out, width=60, no_color=True).print(answer_page(result.items[0], question, 1))
    text = " ".join(out.getvalue().split())
    assert re.search(r"Where the panel split \(\d views\)", text)
    assert "of the best achievable" in text
    assert "which earns full credit" in text
