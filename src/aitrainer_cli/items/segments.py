"""Splitting a model response into the numbered sentences a ``span_marking`` item asks about.

The rules, in order (docs/bank-format.md repeats them for authors):

1. A blank line ends a segment, and so does a line break before a list item (``- …``, ``* …``,
   ``1. …``): paragraphs and bullets are never run together.
2. Inside a paragraph a sentence ends at ``.``, ``!`` or ``?`` (a run of them, as in ``?!`` or
   ``...``), with any closing quotes or brackets after it, when whitespace follows and the next
   word starts with a capital letter, a digit, or an opening quote or bracket.
3. A full stop does not end a sentence when the word before it is a known abbreviation
   (``e.g.``, ``i.e.``, ``Dr.``, ``Mr.``, ``St.``, ``vs.``, ``approx.``, ``Jan.``, ``No.``,
   ``et al.``, …), a single capital letter after a space (an initial, as in ``J. Smith``; not a
   unit, as in ``90 °C.`` or ``100 C.``), or a dotted acronym
   (``U.S.``, ``a.m.``). Decimals (``3.5``), versions (``v2.1``) and addresses (``example.com``)
   never split, because no whitespace follows their dot.

A lower-case word after a full stop never starts a sentence, so ``etc. and so on`` stays one
sentence while ``…, etc. The next`` splits. Where the rules get a response wrong, the author gives
``segments:`` explicitly.
"""

from __future__ import annotations

import re

ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "e.g",
        "i.e",
        "cf",
        "vs",
        "viz",
        "al",
        "approx",
        "ca",
        "esp",
        "incl",
        "dept",
        "est",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "col",
        "capt",
        "lt",
        "sgt",
        "rev",
        "hon",
        "gov",
        "sen",
        "pres",
        "supt",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "plc",
        "llc",
        "jan",
        "feb",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
"""Words (lower case, without their final dot) after which a full stop does not end a sentence.
"etc" is not among them: it ends sentences as often as not, and rule 2 decides. Neither are
words that are also common English words at the end of a sentence ("sun", "sat", "mar")."""
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    {"no", "nos", "fig", "figs", "eq", "vol", "vols", "p", "pp", "ch", "sec"}
)
"""Abbreviations that only count as such before a number: "No. 5", "p. 12", but "No. The…"."""

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
"""Sentence-ending punctuation with closing quotes or brackets, before whitespace."""
_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)\.$")
_INITIAL_BEFORE = re.compile(r"(?:^|[\s(\[\"'“‘])(?<!\d\s)$")
"""What may come before an initial: the start, a space, or an opening bracket or quote, but
not a number and a space ("100 C." is a temperature)."""
_LIST_MARKER = re.compile(r"(?:[-*+•]\s*)?\d+[.)]")
_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*+•]|\d+[.)])[ \t])")
"""A blank line, or a line break before a list item."""


def _is_abbreviation(text: str, before_digit: bool) -> bool:
    """Whether text, ending in a full stop, ends with an abbreviation, an initial or an acronym
    (``before_digit``: the next word is a number)."""
    match = _WORD_BEFORE.search(text)
    if match is None:
        return False
    word = match.group(1)
    if word.lower() in ABBREVIATIONS:
        return True
    if before_digit and word.lower() in NUMBER_ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial ("J. Smith"), not a unit ("90 °C.")
        return _INITIAL_BEFORE.search(text[: match.start()]) is not None
    return "." in word and all(len(part) == 1 for part in word.split("."))  # U.S., a.m.


def _sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, by rules 2 and 3."""
    found: list[str] = []
    start = 0
    for end in _END.finditer(paragraph):
        starts = _STARTS_SENTENCE.match(paragraph, end.end())
        if starts is None:
            continue
        if _LIST_MARKER.fullmatch(paragraph[start : end.end()].strip()):
            continue  # "1. The first step": the number of a list item
        before_digit = starts.group()[-1].isdigit()
        if end.group().rstrip("\"'”’)]") == "." and _is_abbreviation(
            paragraph[start : end.start() + 1], before_digit
        ):
            continue
        found.append(paragraph[start : end.end()])
        start = end.end()
    found.append(paragraph[start:])
    return found


def split_sentences(text: str) -> list[str]:
    """The sentences of a response, whitespace inside each collapsed to single spaces."""
    segments: list[str] = []
    for paragraph in _BREAK.split(text):
        for sentence in _sentences(paragraph):
            flat = " ".join(sentence.split())
            if flat:
                segments.append(flat)
    return segments
