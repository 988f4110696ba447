"""Result and review views, and the JSON result, on real forms graded from the shipped banks."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from rich.console import Console, RenderableType

from aitrainer_cli.banks.blueprint import Blueprint, Section
from aitrainer_cli.banks.catalog import Catalog, Entry, load_catalog
from aitrainer_cli.exam.assembly import ExamForm, FormItem, assemble
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.exam.result_json import result_to_json
from aitrainer_cli.exam.results import ExamResult, grade
from aitrainer_cli.items import ITEM_TYPES, TITLES, Question
from aitrainer_cli.items.preference import Preference
from aitrainer_cli.items.rank_order import RankOrder
from aitrainer_cli.items.ranking import Ranking
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.markup import plain_words
from aitrainer_cli.ui.result_view import (
    answer_page,
    breakdown_view,
    clock,
    costliest_view,
    points,
    result_view,
    summary_view,
    walkthrough_selection,
)

CATALOG: Catalog = load_catalog([builtin_banks_dir()])
ENTRIES = CATALOG.entries
WIDTH = 60
BLUEPRINT = Blueprint(
    id="every-type",
    title="Every type [draft]",
    time_limit="25m",
    pass_mark=80,
    sections=[
        Section(
            title=kind,
            count=min(2, sum(1 for e in ENTRIES.values() if e.question.type == kind)),
            types=[kind],
        )
        for kind in ITEM_TYPES
    ],
)


def render(renderable: RenderableType, width: int = WIDTH) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def assert_fits(text: str, width: int = WIDTH) -> None:
    too_wide = [line for line in text.splitlines() if len(line) > width]
    assert not too_wide, too_wide


def key_response(question: Question) -> Any:
    match question.type:
        case "multiple_choice":
            return list(question.answer)
        case "ranking" | "preference":
            return question.answer if question.answer is not None else question.panel[0]
        case "rating" if question.responses is not None:  # one key per rated response
            return {
                label: {k: v[0] if isinstance(v, list) else v for k, v in keys.items()}
                for label, keys in question.answer.items()
            }
        case "rating":
            return {k: v[0] if isinstance(v, list) else v for k, v in question.answer.items()}
        case "claim_check" if question.cite:  # with the deciding passage
            return {
                c: {"verdict": v, **({"passage": p[0]} if (p := question.deciding(c)) else {})}
                for c, v in question.answer.items()
            }
        case "claim_check":
            return dict(question.answer)
        case "free_text" | "rewrite":
            return question.model_answer
        case "task":
            return {
                key: key_response(question.part_question(i))
                for i, key in enumerate(question.part_keys())
            }
        case _:
            return question.answer


def wrong_response(question: Question) -> Any:
    match question.type:
        case "single_choice":
            return next(k for k in question.options if k != question.answer)
        case "multiple_choice":
            return [k for k in question.options if k not in question.answer][:1]
        case "true_false":
            return not question.answer
        case "ranking":
            return list(reversed(RankOrder.parse(key_response(question)).labels()))  # type: ignore[union-attr]
        case "preference":
            key = key_response(question)
            return -(question.scale // 2) if key >= 0 else question.scale // 2
        case "rating" if question.responses is not None:
            scale = question.scale
            return {
                label: {
                    k: scale.max
                    if (v[0] if isinstance(v, list) else v) < (scale.min + scale.max) / 2
                    else scale.min
                    for k, v in keys.items()
                }
                for label, keys in question.answer.items()
            }
        case "rating":
            scale = question.scale
            return {
                k: scale.max
                if (v[0] if isinstance(v, list) else v) < (scale.min + scale.max) / 2
                else scale.min
                for k, v in question.answer.items()
            }
        case "claim_check":
            return {
                c: next(lab for lab in question.labels if lab != v)
                for c, v in question.answer.items()
            }
        case "task":
            return {
                key: wrong_response(question.part_question(i))
                for i, key in enumerate(question.part_keys())
            }
        case _:
            return "No idea."


def build(
    form: ExamForm,
    pattern: str = "kwn",
    status: Status = Status.SUBMITTED,
    remaining: float | None = 300.0,
) -> ExamResult:
    """Grade ``form`` answering item i by pattern[i % len]: k = key, w = wrong, n = none."""
    states = []
    for i, item in enumerate(form.items):
        question = ENTRIES[item.question_id].question
        mode = pattern[i % len(pattern)]
        response = (
            key_response(question)
            if mode == "k"
            else wrong_response(question)
            if mode == "w"
            else None
        )
        states.append(ItemState(response, flagged=i % 4 == 1, seconds=40.0 + i))
    return grade(form, ENTRIES, states, status, remaining)


FORM = assemble(ENTRIES, BLUEPRINT, seed=11)
RESULT = build(FORM)


def first(kind: type[Ranking] | type[Preference]) -> Entry:
    return next(e for e in ENTRIES.values() if isinstance(e.question, kind) and e.question.panel)


def panel_form() -> ExamForm:
    items = tuple(
        FormItem(e.question.id, e.bank_id, "panel") for e in (first(Ranking), first(Preference))
    )
    return ExamForm("panel", "Panel items", 5, None, 80, items)


# -- summary --------------------------------------------------------------------------------------


def test_points_and_clock_formatting() -> None:
    assert [points(v) for v in (14.25, 20.0, 0.5, 1 / 3, 0.0)] == [
        "14.25",
        "20",
        "0.5",
        "0.33",
        "0",
    ]
    assert [clock(v) for v in (0, 59.6, 754, 4500)] == ["00:00", "01:00", "12:34", "75:00"]


def test_summary_shows_score_target_status_time_counts_and_seed() -> None:
    text = render(summary_view(RESULT))
    assert (
        f"{points(RESULT.earned)} / {points(RESULT.possible)} points "
        f"({RESULT.percent:.1f}%)" in text
    )
    assert "practice target 80%" in text
    assert "pass mark" not in text.lower()
    assert ("PASS" in text) is RESULT.passed
    assert ("BELOW" in text) is not RESULT.passed
    assert "Every type [draft]" in text  # bank text is not taken for markup
    assert "submitted" in text
    assert f"of {clock(25 * 60)}" in text
    assert f"time {clock(RESULT.time_used)}" in text
    for verdict in ("correct", "partial", "wrong", "unanswered"):
        assert f"{RESULT.count(verdict)} {verdict}" in text
    assert sum(RESULT.count(v) for v in ("correct", "partial", "wrong", "unanswered")) == len(
        FORM.items
    )
    assert "retake this exact form with --seed 11" in text
    assert_fits(text)


def test_summary_of_a_perfect_expired_attempt_and_an_untimed_one() -> None:
    perfect = build(FORM, "k", Status.EXPIRED, 0.0)
    text = render(summary_view(perfect))
    assert "time ran out" in text
    assert "PASS: reached the practice target 80%" in text
    assert "BELOW" not in text
    untimed = build(panel_form(), "n", Status.ABANDONED, None)
    text = render(summary_view(untimed))
    assert "abandoned" in text
    assert "(untimed)" in text
    assert "BELOW the practice target" in text
    assert "0 / 2 points (0.0%)" in text


# -- breakdown and costliest ----------------------------------------------------------------------


def test_breakdown_lists_every_topic_and_type_weakest_first_and_fits_60_columns() -> None:
    text = render(breakdown_view(RESULT))
    assert_fits(text)
    wide = render(breakdown_view(RESULT), width=120)
    for row in (*RESULT.by_topic, *RESULT.by_type):
        assert f"{points(row.earned)}/{points(row.possible)}" in text
    for row in RESULT.by_topic:
        assert row.name in wide
    type_rows = wide[wide.index("By kind of question") :]
    places = [type_rows.index(TITLES[row.name]) for row in RESULT.by_type]  # words, not type ids
    assert places == sorted(places)
    percents = [row.percent for row in RESULT.by_type]
    assert percents == sorted(percents)


def test_costliest_lists_the_items_that_lost_most_with_their_prompt() -> None:
    text = render(costliest_view(RESULT, ENTRIES), width=200)
    assert RESULT.costliest
    for item in RESULT.costliest:
        assert f"#{item.position + 1}" in text
        assert f"−{points(item.lost)}" in text
        prompt = ENTRIES[item.question_id].question.prompt.strip().splitlines()[0].strip()
        assert plain_words(prompt)[:40] in text  # the words, without Markdown marks
    assert_fits(render(costliest_view(RESULT, ENTRIES)))
    assert "full credit" in render(costliest_view(build(FORM, "k"), ENTRIES))


def test_prompt_text_is_never_read_as_markup() -> None:
    item = RESULT.costliest[0]
    question = ENTRIES[item.question_id].question.model_copy(update={"prompt": "[red]x[/red] ?"})
    entries = {**ENTRIES, item.question_id: Entry(item.item.bank_id, question)}
    assert "[red]x[/red] ?" in render(costliest_view(RESULT, entries))


def test_result_view_composes_the_three_parts_at_60_columns() -> None:
    text = render(result_view(RESULT, ENTRIES))
    assert_fits(text)
    for part in ("practice target", "By topic", "By kind of question", "Costliest"):
        assert part in text


# -- review ---------------------------------------------------------------------------------------


def test_review_selection() -> None:
    assert walkthrough_selection(RESULT, "all") == list(RESULT.items)
    wrong = walkthrough_selection(RESULT, "wrong")
    assert wrong == [i for i in RESULT.items if i.score.credit < 1 or not i.answered]
    assert any(not i.answered for i in wrong)
    assert walkthrough_selection(RESULT, "flagged") == [i for i in RESULT.items if i.flagged]
    with pytest.raises(ValueError, match="all, wrong, flagged"):
        walkthrough_selection(RESULT, "some")


def test_every_review_page_fits_60_columns_and_names_the_verdict() -> None:
    for item in RESULT.items:
        text = render(answer_page(item, ENTRIES[item.question_id].question, 16))
        assert_fits(text)
        assert f"Review {item.position + 1}/16 · {item.verdict}" in text
        assert "Your answer:" in text
        model = item.type in ("free_text", "rewrite")
        assert ("Model answer:" if model else "Key:") in text
        assert ("(no answer)" in text) is not item.answered


def test_review_of_a_choice_uses_the_shuffled_letters_for_answer_and_key() -> None:
    for seed in range(40):
        form = assemble(ENTRIES, BLUEPRINT, seed)
        result = build(form, "w")
        item = next(i for i in result.items if i.type == "single_choice")
        letters = item.item.letters
        question = ENTRIES[item.question_id].question
        assert question.type == "single_choice"
        assert isinstance(item.response, str)
        if letters[question.answer] != question.answer and letters[item.response] != item.response:
            break
    else:  # pragma: no cover - the shuffle always moves some option
        pytest.fail("no shuffled single choice found")
    text = " ".join(render(answer_page(item, question, 16), width=400).split())
    mine, key = letters[item.response], letters[question.answer]
    assert f"Your answer: {mine}) {' '.join(question.options[item.response].split())}" in text
    assert f"Key: {key}) {' '.join(question.options[question.answer].split())}" in text
    assert f"Review {item.position + 1}/16 · wrong · 0 of 1 point" in text


def test_review_of_panel_items_shows_where_the_panel_split() -> None:
    result = build(panel_form(), "k")
    for item in result.items:
        question = ENTRIES[item.question_id].question
        assert isinstance(question, Ranking | Preference)
        assert question.panel
        text = render(answer_page(item, question, 2), width=100)
        n = len(question.panel)
        same = sum(1 for judgement in question.panel if judgement == item.response)
        assert "panel" in text.lower()
        assert f"{same} of {n} experts" in text
        for i in range(1, n + 1):
            assert re.search(rf"^\s*{i}\s", text, re.MULTILINE)
        if isinstance(question, Preference):
            assert "chose your side" in text
            for value in set(question.panel):
                assert f"{value:+d}" in text
        assert_fits(render(answer_page(item, question, 2)))


def test_review_of_free_text_shows_the_model_answer_and_rubric_points() -> None:
    result = build(FORM, "w")
    item = next(i for i in result.items if i.type == "free_text")
    question = ENTRIES[item.question_id].question
    assert question.type == "free_text"
    text = " ".join(render(answer_page(item, question, 16), width=200).split())
    assert "Your answer: No idea." in text
    assert " ".join(question.model_answer.split())[:60] in text
    assert "missed" in text
    for rubric in question.rubric:
        assert " ".join(rubric.point.split())[:30] in text


def test_review_of_ratings_and_claims_shows_each_part_with_the_key() -> None:
    for kind in ("rating", "claim_check"):
        item = next(i for i in RESULT.items if i.type == kind and i.answered)
        question = ENTRIES[item.question_id].question
        text = render(answer_page(item, question, 16), width=120)
        assert item.score.parts
        several = getattr(question, "responses", None) is not None
        for name, _ in item.score.parts:
            # several rated responses: a row per dimension, a column per response ("A helpfulness")
            row = name.split(" ", 1)[1] if several else name
            assert re.search(rf"^\s*{re.escape(row)}\s", text, re.MULTILINE)


def test_views_are_no_color_safe() -> None:
    sgr_colour = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8])(?:;[0-9;]*)?m")
    out = io.StringIO()
    console = Console(file=out, width=WIDTH, force_terminal=True, no_color=True)
    console.print(result_view(RESULT, ENTRIES))
    for item in RESULT.items:
        console.print(answer_page(item, ENTRIES[item.question_id].question, 16))
    assert not sgr_colour.search(out.getvalue())
    plain = render(result_view(RESULT, ENTRIES))
    assert "\x1b" not in plain
    assert "PASS" in plain or "BELOW" in plain


# -- JSON -----------------------------------------------------------------------------------------


def test_result_json_is_json_ready_and_matches_the_result() -> None:
    data = json.loads(json.dumps(result_to_json(RESULT, ENTRIES)))
    assert data["blueprint_id"] == "every-type"
    assert data["seed"] == 11
    assert data["status"] == "submitted"
    assert data["passed"] is RESULT.passed
    assert data["earned"] == pytest.approx(RESULT.earned, abs=1e-3)
    assert data["possible"] == pytest.approx(RESULT.possible)
    assert data["percent"] == pytest.approx(RESULT.percent, abs=1e-3)
    assert data["pass_mark"] == 80
    assert data["time_limit_seconds"] == 1500
    assert data["time_used_seconds"] == pytest.approx(RESULT.time_used, abs=0.1)
    assert data["counts"] == {
        v: RESULT.count(v) for v in ("correct", "partial", "wrong", "unanswered")
    }
    assert [row["name"] for row in data["by_topic"]] == [row.name for row in RESULT.by_topic]
    assert sum(row["possible"] for row in data["by_type"]) == pytest.approx(RESULT.possible)
    assert [i["position"] for i in data["items"]] == list(range(1, len(FORM.items) + 1))
    for row, item in zip(data["items"], RESULT.items, strict=True):
        assert row["question_id"] == item.question_id
        assert row["type"] == item.type
        assert row["earned"] == pytest.approx(item.earned, abs=1e-3)
        assert row["credit"] == pytest.approx(item.score.credit, abs=1e-3)
        assert row["flagged"] is item.flagged
        assert row["note"] == item.score.note
        assert len(row["parts"]) == len(item.score.parts)
        if item.type == "single_choice" and item.answered:
            assert row["response"] == item.response  # the option key, not the letter
        assert (row["response"] is None) is (not item.answered)
        assert (row["response_text"] is None) is (not item.answered)
    sets = build(panel_form(), "k")
    assert json.dumps(result_to_json(sets, ENTRIES))
