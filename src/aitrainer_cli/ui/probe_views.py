"""The result's consistency block: how the learner judged each probe against its original."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from aitrainer_cli.exam.probes import ProbePair

WORDS = {
    "mirrored": "judged the same way",
    "same side": "same response favoured, another strength",
    "flipped": "judged differently (the other response, or a tie against a preference)",
    "unanswered": "not both answered",
}


def consistency_view(pairs: Sequence[ProbePair]) -> RenderableType | None:
    """Counts per agreement, a sentence, and each pair's question numbers (None: no probes)."""
    if not pairs:
        return None
    counts = Counter(pair.agreement for pair in pairs)
    answered = len(pairs) - counts["unanswered"]
    steady = counts["mirrored"] + counts["same side"]
    lines: list[RenderableType] = [
        Text(),
        Text("Consistency probes", style="bold"),
        Text(
            f"{len(pairs)} side-by-side item{'s were' if len(pairs) != 1 else ' was'} shown twice, "
            "the second time with A and B swapped."
        ),
    ]
    listed = Table.grid(padding=(0, 1))
    listed.add_column(no_wrap=True)
    listed.add_column(overflow="fold")
    for pair in pairs:
        first, second = sorted((pair.original + 1, pair.probe + 1))
        listed.add_row(f" #{first} and #{second}:", WORDS[pair.agreement])
    lines.append(listed)
    if answered:
        sentence = (
            f"You favoured the same response in {steady} of {answered} "
            f"pair{'' if answered == 1 else 's'} "
            f"({counts['mirrored']} with the same strength)."
        )
        if counts["flipped"]:
            sentence += " A flip means the order of the responses swayed you: reread both."
        lines.append(Text(sentence))
    return Group(*lines)
