"""Issue 14, screens and text: rating menus labelled from each dimension's anchors and wrapped at
60 columns, descriptive dimensions, titles in words, previews without raw Markdown, a bare 0."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console, RenderableType

from aitrainer_cli.banks.catalog import load_catalog
from aitrainer_cli.exam.assembly import ExamForm, FormItem
from aitrainer_cli.exam.attempt import ItemState, Status
from aitrainer_cli.exam.results import grade
from aitrainer_cli.items.rating import Rating
from aitrainer_cli.paths import builtin_banks_dir
from aitrainer_cli.ui.items.preference import VIEW as PREFERENCE_VIEW
from aitrainer_cli.ui.items.rating import _message, anchors, value_rows
from aitrainer_cli.ui.prompts import wrapped
from aitrainer_cli.ui.question_view import header
from aitrainer_cli.ui.result_view import result_view

CATALOG = load_catalog([builtin_banks_dir()])
ENTRIES = CATALOG.entries
INSTRUCTION = "(arrows or keys, Enter)"


def render(renderable: RenderableType, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _rating(qid: str) -> Rating:
    question = ENTRIES[qid].question
    assert isinstance(question, Rating)
    return question


def test_anchors_are_read_from_a_dimension_description() -> None:
    assert anchors(
        "Task goal plus every stated restriction. 1 = ignores the request; 3 = meets the goal "
        "but breaks a stated restriction; 5 = meets the goal and every restriction."
    ) == {
        1: "ignores the request",
        3: "meets the goal but breaks a stated restriction",
        5: "meets the goal and every restriction",
    }
    assert anchors("Usefulness (0 = useless or harmful, 4 = fully meets the need)") == {
        0: "useless or harmful",
        4: "fully meets the need",
    }
    assert anchors("Is it accurate?") == {}


def test_rating_options_are_labelled_from_the_dimension_anchors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    question = _rating("if-ec-kettle-rating")
    titles = {row.value: row.title for row in value_rows(question, "instruction_following")}
    assert titles[1] == "ignores the request"
    assert titles[3] == "meets the goal but breaks a stated restriction"
    assert titles[5] == "meets the goal and every restriction"


def test_rating_labels_are_cut_with_an_ellipsis_at_60_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    question = _rating("rr-anchor-top-score-pancakes")
    dimension = next(iter(question.dimensions))
    rows = value_rows(question, dimension)
    long = [row for row in rows if len(question.scale.labels.get(row.value, "")) > 48]
    assert long  # this scale has labels too long for 60 columns
    for row in rows:
        assert len(row.title) + len("   1) ") <= 60
    assert all(row.title.endswith("…") for row in long)


def test_descriptive_dimensions_say_higher_is_not_better() -> None:
    question = _rating("if-od-git-stash-rating")
    assert "higher is not better" in _message(question, None, "verbosity", 0, 3)
    assert "higher is not better" not in _message(question, None, "correctness", 1, 3)
    task = render(header(question)) + render(
        __import__("aitrainer_cli.ui.items", fromlist=["view_of"])
        .view_of(question)
        .task(question, {}),
        width=200,
    )
    assert "verbosity" in task
    assert "higher is not better" in task


@pytest.mark.parametrize("columns", [60, 80])
def test_a_long_prompt_wraps_between_words_with_room_for_the_instruction(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    question = _rating("if-ec-kettle-rating")
    for message in (
        _message(question, None, "instruction_following", 0, 2),
        _message(question, "A", "instruction_following", 0, 2),
        "Rate correctness: Is the information given accurate?",
    ):
        lines = ("? " + wrapped(message, INSTRUCTION) + " " + INSTRUCTION).splitlines()
        assert all(len(line) <= columns - 1 for line in lines), lines
        assert lines[-1].endswith(INSTRUCTION)
        shown = " ".join(" ".join(lines)[2:].split())
        assert shown == " ".join(message.split()) + " " + INSTRUCTION  # no word split


def test_a_rating_of_several_responses_is_not_titled_rate_the_response() -> None:
    question = _rating("rr-multi-oven-both-responses")
    assert "Rate each response" in render(header(question))
    single = _rating("if-ec-kettle-rating")
    assert "Rate the response" in render(header(single))


def test_the_preference_scale_shows_a_bare_zero() -> None:
    question = next(q.question for q in ENTRIES.values() if q.question.type == "preference")
    text = render(PREFERENCE_VIEW.task(question, {}))  # type: ignore[arg-type]
    assert "+0" not in text
    assert re.search(r"^\s+0  About the same", text, re.MULTILINE)


def _graded(*qids: str) -> object:
    items = tuple(FormItem(qid, ENTRIES[qid].bank_id, "s") for qid in qids)
    form = ExamForm("t", "T", 1, None, 80, items)
    return grade(form, ENTRIES, [ItemState() for _ in qids], Status.SUBMITTED, None)


def test_results_name_kinds_of_question_in_words_and_previews_lose_markdown() -> None:
    markdown = next(
        qid
        for qid, entry in ENTRIES.items()
        if entry.question.type == "claim_check"
        and "**" in next(line for line in entry.question.prompt.splitlines() if line.strip())
    )
    result = _graded(markdown, "if-ec-kettle-rating")
    text = render(result_view(result, ENTRIES), width=100)  # type: ignore[arg-type]
    assert "claim_check" not in text
    assert "Check each claim" in text
    assert "Rate the response" in text
    assert "**" not in text


def test_the_rewrite_diff_marks_brackets_as_content_never_as_its_own_marks() -> None:
    from aitrainer_cli.ui.items.rewrite import diff_text

    assert diff_text("See [1] for details.", "See the report for details.").plain == (
        "See [- [1] -] {+the report+} for details."
    )
    assert diff_text("[Note] keep", "Note keep").plain == "[- [Note] -] {+Note+} keep"
    assert diff_text("- one", "one").plain == "[- - -] one"
    assert diff_text("a b c", "a x c d").plain == "a [-b-] {+x+} c {+d+}"


def test_learner_screens_use_plain_words_not_jargon_or_label_ids() -> None:
    from aitrainer_cli.items.claim_check import ClaimCheck
    from aitrainer_cli.ui.items.span_marking import f1_line

    claims = next(e.question for e in ENTRIES.values() if isinstance(e.question, ClaimCheck))
    key = claims.key_text()
    assert "not_enough_info" not in key
    assert "not enough info" in key or "not_enough_info" not in claims.labels
    span = next(e.question for e in ENTRIES.values() if e.question.type == "span_marking")
    line = f1_line(span, {})  # type: ignore[arg-type]
    for jargon in ("Hits", "keyed", "F1"):
        assert jargon not in line
    ranking = next(
        e.question
        for e in ENTRIES.values()
        if e.question.type == "ranking" and e.question.critical_pairs  # type: ignore[attr-defined]
    )
    high, low = ranking.critical_pairs[0]  # type: ignore[attr-defined]
    others = [label for label in ranking.context.responses if label not in (high, low)]
    note = ranking.score([low, *others, high]).note  # type: ignore[union-attr]
    assert "critical pair" not in note
    assert f"{high} must rank above {low}" in note


def test_saving_an_untimed_attempt_does_not_speak_of_time_left() -> None:
    from aitrainer_cli.exam.attempt import Attempt
    from aitrainer_cli.ui.exam_views import saved_note

    form = ExamForm("t", "T", 1, None, 80, (FormItem("if-ec-kettle-rating", "b", "s"),))
    text = saved_note(Attempt(form, lambda: 0.0)).plain
    assert "no time limit left" not in text
    assert "Saved (untimed), 0 answers kept." in text


def test_the_guide_title_names_the_bank_not_a_file_path() -> None:
    from aitrainer_cli.app.guides import find_guide
    from aitrainer_cli.ui.guide_view import guide_page

    bank = next(iter(CATALOG.guidelines))
    text = render(guide_page(find_guide(CATALOG, [bank])), width=200)  # type: ignore[arg-type]
    assert ".md" not in text.splitlines()[0]
    assert f"bank {bank}" in text.splitlines()[0]


def _terminal(renderable: RenderableType, height: int, terminal: bool = True) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=60, height=height, force_terminal=terminal, color_system=None
    )
    console.print(renderable)
    return buffer.getvalue()


def test_feedback_taller_than_the_window_says_there_is_more_above() -> None:
    from aitrainer_cli.ui.result_view import answer_page

    qid = "if-ec-kettle-rating"
    result = _graded(qid)
    item, question = result.items[0], ENTRIES[qid].question  # type: ignore[attr-defined]
    page = answer_page(item, question, 1, more_above=True)
    assert "More above" in _terminal(page, 20)
    assert "(Review 1/1)" in " ".join(_terminal(page, 20).split())
    assert "More above" not in _terminal(page, 500)  # it fits: nothing to say
    assert "More above" not in _terminal(page, 20, terminal=False)  # a pipe keeps everything
    assert "More above" not in _terminal(answer_page(item, question, 1), 20)  # review pages


def test_a_window_smaller_than_60_by_20_is_warned_about() -> None:
    from aitrainer_cli.ui.exam_views import window_warning

    assert window_warning(60, 20) is None
    assert window_warning(120, 40) is None
    for columns, rows in ((59, 24), (80, 19), (40, 10)):
        warning = window_warning(columns, rows)
        assert warning is not None
        assert f"{columns}×{rows}" in warning.plain
        assert "60×20" in warning.plain


def test_rating_dimensions_and_scale_labels_wrap_with_a_hanging_indent() -> None:
    from aitrainer_cli.ui.items import view_of

    for qid in ("if-od-git-stash-rating", "rr-anchor-top-score-pancakes"):
        question = _rating(qid)
        lines = render(view_of(question).task(question, {})).splitlines()
        assert all(len(line) <= 60 for line in lines)
        body = [line for line in lines[1:] if line.strip()]
        starts = ("• ", "  ")  # a bullet, a scale point, or a continuation indented under it
        assert all(line.startswith(starts) for line in body), lines


def test_a_dimension_that_already_says_higher_is_not_better_is_not_told_twice() -> None:
    question = next(
        q
        for q in (e.question for e in ENTRIES.values())
        if isinstance(q, Rating)
        and any("higher is not better" in d.lower() for d in q.dimensions.values())
    )
    name = next(n for n, d in question.dimensions.items() if "higher is not better" in d.lower())
    assert _message(question, None, name, 0, 1).lower().count("higher is not better") == 1


def test_a_point_between_two_anchors_says_so_instead_of_a_bare_number() -> None:
    from aitrainer_cli.items.rating import Rating
    from aitrainer_cli.ui.items.rating import point_label

    rating = Rating.model_validate(
        {
            "id": "r",
            "type": "rating",
            "topic": "t",
            "difficulty": "easy",
            "prompt": "Rate it.",
            "scale": {"min": 0, "max": 4},
            "dimensions": {"helpfulness": "0 = not at all; 2 = partly; 4 = fully"},
            "answer": {"helpfulness": 2},
            "explanation": "Because.",
        }
    )
    labels = [point_label(rating, "helpfulness", v) for v in range(5)]
    assert labels == ["not at all", "between 0 and 2", "partly", "between 2 and 4", "fully"]
