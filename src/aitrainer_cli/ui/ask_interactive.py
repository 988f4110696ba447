"""The interactive asker: questionary prompts in a real terminal, with a live countdown.

Each item type asks in its own way (``ui.items``), built from the prompts of ``ui.prompts``;
this module adds the small menus between questions and the feedback pause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import RenderableType

from aitrainer_cli.ui import console
from aitrainer_cli.ui.asking import AskContext, Outcome, Signal, number_in
from aitrainer_cli.ui.prompt_frame import Status, run_framed
from aitrainer_cli.ui.prompts import Prompts


class InteractiveAsker:
    """Asks through questionary in a real terminal."""

    interactive = True

    def __init__(self) -> None:
        self.prompts = Prompts()

    def show(self, renderable: RenderableType) -> None:
        console.stdout().print(renderable)

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        """Feedback stays on screen until the learner moves on (Enter)."""
        chosen = await self.choose("Next?", [("next", "Continue")], remaining=remaining)
        return chosen if isinstance(chosen, Signal) else None

    async def ask(self, context: AskContext) -> Outcome:
        from aitrainer_cli.ui.items import view_of
        from aitrainer_cli.ui.prompts import Again

        view = view_of(context.question)
        while True:  # "Answer this question" in the action menu asks it from the start
            outcome = await view.ask(self.prompts, context)
            if outcome is not Again.ASK:
                return outcome

    async def choose(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        remaining: Callable[[], float | None] = lambda: None,
        default: str | None = None,
        body: RenderableType | None = None,
    ) -> str | Signal:
        import questionary

        prompt = questionary.select(
            title,
            choices=[questionary.Choice(label, value=value) for value, label in choices],
            default=default,
            qmark="?",
            instruction="(arrows, Enter)",
        )
        status = Status(remaining=remaining, limit=self.prompts.limit)
        result = await run_framed(prompt, body, status, choice_rows=len(choices))
        return result if isinstance(result, Signal) else str(result)

    async def ask_number(
        self,
        title: str,
        low: int,
        high: int,
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> int | Signal:
        import questionary

        def valid(text: str) -> bool | str:
            ok = number_in(text, low, high) is not None
            return True if ok else f"type a number from {low} to {high}"

        prompt = questionary.text(title, validate=valid, qmark="?")
        status = Status(remaining=remaining, limit=self.prompts.limit)
        result = await run_framed(prompt, None, status)
        if isinstance(result, Signal):
            return result
        number = number_in(str(result), low, high)
        assert number is not None  # the prompt's validation let only such a number through
        return number

    async def tick_points(
        self,
        title: str,
        rows: Sequence[tuple[str, str]],
        ticked: Sequence[str],
        *,
        remaining: Callable[[], float | None] = lambda: None,
    ) -> list[str] | Signal:
        """A checkbox per row; digit keys tick rows too; Enter confirms as it stands."""
        import questionary

        from aitrainer_cli.ui.prompts import _toggles, fit

        choices = [
            questionary.Choice(fit(f"{number}. {label}"), value=value, checked=value in ticked)
            for number, (value, label) in enumerate(rows, 1)
        ]
        prompt = questionary.checkbox(title, choices=choices, qmark="?", instruction="")
        toggles = {str(number): number - 1 for number in range(1, min(len(rows), 9) + 1)}
        hint = "Enter confirms (unchanged keeps the grade) · number or Space ticks"
        status = Status("self-check", remaining=remaining, limit=self.prompts.limit, hint=hint)
        result = await run_framed(
            prompt, None, status, choice_rows=len(choices), handlers=_toggles(prompt, toggles)
        )
        return result if isinstance(result, Signal) else [str(value) for value in result]
