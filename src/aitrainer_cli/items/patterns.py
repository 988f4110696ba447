"""Rubric patterns (``/regex/`` entries) compiled with RE2, which matches in linear time: no
pattern an author writes can make scoring spin, however hostile the answer it meets."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MAX_PATTERN_MEMORY = 8 << 20
"""Bytes RE2 may use for one compiled pattern; a larger one is refused, not slowed down."""


def regex_of(entry: str) -> str | None:
    """The regular expression of a ``/regex/`` entry, None for a plain phrase."""
    return entry[1:-1] if len(entry) > 2 and entry.startswith("/") and entry.endswith("/") else None


def pattern_problem(pattern: str) -> str | None:
    """Why RE2 cannot use the pattern (with where it went wrong), or None when it can."""
    try:
        _compiled(pattern)
    except _re2_error() as error:
        reason = error.args[0] if error.args else "cannot be compiled"
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        fragment = text.rpartition(": ")[2]
        where = pattern.find(fragment) if fragment else -1
        at = f" at character {where + 1}" if where >= 0 else ""
        return (
            f"{text}{at}; rubric patterns use RE2 syntax, which matches in linear time and has "
            "no look-arounds or back-references"
        )
    return None


def matches(entry: str, text: str) -> bool:
    """Whether a rubric entry (a phrase, or ``/regex/``) is found in the text, ignoring case."""
    pattern = regex_of(entry)
    if pattern is None:
        return entry.casefold() in text.casefold()
    try:
        return _compiled(pattern).search(text) is not None
    except _re2_error():  # refused by validation; a stored bank may predate the rule
        return False


def _re2_error() -> type[Exception]:
    import re2

    error: type[Exception] = re2.error
    return error


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Any:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # RE2 would print the (bank's) pattern to stderr itself
    options.max_mem = MAX_PATTERN_MEMORY
    return re2.compile(pattern, options)
