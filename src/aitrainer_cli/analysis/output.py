"""An analysis as JSON or CSV (core: writes to the stream it is given, never prints)."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from aitrainer_cli.analysis.stats import Analysis, Flag, FormStats, ItemStats

FORMATS = ("table", "json", "csv")
CSV_COLUMNS = (
    "blueprint",
    "question_id",
    "type",
    "n",
    "facility",
    "discrimination",
    "mean_seconds",
    "choices",
    "keyed",
    "flags",
    "form_alpha",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def flag_text(flag: Flag) -> str:
    """``weak-distractor:c`` for a flag naming an option, else the code."""
    return f"{flag.code}:{flag.option}" if flag.option else flag.code


def item_dict(item: ItemStats) -> dict[str, object]:
    return {
        "question_id": item.question_id,
        "type": item.type,
        "n": item.n,
        "facility": _round(item.facility),
        "discrimination": _round(item.discrimination),
        "mean_seconds": _round(item.mean_seconds),
        "choices": {option: _round(share) for option, share in item.choices.items()},
        "keyed": sorted(item.keyed),
        "flags": [{"code": f.code, "option": f.option} for f in item.flags],
    }


def form_dict(form: FormStats) -> dict[str, object]:
    return {
        "blueprint": form.blueprint,
        "learners": form.learners,
        "alpha": _round(form.alpha),
        "alpha_learners": form.alpha_learners,
        "items": [item_dict(item) for item in form.items],
    }


def write_json(analysis: Analysis, stream: TextIO) -> None:
    """``{"format": 1, "records", "skipped", "forms": [...]}``."""
    document = {
        "format": 1,
        "records": analysis.records,
        "skipped": analysis.skipped,
        "forms": [form_dict(form) for form in analysis.forms],
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _cell(value: float | None) -> object:
    return "" if value is None else _round(value)


def write_csv(analysis: Analysis, stream: TextIO) -> None:
    """A header and one line per question of each form; choices as ``a=0.25;b=0.5``."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for form in analysis.forms:
        for item in form.items:
            writer.writerow(
                [
                    form.blueprint,
                    item.question_id,
                    item.type,
                    item.n,
                    _cell(item.facility),
                    _cell(item.discrimination),
                    _cell(item.mean_seconds),
                    ";".join(f"{k}={_round(v)}" for k, v in item.choices.items()),
                    ";".join(sorted(item.keyed)),
                    ";".join(flag_text(flag) for flag in item.flags),
                    _cell(form.alpha),
                ]
            )
