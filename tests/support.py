"""Constants and types the tests share. Tests import them from here (``from support import
DATA``): ``conftest.py`` holds fixtures only and is not meant to be imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@dataclass
class Run:
    """One run of ``aitrainer`` through the ``cli`` fixture."""

    code: int
    out: str
    err: str
