"""The interactive asker: questionary prompts, one natural prompt per item type, live countdown.

Menus carry the actions (skip, mark for review, previous, answer sheet) as extra entries; prompts
that take typed text or ticks open the action menu when submitted empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from aitrainer_cli.banks.items import MultipleChoice, Preference, SingleChoice
from aitrainer_cli.banks.rated_items import ClaimCheck, Rating
from aitrainer_cli.ui import console
from aitrainer_cli.ui.asking import Action, Answer, AskContext, Outcome, Signal
from aitrainer_cli.ui.prompt_frame import Status, run_framed
from aitrainer_cli.ui.question_view import header, question_view

_ACTION_KEYS = {Action.SKIP: "sk0", Action.FLAG: "m9", Action.BACK: "p8", Action.SHEET: "l7"}
_ACTION_WORDS = {
    Action.SKIP: "skip",
    Action.FLAG: "mark",
    Action.BACK: "prev",
    Action.SHEET: "sheet",
}
_TYPED = "__typed__"
_ASK = "__ask__"
_MORE = "__more__"
_SHORTCUTS = frozenset("1234567890abcdefghijklmnopqrstuvwxyz")
"""The only keys questionary accepts as shortcuts."""


def _action_titles(context: AskContext) -> list[tuple[Action, str]]:
    titles = [
        (Action.SKIP, "Skip for now"),
        (Action.FLAG, "Unmark" if context.flagged else "Mark for review"),
        (Action.BACK, "Previous question"),
        (Action.SHEET, "Answer sheet"),
    ]
    return [(a, t) for a, t in titles if a is not Action.BACK or context.can_go_back]


def _fit(text: str, margin: int = 8) -> str:
    """One line of a choice, cut with … to the terminal (the full text is in the body above)."""
    import shutil

    line = " ".join(text.split())
    width = max(20, shutil.get_terminal_size().columns - margin)
    return line if len(line) <= width else line[: width - 1] + "…"


def _letter_toggles(
    prompt: Any, keys: Sequence[str], letters: Mapping[str, str]
) -> dict[str, Callable[[], None]]:
    """Each option's letter ticks or unticks it, as a learner expects. questionary's checkbox
    would read ``a`` as "tick all" and ``i`` as "invert", a trap in an exam."""
    from questionary.prompts.common import InquirerControl

    control = next(
        window.content
        for window in prompt.application.layout.find_all_windows()
        if isinstance(window.content, InquirerControl)
    )

    def toggle(index: int) -> Callable[[], None]:
        def run() -> None:
            control.pointed_at = index
            value = control.choices[index].value
            if value in control.selected_options:
                control.selected_options.remove(value)
            else:
                control.selected_options.append(value)

        return run

    return {letters.get(key, key): toggle(index) for index, key in enumerate(keys)}


def _partial(result: object, so_far: dict[str, Any]) -> object:
    """When time runs out midway through a rating or claim check, the parts already given
    still count (the rest earn nothing); any other interruption leaves the question as it was."""
    return Answer(dict(so_far)) if result is Signal.TIMEOUT and so_far else result


class InteractiveAsker:
    """Asks through questionary in a real terminal."""

    def show(self, renderable: RenderableType) -> None:
        console.stdout().print(renderable)

    async def acknowledge(self, remaining: Callable[[], float | None]) -> Signal | None:
        """Feedback stays on screen until the learner moves on (Enter)."""
        chosen = await self.choose("Next?", [("next", "Continue")], remaining=remaining)
        return chosen if isinstance(chosen, Signal) else None

    # -- building blocks ----------------------------------------------------------------------

    def __init__(self) -> None:
        self.limit: float | None = None
        """The attempt's time limit, remembered for menus between questions."""
        self.drafts: dict[tuple[str, str], str] = {}
        """Text typed into a prompt that was interrupted, by question and prompt."""

    def _status(self, context: AskContext) -> Status:
        self.limit = context.limit
        return Status(
            f"question {context.number}/{context.total}",
            context.flagged,
            context.remaining,
            limit=context.limit,
        )

    def _body(self, context: AskContext) -> RenderableType:
        parts: list[RenderableType] = [
            header(context.question, f"{context.number}/{context.total}"),
            question_view(context.question, context.item.letters),
        ]
        if context.response is not None:
            from aitrainer_cli.exam.answers import format_response

            parts.append(
                Text(
                    "Your answer so far: "
                    + format_response(context.question, context.response, context.item.letters),
                    style="bold",
                )
            )
        return Group(*parts)

    async def _select(
        self,
        message: str,
        options: Sequence[tuple[object, str, str | None]],
        context: AskContext | None,
        *,
        status: Status,
        default: object = None,
        extra: Sequence[tuple[object, str, str | None]] = (),
        action_entries: bool = False,
        shortcuts: bool = True,
    ) -> Any:
        """A select menu of (value, title, shortcut) options.

        Actions (skip, mark, previous, sheet) are single keys shown on the status line plus one
        "more" entry, so the choices stay short and the material above keeps the screen.
        """
        import questionary

        choices: list[Any] = []
        taken: set[str | None] = set()
        for value, title, key in [*options, *extra]:
            usable = key if key and key in _SHORTCUTS and key not in taken else None
            taken.add(usable)
            choices.append(questionary.Choice(title, value=value, shortcut_key=usable or False))
        keys: dict[str, Action] = {}
        if context is not None:
            actions = _action_titles(context)
            if action_entries:
                choices.append(questionary.Separator(" "))
            for action, title in actions:
                key = next((k for k in _ACTION_KEYS[action] if k not in taken), None)
                taken.add(key)
                if action_entries:
                    choices.append(
                        questionary.Choice(title, value=action, shortcut_key=key or False)
                    )
                if key:  # the key acts at once, in the action menu too
                    keys[key] = action
            if not action_entries:
                choices.append(
                    questionary.Choice(
                        "More: skip, mark, previous, answer sheet",
                        value=_MORE,
                        shortcut_key=next((k for k in "x0" if k not in taken), False),
                    )
                )
                words = {**_ACTION_WORDS, Action.FLAG: "unmark" if context.flagged else "mark"}
                status.hint = " · ".join(f"{k} {words[a]}" for k, a in keys.items())
        prompt = questionary.select(
            message,
            choices=choices,
            default=next(
                (
                    c
                    for c in choices
                    if getattr(c, "value", _MORE) == default and default is not None
                ),
                None,
            ),
            use_shortcuts=shortcuts,
            use_arrow_keys=True,
            qmark="?",
            instruction="(arrows or keys, Enter)" if shortcuts else "(arrows, Enter)",
        )
        body = self._body(context) if context else None
        result = await run_framed(prompt, body, status, choice_rows=len(choices), keys=keys)
        if result == _MORE and context is not None:
            return await self._action_menu(context)
        return result

    async def _typed(
        self,
        message: str,
        context: AskContext,
        status: Status,
        *,
        default: str = "",
        multiline: bool = False,
        validate: Callable[[str], bool | str] | None = None,
    ) -> Any:
        import questionary

        status.hint = (
            "Esc Enter finishes · finish empty to skip/mark"
            if multiline
            else "finish empty to skip/mark"
        )
        draft_key = (context.item.question_id, message)
        prompt = questionary.text(
            message,
            default=self.drafts.pop(draft_key, default),
            multiline=multiline,
            instruction="",
            validate=validate,
            qmark="?",
        )
        result = await run_framed(
            prompt, self._body(context), status, choice_rows=6 if multiline else 1
        )
        if isinstance(result, Signal):  # keep what was typed for when the learner is back
            typed = prompt.application.current_buffer.text
            if typed.strip():
                self.drafts[draft_key] = typed
        return result

    async def _action_menu(self, context: AskContext) -> Any:
        return await self._select(
            "What next?",
            [(_ASK, "Answer this question", "a")],
            context,
            status=self._status(context),
            action_entries=True,
        )

    # -- the asker interface ------------------------------------------------------------------

    async def ask(self, context: AskContext) -> Outcome:
        question = context.question
        handler = getattr(self, f"_ask_{question.type}")
        while True:
            result = await handler(context)
            if result == _ASK:
                continue
            if isinstance(result, Action | Signal | Answer):
                return result
            return Answer(result)

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
        result = await run_framed(
            prompt, body, Status(remaining=remaining, limit=self.limit), choice_rows=len(choices)
        )
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
            ok = text.strip().isdecimal() and low <= int(text) <= high
            return True if ok else f"type a number from {low} to {high}"

        prompt = questionary.text(title, validate=valid, qmark="?")
        result = await run_framed(prompt, None, Status(remaining=remaining, limit=self.limit))
        return result if isinstance(result, Signal) else int(result)

    # -- one prompt per item type -------------------------------------------------------------

    async def _ask_single_choice(self, context: AskContext) -> Any:
        question = context.question
        assert isinstance(question, SingleChoice)
        letters = context.item.letters
        options = sorted(question.options.items(), key=lambda kv: letters.get(kv[0], kv[0]))
        rows: list[tuple[object, str, str | None]] = [
            (key, _fit(text), letters.get(key, key)) for key, text in options
        ]
        return await self._select(
            "Choose one", rows, context, status=self._status(context), default=context.response
        )

    async def _ask_true_false(self, context: AskContext) -> Any:
        rows = [(True, "True", "t"), (False, "False", "f")]
        return await self._select(
            "True or false?", rows, context, status=self._status(context), default=context.response
        )

    async def _ask_multiple_choice(self, context: AskContext) -> Any:
        question = context.question
        assert isinstance(question, MultipleChoice)
        import questionary

        letters = context.item.letters
        prior = context.response if isinstance(context.response, list) else []
        options = sorted(question.options.items(), key=lambda kv: letters.get(kv[0], kv[0]))
        choices = [
            questionary.Choice(
                f"{letters.get(k, k)}) {_fit(text, 10)}", value=k, checked=k in prior
            )
            for k, text in options
        ]
        prompt = questionary.checkbox(
            "Tick every correct option", choices=choices, qmark="?", instruction=""
        )
        status = self._status(context)
        keys = {
            key: action
            for action, _ in _action_titles(context)
            if (key := _ACTION_KEYS[action][0]) not in letters.values()
        }
        status.hint = " · ".join(
            [
                "letter or Space ticks",
                "Enter confirms",
                *(f"{k} {_ACTION_WORDS[a]}" for k, a in keys.items()),
            ]
        )
        result = await run_framed(
            prompt,
            self._body(context),
            status,
            choice_rows=len(choices),
            keys=keys,
            handlers=_letter_toggles(prompt, [k for k, _ in options], letters),
        )
        if isinstance(result, list) and not result:
            return await self._action_menu(context)
        if isinstance(result, list):  # the canonical response lists keys in the bank's order
            return [key for key in question.options if key in result]
        return result

    async def _ask_preference(self, context: AskContext) -> Any:
        question = context.question
        assert isinstance(question, Preference)
        half = question.scale // 2
        rows: list[tuple[object, str, str | None]] = [
            (v, f"{v:+d}  {question.label(v)}", None) for v in range(-half, half + 1)
        ]
        default = context.response if context.response is not None else 0
        return await self._select(
            "Which response is better, and by how much?",
            rows,
            context,
            status=self._status(context),
            default=default,
            shortcuts=False,
        )

    async def _ask_rating(self, context: AskContext) -> Any:
        question = context.question
        assert isinstance(question, Rating)
        prior = context.response if isinstance(context.response, dict) else {}
        ratings: dict[str, int] = {}
        for dimension, description in question.dimensions.items():
            rows = [
                (
                    v,
                    question.scale.labels.get(v, "")
                    if 0 <= v <= 9
                    else f"{v}  {question.scale.labels.get(v, '')}".rstrip(),
                    str(v) if 0 <= v <= 9 else None,
                )
                for v in range(question.scale.min, question.scale.max + 1)
            ]
            middle = (question.scale.min + question.scale.max) // 2
            result = await self._select(
                f"Rate {dimension}: {description}",
                rows,
                context,
                status=self._status(context),
                default=prior.get(dimension, middle),
            )
            if not isinstance(result, int) or isinstance(result, bool):
                return _partial(result, ratings)
            ratings[dimension] = result
        return ratings

    async def _ask_claim_check(self, context: AskContext) -> Any:
        question = context.question
        assert isinstance(question, ClaimCheck)
        prior = context.response if isinstance(context.response, dict) else {}
        firsts = [label[0] for label in question.labels]
        verdicts: dict[str, str] = {}
        for claim, text in question.claims.items():
            rows = [
                (label, label.replace("_", " "), label[0] if firsts.count(label[0]) == 1 else None)
                for label in question.labels
            ]
            result = await self._select(
                f"[{claim}] {text}",
                rows,
                context,
                status=self._status(context),
                default=prior.get(claim),
            )
            if not isinstance(result, str) or result not in question.labels:
                return _partial(result, verdicts)
            verdicts[claim] = result
        return verdicts

    async def _ask_ranking(self, context: AskContext) -> Any:
        labels = sorted(context.question.response_labels())
        order: list[str] = []
        while len(labels) - len(order) > 1:
            left = [label for label in labels if label not in order]
            message = (
                "Which response is best?"
                if not order
                else (f"Ranked so far: {' > '.join(order)}. Which is next best?")
            )
            rows = [(label, f"Response {label}", label.lower()) for label in left]
            typed = (_TYPED, "Type the whole order (ties: B > A = C)", "t")
            result = await self._select(
                message, rows, context, status=self._status(context), extra=[typed]
            )
            if result == _TYPED:
                return await self._ask_ranking_typed(context)
            if not isinstance(result, str) or result not in left:
                return Answer(list(order)) if result is Signal.TIMEOUT and order else result
            order.append(result)
        order.extend(label for label in labels if label not in order)
        return order

    async def _ask_ranking_typed(self, context: AskContext) -> Any:
        from aitrainer_cli.exam.answers import AnswerFormatError, parse_typed

        def valid(text: str) -> bool | str:
            if not text.strip():
                return True
            try:
                parse_typed(context.question, text)
            except AnswerFormatError as error:
                return str(error)
            return True

        text = await self._typed(
            "Order, best first (B A C; B > A = C ties)",
            context,
            self._status(context),
            validate=valid,
        )
        if isinstance(text, Signal):
            return text
        if not text.strip():
            return await self._action_menu(context)
        return parse_typed(context.question, text)

    async def _ask_free_text(self, context: AskContext) -> Any:
        prior = context.response if isinstance(context.response, str) else ""
        text = await self._typed(
            "Your justification", context, self._status(context), default=prior, multiline=True
        )
        if isinstance(text, Signal):  # a StrEnum: checked first, or it becomes the answer
            return text
        if not text.strip():
            return await self._action_menu(context)
        return text.strip()
