"""Anki: a deck (``.apkg``, through the optional genanki) with a card per question."""

from __future__ import annotations

import hashlib
import html
import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from aitrainer_cli.banks.formats.common import Report, material
from aitrainer_cli.errors import UsageError

if TYPE_CHECKING:
    from aitrainer_cli.banks.question import BankHeader
    from aitrainer_cli.items import QuestionBase

INSTALL_HINT = "pip install 'aitrainer-cli[anki]'"


def _genanki() -> ModuleType:
    try:
        return importlib.import_module("genanki")
    except ImportError:
        raise UsageError(
            "exporting to Anki needs the optional package genanki, which is not installed",
            hint=f"install it with: {INSTALL_HINT}",
        ) from None


def _number(text: str) -> int:
    """A stable id for Anki (deck and model ids must not change between exports)."""
    return int(hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:12], 16)


def _html(text: str) -> str:
    return html.escape(text.strip()).replace("\n", "<br>")


def card_sides(question: QuestionBase) -> tuple[str, str]:
    """Front (stem and options) and back (key and explanation) as HTML."""
    front = _html(material(question))
    options = [f"{key}) {text}" for key, text in getattr(question, "options", {}).items()]
    if options:
        front += "<br><br>" + "<br>".join(_html(option) for option in options)
    segments = getattr(question, "segment_texts", None)  # span_marking: the numbered response
    if callable(segments):
        numbered = [f"[{n}] {text}" for n, text in enumerate(segments(), 1)]
        front += "<br><br>" + "<br>".join(_html(line) for line in numbered)
    back = f"<b>{_html(question.key_text())}</b><br><br>{_html(question.explanation)}"
    return front, back


def write_anki(
    bank: BankHeader, questions: Sequence[QuestionBase], output: Path, report: Report
) -> None:
    """Write the deck: every type is shown as text, so no question is left out."""
    genanki = _genanki()
    model = genanki.Model(
        _number("aitrainer-model-v1"),
        "aitrainer question",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
    )
    deck = genanki.Deck(_number(f"aitrainer-deck-{bank.id}"), bank.title)
    for question in questions:
        front, back = card_sides(question)
        guid = genanki.guid_for(question.id)
        deck.add_note(genanki.Note(model=model, fields=[front, back, question.id], guid=guid))
        report.written += 1
    try:
        genanki.Package(deck).write_to_file(str(output))
    except OSError as error:
        raise UsageError(f"{output}: cannot write the deck: {error}") from None
