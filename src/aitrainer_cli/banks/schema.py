"""JSON Schema for bank and exam files, generated from the same models the loader uses."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from aitrainer_cli.banks.blueprint import ExamFile
from aitrainer_cli.banks.question import BankFile

SchemaKind = Literal["bank", "exam"]

INTEGER_KEY = r"^[+-]?[0-9]+(\.0*)?$"
"""A whole number as a JSON key (JSON writes every key as text): a scale label's ``1:``."""


class _KeysChecked(GenerateJsonSchema):
    """pydantic's generator, with the keys of every mapping checked as the models check them.

    pydantic states a key pattern as ``patternProperties``, which leaves a key that does not
    match unchecked: here it is ``propertyNames``, so the schema refuses ``a b:`` where an
    option key goes, as the validator does. The key's type is stated too: JSON keys are always
    text, so it only matters to a tool that checks YAML's own values, where ``1:`` is a number
    and no option key (text keys), or a scale label's key (number keys, which JSON can only
    give as text).
    """

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        generated = super().dict_schema(schema)
        names: dict[str, Any] = generated.pop("propertyNames", {})
        patterns = generated.pop("patternProperties", None)
        if patterns:
            ((pattern, values),) = patterns.items()
            names["pattern"] = pattern
            generated["additionalProperties"] = values
        keys = self.generate_inner(schema["keys_schema"]) if "keys_schema" in schema else {}
        if keys.get("type") == "string":
            names = {"type": "string", **names}
        elif keys.get("type") == "integer":
            names = {"type": ["integer", "string"], "pattern": INTEGER_KEY, **names}
        if names:
            generated["propertyNames"] = names
        return generated


def schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file or an exam blueprint file."""
    model = BankFile if kind == "bank" else ExamFile
    generated = model.model_json_schema(schema_generator=_KeysChecked)
    title = (
        "aitrainer question bank (format 1)"
        if kind == "bank"
        else ("aitrainer exam blueprint (format 1)")
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated, "title": title}


def schema_text(kind: SchemaKind) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"
