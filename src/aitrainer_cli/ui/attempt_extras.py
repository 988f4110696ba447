"""What the result page shows below the score for one attempt, after it and in ``history ID``:
its calibration (answers rated with ``--confidence``) and its consistency probes; and the form
positions answered as sure but wrong, which review offers first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.assembly import ExamForm
    from aitrainer_cli.progress.db import Database


def attempt_extras(
    database: Database,
    attempt_id: int,
    form: ExamForm,
    responses: Sequence[object],
    entries: Mapping[str, Entry],
) -> tuple[RenderableType | None, list[int]]:
    """The calibration and probe blocks (None when the attempt has neither), and the positions
    answered as sure but wrong."""
    from aitrainer_cli.exam.probes import probe_pairs
    from aitrainer_cli.progress.calibration import calibration
    from aitrainer_cli.progress.confidence import rated_answers
    from aitrainer_cli.ui.confidence import calibration_view
    from aitrainer_cli.ui.probe_views import consistency_view

    parts: list[RenderableType] = []
    first: list[int] = []
    rated = rated_answers(database, attempt_id)
    if rated:
        figures = calibration(rated)
        parts.append(calibration_view(figures, entries))
        first = [answer.position for answer in figures.sure_but_wrong]
    probes = consistency_view(probe_pairs(form, responses))
    if probes is not None:
        parts.append(probes)
    return (Group(*parts) if parts else None), first
