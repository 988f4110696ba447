"""``claim_check`` in the terminal: one verdict menu per claim, and with ``cite: true`` a menu of
the numbered passages after each verdict that a passage can decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from aitrainer_cli.items.claim_check import ClaimCheck
from aitrainer_cli.items.claim_reading import Verdict, split_citations
from aitrainer_cli.ui.items.base import ItemView, Letters, answer_or, labelled, percent, review_grid
from aitrainer_cli.ui.items.rating import partial, parts_table
from aitrainer_cli.ui.markup import BankMarkdown, bank_text
from aitrainer_cli.ui.prompts import Choice, Picked, fit

if TYPE_CHECKING:
    from aitrainer_cli.exam.results import ItemResult
    from aitrainer_cli.ui.asking import AskContext, Outcome
    from aitrainer_cli.ui.prompts import Again, Prompts


class _NoPassage:
    """The passage-menu row for "no single passage decides it"."""


def passage_panels(question: ClaimCheck) -> list[RenderableType]:
    """The numbered passages, each in its own panel."""
    return [
        Panel(
            BankMarkdown(text),
            title=Text(f"Passage {number}"),
            title_align="left",
            border_style="green",
        )
        for number, text in enumerate(question.passages or [], 1)
    ]


def _brackets(passages: list[int]) -> str:
    """' [2]' or ' [2 or 3]' after a verdict in the review table; empty for none."""
    return f" [{' or '.join(str(n) for n in passages)}]" if passages else ""


def cited_table(item: ItemResult, question: ClaimCheck) -> RenderableType:
    """Per claim: verdict and passage, the learner's beside the key's, and the credit."""
    mine = item.response if isinstance(item.response, dict) else {}
    table = review_grid("claim", "yours", "key", "credit")
    for claim, credit in item.score.parts:
        given = split_citations(mine.get(claim))
        yours = "—"
        if given is not None:
            yours = given.verdict.replace("_", " ") + _brackets(
                [given.passage] if given.passage else []
            )
        key = question.answer.get(claim, "—").replace("_", " ") + _brackets(
            question.deciding(claim)
        )
        table.add_row(bank_text(claim), bank_text(yours), bank_text(key), percent(credit))
    return Group(table, Text("[n]: the passage cited", style="dim"))


class ClaimCheckView(ItemView[ClaimCheck]):
    item = ClaimCheck

    def task(self, question: ClaimCheck, letters: Letters) -> RenderableType:
        rows = [(f"  [{key}]", claim) for key, claim in question.claims.items()]
        verdicts = Text(
            "Verdicts: " + ", ".join(label.replace("_", " ") for label in question.labels),
            style="dim",
        )
        parts: list[RenderableType] = [*passage_panels(question), labelled(rows), verdicts]
        if question.cite:
            parts.append(
                Text(
                    "For each verdict, also name the passage that decides it "
                    f"(a quarter of the claim's credit; none for {' or '.join(question.uncited)}).",
                    style="dim",
                )
            )
        return Group(*parts)

    def review_parts(self, item: ItemResult, question: ClaimCheck) -> RenderableType | None:
        if not item.score.parts:
            return None
        if question.cite:
            return cited_table(item, question)
        return parts_table(
            item, "claim", dict(question.answer), lambda label: label.replace("_", " ")
        )

    async def ask(self, prompts: Prompts, context: AskContext) -> Outcome | Again:
        question = context.question
        assert isinstance(question, ClaimCheck)
        prior = context.response if isinstance(context.response, dict) else {}
        # Numbered, as every verdict scale is: letters belong to the actions (s skip, …).
        rows = [
            Choice(label, label.replace("_", " "), str(number) if number <= 9 else None)
            for number, label in enumerate(question.labels, 1)
        ]
        verdicts: dict[str, object] = {}
        for claim, text in question.claims.items():
            before = split_citations(prior.get(claim))
            reply = await prompts.select(
                f"[{claim}] {text}", rows, context, default=before.verdict if before else None
            )
            if not (isinstance(reply, Picked) and reply.value in question.labels):
                return partial(reply, {**prior, **verdicts}, context)
            verdict = str(reply.value)
            if not question.cite:
                verdicts[claim] = verdict
                continue
            passage = await self._passage(prompts, context, claim, verdict, before)
            if not isinstance(passage, Verdict):
                given = {**prior, **verdicts, claim: Verdict(verdict).as_response()}
                return partial(passage, given, context)
            verdicts[claim] = passage.as_response()
        return answer_or(verdicts)

    async def _passage(
        self,
        prompts: Prompts,
        context: AskContext,
        claim: str,
        verdict: str,
        before: Verdict | None,
    ) -> Verdict | object:
        """The passage that decides the claim, for a verdict a passage can decide."""
        question = context.question
        assert isinstance(question, ClaimCheck)
        if verdict in question.uncited:
            return Verdict(verdict)
        rows = [
            Choice(number, f"Passage {number}: {_preview(text)}", str(number))
            for number, text in enumerate(question.passages or [], 1)
        ]
        rows.append(Choice(_NoPassage, "No single passage decides it", "n"))
        reply = await prompts.select(
            f"[{claim}] {verdict.replace('_', ' ')}: which passage decides it?",
            rows,
            context,
            default=before.passage if before and before.passage else None,
        )
        if not isinstance(reply, Picked):
            return reply
        number = reply.value
        return Verdict(verdict, number if isinstance(number, int) else None)


def _preview(text: str, size: int = 28) -> str:
    """The start of a passage, to tell the passages apart in the menu (the body has them whole)."""
    line = fit(text, 8)
    return line if len(line) <= size else line[: size - 1].rstrip() + "…"


VIEW = ClaimCheckView()
