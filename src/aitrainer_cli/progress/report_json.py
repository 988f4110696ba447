"""``aitrainer progress --json``: the overview as one JSON object, for scripts and dashboards.
Every figure carries what it rests on (n, distinct questions, an interval where n is small).
Core layer: builds values, never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aitrainer_cli.progress.intervals import Interval
    from aitrainer_cli.progress.stats import ProgressReport


def _interval(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [round(interval.low, 4), round(interval.high, 4)]


def report_json(report: ProgressReport) -> dict[str, object]:
    """The whole ``progress`` report as JSON-ready values."""
    counts = report.counts
    return {
        "attempts": {
            "total": counts.total,
            "graded": counts.graded,
            "in_progress": counts.in_progress,
        },
        "trends": {
            trend.kind: {
                "scores": [
                    {"attempt": s.attempt_id, "mode": s.mode, "percent": round(s.percent, 2)}
                    for s in trend.scores
                ],
                "change": None if trend.change is None else round(trend.change, 2),
            }
            for trend in report.trends
        },
        "mastery": [
            {
                "bank": m.bank_id,
                "topic": m.topic,
                "accuracy": round(m.accuracy, 4),
                "questions": m.items,
                "answers": m.answers,
                "interval": _interval(m.interval),
            }
            for m in report.mastery
        ],
        "weakest": [{"bank": m.bank_id, "topic": m.topic} for m in report.weakest],
        "reviews_due": report.due,
        "readiness": [
            {
                "blueprint": r.blueprint_id,
                "pass_mark": r.pass_mark,
                "estimate": None if r.estimate is None else round(r.estimate, 2),
                "interval": _interval(r.interval),
                "questions": r.items,
                "verdict": r.verdict,
                "method": r.method,
            }
            for r in report.readiness
        ],
        "calibration": None if report.calibration is None else report.calibration.as_json(),
        "rater_profile": None if report.rater_profile is None else report.rater_profile.as_json(),
    }
