"""Item analysis of exported attempts: facility, discrimination, choice frequencies, time, flags,
and Cronbach's alpha per form. Core layer: pure functions over response records, never prints.

The statistics take a plain iterable of :class:`ResponseRecord`; reading export files is a
separate step (:mod:`aitrainer_cli.analysis.reader`), so another source can feed the same
analysis.
"""

from __future__ import annotations

from aitrainer_cli.analysis.records import ChoiceKey, ResponseRecord
from aitrainer_cli.analysis.stats import (
    Analysis,
    FormStats,
    ItemStats,
    Thresholds,
    analyze,
    corrected_item_total,
    cronbach_alpha,
)

__all__ = [
    "Analysis",
    "ChoiceKey",
    "FormStats",
    "ItemStats",
    "ResponseRecord",
    "Thresholds",
    "analyze",
    "corrected_item_total",
    "cronbach_alpha",
]
