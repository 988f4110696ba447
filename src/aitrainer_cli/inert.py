"""Text from outside (banks, answers files, file names, exception messages) made inert before it
reaches a terminal or a log: control characters and invisible or direction-changing characters
are written as visible escapes, so no byte of it can act as a terminal control sequence."""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1: ESC starts sequences
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]"  # invisible, line breaks, bidi
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape."""
    return _UNSAFE.sub(_escape, text)


def inert_line(text: str) -> str:
    """Like ``inert``, and newlines and tabs escaped too: for one-line messages and names."""
    return inert(text).replace("\n", "\\n").replace("\t", "\\t")
