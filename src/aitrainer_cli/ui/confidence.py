"""The confidence prompt (``--confidence``): after each answer, one short menu, guess / unsure /
sure, before any feedback; and the calibration block shown with the result.

Called from one hook in ``ui/session.py``; what the learner picks is committed at once through
``record`` (the store), so a kill right after keeps it like the answer itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aitrainer_cli.ui.asking import Signal

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.attempt import Attempt
    from aitrainer_cli.progress.calibration import Calibration
    from aitrainer_cli.progress.confidence import Level
    from aitrainer_cli.progress.db import Database
    from aitrainer_cli.ui.asking import Asker

QUESTION = "How sure are you of that answer?"
CHOICES: tuple[tuple[str, str], ...] = (
    ("guess", "Guess (about 1 in 3)"),
    ("unsure", "Unsure (about 2 in 3)"),
    ("sure", "Sure (right 19 times in 20)"),
)
WORDS = {"guess": "guess", "unsure": "unsure", "sure": "sure"}


class ConfidencePrompt:
    """Asks how sure the learner is of the answer just given, and records it."""

    def __init__(self, record: Callable[[int, Level], None]) -> None:
        self.record = record

    async def __call__(self, asker: Asker, attempt: Attempt) -> Signal | None:
        """Ask once; a signal (time up, Ctrl-C, end of input) leaves the answer unrated."""
        position = attempt.position
        chosen = await asker.choose(
            QUESTION, list(CHOICES), remaining=attempt.remaining, default="unsure"
        )
        if isinstance(chosen, Signal):
            return chosen
        level: Level = "sure" if chosen == "sure" else "guess" if chosen == "guess" else "unsure"
        self.record(position, level)
        return None


def confidence_prompt(database: Database, attempt_id: int) -> ConfidencePrompt:
    """The prompt for one attempt, committing each level to the store as it is given."""
    from aitrainer_cli.progress.confidence import record_confidence

    return ConfidencePrompt(
        lambda position, level: record_confidence(database, attempt_id, position, level)
    )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def calibration_view(
    calibration: Calibration,
    entries: Mapping[str, Entry] | None = None,
    *,
    title: str = "How sure you were",
    attempts: bool = False,
) -> RenderableType:
    """Accuracy per confidence level with its n, the Brier score, the verdict sentence, and the
    answers given as sure that were wrong (study those first; ``attempts``: named with their
    attempt, when they come from several)."""
    if calibration.n == 0:
        return Text(f"{title}: no answers rated yet (use --confidence).", style="dim")
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_row(Text("said", style="bold"), Text("n", style="bold"), Text("right", style="bold"))
    for figure in calibration.levels:
        table.add_row(WORDS[figure.level], str(figure.n), _percent(figure.accuracy))
    brier = "—" if calibration.brier is None else f"{calibration.brier:.3f}"
    parts: list[RenderableType] = [
        Text(),
        Text(title, style="bold"),
        table,
        Text(f"Brier score {brier} over {calibration.n} answers (0 is perfect; lower is better)"),
        Text(calibration.sentence),
    ]
    if calibration.sure_but_wrong:
        parts.append(Text("Sure but wrong (study these first):", style="bold"))
        listed = Table.grid(padding=(0, 1))
        listed.add_column(no_wrap=True)
        listed.add_column(overflow="fold")
        for rated in calibration.sure_but_wrong[:10]:
            entry = (entries or {}).get(rated.question_id)
            about = f" · {entry.question.title} · {entry.question.topic}" if entry else ""
            where = f"attempt {rated.attempt_id} " if attempts else ""
            listed.add_row(f" {where}#{rated.position + 1}", f"{rated.question_id}{about}")
        parts.append(listed)
    return Group(*parts)
