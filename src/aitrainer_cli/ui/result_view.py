"""Render a graded attempt: summary, breakdowns, costliest items, and the review walk-through.

Everything is a rich renderable; bank and learner text only ever goes through ``ui.markup``.
Nothing relies on colour alone: verdicts, PASS/BELOW and found/missed are spelled out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from aitrainer_cli.banks.catalog import Entry
from aitrainer_cli.banks.guideline import Guideline
from aitrainer_cli.exam.answers import format_response
from aitrainer_cli.exam.attempt import Status
from aitrainer_cli.exam.results import Breakdown, ExamResult, ItemResult
from aitrainer_cli.inert import inert
from aitrainer_cli.items import TITLES, Question
from aitrainer_cli.ui.guide_view import guide_notes
from aitrainer_cli.ui.items import view_of
from aitrainer_cli.ui.items.base import percent
from aitrainer_cli.ui.markup import bank_text, plain_words
from aitrainer_cli.ui.mistakes_view import answer_mistakes
from aitrainer_cli.ui.question_view import header, key_view, question_view, title_of

STATUS_WORDS = {
    Status.SUBMITTED: "submitted",
    Status.EXPIRED: "time ran out",
    Status.ABANDONED: "abandoned",
    Status.IN_PROGRESS: "in progress",
}
VERDICT_STYLES = {"correct": "green", "partial": "yellow", "wrong": "red", "unanswered": "dim"}
SELECTIONS = ("all", "wrong", "flagged")


def points(value: float) -> str:
    """A number of points as shown: at most two decimals, no trailing zeros (14.25, 20, 0.5)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _of_points(earned: float, possible: float) -> str:
    return f"{points(earned)} of {points(possible)} point{'' if possible == 1 else 's'}"


def clock(seconds: float) -> str:
    """mm:ss (minutes may pass 59: 75:00 for a 75-minute limit)."""
    minutes, rest = divmod(max(0, round(seconds)), 60)
    return f"{minutes:02d}:{rest:02d}"


# -- summary ------------------------------------------------------------------------------------


def summary_view(result: ExamResult) -> RenderableType:
    """Score, practice target, status, time, counts and the seed to retake the same form."""
    form = result.form
    score = Text("Score ", style="bold")
    score.append(
        f"{points(result.earned)} / {points(result.possible)} points ({result.percent:.1f}%)",
        style="bold",
    )
    target = f"practice target {form.pass_mark:g}%"
    review = form.blueprint_id == "review"  # a spaced review has no target and no seed
    verdict = (
        Text(f"PASS: reached the {target}", style="bold green")
        if result.passed
        else Text(f"BELOW the {target}", style="bold yellow")
    )
    limit = form.time_limit_seconds
    timing = Text(
        f"Status: {STATUS_WORDS[result.status]} · time {clock(result.time_used)}"
        + (f" of {clock(limit)}" if limit is not None else " (untimed)")
    )
    counts = Text()
    for i, name in enumerate(VERDICT_STYLES):
        counts.append(" · " if i else "")
        counts.append(f"{result.count(name)} {name}", style=VERDICT_STYLES[name])
    seed = Text(f"Seed {form.seed}: retake this exact form with --seed {form.seed}", style="dim")
    lines = [bank_text(form.title, style="bold underline"), score, verdict, timing, counts, seed]
    return Group(*(line for line in lines if not (review and line in (verdict, seed))))


# -- breakdowns ---------------------------------------------------------------------------------


def _breakdown_table(
    title: str, label: str, rows: Sequence[Breakdown], names: Mapping[str, str] | None = None
) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, title_style="bold"
    )
    table.add_column(label, overflow="fold", ratio=1)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            bank_text((names or {}).get(row.name, row.name)),
            str(row.count),
            f"{points(row.earned)}/{points(row.possible)}",
            f"{row.percent:.0f}%",
        )
    return table


def breakdown_view(result: ExamResult) -> RenderableType:
    """Points by topic and by item type, weakest first."""
    return Group(
        _breakdown_table("By topic (weakest first)", "bank / topic", result.by_topic),
        _breakdown_table("By kind of question (weakest first)", "kind", result.by_type, TITLES),
    )


# -- costliest ----------------------------------------------------------------------------------


def _first_line(markdown: str) -> str:
    return next((line.strip() for line in markdown.splitlines() if line.strip()), "")


def costliest_view(result: ExamResult, entries: Mapping[str, Entry]) -> RenderableType:
    """The items that lost the most points, with enough of each to recognise it."""
    costly = result.costliest
    if not costly:
        return Text("Nothing cost points: every question earned full credit.", style="green")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1)
    for item in costly:
        entry = entries.get(item.question_id)
        kind = title_of(entry.question) if entry else TITLES[item.type]
        about = Text(f"−{points(item.lost)} · {item.verdict} · {kind} · ", style="bold")
        about.append(item.topic, style="bold")
        line = Text(
            plain_words(_first_line(entry.question.prompt)) if entry else inert(item.question_id),
            overflow="ellipsis",
            no_wrap=True,
        )
        grid.add_row(Text(f"#{item.position + 1}"), Group(about, line))
    return Group(Text("Costliest questions", style="bold"), grid)


def machine_scored_view(
    result: ExamResult, entries: Mapping[str, Entry] | None = None
) -> RenderableType | None:
    """An exam says plainly that its written answers were scored by keywords, not by a person
    (or by the judge command the learner named); free-text parts of tasks count too."""
    written = [
        item
        for item in result.items
        if item.type == "free_text"
        or (
            entries is not None
            and item.question_id in entries
            and entries[item.question_id].question.keyword_scored()
        )
    ]
    judged = sum(1 for item in written if item.score.graded_by == "judge")
    keywords = len(written) - judged
    if not written:
        return None
    lines = []
    if keywords:
        lines.append(
            f"{keywords} written answer{'' if keywords == 1 else 's'} (free text) "
            f"{'was' if keywords == 1 else 'were'} machine-scored by keywords against a rubric, "
            "not read by a person: the review shows each rubric point found, cancelled or missed."
        )
    if judged:
        lines.append(
            f"{judged} written answer{'' if judged == 1 else 's'} (free text) "
            f"{'was' if judged == 1 else 'were'} graded by the judge command you named, not by a "
            "person: the review names it and shows its points beside the keywords'."
        )
    return Text("\n".join(lines), style="yellow")


def result_view(
    result: ExamResult, entries: Mapping[str, Entry], *, exam: bool = False
) -> RenderableType:
    """The whole result page: summary, breakdowns, costliest items; an exam says how its
    written answers were scored."""
    parts = [summary_view(result)]
    note = machine_scored_view(result, entries) if exam else None
    if note is not None:
        parts.append(note)
    parts += [Text(), breakdown_view(result), costliest_view(result, entries)]
    from aitrainer_cli.ui.pace_view import pace_view, study_next_view

    parts += [block for block in (pace_view(result), study_next_view(result, entries)) if block]
    return Group(*parts)


# -- review -------------------------------------------------------------------------------------


class MoreAbove:
    """A page that, when it is taller than the terminal showing it, ends by saying so: the
    learner reading its end knows the top scrolled away and where it began."""

    def __init__(self, page: RenderableType, began: str) -> None:
        self.page, self.began = page, began

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        lines = console.render_lines(self.page, options, pad=False)
        for line in lines:
            yield from line
            yield Segment.line()
        if console.is_terminal and len(lines) > console.height - 2:
            yield Text(
                f"↑ More above: this page is {len(lines)} lines; scroll up to read it from "
                f"its top ({self.began})",
                style="bold yellow",
            )


def walkthrough_selection(result: ExamResult, which: str) -> list[ItemResult]:
    """Items to walk through: all, wrong (anything below full credit, unanswered too), flagged."""
    if which == "all":
        return list(result.items)
    if which == "wrong":
        return [item for item in result.items if item.verdict != "correct"]
    if which == "flagged":
        return [item for item in result.items if item.flagged]
    raise ValueError(f"review selection must be one of {', '.join(SELECTIONS)}, not {which!r}")


def _review_title(item: ItemResult, total: int) -> Text:
    """'Review 3/20 · partly right · 1.5 of 2 points · 40s on it · flagged'."""
    title = Text(f"Review {item.position + 1}/{total} · ", style="bold")
    title.append(item.verdict, style=f"bold {VERDICT_STYLES[item.verdict]}")
    title.append(f" · {_of_points(item.earned, item.points)}", style="bold")
    if item.seconds >= 1:  # time per question, in review as in the result's pace block
        title.append(f" · {round(item.seconds)}s on it", style="dim")
    if item.flagged:
        title.append(" · flagged", style="bold magenta")
    return title


def answer_page(
    item: ItemResult,
    question: Question,
    total: int,
    guideline: Guideline | None = None,
    *,
    exam: bool = False,
    references: Mapping[str, str] | None = None,
    more_above: bool = False,
) -> RenderableType:
    """One item of the review: the question as asked, the learner's answer, credit, and key;
    how a machine-scored type was scored (in every mode: a practice page is a review too);
    then the guideline sections the item references, named and quoted. With ``more_above``
    (practice feedback, the review walk-through: a menu follows) a page taller than the
    terminal ends saying there is more above."""
    title = _review_title(item, total)
    letters = item.item.letters
    answer = Text("Your answer: ", style="bold")
    if item.answered:
        answer.append(inert(format_response(question, item.response, letters)))
    else:
        answer.append("(no answer)", style="dim")
    credit = Text(
        f"Credit: {percent(item.score.credit)} ({_of_points(item.earned, item.points)})",
        style="bold",
    )
    parts: list[RenderableType] = [
        title,
        header(question),
        question_view(question, letters),
        Rule("Your answer"),
        answer,
        credit,
    ]
    if item.score.note and item.answered:
        parts.append(Text(f"Note: {item.score.note}", style="yellow"))
    view = view_of(question)
    judged = item.score.graded_by == "judge"  # its note says who graded it
    disclosure = None if judged else view.exam_note(question)  # practice reviews say it too
    if disclosure is not None:
        parts.append(disclosure)
    extra = view.review_parts(item, question)
    if extra is not None:
        parts.append(extra)
    about = answer_mistakes(question, item.response) if item.answered else None
    if about is not None:
        parts.append(about)
    parts += [
        Rule("Key and explanation"),
        key_view(question, letters, mistakes=False, references=references),
    ]
    if guideline is not None:
        notes = guide_notes(guideline.sections_for(question.guideline))
        if notes is not None:
            parts.append(notes)
    if more_above:  # shown before a menu: a page taller than the window says so at its end
        return MoreAbove(Group(*parts), f"Review {item.position + 1}/{total}")
    return Group(*parts)
