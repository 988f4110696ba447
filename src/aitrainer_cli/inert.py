"""Text from outside (banks, answers files, file names, learners' answers, exception messages)
made inert before it reaches a terminal or a log. The characters are those of ``banks.inert``
(controls, format and bidi characters, separators, lone surrogates), written as visible escapes;
``inert`` keeps the newlines and tabs that multi-line text needs, ``inert_line`` escapes them too.
"""

from __future__ import annotations

from aitrainer_cli.banks.inert import inert as _escaped


def inert(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape, its
    newlines and tabs kept."""
    return "\n".join("\t".join(map(_escaped, line.split("\t"))) for line in text.split("\n"))


def inert_line(text: str) -> str:
    """Like ``inert``, and newlines and tabs escaped too: for one-line messages and names."""
    return inert(text).replace("\n", "\\n").replace("\t", "\\t")
