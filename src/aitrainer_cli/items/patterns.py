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


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalized(text: str) -> str:
    """The text as rubric entries see it: curly quotes made straight, every run of whitespace
    (line breaks included) one space. Linear in the length of the text."""
    return " ".join(text.translate(_QUOTES).split())


def phrase_regex(phrase: str) -> str:
    """The RE2 pattern of a plain phrase: its words literally, any whitespace between them, and,
    when it starts with a letter or digit, anchored at the start of a word (``son`` does not
    match "reason"). It may end inside a word, so a stem (``refus``) matches "refused"."""
    words = phrase.translate(_QUOTES).split()
    body = r"\s+".join(_literal(word) for word in words)
    return (r"\b" if words and (words[0][0].isalnum() or words[0][0] == "_") else "") + body


def matches(entry: str, text: str) -> bool:
    """Whether a rubric entry (a phrase, or ``/regex/``) is found in the text, ignoring case.

    The text is taken as :func:`normalized`; callers that match many entries against one text
    normalize it once and call :func:`found`."""
    return found(entry, normalized(text))


def found(entry: str, text: str) -> bool:
    """:func:`matches` on a text that is already :func:`normalized`."""
    pattern = regex_of(entry)
    if pattern is None:
        pattern = phrase_regex(entry)
        if not pattern:
            return False
    try:
        return _compiled(pattern).search(text) is not None
    except _re2_error():  # refused by validation; a stored bank may predate the rule
        return False


def _literal(word: str) -> str:
    """A word with every ASCII punctuation character escaped (RE2 takes them all escaped)."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() and c != "_" else c for c in word)


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
