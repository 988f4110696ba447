"""Text that YAML reads in its own way when it is written unquoted (a plain scalar).

A Markdown table written as a plain scalar folds into one line (its rows are lost); a value
holding ``: ``, `` #`` or starting with ``|``, ``>``, ``<`` … breaks the parse. Either way the
author meant text, and a block scalar (``key: |`` with the text on the lines below) says so.
"""

from __future__ import annotations

import re

FOLDED_TABLE = re.compile(r"\|[^\n|]*\w[^\n|]*\|[^\n]*\|[ \t]*:?-{3,}:?[ \t]*\|")
"""A row of cells and a separator row on one line: a table whose line breaks were folded."""

_KEYED_VALUE = re.compile(
    r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*)$"
)
_TROUBLE = re.compile(r"^[|>@`%&*!<\[{]|: | #|\|")
"""What in an unquoted value YAML takes for syntax: an indicator first, ``: ``, `` #``, ``|``."""


def block_scalar_hint(key: str, *, or_quotes: bool = True) -> str:
    """How to write ``key``'s value as text: a block scalar (or, where line breaks do not
    matter, quotes)."""
    tail = " (or put the value in quotes)" if or_quotes else " so that its lines stay apart"
    return (
        f"if this is text, write it as a block scalar: `{key}: |` and the text on the lines "
        f"below, indented{tail}"
    )


def syntax_hint(line: str) -> str | None:
    """A hint for a YAML syntax error on ``line``, when it is ``key: value`` and the value
    holds what YAML reads as syntax; else None."""
    match = _KEYED_VALUE.match(line)
    if match is None or match["value"][:1] in ("'", '"'):
        return None
    if _TROUBLE.search(match["value"]) is None:
        return None
    return block_scalar_hint(match["key"])


def folded_table(value: str) -> bool:
    """Whether an unquoted value holds a Markdown table that YAML folded into one line."""
    return FOLDED_TABLE.search(value) is not None
