"""``rewrite`` in the terminal: the response prefilled in a multi-line editor (Ctrl-O opens the
learner's own editor); review shows each check passed or failed and a word diff of the
learner's text against the model answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from aitrainer_cli.inert import inert
from aitrainer_cli.items.rewrite import Rewrite
from aitrainer_cli.items.rewrite_checks import unchanged, word_diff
from aitrainer_cli.ui.asking import Action, Answer, Signal
from aitrainer_cli.ui.items.base import ItemView, Letters, review_grid
from aitrainer_cli.ui.markup import bank_text
from aitrainer_cli.ui.prompts import Again, Edit

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Prompts

MESSAGE = "Your rewrite (Esc Enter: done · Ctrl-O: editor):\n"
"""The prompt's message (also the key of its interrupted draft). It names the editor key
because the status line drops hints first when the terminal is narrow."""


def diff_text(before: str, after: str) -> Text:
    """A word diff: ``[-words-]`` only in ``before``, ``{+words+}`` only in ``after``; the
    brackets say it without colour, the colour says it faster."""
    text = Text()
    for tag, words in word_diff(before, after):
        if text:
            text.append(" ")
        if tag == "same":
            text.append(inert(words))
        elif tag == "del":
            text.append(_marked("[-", inert(words), "-]"), style="red strike")
        else:
            text.append(_marked("{+", inert(words), "+}"), style="green")
    return text


def _marked(start: str, words: str, end: str) -> str:
    """Words between diff marks, a space inside the marks when the words begin or end with a
    bracket, brace, dash or plus (``[- [1] -]``, never ``[-[1]-]`` or ``[---]``)."""
    edges = "[]{}()-+"
    pad = " " if words[:1] in edges or words[-1:] in edges else ""
    return f"{start}{pad}{words}{pad}{end}"


class RewriteView(ItemView[Rewrite]):
    item = Rewrite

    def task(self, question: Rewrite, letters: Letters) -> RenderableType:
        return Panel(  # as written, not rendered: its Markdown may be what is to fix
            bank_text(question.original.strip("\n")),
            title=Text("Response to rewrite"),
            title_align="left",
            border_style="yellow",
        )

    def key_lines(self, question: Rewrite, letters: Letters) -> list[RenderableType]:
        return [Text("Model answer:", style="bold green"), bank_text(question.model_answer)]

    def review_parts(self, item: ItemResult, question: Rewrite) -> RenderableType | None:
        passed = dict(item.score.parts)
        table = review_grid("check", "weight", "yours", "model")
        for check in question.checks:
            mine = passed.get(check.id)
            table.add_row(
                bank_text(check.description),
                f"{check.weight:g}",
                "—" if mine is None or not item.answered else ("passed" if mine else "FAILED"),
                "passed" if question.passed(check) else "FAILED",
            )
        parts: list[RenderableType] = [table]
        if isinstance(item.response, str) and item.answered:
            legend = Text("Your text against the model answer ", style="bold")
            legend.append("([-only yours-] {+only the model's+}):", style="")
            parts += [legend, diff_text(item.response, question.model_answer)]
        return Group(*parts)

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        from aitrainer_cli.ui.editor import edit_text

        question = context.question
        assert isinstance(question, Rewrite)
        prior = context.response
        text = prior if isinstance(prior, str) else question.original.strip()
        note = ""
        while True:
            reply, held = await prompts.edited(MESSAGE, context, default=text, note=note)
            if isinstance(reply, Edit):
                edited = edit_text(reply.text)
                text, note = edited.text, edited.message
                left = context.remaining()
                if left is not None and left <= 0:  # the deadline passed in the editor
                    return self._at_deadline(question, text)
                continue
            if reply is Signal.TIMEOUT:
                return self._at_deadline(question, held)
            if isinstance(reply, Action | Signal | Again):  # StrEnums: first, or become text
                return reply
            return Answer(reply.strip())

    def _at_deadline(self, question: Rewrite, text: str) -> Outcome:
        """Time ran out: a changed text counts as the answer given, else nothing does."""
        if text.strip() and not unchanged(question.original, text):
            return Answer(text.strip())
        return Signal.TIMEOUT


VIEW = RewriteView()
