"""Render a question as the learner sees it, and its key as review shows it.

Bank text is only ever rendered as ``Text`` or ``Markdown``, never interpolated into markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aitrainer_cli.banks.items import flatten_ranking
from aitrainer_cli.banks.question import Question

TYPE_NAMES = {
    "single_choice": "Choose one",
    "multiple_choice": "Choose all that apply",
    "true_false": "True or false",
    "ranking": "Rank the responses",
    "preference": "Side-by-side preference",
    "rating": "Rate the response",
    "claim_check": "Check each claim",
    "free_text": "Write a justification",
}


def header(question: Question, position: str = "") -> Text:
    text = Text()
    if position:
        text.append(position + "  ", style="bold")
    text.append(TYPE_NAMES[question.type], style="bold cyan")
    text.append(f"  · {question.topic} · {question.difficulty.value}", style="dim")
    return text


def _material(question: Question) -> list[RenderableType]:
    parts: list[RenderableType] = []
    context = question.context
    if context is None:
        return parts
    for turn in context.conversation or []:
        parts.append(
            Panel(
                Markdown(turn.text),
                title=Text(turn.role.capitalize()),
                title_align="left",
                border_style="blue",
            )
        )
    for label, text in (context.responses or {}).items():
        parts.append(
            Panel(
                Markdown(text),
                title=Text(f"Response {label}"),
                title_align="left",
                border_style="magenta",
            )
        )
    if context.evidence:
        parts.append(
            Panel(
                Markdown(context.evidence),
                title=Text("Evidence"),
                title_align="left",
                border_style="green",
            )
        )
    return parts


def question_view(question: Question, letters: Mapping[str, str] | None = None) -> Group:
    """Prompt, material and the choices of the task; ``letters`` maps option key -> letter."""
    parts: list[RenderableType] = [Markdown(question.prompt), *_material(question)]
    parts.append(_task(question, letters or {}))
    return Group(*parts)


def _in_letter_order(
    by_key: Mapping[str, str], letters: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Options as the learner sees them: sorted by their display letter, not the bank's key."""
    return sorted(by_key.items(), key=lambda item: letters.get(item[0], item[0]))


def _labelled(rows: list[tuple[str, str]]) -> Table:
    """Label and text side by side, so wrapped lines keep a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for label, text in rows:
        grid.add_row(Text(label), Text(text))
    return grid


def _task(question: Question, letters: Mapping[str, str]) -> RenderableType:
    text = Text()
    if question.type in ("single_choice", "multiple_choice"):
        return _labelled(
            [
                (f"  {letters.get(k, k)})", option)
                for k, option in _in_letter_order(question.options, letters)
            ]
        )
    if question.type == "claim_check":
        rows = [(f"  [{key}]", claim) for key, claim in question.claims.items()]
        return Group(_labelled(rows), Text("Verdicts: " + ", ".join(question.labels), style="dim"))
    if question.type == "preference":
        for value in range(-(question.scale // 2), question.scale // 2 + 1):
            text.append(f"  {value:+d}  {question.label(value)}\n")
    elif question.type == "rating":
        text.append(f"Scale {question.scale.min}–{question.scale.max}", style="bold")
        for value, label in sorted(question.scale.labels.items()):
            text.append(f"\n  {value} = {label}")
        for key, description in question.dimensions.items():
            text.append(f"\n• {key}: ", style="bold")
            text.append(description)
    elif question.type == "ranking":
        labels = " ".join(sorted(question.response_labels()))
        text.append(f"Order {labels} from best to worst.", style="dim")
    return text


def key_text(question: Question, letters: Mapping[str, str] | None = None) -> str:
    """The key in words, with options named by their display letters."""
    letters = letters or {}
    if question.type == "single_choice":
        key = question.answer
        return f"{letters.get(key, key)}) {question.options[key]}"
    if question.type == "multiple_choice":
        return "; ".join(
            f"{letters.get(k, k)}) {question.options[k]}"
            for k in sorted(question.answer, key=lambda k: letters.get(k, k))
        )
    if question.type == "true_false":
        return "True" if question.answer else "False"
    if question.type == "ranking":
        if question.answer is not None:
            return _ranking_text(question.answer)
        return "panel: " + " | ".join(_ranking_text(r) for r in question.panel or [])
    if question.type == "preference":
        if question.answer is not None:
            return f"{question.answer:+d} ({question.label(question.answer)})"
        return "panel: " + ", ".join(f"{v:+d}" for v in question.panel or [])
    if question.type == "rating":
        return ", ".join(f"{k} {_band(v)}" for k, v in question.answer.items())
    if question.type == "claim_check":
        return ", ".join(f"{k}: {v}" for k, v in question.answer.items())
    return question.model_answer


def _ranking_text(ranking: list[Any]) -> str:
    return " > ".join("=".join(e) if isinstance(e, list) else e for e in ranking) or " ".join(
        flatten_ranking(ranking)
    )


def _band(value: int | list[int]) -> str:
    return f"{value[0]}–{value[1]}" if isinstance(value, list) else str(value)


def key_view(question: Question, letters: Mapping[str, str] | None = None) -> Group:
    """Key, explanation, per-option feedback and sources."""
    parts: list[RenderableType] = []
    if question.type == "free_text":
        parts += [Text("Model answer:", style="bold green"), Markdown(question.model_answer)]
    else:
        key = Text("Key: ", style="bold green")
        key.append(key_text(question, letters), style="")
        parts.append(key)
    parts.append(Markdown(question.explanation))
    if question.type in ("single_choice", "multiple_choice") and question.option_feedback:
        parts.append(
            _labelled(
                [
                    (f"  {(letters or {}).get(option, option)})", note)
                    for option, note in _in_letter_order(question.option_feedback, letters or {})
                ]
            )
        )
    if question.sources:
        parts.append(Text("Sources: " + ", ".join(question.sources), style="dim"))
    return Group(*parts)
