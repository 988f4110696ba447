"""``aitrainer analyze --lrs``: the cohort's statements pulled back from the LRS and analysed
like exported files, plus a table per learner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from aitrainer_cli.errors import UsageError
from aitrainer_cli.inert import inert_line

if TYPE_CHECKING:
    from aitrainer_cli.analysis.records import ResponseRecord
    from aitrainer_cli.app.lrs_settings import LrsSettings
    from aitrainer_cli.xapi.cohort import LearnerRow


def since_filter(text: str) -> str:
    """``--since`` (a date, or an ISO 8601 time) as the xAPI ``since`` parameter."""
    try:
        moment = (
            datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            if len(text) == 10
            else datetime.fromisoformat(text)
        )
    except ValueError:
        raise UsageError(
            f"--since {inert_line(text)!r} is not a date",
            hint="write a date (2026-03-01) or a time (2026-03-01T09:00:00+00:00)",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def pull_cohort(
    settings: LrsSettings,
    since: str | None = None,
    blueprint: str | None = None,
    on_page: Callable[[int], None] | None = None,
) -> tuple[list[ResponseRecord], list[LearnerRow]]:
    """The records of every finished attempt the LRS holds (since a date, of one blueprint)."""
    from aitrainer_cli.app.lrs_pull import pull
    from aitrainer_cli.xapi.cohort import cohort

    settings.require_url()
    filters: dict[str, str] = {}
    if since:
        filters["since"] = since_filter(since)
    # The blueprint is chosen here, not with xAPI's ``activity`` and ``related_activities``:
    # Ralph 5.1 compares those parameters, wrapped in its IRI model, with plain strings, so
    # they never match in its file-system backend.
    return cohort(pull(settings, filters, on_page=on_page), blueprint=blueprint)
