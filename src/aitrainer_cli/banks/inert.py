"""Text from a bank or a file name made safe to print, and the invisible characters a bank refuses.

Two jobs, one list of characters:

* ``inert`` rewrites every character that a terminal, a log viewer or an XML/JSON consumer could
  act on instead of showing (C0 and C1 controls, DEL, bidi controls, zero-width and other format
  characters, line and paragraph separators, lone surrogates from undecodable file names) as a
  visible escape (``\\x1b``, ``\\u202e``, ``\\U000e0041``). Every path, message and hint of a
  finding goes through it, so no report can carry a live escape sequence.
* ``hidden_characters`` finds the invisible characters an author should know about, for the
  validator to report at their line and column: bidi overrides and isolates and the invisible
  characters that hide text are errors; the joiners and direction marks that real text needs
  (emoji sequences, Indic and Persian scripts, right-to-left text) and the soft hyphen are
  warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from aitrainer_cli.banks.codes import Code

# Every code point of the general categories Cc, Cf, Cs, Zl and Zp (Unicode 15), written out so
# that importing this module stays cheap; a test checks the list against ``unicodedata``.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)

BIDI = "\u202a-\u202e\u2066-\u2069"
"""Embeddings, overrides and isolates: they reorder what a reader sees (Trojan Source)."""

INVISIBLE = (
    "\u180e\u200b\u2028\u2029\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
"""Zero-width spaces, word joiners, invisible operators, separators, the BOM inside the text and
tag characters (which can smuggle instructions past a human reader): never needed in a bank."""

NEEDED = "\xad\u061c\u200c-\u200f"
"""Soft hyphen, Arabic letter mark, zero-width non-joiner and joiner, left-to-right and
right-to-left marks: real text uses them, so they are only warnings."""

_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
"""A subdivision flag emoji (England, Scotland, Wales): a black flag, tag letters, a cancel tag."""

_HIDDEN = re.compile(f"{_FLAG}|([{BIDI}])|([{INVISIBLE}])|([{NEEDED}])")
ANY_HIDDEN = re.compile(f"[{BIDI}{INVISIBLE}{NEEDED}]")

_NAMES = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
    "\xad": "soft hyphen",
    "\u061c": "Arabic letter mark",
}


def inert(text: str) -> str:
    """``text`` with every control, format, separator and surrogate character escaped."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(value: object, limit: int = 60) -> str:
    """A value from a bank for a message: shortened, quoted, every hidden character escaped."""
    return repr(shorten(str(value), limit))


def describe(char: str) -> str:
    """'right-to-left override U+202E'."""
    name = _NAMES.get(char)
    if name is None and "\U000e0000" <= char <= "\U000e007f":
        name = "tag character"
    return f"{name or 'invisible character'} U+{ord(char):04X}"


@dataclass(frozen=True, slots=True)
class Hidden:
    """One invisible character found in text: where (offset), which, how it is reported."""

    offset: int
    char: str
    code: Code
    warning: bool = False


def hidden_characters(text: str) -> Iterator[Hidden]:
    """Every bidi control and invisible character of ``text``, in order."""
    if ANY_HIDDEN.search(text) is None:
        return
    for match in _HIDDEN.finditer(text):
        bidi, invisible, needed = match.groups()
        if bidi:
            yield Hidden(match.start(), bidi, Code.BIDI_CONTROL)
        elif invisible:
            yield Hidden(match.start(), invisible, Code.INVISIBLE_CHARACTER)
        elif needed:
            yield Hidden(match.start(), needed, Code.INVISIBLE_CHARACTER, warning=True)


def refuse(text: str) -> str:
    """``text`` with each character that ``hidden_characters`` calls an error replaced by
    U+FFFD (a flag emoji's tag characters stay): what the loader keeps once it has reported
    them, so no bank value carries them on to a terminal."""
    if ANY_HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    bidi, invisible, _ = match.groups()
    return "\ufffd" if bidi or invisible else match.group()
