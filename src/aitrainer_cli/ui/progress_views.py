"""Render progress: the overview (scores chart, mastery, weakest topics, reviews due, readiness),
the history table, and the outcome of export and reset.

Built for 60 columns and up; nothing relies on colour alone (trends and verdicts are spelled out)
and output goes through the shared consoles, so NO_COLOR is respected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.ui import console
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.progress_figures import (
    mastery_view,
    readiness_view,
    trends_view,
    weakest_view,
)

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.progress.files import ResetOutcome, StoreContents
    from aitrainer_cli.progress.history import RegradedAttempt
    from aitrainer_cli.progress.records import AttemptSummary
    from aitrainer_cli.progress.stats import ProgressReport

STATUS_WORDS = {
    "submitted": "submitted",
    "expired": "time ran out",
    "abandoned": "abandoned",
    "in_progress": "in progress",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(*columns: str, flexible: int = 0, title: str | None = None) -> Table:
    """Columns that never wrap, except ``flexible`` which takes the room left and folds."""
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        title=title,
        title_justify="left",
        title_style="bold",
    )
    for index, name in enumerate(columns):
        grows = index == flexible
        table.add_column(
            name,
            overflow="fold",
            justify="left" if grows else "right",
            no_wrap=not grows,
            ratio=1 if grows else None,
        )
    return table


# -- overview -----------------------------------------------------------------------------------


def progress_view(report: ProgressReport) -> RenderableType:
    """The whole overview."""
    counts = report.counts
    head = Text(
        f"{_plural(counts.total, 'attempt')} taken: {counts.graded} graded, "
        f"{counts.in_progress} unfinished",
        style="bold",
    )
    due = Text(
        f"Spaced review: {_plural(report.due, 'question')} due now",
        style="bold" if report.due else "",
    )
    return Group(
        head,
        Text(),
        trends_view(report.trends),
        Text(),
        mastery_view(report.mastery)
        if report.mastery
        else Text("Mastery by topic: no answered questions graded yet.", style="dim"),
        weakest_view(report.weakest),
        Text(),
        due,
        Text(),
        readiness_view(report.readiness),
        *_judging(report),
    )


def _judging(report: ProgressReport) -> list[RenderableType]:
    """How the learner judges, and how sure they were (when they rated any answers)."""
    from aitrainer_cli.ui.confidence import calibration_view
    from aitrainer_cli.ui.rater_views import rater_profile_view

    parts: list[RenderableType] = [Text(), rater_profile_view(report.rater_profile)]
    if report.calibration is not None and report.calibration.n:
        parts.append(calibration_view(report.calibration, attempts=True))
    return parts


def show_progress(report: ProgressReport) -> None:
    """Print the overview, or say there is nothing yet."""
    if report.is_empty:
        show_nothing_yet()
        return
    console.stdout().print(progress_view(report))


def show_nothing_yet() -> None:
    """What an empty store shows instead of numbers."""
    console.stdout().print(
        Text(
            "No attempts yet: nothing to show. Start with `aitrainer exam` or `aitrainer practice`."
        )
    )


# -- history, export, reset ---------------------------------------------------------------------


def history_view(attempts: Sequence[AttemptSummary], total: int) -> RenderableType:
    """Attempts, newest first: id, date, mode, title, score and status."""
    table = _table("id", "date", "title · mode", "score", "status", flexible=2)
    for attempt in attempts:
        status = STATUS_WORDS[attempt.status.value]
        if attempt.status.value == "in_progress":
            status += f" {attempt.answered}/{attempt.items}"
        score = "—" if attempt.percent is None else f"{attempt.percent:.1f}%"
        title = bank_text(attempt.title)
        title.append(f" · {attempt.mode}", style="dim")
        table.add_row(
            f"#{attempt.id}",
            attempt.started_at.astimezone().strftime("%Y-%m-%d"),
            title,
            score,
            status,
        )
    parts: list[RenderableType] = [table]
    if len(attempts) < total:
        parts.append(
            Text(
                f"Showing the latest {len(attempts)} of {total}; --limit 0 shows all.", style="dim"
            )
        )
    parts.append(Text("See one again: aitrainer history ID", style="dim"))
    return Group(*parts)


def show_history(attempts: Sequence[AttemptSummary], total: int) -> None:
    if not attempts:
        show_nothing_yet()
        return
    console.stdout().print(history_view(attempts, total))


def _change_note(position: int, question_id: str, change: str, credit: float | None) -> Text:
    then = "not graded then" if credit is None else f"credit then {100 * credit:.0f}%"
    if change == "edited":
        return Text(
            f"Question #{position + 1} ({question_id}) was edited since this attempt: "
            f"graded against its current version ({then}).",
            style="yellow",
        )
    return Text(
        f"Question #{position + 1} ({question_id}) is no longer in the banks: left out "
        f"of this review ({then}).",
        style="yellow",
    )


def _unloaded(banks: Sequence[str]) -> str:
    return (
        f"Bank {', '.join(banks)} is not loaded; to grade its questions again, load it with "
        "--banks PATH, AITRAINER_BANKS or 'banks' in the config file ('aitrainer path --all')."
    )


def attempt_review_view(
    review: RegradedAttempt,
    entries: Mapping[str, Entry],
    selection: str | None = None,
    extras: tuple[RenderableType | None, Sequence[int]] = (None, ()),
) -> RenderableType:
    """A past attempt re-graded: what changed since, the result page (with ``extras``: its
    calibration and probes, and the sure-but-wrong positions, reviewed first), and the chosen
    items."""
    from rich.rule import Rule

    from aitrainer_cli.ui.result_view import answer_page, result_view, walkthrough_selection

    attempt, result = review.attempt, review.result
    parts: list[RenderableType] = [
        Text(
            f"Attempt #{attempt.id} · {attempt.mode} · started {_local(attempt.started_at)}",
            style="bold",
        )
    ]
    parts += [
        _change_note(c.position, c.question_id, c.change, c.stored_credit) for c in review.changes
    ]
    missing = sorted(
        {attempt.form.items[c.position].bank_id for c in review.changes if c.change == "removed"}
    )
    if missing:
        parts.append(bank_text(_unloaded(missing), style="yellow"))
    if review.stored_percent is not None and abs(review.stored_percent - result.percent) > 0.05:
        parts.append(
            Text(
                f"Scored {review.stored_percent:.1f}% at the time; re-graded against "
                "the current banks below.",
                style="yellow",
            )
        )
    if not result.items:
        parts.append(Text("None of this attempt's questions are in the banks any more."))
        return Group(*parts)
    exam = attempt.mode == "exam"
    parts += [Text(), result_view(result, entries, exam=exam)]
    after, first = extras
    if after is not None:
        parts.append(after)
    total = len(attempt.form.items)
    chosen = walkthrough_selection(result, selection) if selection else []
    for item in sorted(chosen, key=lambda i: i.position not in first):  # sure but wrong first
        entry = entries[item.question_id]
        page = answer_page(
            item,
            entry.question,
            total,
            entry.guideline,
            exam=exam,
            references=dict(entry.references),
        )
        parts += [Rule(), page]
    return Group(*parts)


def show_attempt_review(
    review: RegradedAttempt,
    entries: Mapping[str, Entry],
    selection: str | None = None,
    extras: tuple[RenderableType | None, Sequence[int]] = (None, ()),
) -> None:
    console.stdout().print(attempt_review_view(review, entries, selection, extras))


def show_exported(attempts: int, rows: int, output: Path | None) -> None:
    """Say on stderr what was exported (stdout carries the data itself)."""
    where = f" to {output}" if output is not None else ""
    # soft_wrap: a path is never broken across lines, so it can be copied whole.
    console.stderr().print(
        Text(
            f"Exported {_plural(attempts, 'attempt')} ({_plural(rows, 'question row')}){where}.",
            style="dim",
        ),
        soft_wrap=True,
    )


def reset_question(path: Path, held: StoreContents) -> str:
    """The confirmation asked before a reset."""
    return (
        f"Remove {_plural(held.attempts, 'attempt')}, {_plural(held.answers, 'answer')} "
        f"and {_plural(held.review_cards, 'review card')} from {path}? "
        "(a backup copy is made first)"
    )


def show_reset(outcome: ResetOutcome | None, path: Path) -> None:
    """What the reset did and where the backup is; or that there was nothing, or it was kept."""
    out = console.stdout()
    if outcome is None:
        out.print(Text(f"Nothing changed: {path} was kept as it was."), soft_wrap=True)
        return
    removed = outcome.removed
    out.print(
        Text(
            f"Removed {_plural(removed.attempts, 'attempt')}, "
            f"{_plural(removed.answers, 'answer')} and "
            f"{_plural(removed.review_cards, 'review card')} from {path}."
        ),
        soft_wrap=True,
    )
    out.print(Text(f"Backup: {outcome.backup}", style="bold"), soft_wrap=True)
    out.print(Text(f"To undo, copy the backup back over {path.name}.", style="dim"))
