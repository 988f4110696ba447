"""Small helpers for the words a learner reads (pure: no terminal I/O)."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 question``, ``2 questions``, ``0 questions``: a count with its noun agreeing."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
