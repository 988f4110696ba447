"""What the interchange-format tests share: loading an imported bank and round trips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aitrainer_cli.banks.catalog import Catalog, load_catalog
from aitrainer_cli.items import QuestionBase
from support import DATA, Run

FORMATS = DATA / "formats"
TRIP = FORMATS / "roundtrip.yaml"


def loaded(path: Path) -> Catalog:
    return load_catalog([path])


def round_trip(cli: Callable[..., Run], tmp_path: Path, fmt: str) -> list[QuestionBase]:
    """Export the round-trip bank in ``fmt``, import the result, and return its questions."""
    exported, imported = tmp_path / f"trip.{fmt}", tmp_path / "back.yaml"
    out = cli("bank", "export", "trip", "--format", fmt, "--banks", str(TRIP), "-o", str(exported))
    assert out.code == 0, out.err
    back = cli(
        "bank", "import", str(exported), "--format", fmt, "--bank-id", "back", "-o", str(imported)
    )
    assert back.code == 0, back.err
    return loaded(imported).questions_of("back")


def originals() -> dict[str, QuestionBase]:
    return {q.id: q for q in loaded(TRIP).questions_of("trip")}


def key_of(question: QuestionBase) -> object:
    """The key in words; a ranking's as its response texts best first (labels are renamed)."""
    responses = question.context.responses if question.context else None
    if question.type == "ranking" and responses:
        return [responses[label] for label in question.model_dump()["answer"]]
    return question.key_text()
