"""JSON Schema for bank and exam files, generated from the same models the loader uses."""

from __future__ import annotations

import json
from typing import Any, Literal

from aitrainer_cli.banks.blueprint import ExamFile
from aitrainer_cli.banks.question import BankFile

SchemaKind = Literal["bank", "exam"]


def schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file or an exam blueprint file."""
    model = BankFile if kind == "bank" else ExamFile
    generated = model.model_json_schema()
    title = (
        "aitrainer question bank (format 1)"
        if kind == "bank"
        else ("aitrainer exam blueprint (format 1)")
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated, "title": title}


def schema_text(kind: SchemaKind) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"
