"""The one place a graded result is printed for a command: as JSON, or as the result page."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Entry
    from aitrainer_cli.exam.results import ExamResult


def print_result(
    result: ExamResult,
    entries: Mapping[str, Entry],
    *,
    as_json: bool,
    stream: TextIO,
    exam: bool = False,
) -> None:
    """``--json``: the result document on ``stream``; otherwise the result page (``exam``: it
    says how written answers were scored)."""
    if as_json:
        from aitrainer_cli.exam.result_json import result_to_json

        document = result_to_json(result, entries)
        stream.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        stream.flush()
        return
    from aitrainer_cli.ui import console
    from aitrainer_cli.ui.result_view import result_view

    console.stdout().print(result_view(result, entries, exam=exam))
