"""Simulated learners for the item-analysis tests: a two-parameter logistic (2PL) IRT model with
planted bad items, written as records or as the files ``aitrainer export --format json`` writes."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aitrainer_cli.analysis import ChoiceKey, ResponseRecord

OPTIONS = ("a", "b", "c", "d")
BLUEPRINT = "sim-form"


@dataclass(frozen=True)
class SimItem:
    question_id: str
    discrimination: float
    difficulty: float
    choice: bool = False
    dead: str | None = None
    """A distractor nobody picks."""
    always_right: bool = False


def planted_items(count: int = 20, seed: int = 7) -> list[SimItem]:
    """``count - 3`` sound items (four of them single choice) and the three planted ones:
    ``neg`` (negative discrimination), ``easy`` (everybody right), ``dead`` (distractor d never
    picked)."""
    rng = random.Random(seed)
    items = [
        SimItem(
            f"q{index:02d}",
            rng.uniform(1.0, 2.0),
            # choice items of middling difficulty: a wrong third per distractor stays above 5%
            rng.uniform(0.0, 1.0) if index < 4 else rng.uniform(-1.0, 1.0),
            choice=index < 4,
        )
        for index in range(count - 3)
    ]
    return [
        *items,
        SimItem("neg", -1.5, 0.0),
        SimItem("easy", 1.0, 0.0, always_right=True),
        SimItem("dead", 1.5, 0.0, choice=True, dead="d"),
    ]


def _response(item: SimItem, right: bool, rng: random.Random) -> object:
    if not item.choice:
        return right
    if right:
        return "a"
    return rng.choice([o for o in OPTIONS[1:] if o != item.dead])


def simulate(
    learners: int = 300, items: list[SimItem] | None = None, seed: int = 11
) -> list[ResponseRecord]:
    """One attempt per learner at one form; choice items are keyed ``a``."""
    rng = random.Random(seed)
    records = []
    for learner in range(learners):
        ability = rng.gauss(0.0, 1.0)
        for item in items or planted_items():
            chance = 1 / (1 + math.exp(-item.discrimination * (ability - item.difficulty)))
            right = item.always_right or rng.random() < chance
            records.append(
                ResponseRecord(
                    f"learner-{learner}",
                    "1",
                    BLUEPRINT,
                    item.question_id,
                    "single_choice" if item.choice else "true_false",
                    1.0 if right else 0.0,
                    _response(item, right, rng),
                    round(rng.uniform(5, 60), 1),
                )
            )
    return records


def keys(items: Iterable[SimItem]) -> dict[str, ChoiceKey]:
    """What the bank would say about the choice items."""
    return {item.question_id: ChoiceKey(OPTIONS, frozenset("a")) for item in items if item.choice}


def export_document(records: Iterable[ResponseRecord]) -> dict[str, object]:
    """One learner's records as an export document (attempts in record order)."""
    attempts: dict[str, dict[str, object]] = {}
    for record in records:
        attempt = attempts.setdefault(
            record.attempt,
            {
                "attempt_id": int(record.attempt),
                "started_at": "2025-01-01T00:00:00+00:00",
                "mode": "exam",
                "blueprint": record.blueprint,
                "title": "Simulated",
                "status": "submitted",
                "score_percent": None,
                "responses": [],
            },
        )
        responses = attempt["responses"]
        assert isinstance(responses, list)
        responses.append(
            {
                "position": len(responses),
                "question_id": record.question_id,
                "bank": "sim",
                "topic": "",
                "type": record.type,
                "response": record.response,
                "credit": record.credit,
                "seconds": record.seconds,
                "flagged": False,
                "answered_at": None,
                "content_hash": "",
            }
        )
    return {"format": 1, "attempts": list(attempts.values())}


def write_exports(records: Iterable[ResponseRecord], folder: Path) -> list[Path]:
    """One export file per learner in ``folder``."""
    by_learner: dict[str, list[ResponseRecord]] = {}
    for record in records:
        by_learner.setdefault(record.learner, []).append(record)
    paths = []
    for learner, own in by_learner.items():
        path = folder / f"{learner}.json"
        path.write_text(json.dumps(export_document(own)), encoding="utf-8")
        paths.append(path)
    return paths
