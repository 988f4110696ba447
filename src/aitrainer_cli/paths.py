"""Where things live: the built-in banks (in a checkout or an installed wheel)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_banks_dir() -> Path:
    """The directory holding the built-in banks, whether installed as a wheel or run from git."""
    shipped = _PACKAGE_DIR / "question_banks"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent.parent / "question_banks"
