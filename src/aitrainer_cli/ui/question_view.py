"""Render a question as the learner sees it, and its key as review shows it.

Bank text is only ever rendered through ``ui.markup`` (inert, links as text, HTML literal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from aitrainer_cli.items import Question
from aitrainer_cli.ui.items import view_of
from aitrainer_cli.ui.markup import BankMarkdown, bank_text
from aitrainer_cli.ui.mistakes_view import all_mistakes


def title_of(question: Question) -> str:
    """The task as a heading: the type's title, or "Rate each response" for a rating of
    several responses (whose type title speaks of one)."""
    if question.type == "rating" and getattr(question, "responses", None):
        return "Rate each response"
    return question.title


def header(question: Question, position: str = "", *, topic: bool = True) -> Text:
    """The task's title and difficulty; the topic only with ``topic`` (feedback, review, bank
    show): while a question is asked it stays hidden, as a topic such as "over-refusal" would
    give the answer away."""
    text = Text()
    if position:
        text.append(position + "  ", style="bold")
    text.append(title_of(question), style="bold cyan")
    about = f"{question.topic} · " if topic else ""
    text.append(f"  · {about}{question.difficulty.value}", style="dim")
    return text


def _material(question: Question) -> list[RenderableType]:
    parts: list[RenderableType] = []
    context = question.context
    if context is None:
        return parts
    for turn in context.conversation or []:
        parts.append(
            Panel(
                BankMarkdown(turn.text),
                title=Text(turn.role.capitalize()),
                title_align="left",
                border_style="blue",
            )
        )
    for label, text in (context.responses or {}).items():
        parts.append(
            Panel(
                BankMarkdown(text),
                title=Text(f"Response {label}"),
                title_align="left",
                border_style="magenta",
            )
        )
    if context.evidence:
        parts.append(
            Panel(
                BankMarkdown(context.evidence),
                title=Text("Evidence"),
                title_align="left",
                border_style="green",
            )
        )
    return parts


def question_view(question: Question, letters: Mapping[str, str] | None = None) -> Group:
    """Prompt, material and the choices of the task; ``letters`` maps option key -> letter."""
    parts: list[RenderableType] = [BankMarkdown(question.prompt), *_material(question)]
    parts.append(view_of(question).task(question, letters or {}))
    return Group(*parts)


def key_view(
    question: Question,
    letters: Mapping[str, str] | None = None,
    *,
    mistakes: bool = True,
    references: Mapping[str, str] | None = None,
) -> Group:
    """Key, explanation, per-option feedback, the mistakes the item explains, and sources.

    ``mistakes=False`` leaves the mistakes out: an answer page shows only those the answer made.
    ``references`` (the bank's) turn each source key into its full citation.
    """
    view = view_of(question)
    parts: list[RenderableType] = [
        *view.key_lines(question, letters or {}),
        BankMarkdown(question.explanation),
        *view.notes(question, letters or {}),
        *(all_mistakes(question) if mistakes else []),
    ]
    if question.sources:
        parts.append(sources_view(question.sources, references or {}))
    return Group(*parts)


def sources_view(sources: Sequence[str], references: Mapping[str, str]) -> RenderableType:
    """The sources as full citations (a key the bank's references lack is shown as it is)."""
    cited = [references.get(source, source) for source in sources]
    if all(source not in references for source in sources):
        return bank_text("Sources: " + ", ".join(cited), style="dim")
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))  # a hanging indent under each bullet
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for citation in cited:
        grid.add_row(Text("•", style="dim"), bank_text(" ".join(citation.split()), style="dim"))
    return Group(Text("Sources:", style="dim"), grid)
