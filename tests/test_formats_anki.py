"""Anki export: a deck when genanki is installed, a clear message when it is not."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from aitrainer_cli.banks.formats.anki import card_sides
from formats_helpers import TRIP, originals
from support import Run


def test_back_holds_the_key(cli: Callable[..., Run]) -> None:
    _, back = card_sides(originals()["trip-rank"])
    assert back.startswith("<b>B &gt; C &gt; A</b>")


def test_front_holds_the_options(cli: Callable[..., Run]) -> None:
    front, _ = card_sides(originals()["trip-single"])
    assert "c) Not enough info" in front


def test_deck_is_written(cli: Callable[..., Run], tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    deck = tmp_path / "trip.apkg"
    cli("bank", "export", "trip", "--format", "anki", "--banks", str(TRIP), "-o", str(deck))
    assert deck.stat().st_size > 0


def test_missing_genanki_names_the_extra(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = importlib.import_module

    def without_genanki(name: str, package: str | None = None) -> ModuleType:
        if name == "genanki":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_genanki)
    run = cli(
        "bank",
        "export",
        "trip",
        "--format",
        "anki",
        "--banks",
        str(TRIP),
        "-o",
        str(tmp_path / "d.apkg"),
    )
    assert "pip install 'aitrainer-cli[anki]'" in run.err
