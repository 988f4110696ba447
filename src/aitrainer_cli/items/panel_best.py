"""The best achievable agreement with an expert panel, so that the panel's own best answer earns
full credit: averaging agreement with each expert leaves every answer below 100% when the
experts disagree, which reads as a mistake the learner did not make.

Scores are normalised by the maximum of the mean agreement over the whole answer space: every
point of a side-by-side scale, and every strict order of a ranking's responses (at most 6! =
720; a tied order never beats its best strict refinement, since a tie earns the average of the
two orders). Core layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import permutations

FULL = 1 - 1e-9


def normalised(mean_credit: float, best: float) -> float:
    """The mean agreement as a share of the best achievable (capped at 1; 0 when nothing earns
    anything)."""
    if best <= 0:
        return 0.0
    return min(1.0, mean_credit / best)


def panel_note(mean_credit: float, best: float) -> str:
    """Words for review when normalising changed the credit."""
    if best >= FULL or best <= 0:
        return ""
    if mean_credit >= best - 1e-9:
        return (
            f"panel split: {100 * mean_credit:.0f}% mean agreement is the best achievable, "
            "so it earns full credit"
        )
    return (
        f"panel split: {100 * mean_credit:.0f}% mean agreement, of the best achievable "
        f"{100 * best:.0f}% (which earns full credit)"
    )


def best_mean(candidates: Iterable[int], credit_of: Callable[[int], Sequence[float]]) -> float:
    """The highest mean credit any candidate answer earns against the panel."""
    best = 0.0
    for candidate in candidates:
        credits = credit_of(candidate)
        if credits:
            best = max(best, sum(credits) / len(credits))
    return best


@lru_cache(maxsize=512)
def best_ranking_mean(
    panel: tuple[tuple[tuple[str, ...], ...], ...],
    labels: tuple[str, ...],
    critical: tuple[tuple[str, str], ...],
    agreement: Callable[[tuple[tuple[str, ...], ...], tuple[str, ...]], float],
) -> float:
    """The best mean agreement over every strict order of ``labels`` that keeps the critical
    pairs (each panel ranking as tie groups, best first). Cached: an item's panel is fixed."""
    best = 0.0
    for order in permutations(labels):
        place = {label: i for i, label in enumerate(order)}
        if any(place.get(high, 99) >= place.get(low, 99) for high, low in critical):
            continue
        mean = sum(agreement(key, order) for key in panel) / len(panel)
        best = max(best, mean)
    return best
