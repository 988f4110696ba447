"""Text from banks and file names made inert for printing; the invisible characters a bank
refuses or warns about."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from aitrainer_cli.banks.inert import hidden_characters, inert, quote, shorten


def test_every_control_format_and_separator_character_is_escaped() -> None:
    unsafe = {chr(c) for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) in {"Cc", "Cf", "Cs", "Zl", "Zp"}}  # fmt: skip
    assert {char for char in unsafe if inert(char) == char} == set()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),
        ("a\nb\tc\r", "a\\x0ab\\x09c\\x0d"),
        ("\x9b2J", "\\x9b2J"),
        ("x\u202ey", "x\\u202ey"),
        ("\udcff.yaml", "\\udcff.yaml"),
        ("\U000e0041", "\\U000e0041"),
        ("plain café — 東京 👩‍💻"[:-3], "plain café — 東京 "),
    ],
)
def test_inert_shows_each_hidden_character_as_an_escape(text: str, shown: str) -> None:
    assert inert(text) == shown


def test_printable_text_is_returned_unchanged() -> None:
    text = "Rank the responses: A ≻ B — “quoted”, naïve, 東京, emoji 🙂"
    assert inert(text) is text


def test_shorten_and_quote_bound_a_value() -> None:
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    assert quote("a" * 1_000) == repr("a" * 59 + "…")


@pytest.mark.parametrize(
    ("char", "code", "warning"),
    [
        ("\u202e", "bidi-control", False),
        ("\u2067", "bidi-control", False),
        ("\u200b", "invisible-character", False),
        ("\ufeff", "invisible-character", False),
        ("\U000e0020", "invisible-character", False),
        ("\u200d", "invisible-character", True),
        ("\u200f", "invisible-character", True),
        ("\xad", "invisible-character", True),
    ],
)
def test_hidden_characters_are_classified(char: str, code: str, warning: bool) -> None:
    found = list(hidden_characters(f"ab{char}c"))
    assert [(h.offset, h.char, h.code, h.warning) for h in found] == [(2, char, code, warning)]


def test_a_subdivision_flag_is_not_hidden_but_stray_tags_are() -> None:
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    text = f"{flag} \U0001f3f4\U000e0067"
    assert [h.offset for h in hidden_characters(text)] == [len(flag) + 2]
