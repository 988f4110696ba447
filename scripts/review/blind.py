"""Print questions without their keys, for a blind review.

Usage: blind.py BANK.yaml [ID ...] > out.md

With ids, only those questions (new or changed items); without, the whole bank. Every field that
gives the key away is left out, in parts of a task too; each question ends with how to answer it,
in the words of its type's answers-file form.
"""

import sys
from pathlib import Path

import yaml

from aitrainer_cli.banks.loader import load_file

HIDE = {
    "answer",
    "explanation",
    "option_feedback",
    "panel",
    "critical_pairs",
    "sources",
    "model_answer",
    "rubric",
    "tags",
    "credit",
    "checks",
    "mistakes",
    "tolerance",
    "relative_tolerance",
    "bands",
    "label_credit",
    "category_credit",
    "lint",
    "consistency",
    "citations",
    "uncited",
    "guideline",
    "topic",
}
"""Fields that hold or hint at the key, in any item type (the guideline sections an item tests
and its topic are hidden too: a learner does not see them while answering)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a block scalar, as the bank writes it."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


yaml.SafeDumper.add_representer(str, _text)


def blind(item: dict) -> dict:
    shown = {k: v for k, v in item.items() if k not in HIDE}
    if isinstance(shown.get("parts"), list):
        shown["parts"] = [blind(p) if isinstance(p, dict) else p for p in shown["parts"]]
    return shown


def main() -> None:
    path = Path(sys.argv[1])
    wanted = set(sys.argv[2:])
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    models = {q.id: q for _, q in load_file(path, str(path)).questions}
    out = []
    for item in data["questions"]:
        if wanted and item["id"] not in wanted:
            continue
        model = models.get(item["id"])
        how = model.file_form() if model is not None else "see the prompt"
        shown = blind(item)
        segments = getattr(model, "segment_texts", None)
        if callable(segments):  # span marking: the segments numbered as the learner sees them
            shown["segments as shown, numbered from 1"] = dict(enumerate(segments(), 1))
        text = yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=100)
        out.append(f"---\n{text}# HOW TO ANSWER (answers-file form): {how}\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
